"""Fit the statement confidence (``models/quotes-de/confidence.json``) on the train split.

    .venv/bin/python training/quotes/confidence.py DATA/quotes/wikinews [--l2 X] [--target 0.9] [--oof FILE] [--no-ship]

The whole pipeline runs over the train split with a recorder in place of the calibrator; each
statement it emits gets its feature row (``chronik.analyse.quotes_confidence.features``) and a
label: *right* when the metric counts it attributed (message Jaccard ≥ 0.5 with a gold message,
speakers overlapping or both empty). A logistic regression (numpy, L2) is fitted in 5 folds by
document; its out-of-fold probabilities give the cross-validated calibration error and, through
an isotonic (pool-adjacent-violators) map fitted on them, the shipped calibration. The ``precise``
threshold is the lowest confidence at which the out-of-fold attributed precision of the statements
kept reaches ``--target``. The dev split is not read.

With ``--oof FILE`` (``cv.py --whole``) the rows come from taggers and choosers cross-fitted by
document (each statement found by a tagger that never saw its article), so the tagger's message
probability and the chooser's margin look as they will on unseen text; the shipped model's own
output on train is in-sample and too sure of itself (round 6: CV precision 0.90 at the threshold,
0.85 on dev).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy

from chronik.analyse.quotes_confidence import FEATURES, features
from chronik.analyse.quotes_speaker import entity_tokens
from chronik.eval.quotes import analyzer_for, calibration, jaccard, load, pair, predicted
from chronik.record import Article

ROOT = Path(__file__).resolve().parents[2]
SHIP = ROOT / "src" / "chronik" / "models" / "quotes-de" / "confidence.json"
FOLDS = 5


class _Recorder:
    """Stands in for the calibrator: keeps each statement's feature row, sets no confidence."""

    def __init__(self):
        self.rows: list[list[float]] = []

    def assign(self, reader, stmts) -> None:
        ents, persons = entity_tokens(reader), entity_tokens(reader, "PER")
        self.rows = [features(reader, st, ents, persons) for st in stmts]


def collect(split: Path, model: str | None = None, numbers: list[int] | None = None):
    """Feature rows, labels (attributed right) and document numbers of every statement emitted;
    ``model``: a statement tagger folder instead of the shipped one; ``numbers``: the document
    numbers of the split's sorted files (default 0, 1, …)."""
    an = analyzer_for(model)
    finder = an.nlp.get_pipe("chronik_quotes")
    rec = _Recorder()
    finder.calibrator = rec
    xs, ys, docs = [], [], []
    for k, path in enumerate(sorted(split.glob("*.json"))):
        doc_no = numbers[k] if numbers else k
        d = load(path)
        record = an.analyse(Article(id=d.id, text=d.text, date=d.date, genre="news", lang="de"))
        pred = predicted(d, record.quotes)
        assert len(pred) == len(rec.rows), "recorder out of step with the quotes"
        right = [0.0] * len(pred)
        for i, j in pair(pred, d.gold):
            g = d.gold[j]
            ok_speaker = bool(pred[i].speaker & g.speaker) if g.speaker else not pred[i].speaker
            if jaccard(pred[i].message, g.message) >= 0.5 and ok_speaker:
                right[i] = 1.0
        xs += rec.rows
        ys += right
        docs += [doc_no] * len(pred)
    return numpy.array(xs), numpy.array(ys), numpy.array(docs)


def fit(x: numpy.ndarray, y: numpy.ndarray, l2: float, steps: int = 2000, lr: float = 0.1) -> numpy.ndarray:
    """Logistic regression by full-batch gradient descent (Adam), L2 on all but the bias."""
    w = numpy.zeros(x.shape[1])
    m = v = numpy.zeros_like(w)
    mask = numpy.ones_like(w)
    mask[FEATURES.index("bias")] = 0
    for t in range(1, steps + 1):
        p = 1 / (1 + numpy.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + l2 * w * mask
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= lr * (m / (1 - 0.9 ** t)) / (numpy.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def isotonic_fit(p: numpy.ndarray, y: numpy.ndarray, blocks: int = 20) -> tuple[list[float], list[float]]:
    """Pool-adjacent-violators on (p, y), reduced to at most ``blocks`` knots for a small file."""
    order = numpy.argsort(p)
    ps, ys = p[order], y[order]
    stack: list[list[float]] = []  # [sum_y, count, mean_p]
    for pi, yi in zip(ps, ys):
        stack.append([yi, 1.0, pi])
        while len(stack) > 1 and stack[-2][0] / stack[-2][1] >= stack[-1][0] / stack[-1][1]:
            a, b = stack.pop(), stack.pop()
            n = a[1] + b[1]
            stack.append([a[0] + b[0], n, (a[2] * a[1] + b[2] * b[1]) / n])
    xs = [s[2] for s in stack]
    vals = [s[0] / s[1] for s in stack]
    if len(xs) > blocks:
        idx = numpy.linspace(0, len(xs) - 1, blocks).round().astype(int)
        xs, vals = [xs[i] for i in idx], [vals[i] for i in idx]
    return [round(float(v), 4) for v in xs], [round(float(v), 4) for v in vals]


def apply_isotonic(p: numpy.ndarray, xs, ys) -> numpy.ndarray:
    return numpy.interp(p, xs, ys)


def threshold_for(conf: numpy.ndarray, y: numpy.ndarray, target: float) -> tuple[float | None, float, float]:
    """The lowest threshold whose kept statements reach ``target`` precision: (t, precision, share kept of right)."""
    best = (None, 0.0, 0.0)
    for t in numpy.unique(numpy.round(conf, 2))[::-1]:
        kept = conf >= t
        if not kept.any():
            continue
        prec = y[kept].mean()
        if prec >= target:
            best = (float(t), float(prec), float(y[kept].sum() / max(y.sum(), 1)))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the Wikinews folder holding train/")
    ap.add_argument("--l2", type=float, default=0.001)
    ap.add_argument("--target", type=float, default=0.90, help="attributed precision the 'precise' threshold reaches")
    ap.add_argument("--no-ship", action="store_true")
    ap.add_argument("--oof", type=Path, help="fit on these out-of-fold rows (cv.py --whole: a tagger and chooser "
                    "per fold) instead of the shipped model's in-sample output on train")
    args = ap.parse_args()
    if args.oof:
        saved = numpy.load(args.oof)
        x, y, docs = saved["x"], saved["y"], saved["docs"]
    else:
        x, y, docs = collect(args.data / "train")
    oof = numpy.zeros(len(y))
    for k in range(FOLDS):
        held = docs % FOLDS == k
        w = fit(x[~held], y[~held], args.l2)
        oof[held] = 1 / (1 + numpy.exp(-(x[held] @ w)))
    # Isotonic on the out-of-fold logistic output, itself checked in folds (fitted on 4, applied to 1).
    oof_iso = numpy.zeros(len(y))
    for k in range(FOLDS):
        held = docs % FOLDS == k
        xs, ys = isotonic_fit(oof[~held], y[~held])
        oof_iso[held] = apply_isotonic(oof[held], xs, ys)
    w = fit(x, y, args.l2)
    iso_x, iso_y = isotonic_fit(oof, y)
    ece_lr = calibration(list(zip(oof.tolist(), y.astype(bool).tolist())))["ece"]
    cal = calibration(list(zip(oof_iso.tolist(), y.astype(bool).tolist())))
    t, prec, share = threshold_for(oof_iso, y, args.target)
    print(f"statements {len(y)}, right {y.mean():.3f}; 5-fold CV ECE logistic {ece_lr:.4f}, + isotonic {cal['ece']:.4f}")
    print(f"precise threshold {t} (CV attributed precision {prec:.3f}, keeps {share:.3f} of the right statements)")
    print(" ".join(f"{f}={v:+.2f}" for f, v in zip(FEATURES, w)))
    if not args.no_ship:
        SHIP.write_text(json.dumps({
            "features": "chronik.analyse.quotes_confidence.FEATURES",
            "trained_on": "German Wikinews quotation train split (uhh-lt, CC BY-NC-SA 4.0)",
            "rows": ("out-of-fold: each statement from a tagger and chooser not trained on its document"
                     if args.oof else "in-sample: the shipped tagger and chooser on their own training split"),
            "l2": args.l2,
            "cv": {"folds": FOLDS, "ece_logistic": ece_lr, "ece": cal["ece"], "bins": cal["bins"],
                   "precise_precision": round(prec, 4), "precise_keeps_right": round(share, 4)},
            "precise_target": args.target,
            "precise_threshold": t,
            "weights": {f: round(float(v), 4) for f, v in zip(FEATURES, w)},
            "isotonic_x": iso_x,
            "isotonic_y": iso_y,
        }, indent=1) + "\n", encoding="utf-8")
        print(f"shipped {SHIP}")


if __name__ == "__main__":
    main()
