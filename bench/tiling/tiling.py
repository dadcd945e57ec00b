#!/usr/bin/env python3
"""Sentence segmentation check on BBC News Summary (issue 3): each reference summary is a
concatenation of article sentences; report the share of references that abridge's sentences
tile exactly (every byte of the reference covered by whole abridge sentences, in any order).

Two figures:
- "article text": each sentence is its byte range of the article (the JSON start/end), with the
  line breaks inside it written as the reference writes them (each line stripped, lines joined
  by one space, so a blank line inside a sentence gives two spaces). This is the figure of the
  issue: it compares the splitter's boundaries and nothing else.
- "display text": each sentence as the CLI prints it (inner whitespace folded to one space).
  References that keep two spaces inside a sentence (a blank line, or runs of spaces in the
  article) can never match this form, whatever the boundaries.

usage: python3 bench/tiling/tiling.py [DATA_DIR] [ABRIDGE] [--all]
(--all lists every reference that is not tiled; default: the first 20.)
Skips with a message when the data is absent."""
import json, os, subprocess, sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
show_all = "--all" in sys.argv[1:]
data = args[0] if len(args) > 0 else "../shared/data/bbc-news-summary"
binary = args[1] if len(args) > 1 else "build/engine/abridge"
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


def tiles(ref, sentences):
    # reach[i]: the prefix ref[:i] is a concatenation of sentences.
    reach = [False] * (len(ref) + 1)
    reach[0] = True
    for i in range(len(ref)):
        if reach[i]:
            for s in sentences:
                if ref.startswith(s, i):
                    reach[i + len(s)] = True
    return reach[len(ref)]


def article_text(raw, start, end):
    text = raw[start:end].decode("utf-8", errors="replace").replace("\r\n", "\n")
    return " ".join(line.strip() for line in text.replace("\r", "\n").split("\n"))


tiled = tiled_display = 0
failures = []
for doc in results:
    rel = os.path.relpath(doc["file"], arts)
    with open(os.path.join(data, "Summaries", rel), encoding="utf-8", errors="replace") as f:
        ref = f.read().strip()
    with open(doc["file"], "rb") as f:
        raw = f.read()
    if tiles(ref, {article_text(raw, s["start"], s["end"]) for s in doc["summary"]}):
        tiled += 1
    else:
        failures.append(rel)
    if tiles(ref, {s["text"] for s in doc["summary"]}):
        tiled_display += 1
n = max(len(results), 1)
print(f"references tiled exactly by abridge's sentences (article text): {tiled}/{len(results)} "
      f"({100.0 * tiled / n:.2f}%)")
print(f"references tiled exactly by abridge's sentences (display text): "
      f"{tiled_display}/{len(results)} ({100.0 * tiled_display / n:.2f}%)")
for rel in failures if show_all else failures[:20]:
    print("  not tiled:", rel)
