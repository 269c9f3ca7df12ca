#!/usr/bin/env python3
"""Draw the blind agreement sample of the stance corpus: corpus/stance/*.jsonl
(not corpus/stance/frozen/).

200 replies, stratified over the files with sample sizes proportional to each file's
number of replies (largest-remainder rounding), drawn with random.Random(20261215).
Writes corpus/agreement/stance_sample.jsonl WITHOUT the stance label: id, file, lang,
text, and parent_author / parent_text when the reply has them.
Usage: python3 corpus/agreement/stance_sample.py   (from the repository root or anywhere)
No external packages.
"""
import glob
import json
import os
import random

SEED = 20261215
N = 200
HERE = os.path.dirname(os.path.abspath(__file__))
STANCE = os.path.join(os.path.dirname(HERE), "stance")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    files = sorted(glob.glob(os.path.join(STANCE, "*.jsonl")))  # frozen/ is a subdirectory: not matched
    items = {os.path.basename(p): load(p) for p in files}
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
            row = {"id": it["id"], "file": f, "lang": it["lang"], "text": it["text"]}
            for key in ("parent_author", "parent_text"):
                if it.get(key) is not None:
                    row[key] = it[key]
            assert "stance" not in row
            out.append(row)

    with open(os.path.join(HERE, "stance_sample.jsonl"), "w", encoding="utf-8") as f:
        for row in out:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for f in sorted(alloc):
        print(f"{f:12s} {len(items[f]):5d} replies -> {alloc[f]:3d} sampled")
    print("total", total, "->", len(out))


if __name__ == "__main__":
    main()
