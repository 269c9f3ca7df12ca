#!/usr/bin/env python3
"""Inter-annotator agreement on the stance corpus: the corpus labels (first labeler,
corpus/stance/*.jsonl) against the blind second labels
(corpus/agreement/stance_second_labels.jsonl) on the replies of
corpus/agreement/stance_sample.jsonl.

Per scope (all, fr, en, by the sample's `lang`): n, raw agreement, 3-way Cohen's kappa
(endorses / neutral / contradicts), one-vs-rest Cohen's kappa for endorses and for
contradicts (the two classes the peer-standing job uses), then the 3x3 confusion table.
Cohen's kappa = (p_o - p_e) / (1 - p_e), p_o the observed agreement, p_e the agreement
expected by chance from each labeler's own class rates: sum over classes of
rate_first(c) * rate_second(c).

The first labels are the corpus labels as they were before the disagreements were
resolved: the current corpus labels with the "first" value of every row of
stance_resolutions.jsonl put back (when that file exists), so the table stays the same
after the corpus was corrected.

Usage (from anywhere):
  python3 corpus/agreement/stance_kappa.py                  # agreement before resolution
  python3 corpus/agreement/stance_kappa.py --disagreements  # also list every disagreement
  python3 corpus/agreement/stance_kappa.py --current        # compare with the corpus as it is now
No external packages.
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STANCE = os.path.join(os.path.dirname(HERE), "stance")
CLASSES = ["endorses", "neutral", "contradicts"]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cohen_kappa(pairs, classes):
    """pairs: list of (a, b), a and b in classes. Returns (p_o, kappa)."""
    n = len(pairs)
    if n == 0:
        return float("nan"), float("nan")
    p_o = sum(1 for a, b in pairs if a == b) / n
    p_e = 0.0
    for c in classes:
        p_e += (sum(1 for a, _ in pairs if a == c) / n) * (sum(1 for _, b in pairs if b == c) / n)
    if p_e == 1:
        return p_o, (1.0 if p_o == 1 else float("nan"))
    return p_o, (p_o - p_e) / (1 - p_e)


def one_vs_rest(pairs, cls):
    return cohen_kappa([(a == cls, b == cls) for a, b in pairs], [True, False])


def load():
    sample = read_jsonl(os.path.join(HERE, "stance_sample.jsonl"))
    second = {r["id"]: r["stance"] for r in read_jsonl(os.path.join(HERE, "stance_second_labels.jsonl"))}
    first = {}
    for path in sorted(glob.glob(os.path.join(STANCE, "*.jsonl"))):
        for it in read_jsonl(path):
            first[it["id"]] = it["stance"]
    res_path = os.path.join(HERE, "stance_resolutions.jsonl")
    if "--current" not in sys.argv and os.path.exists(res_path):
        for r in read_jsonl(res_path):
            first[r["id"]] = r["first"]
    return [(s["id"], s["lang"], first[s["id"]], second[s["id"]]) for s in sample]


def report(rows):
    out = ["| scope | n | raw agreement | κ 3-way | κ endorses vs rest | κ contradicts vs rest | disagreements |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for scope in ("all", "fr", "en"):
        pairs = [(r[2], r[3]) for r in rows if scope == "all" or r[1] == scope]
        p_o, k3 = cohen_kappa(pairs, CLASSES)
        _, ke = one_vs_rest(pairs, "endorses")
        _, kc = one_vs_rest(pairs, "contradicts")
        dis = sum(1 for a, b in pairs if a != b)
        out.append(f"| {scope} | {len(pairs)} | {p_o:.3f} | {k3:.3f} | {ke:.3f} | {kc:.3f} | {dis} |")
    for scope in ("all", "fr", "en"):
        pairs = [(r[2], r[3]) for r in rows if scope == "all" or r[1] == scope]
        out.append("")
        out.append(f"Confusion ({scope}; rows first labeler, columns second labeler):")
        out.append("")
        out.append("| first \\ second | " + " | ".join(CLASSES) + " | total |")
        out.append("|---|" + "---:|" * (len(CLASSES) + 1))
        for a in CLASSES:
            cells = [sum(1 for x, y in pairs if x == a and y == b) for b in CLASSES]
            out.append(f"| {a} | " + " | ".join(str(c) for c in cells) + f" | {sum(cells)} |")
        cols = [sum(1 for _, y in pairs if y == b) for b in CLASSES]
        out.append("| total | " + " | ".join(str(c) for c in cols) + f" | {len(pairs)} |")
    return "\n".join(out)


def main():
    rows = load()
    print(report(rows))
    if "--disagreements" in sys.argv:
        print()
        for id_, lang, f, s in rows:
            if f != s:
                print(f"{id_}\t{lang}\tfirst={f}\tsecond={s}")


if __name__ == "__main__":
    main()
