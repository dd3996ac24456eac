"""Train the event model (industry and traffic types) on SmartData train, by cross-validation.

Every rule candidate (``chronik.analyse.events.detect``) of the SmartData train documents
(v1 train and test without the documents of v3 dev and test, see ``chronik.eval.events``)
of an industry or traffic type is labelled 1 when it matches a gold relation of its type
(as the eval matches), else 0. A logistic model over its features (type, trigger word,
which arguments the rules found, what the sentence holds) is compared with the rules alone
by five-fold cross-validation over documents; the threshold is the highest whose held-out
micro F1 is within 0.005 of the best (precision first). The final model is fitted on all
train documents. SmartData dev and test are not touched.

    python training/events/train.py ../shared/data/ner/smartdata [--out src/chronik/models/events-de.json]
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from chronik.analyse import events as V
from chronik.analyse.linear import fit as fit_logistic
from chronik.analyse.pipeline import Analyzer, build_nlp
from chronik.eval import events as E

L2 = 1.0
FOLDS = 5
THRESHOLDS = [round(0.1 + 0.05 * i, 2) for i in range(17)]


def fit(rows: list[dict[str, float]], y: list[int], l2: float = L2) -> tuple[dict, float]:
    return fit_logistic(rows, y, l2, steps=2000, prune=1e-4)


def collect(folder: Path) -> list[tuple[list[tuple[dict, int]], int]]:
    """Per train document: (features, label) of each candidate, and the number of gold relations scored."""
    docs = E.smartdata_split(folder, "train")
    nlp = build_nlp()
    nlp.get_pipe("chronik_events").model = None  # all rule candidates
    analyzer = Analyzer(nlp=nlp)
    articles = E.smartdata_articles(docs)
    out = []
    for d, doc in zip(docs, nlp.pipe(analyzer.make_doc(a) for a in articles)):
        gold = E.smartdata_gold(d)
        cands = [(ev, f) for ev, f in V.detect(doc) if ev.type in E.SCORED]
        pairs = E.match_smartdata([ev for ev, _ in cands], gold)
        out.append(([(f, int(g is not None)) for (_, f), (_, g) in zip(cands, pairs)], len(gold)))
    return out


def micro(scored: list[tuple[float, int]], gold: int, threshold: float) -> Counter:
    c: Counter = Counter(gold=gold)
    for p, y in scored:
        if p >= threshold:
            c["tp" if y else "fp"] += 1
    return c


def f1(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("smartdata", type=Path)
    ap.add_argument("--out", type=Path, default=V.MODEL_PATH)
    args = ap.parse_args()
    data = collect(args.smartdata)
    order = list(range(len(data)))
    random.Random(13).shuffle(order)
    held: list[tuple[float, int]] = []
    for k in range(FOLDS):
        test = set(order[k::FOLDS])
        rows = [(f, y) for i in order if i not in test for f, y in data[i][0]]
        w, b = fit([f for f, _ in rows], [y for _, y in rows])
        model = V.Model(w, b, 0.0, list(E.SCORED))
        held += [(model.score(f), y) for i in test for f, y in data[i][0]]
    gold = sum(n for _, n in data)
    rules = f1(micro([(1.0, y) for c, _ in data for _, y in c], gold, 0.5))
    by_t = {t: f1(micro(held, gold, t)) for t in THRESHOLDS}
    best = max(v[2] for v in by_t.values())
    threshold = max(t for t, v in by_t.items() if v[2] >= best - 0.005)
    w, b = fit([f for c, _ in data for f, _ in c], [y for c, _ in data for _, y in c])
    args.out.write_text(json.dumps({
        "about": "chronik_events model for SmartData's industry and traffic types; built by training/events/train.py "
                 "on SmartData train (CC BY 4.0), threshold by 5-fold cross-validation",
        "types": list(E.SCORED), "threshold": threshold, "bias": b, "weights": w,
        "cv": {"rules": dict(zip("prf", rules)), "model": dict(zip("prf", by_t[threshold])),
               "by_threshold": {str(t): dict(zip("prf", v)) for t, v in by_t.items()}},
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({"rules": rules, "model": by_t[threshold], "threshold": threshold, "train_docs": len(data),
                      "candidates": sum(len(c) for c, _ in data), "gold": gold}))


if __name__ == "__main__":
    main()
