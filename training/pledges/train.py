"""Train the pledge recogniser's logistic model on the annotated train documents.

Every candidate sentence (``chronik.analyse.pledges.candidates``) of the 380 annotated
train documents is labelled 1 when it matches a clear gold pledge, 0 when it matches none;
candidates matching a borderline pledge are left out (the score ignores them). Five-fold
cross-validation by document compares the pattern-only decision with the model and picks
the decision threshold: the highest whose F1 over the held-out folds (scored as the eval
does it) is within 0.005 of the best, precision first. The final model is fitted on all
train documents. Dev is not touched.

    python training/pledges/train.py ../shared/data/quotes/wikinews [--out src/chronik/models/pledges-de.json]
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from chronik.analyse import pledges as P
from chronik.analyse.linear import fit as fit_logistic
from chronik.analyse.pipeline import build_nlp
from chronik.eval import pledges as E

L2 = 1.0
FOLDS = 5
THRESHOLDS = [round(0.2 + 0.05 * i, 2) for i in range(13)]


def fit(rows: list[dict[str, float]], y: list[int], l2: float = L2) -> tuple[dict, float]:
    return fit_logistic(rows, y, l2, steps=3000)


def featurise(c: P.Candidate) -> dict[str, float]:
    return c.features


def prf(c: Counter) -> float:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def decide_and_score(docs, gold, decide) -> Counter:
    """Score a decision function over documents exactly as ``chronik eval pledges`` does."""
    c: Counter = Counter()
    for d, doc in docs:
        cands = [x for x in P.candidates(doc) if decide(x)]
        preds = [P.Pledge(id="p", actor=x.actor, target=P.Span(start=x.target[0], end=x.target[1], text=""),
                          evidence=P.Span(start=x.start, end=x.end, text="")) for x in cands]
        for _p, g in E.match(preds, gold[d]):
            if g is None:
                c["fp"] += 1
            elif g.clear:
                c["tp"] += 1
        c["gold"] += sum(g.clear for g in gold[d])
    return c


BORDERLINE_AS = None  # borderline pledges: left out of training (None) or labelled 0/1


def labelled(docs, gold):
    rows, ys, groups = [], [], []
    for n, (d, doc) in enumerate(docs):
        cands = P.candidates(doc)
        preds = [P.Pledge(id="p", actor=None, target=P.Span(start=x.target[0], end=x.target[1], text=""),
                          evidence=P.Span(start=x.start, end=x.end, text="")) for x in cands]
        for x, (_, g) in zip(cands, E.match(preds, gold[d])):
            if g is not None and not g.clear:
                if BORDERLINE_AS is not None:
                    rows.append(featurise(x))
                    ys.append(BORDERLINE_AS)
                    groups.append(n)
                continue
            rows.append(featurise(x))
            ys.append(int(g is not None))
            groups.append(n)
    return rows, ys, groups


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, default=P.MODEL_PATH)
    args = ap.parse_args(argv)
    ids, gold = E.load_gold("train")
    nlp = build_nlp()
    articles = E.load_articles(args.data, "train", ids)
    docs = []
    with nlp.select_pipes(disable=["chronik_pledges"]):
        for a in articles:
            doc = nlp.make_doc(a.text)
            doc._.chronik_date, doc._.chronik_genre = a.date, "news"
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            docs.append((a.id, doc))
    order = list(range(len(docs)))
    random.Random(17).shuffle(order)
    folds = [order[i::FOLDS] for i in range(FOLDS)]
    rule, model = Counter(), {t: Counter() for t in THRESHOLDS}
    for k in range(FOLDS):
        test = [docs[i] for i in folds[k]]
        train = [docs[i] for j in range(FOLDS) if j != k for i in folds[j]]
        rows, ys, _ = labelled(train, gold)
        w, b = fit(rows, ys)
        rule.update(decide_and_score(test, gold, lambda x: P.decide(x, None) is not None))
        for t in THRESHOLDS:
            mt = P.Model(w, b, t)
            model[t].update(decide_and_score(test, gold, lambda x, mt=mt: P.decide(x, mt) is not None))
    # precision first: the highest threshold whose cross-validated F1 is within 0.005 of the best
    top = max(prf(model[t]) for t in THRESHOLDS)
    best = max(t for t in THRESHOLDS if prf(model[t]) >= top - 0.005)
    report = {"cv_rules_f1": round(prf(rule), 4), "cv_rules": dict(rule),
              "cv_model_f1": {str(t): round(prf(model[t]), 4) for t in THRESHOLDS}, "threshold": best}
    print(json.dumps(report, indent=1))
    rows, ys, _ = labelled(docs, gold)
    w, b = fit(rows, ys)
    if prf(model[best]) <= prf(rule):
        print("the model does not beat the rules in cross-validation: not written")
        return
    args.out.write_text(json.dumps({
        "about": "Chronik pledge recogniser: logistic weights over candidate features (training/pledges/train.py), "
                 "trained on hand-annotated German Wikinews train documents (texts CC BY 2.5).",
        "weights": w, "bias": b, "threshold": best, "cv": report,
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"-> {args.out} ({len(w)} weights, threshold {best}, {sum(ys)} positives of {len(ys)})")


if __name__ == "__main__":
    main()
