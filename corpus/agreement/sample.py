#!/usr/bin/env python3
"""Draw the blind agreement sample from corpus/*.jsonl (not corpus/frozen/).

400 items, stratified over the files with sample sizes proportional to each file's
number of items (largest-remainder rounding), drawn with random.Random(20261203).
Writes corpus/agreement/sample.jsonl WITHOUT labels: id, file, lang, kind, text, and,
for a reply, parent_id and parent_text (the parent is looked up across corpus/*.jsonl).
Usage: python3 corpus/agreement/sample.py   (from the repository root)
"""
import glob
import json
import os
import random

SEED = 20261203
N = 400
HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    files = sorted(glob.glob(os.path.join(CORPUS, "*.jsonl")))
    items = {os.path.basename(p): load(p) for p in files}
    by_id = {it["id"]: it for its in items.values() for it in its}
    total = sum(len(v) for v in items.values())

    # proportional allocation, largest remainder
    quotas = {f: N * len(v) / total for f, v in items.items()}
    alloc = {f: int(q) for f, q in quotas.items()}
    rest = N - sum(alloc.values())
    for f in sorted(quotas, key=lambda f: (-(quotas[f] - alloc[f]), f))[:rest]:
        alloc[f] += 1

    rng = random.Random(SEED)
    out = []
    for f in sorted(items):
        for it in rng.sample(items[f], alloc[f]):
            row = {"id": it["id"], "file": f, "lang": it["lang"], "kind": it["kind"],
                   "text": it["text"]}
            pid = it.get("parent_id")
            if pid:
                row["parent_id"] = pid
                parent = by_id.get(pid)
                row["parent_text"] = parent["text"] if parent else None
            out.append(row)

    with open(os.path.join(HERE, "sample.jsonl"), "w", encoding="utf-8") as f:
        for row in out:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for f in sorted(alloc):
        print(f"{f:28s} {len(items[f]):5d} items -> {alloc[f]:3d} sampled")
    print("total", total, "->", len(out))


if __name__ == "__main__":
    main()
