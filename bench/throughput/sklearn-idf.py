#!/usr/bin/env python3
"""sklearn-idf.py: the reference for `abridge idf build`: scikit-learn's TfidfVectorizer fitted on
the "text" of every record of a JSON Lines file (one document a record, read lazily, so that the
texts are not all held in memory). Prints one JSON object: documents, vocabulary size, the fit's
seconds (reading the file included, the Python start-up and imports not) and the process's peak
RSS in MB (ru_maxrss, after the fit).

    python3 sklearn-idf.py CORPUS.jsonl
"""
import json
import resource
import sys
import time


def main():
    if len(sys.argv) != 2:
        print("usage: sklearn-idf.py CORPUS.jsonl", file=sys.stderr)
        return 2
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError as e:
        print(f"sklearn-idf.py: scikit-learn is not installed ({e})", file=sys.stderr)
        return 3
    path = sys.argv[1]
    count = 0

    def texts():
        nonlocal count
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    count += 1
                    yield json.loads(line)["text"]

    start = time.perf_counter()
    vectorizer = TfidfVectorizer()
    vectorizer.fit(texts())
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "documents": count,
        "terms": len(vectorizer.vocabulary_),
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_kb * 1024 / 1e6, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
