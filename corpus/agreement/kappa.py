#!/usr/bin/env python3
"""Inter-annotator agreement between the corpus labels (first labeler) and the blind
second labels (corpus/agreement/second_labels.jsonl) on the items of
corpus/agreement/sample.jsonl.

For each label, overall and per language: n, raw agreement, Cohen's kappa, and the
two disagreement directions (first=1/second=0 and first=0/second=1).
Cohen's kappa = (p_o - p_e) / (1 - p_e), with p_o the observed agreement and p_e the
agreement expected by chance from each labeler's own marginal rate of 1s.

The first labels are the corpus labels as they were before the disagreements were
resolved: the current corpus labels, with the "original" value of every row of
resolutions.jsonl put back (when resolutions.jsonl exists), so the table stays the same
after the corpus was corrected.

Usage (from the repository root):
  python3 corpus/agreement/kappa.py                  # agreement table (first vs second)
  python3 corpus/agreement/kappa.py --disagreements  # also list every disagreement
  python3 corpus/agreement/kappa.py --current        # compare with the corpus labels as
                                                     # they are now (after resolution)
  python3 corpus/agreement/kappa.py --set kinds      # the later sample of en_kinds/fr_kinds
                                                     # (kinds_sample.jsonl, kinds_second_labels.jsonl);
                                                     # likewise --set probes, probes2, probes3, ...
No external packages.
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
LABELS = ["self_promotion", "unverifiable_claims", "writing_errors", "credible"]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cohen_kappa(pairs):
    """pairs: list of (a, b) with a, b in {0, 1}. Returns (p_o, kappa)."""
    n = len(pairs)
    if n == 0:
        return float("nan"), float("nan")
    agree = sum(1 for a, b in pairs if a == b)
    p_o = agree / n
    pa1 = sum(a for a, _ in pairs) / n
    pb1 = sum(b for _, b in pairs) / n
    p_e = pa1 * pb1 + (1 - pa1) * (1 - pb1)
    if p_e == 1:
        # both labelers used one value only: kappa undefined; 1.0 if they agree fully
        return p_o, (1.0 if p_o == 1 else float("nan"))
    return p_o, (p_o - p_e) / (1 - p_e)


def sample_set():
    """The file prefix of the sample compared: "" (the first study) or "NAME_" (--set NAME)."""
    if "--set" in sys.argv:
        return sys.argv[sys.argv.index("--set") + 1] + "_"
    return ""


def load():
    prefix = sample_set()
    sample = read_jsonl(os.path.join(HERE, prefix + "sample.jsonl"))
    second = {
        r["id"]: r["labels"]
        for r in read_jsonl(os.path.join(HERE, prefix + "second_labels.jsonl"))
    }
    first = {}
    for path in sorted(glob.glob(os.path.join(CORPUS, "*.jsonl"))):
        for it in read_jsonl(path):
            first[it["id"]] = it["labels"]
    res_path = os.path.join(HERE, prefix + "resolutions.jsonl")
    if "--current" not in sys.argv and os.path.exists(res_path):
        first = {k: dict(v) for k, v in first.items()}
        for r in read_jsonl(res_path):
            first[r["id"]][r["label"]] = r["original"]
    rows = []
    for s in sample:
        rows.append((s["id"], s["lang"], first[s["id"]], second[s["id"]]))
    return rows


def table(rows):
    out = []
    out.append("| label | scope | n | raw agreement | Cohen's kappa | first 1 / second 0 | first 0 / second 1 | first rate of 1 | second rate of 1 |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for label in LABELS:
        for scope in ("all", "fr", "en"):
            sel = [r for r in rows if scope == "all" or r[1] == scope]
            pairs = [(r[2][label], r[3][label]) for r in sel]
            p_o, k = cohen_kappa(pairs)
            f1s0 = sum(1 for a, b in pairs if a == 1 and b == 0)
            f0s1 = sum(1 for a, b in pairs if a == 0 and b == 1)
            n = len(pairs)
            out.append(
                f"| {label} | {scope} | {n} | {p_o:.3f} | {k:.3f} | {f1s0} | {f0s1} | "
                f"{sum(a for a, _ in pairs) / n:.3f} | {sum(b for _, b in pairs) / n:.3f} |"
            )
    return "\n".join(out)


def main():
    rows = load()
    print(table(rows))
    if "--disagreements" in sys.argv:
        print()
        for id_, lang, f, s in rows:
            for label in LABELS:
                if f[label] != s[label]:
                    print(f"{id_}\t{lang}\t{label}\tfirst={f[label]}\tsecond={s[label]}")


if __name__ == "__main__":
    main()
