#!/usr/bin/env python3
"""Deterministic synthetic corpus generator for abridge benchmarks.

Builds synthetic documents by sampling paragraphs and sentences from the
hand-written documents in this directory (English by default; every language
with --all-languages), shuffling the sentences of each synthetic document and
regrouping them into paragraphs under a title line. Output is streamed, so the
memory used does not grow with --size.

    python3 corpus/generate.py --size 100M --seed 42 --format txt -o /tmp/c.txt

The same seed, size, flags and source files always give byte-identical output.
Standard library only.
"""

import argparse
import os
import re
import sys
import time
from json.encoder import encode_basestring as encode_string
from pathlib import Path
from random import Random

SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
DIR_FORMAT_LIMIT = 2 << 30  # the dir format refuses sizes above 2G
FLUSH_BYTES = 1 << 20  # write in chunks of about 1 MiB

# Tokens ending in a period that do not end a sentence.
ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "mt.", "jr.", "sr.", "vs.",
    "e.g.", "i.e.", "u.s.", "u.k.", "no.", "approx.", "fig.", "cf.",
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
    "oct.", "nov.", "dec.",
}
CLOSERS = "\"'”’»)]"
OPENERS = "\"'“‘«([¿¡"
TERMINALS = ".!?…"
LIST_MARKER = re.compile(r"^(?:\d+\.|[-*•])\s+")
INITIAL = re.compile(r"^[A-Z]\.$")

# Other-language documents (used with --all-languages), by ISO 639-1 code.
OTHER_DOCS = {
    "fr": "fr-marche-local.txt",
    "de": "de-fahrrad-stadt.txt",
    "es": "es-festival-musica.txt",
    "pt": "pt-energia-solar.txt",
    "it": "it-treno-regionale.txt",
    "nl": "nl-dijk-onderhoud.txt",
    "ru": "ru-zimnyaya-doroga.txt",
}


def parse_size(text):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGkmg]?)(?:i?[Bb])?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(
            f"invalid size {text!r} (expected e.g. 500K, 100M, 1.5G or a byte count)")
    size = int(float(m.group(1)) * SIZE_UNITS[m.group(2).upper()])
    if size <= 0:
        raise argparse.ArgumentTypeError("size must be positive")
    return size


def ends_sentence(token):
    core = token.rstrip(CLOSERS)
    if not core or core[-1] not in TERMINALS:
        return False
    if core.endswith("."):
        if core.lstrip(OPENERS).lower() in ABBREVIATIONS or INITIAL.match(core):
            return False
    return True


def starts_sentence(tokens, i):
    """True if the first word from tokens[i] on begins with a capital letter or a digit."""
    while i < len(tokens):
        word = tokens[i].lstrip(OPENERS + "—–-")
        if word:
            return word[0].isupper() or word[0].isdigit()
        i += 1
    return False


def split_sentences(text):
    tokens = text.split()
    sentences, start = [], 0
    for i, token in enumerate(tokens):
        if ends_sentence(token) and (i + 1 == len(tokens) or starts_sentence(tokens, i + 1)):
            sentences.append(" ".join(tokens[start:i + 1]))
            start = i + 1
    # A trailing fragment without final punctuation (heading, "...:" lead-in) is dropped.
    return sentences


def paragraph_units(body_lines):
    """Blank-line-separated blocks; in a multi-line block (a list) every line is a unit."""
    units, block = [], []
    for line in body_lines + [""]:
        if line.strip():
            block.append(line.strip())
        elif block:
            if len(block) == 1:
                units.append(block[0])
            else:
                units.extend(LIST_MARKER.sub("", item) for item in block)
            block = []
    return units


def load_document(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    paragraphs = []
    for unit in paragraph_units(lines[1:]):  # line 1 is the title
        sentences = split_sentences(unit)
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


def load_langid(path):
    paragraphs = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        sentences = split_sentences(line.strip())
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


def load_pools(source, all_languages):
    """Returns [(language, [paragraph, ...])], each paragraph a list of sentences, in a fixed order."""
    english = []
    for path in sorted(source.glob("*.txt")):
        if not re.match(r"^[a-z]{2}-", path.name):  # English docs carry no language prefix
            english.extend(load_document(path))
    langid = source / "langid"
    if (langid / "en.txt").exists():
        english.extend(load_langid(langid / "en.txt"))
    pools = {"en": english}
    if all_languages:
        for code, name in sorted(OTHER_DOCS.items()):
            if (source / name).exists():
                pools.setdefault(code, []).extend(load_document(source / name))
        for path in sorted(langid.glob("*.txt")) if langid.is_dir() else []:
            code = path.stem
            if code != "en":
                pools.setdefault(code, []).extend(load_langid(path))
    result = [(code, paras) for code, paras in sorted(pools.items()) if paras]
    if not result:
        sys.exit(f"generate.py: no source documents found in {source}")
    return result


def make_title(count, sentence):
    """The first @count words of @sentence, minus short dangling words, without final punctuation."""
    words = sentence.split()[:count]
    while len(words) > 2 and len(words[-1].strip(TITLE_STRIP)) <= 3:
        words.pop()  # "The vaccine will be" -> "The vaccine will"; avoids "... of a"
    title = " ".join(words).strip(TITLE_STRIP)
    if not title:
        return "Untitled"
    return title[0].upper() + title[1:]


TITLE_STRIP = OPENERS + CLOSERS + TERMINALS + ",;:—–- "


def make_document(random, paragraphs):
    """One synthetic document: title line, blank line, paragraphs separated by blank lines.

    @random is a bound random.Random().random: every choice below is drawn as
    int(random() * n), which is much faster than randrange() and just as deterministic.
    """
    target = 5 + int(random() * 36)  # 5..40 sentences
    count = len(paragraphs)
    # Paragraphs are drawn without replacement (a lazy Fisher-Yates over their indices),
    # so none comes twice until the pool is used up.
    sentences, order, pos = [], None, count
    while len(sentences) < target:
        if pos == count:
            order, pos = list(range(count)), 0
        j = pos + int(random() * (count - pos))
        order[pos], order[j] = order[j], order[pos]
        sentences.extend(paragraphs[order[pos]])
        pos += 1
    del sentences[target:]
    for i in range(target - 1, 0, -1):  # Fisher-Yates shuffle
        j = int(random() * (i + 1))
        sentences[i], sentences[j] = sentences[j], sentences[i]
    # The title comes from the first words (3..7) of the last sentence.
    parts = [make_title(3 + int(random() * 5), sentences[-1])]
    i = 0
    while i < target:
        n = 1 + int(random() * 6)  # 1..6 sentences a paragraph
        parts.append(" ".join(sentences[i:i + n]))
        i += n
    return "\n\n".join(parts)


class Sink:
    """Buffers encoded output and writes it in large chunks."""

    def __init__(self, stream):
        self.stream, self.chunks, self.pending = stream, [], 0

    def write(self, data):
        self.chunks.append(data)
        self.pending += len(data)
        if self.pending >= FLUSH_BYTES:
            self.flush()

    def flush(self):
        if self.chunks:
            self.stream.write(b"".join(self.chunks))
            self.chunks, self.pending = [], 0


def generate(args):
    started = time.perf_counter()
    pools = load_pools(Path(args.source), args.all_languages)
    random = Random(args.seed).random
    total = docs = 0

    def documents():
        while True:
            paragraphs = pools[int(random() * len(pools))][1] if len(pools) > 1 else pools[0][1]
            yield make_document(random, paragraphs)

    if args.format == "dir":
        out = Path(args.output)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            sys.exit(f"generate.py: {out} exists and is not an empty directory")
        out.mkdir(parents=True, exist_ok=True)
        for text in documents():
            docs += 1
            data = (text + "\n").encode("utf-8")
            fd = os.open(os.path.join(out, f"doc-{docs:06d}.txt"),
                         os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            total += len(data)
            if total >= args.size:
                break
    else:
        stream = sys.stdout.buffer if args.output == "-" else open(args.output, "wb")
        sink = Sink(stream)
        try:
            for text in documents():
                docs += 1
                if args.format == "txt":
                    # Documents are separated by a line holding only a form feed.
                    data = ((text + "\n") if docs == 1 else ("\x0c\n" + text + "\n")).encode("utf-8")
                else:
                    # Same bytes as json.dumps({"id": ..., "text": ...}, ensure_ascii=False),
                    # without building a dict for every document.
                    data = ('{"id": "doc-%06d", "text": %s}\n' % (docs, encode_string(text))).encode("utf-8")
                sink.write(data)
                total += len(data)
                if total >= args.size:
                    break
            sink.flush()
        finally:
            if stream is not sys.stdout.buffer:
                stream.close()
            else:
                stream.flush()

    seconds = time.perf_counter() - started
    rate = total / (1 << 20) / seconds if seconds > 0 else float("inf")
    print(f"generate.py: {docs} documents, {total} bytes, {seconds:.2f} seconds "
          f"({rate:.1f} MiB/s; format={args.format} seed={args.seed} "
          f"languages={','.join(code for code, _ in pools)})", file=sys.stderr)


def main(argv=None):
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(
        description="Generate a deterministic synthetic corpus from the abridge demo documents.")
    parser.add_argument("--size", type=parse_size, required=True,
                        help="target size in bytes, with optional K/M/G suffix (powers of 1024); "
                             "generation stops after the document that reaches it")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--format", choices=("txt", "jsonl", "dir"), default="txt",
                        help="txt: one file, documents separated by a form-feed line; "
                             "jsonl: one JSON object a line; dir: one file per document")
    parser.add_argument("-o", "--output", required=True,
                        help="output file (txt, jsonl; '-' for stdout) or directory (dir)")
    parser.add_argument("--all-languages", action="store_true",
                        help="also draw documents from the other-language and langid texts "
                             "(each document picks one language uniformly)")
    parser.add_argument("--source", default=str(here),
                        help="directory holding the source documents (default: this script's)")
    args = parser.parse_args(argv)
    if args.format == "dir" and args.size > DIR_FORMAT_LIMIT:
        parser.error("the dir format is limited to 2G; use txt or jsonl for larger corpora")
    if args.format == "dir" and args.output == "-":
        parser.error("the dir format needs a directory, not '-'")
    generate(args)


if __name__ == "__main__":
    main()
