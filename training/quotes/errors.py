"""Error buckets of the statement component on a Wikinews split (for the write-up in docs/quotes.md).

    .venv/bin/python training/quotes/errors.py DATA/quotes/wikinews/dev [--model DIR|rules] [--show N]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from chronik.eval.quotes import analyzer_for as analyzer
from chronik.eval.quotes import jaccard, load, pair, predicted
from chronik.record import Article


def _text(doc, ids) -> str:
    return " ".join(doc.text[doc.starts[i]:doc.ends[i]] for i in sorted(ids))[:160]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--model")
    ap.add_argument("--show", type=int, default=3)
    args = ap.parse_args()
    an = analyzer(args.model)
    buckets: Counter = Counter()
    examples: dict[str, list[str]] = {}
    for path in sorted(args.dir.glob("*.json")):
        d = load(path)
        rec = an.analyse(Article(id=d.id, text=d.text, date=d.date, genre="news", lang="de"))
        pred = predicted(d, rec.quotes)
        pairs = {j: i for i, j in pair(pred, d.gold)}
        paired_p = set(pairs.values())
        for j, g in enumerate(d.gold):
            i = pairs.get(j)
            if i is None:
                key = f"FN {g.form}: no overlap"
            elif jaccard(pred[i].message, g.message) < 0.5:
                key = f"FN {g.form}: " + ("pred too long" if len(pred[i].message) > len(g.message) else "pred too short")
            elif g.speaker and not (pred[i].speaker & g.speaker):
                key = f"speaker {g.form}: " + ("none" if not pred[i].speaker else "wrong")
            else:
                key = "ok"
            buckets[key] += 1
            if key != "ok":
                extra = f" | PRED {_text(d, pred[i].message)} | SPK {_text(d, pred[i].speaker)}" if i is not None else ""
                examples.setdefault(key, []).append(
                    f"{d.id}: GOLD {_text(d, g.message)} | SPK {_text(d, g.speaker)}{extra}")
        for i, p in enumerate(pred):
            if i not in paired_p:
                buckets["FP unpaired"] += 1
                examples.setdefault("FP unpaired", []).append(f"{d.id}: {_text(d, p.message)}")
    rnd = random.Random(0)
    for key, n in buckets.most_common():
        print(f"{n:5d}  {key}")
        for ex in rnd.sample(examples.get(key, []), min(args.show, len(examples.get(key, [])))):
            print("        ", ex)


if __name__ == "__main__":
    main()
