#!/usr/bin/env python3
"""Sentence segmentation check on BBC News Summary (issue 3): each reference summary is a
concatenation of article sentences; report the share of references that abridge's sentences
tile exactly (every byte of the reference covered by whole abridge sentences, in any order).

usage: python3 bench/tiling/tiling.py [DATA_DIR] [ABRIDGE]
Skips with a message when the data is absent."""
import json, os, subprocess, sys

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/bbc-news-summary"
binary = sys.argv[2] if len(sys.argv) > 2 else "build/engine/abridge"
arts = os.path.join(data, "News Articles")
if not os.path.isdir(arts):
    print(f"skipping: BBC News Summary data not found at {data}")
    sys.exit(0)

paths = [os.path.join(arts, c, n) for c in sorted(os.listdir(arts))
         for n in sorted(os.listdir(os.path.join(arts, c)))]
# Every sentence of every article: -r 100 selects all candidates, in document order.
out = subprocess.run([binary, "--lang", "en", "-r", "100", "--format", "json", *paths],
                     capture_output=True, text=True, check=False).stdout
results = [json.loads(line) for line in out.splitlines() if line.strip()]
tiled = 0
failures = []
for doc in results:
    rel = os.path.relpath(doc["file"], arts)
    with open(os.path.join(data, "Summaries", rel), encoding="utf-8", errors="replace") as f:
        ref = f.read().strip()
    sentences = {s["text"] for s in doc["summary"]}
    # reach[i]: the prefix ref[:i] is a concatenation of abridge sentences.
    reach = [False] * (len(ref) + 1)
    reach[0] = True
    for i in range(len(ref)):
        if reach[i]:
            for s in sentences:
                if ref.startswith(s, i):
                    reach[i + len(s)] = True
    if reach[len(ref)]:
        tiled += 1
    else:
        failures.append(rel)
print(f"references tiled exactly by abridge's sentences: {tiled}/{len(results)} "
      f"({100.0 * tiled / max(len(results), 1):.2f}%)")
for rel in failures[:20]:
    print("  not tiled:", rel)
