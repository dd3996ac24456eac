"""Train the speaker chooser (``models/quotes-de/speaker.json``) and compare it with the system's choice.

    .venv/bin/python training/quotes/speaker.py DATA/quotes/wikinews [--l2 X] [--no-ship] [--reuse]

The whole pipeline (without a chooser) runs over the train split; each statement it finds that
pairs with a gold statement (message Jaccard ≥ 0.5, as the metric's ``detected``) becomes one
ranking group: its candidates (``chronik.analyse.quotes_speaker``) labelled by their token
Jaccard with the gold speaker (positive: any overlap; "no speaker" is positive when the gold has
none). A conditional logit (numpy, L2) is scored by 5-fold cross-validation by document against
the system's own choice, then fitted on all of train and shipped when its cross-validated
accuracy beats the system's. The dev split is not read.
``--reuse`` refits on the groups the last run collected (``output/speaker-groups.pkl``).
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import numpy

from chronik.analyse.quotes_speaker import FEATURES, VECTOR_DIM, candidate_table
from chronik.eval.quotes import Statement, jaccard, load, pair
from chronik.eval.quotes import analyzer_for as analyzer
from chronik.record import Article, Span

ROOT = Path(__file__).resolve().parents[2]
SHIP = ROOT / "src" / "chronik" / "models" / "quotes-de" / "speaker.json"


class _Recorder:
    """Stands in for the chooser: records the candidate table and leaves the speakers alone."""

    def __init__(self):
        self.groups: list = []

    def choose(self, reader, stmts) -> None:
        def char(r):
            s, e = r
            return Span(start=reader.idx[s], end=reader.idx[e - 1] + len(reader.text[e - 1]), text="")

        self.groups = [([char(r) for r in st.content], [char(c) if c else None for c in cands], x,
                        reader.impersonal(st)) for st, (cands, x) in zip(stmts, candidate_table(reader, stmts))]


# Round 11: the statements read from clause shapes (quotes.REPORT_SHAPES) stay out of the chooser's fit: with
# them in, each fold's chooser changed for the other statements too and CV attributed precision fell
# (0.5207 → 0.5188, docs/quotes.md); the chooser still chooses their speakers.
SHAPES_IN_FIT = False


def collect(docs, first: int = 0, model: str | None = None):
    """Ranking groups (feature matrix, positive mask, index of the system's choice, document
    number counted from ``first``) over evaluation docs; ``model``: a statement tagger folder
    instead of the shipped one (``cv.py`` fits a chooser per fold)."""
    from chronik.analyse import quotes

    an = analyzer(model)
    rec = _Recorder()
    an.nlp.get_pipe("chronik_quotes").chooser = rec
    groups = []
    shapes = quotes.REPORT_SHAPES
    if not SHAPES_IN_FIT:
        quotes.REPORT_SHAPES = frozenset()
    try:
        for doc_no, d in enumerate(docs, first):
            an.analyse(Article(id=d.id, text=d.text, date=d.date, genre="news", lang="de"))
            groups += _groups(rec, d, doc_no)
    finally:
        quotes.REPORT_SHAPES = shapes
    return groups


def _groups(rec, d, doc_no: int) -> list:
    """The ranking groups of one analysed document (the recorder's statements paired with the gold)."""
    groups = []
    pred = [Statement(message=d.tokens(msg)) for msg, _, _, _ in rec.groups]
    for i, j in pair(pred, d.gold):
        _, cands, x, impersonal = rec.groups[i]
        if impersonal or jaccard(pred[i].message, d.gold[j].message) < 0.5:
            continue  # impersonal frames keep the rules' "no speaker"
        gold = d.gold[j].speaker
        pos = numpy.array([float(not gold) if c is None else jaccard(d.tokens([c]), gold) if gold else 0.0
                           for c in cands])
        current = int(x[:, FEATURES.index("current")].argmax()) if x[:, FEATURES.index("current")].any() else 0
        groups.append((x, pos, current, doc_no))
    return groups


def ablate(groups, drop: list[str], vectors: bool, far: bool):
    """The groups with feature columns zeroed (``drop``, the vector when not ``vectors``) and,
    without ``far``, the round-6 candidates (earlier sentences, earlier speakers) removed."""
    cols = [FEATURES.index(f) for f in drop] + ([] if vectors else list(range(len(FEATURES), len(FEATURES) + VECTOR_DIM)))
    out = []
    for x, pos, cur, doc in groups:
        keep = numpy.ones(len(x), bool)
        if not far:
            keep &= (x[:, FEATURES.index("far_unit")] == 0) & (x[:, FEATURES.index("earlier_speaker")] == 0)
            keep[cur] = True
            keep[0] = True
        x = x[keep].copy()
        x[:, cols] = 0
        out.append((x, pos[keep], int(keep[:cur].sum()), doc))
    return out


def fit(groups, l2: float, extent: float, steps: int = 3000, lr: float = 0.05, vec_l2: float | None = None) -> numpy.ndarray:
    """Conditional logit: maximise log P(a positive candidate) per group, Adam, full batch.

    A positive (a candidate overlapping the gold speaker) weighs ``jaccard ** extent``, so with
    ``extent`` > 0 the candidates closer to the gold extent count more."""
    groups = [g for g in groups if g[1].any()]
    x = numpy.concatenate([g[0] for g in groups])
    jac = numpy.concatenate([g[1] for g in groups])
    pos = numpy.where(jac > 0, jac ** extent, 0.0)
    ids = numpy.repeat(numpy.arange(len(groups)), [len(g[0]) for g in groups])
    w = numpy.zeros(x.shape[1])
    m = v = numpy.zeros_like(w)
    reg = numpy.full(x.shape[1], l2)
    reg[len(FEATURES):] = l2 if vec_l2 is None else vec_l2
    for t in range(1, steps + 1):
        z = x @ w
        ez = numpy.exp(z - z.max())
        p_all = ez / numpy.bincount(ids, ez)[ids]
        ep = ez * pos
        p_pos = ep / numpy.bincount(ids, ep)[ids]
        grad = x.T @ (p_all - p_pos) / len(groups) + reg * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w = w - lr * (m / (1 - 0.9 ** t)) / (numpy.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def accuracy(groups, w) -> tuple[float, float, float, float]:
    """Share of groups where the chooser's / the system's pick is a positive; their mean Jaccard."""
    picks = [(pos[int((x @ w).argmax())], pos[cur]) for x, pos, cur, *_ in groups]
    n = len(groups)
    return (sum(c > 0 for c, _ in picks) / n, sum(s > 0 for _, s in picks) / n,
            sum(c for c, _ in picks) / n, sum(s for _, s in picks) / n)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the Wikinews folder holding train/ and dev/")
    ap.add_argument("--l2", type=float, default=0.001)
    ap.add_argument("--extent", type=float, default=0.0, help="weight positives by gold-speaker Jaccard ** EXTENT")
    ap.add_argument("--no-ship", action="store_true")
    ap.add_argument("--reuse", action="store_true", help="reuse the groups collected by the last run")
    ap.add_argument("--spkatt", type=Path, help="also fit on the SpkAtt debates in this folder (task1 JSON)")
    ap.add_argument("--spkatt-positive-only", action="store_true", help="only SpkAtt groups with a right candidate")
    ap.add_argument("--vec-l2", type=float, help="L2 on the head-word vector weights (default: --l2)")
    ap.add_argument("--drop", default="", help="comma-separated features to leave out (ablation)")
    ap.add_argument("--no-vectors", action="store_true", help="leave out the head-word vector (ablation)")
    ap.add_argument("--no-far", action="store_true", help="leave out the round-6 candidates (ablation)")
    args = ap.parse_args()
    cache = Path(__file__).resolve().parent / "output" / "speaker-groups.pkl"
    if args.reuse and cache.exists():
        train = pickle.loads(cache.read_bytes())
    else:
        train = collect(load(p) for p in sorted((args.data / "train").glob("*.json")))
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(train))
    extra = []
    if args.spkatt:
        spk_cache = cache.with_name("speaker-groups-spkatt.pkl")
        if args.reuse and spk_cache.exists():
            extra = pickle.loads(spk_cache.read_bytes())
        else:
            from spkatt import load as load_speech  # training/quotes/spkatt.py, next to this script

            extra = collect((load_speech(p) for p in sorted(args.spkatt.glob("*.json"))), first=-10**6)
            spk_cache.write_bytes(pickle.dumps(extra))
        extra = [g for g in extra if g[1].any()] if args.spkatt_positive_only else extra
    train = ablate(train, [f for f in args.drop.split(",") if f], not args.no_vectors, not args.no_far)
    extra = ablate(extra, [f for f in args.drop.split(",") if f], not args.no_vectors, not args.no_far)
    oracle = sum(bool(g[1].any()) for g in train) / len(train)
    folds = 5
    hits = [0.0, 0.0]
    for k in range(folds):
        fit_on = [g for g in train if g[3] % folds != k] + extra  # SpkAtt groups only ever fit
        held = [g for g in train if g[3] % folds == k]
        c, sys_c, _, _ = accuracy(held, fit(fit_on, args.l2, args.extent, vec_l2=args.vec_l2))
        hits[0] += c * len(held)
        hits[1] += sys_c * len(held)
    cv_c, cv_s = hits[0] / len(train), hits[1] / len(train)
    w = fit(train + extra, args.l2, args.extent, vec_l2=args.vec_l2)
    tr_c, tr_s, _, _ = accuracy(train, w)
    print(f"groups {len(train)} (+{len(extra)} SpkAtt); choice accuracy 5-fold CV {cv_c:.3f} (system {cv_s:.3f}); "
          f"in-sample {tr_c:.3f}; candidate recall {oracle:.3f}")
    print(" ".join(f"{f}={v:+.2f}" for f, v in zip(FEATURES, w)))
    if not args.no_ship and cv_c > cv_s and not (args.drop or args.no_vectors or args.no_far):
        SHIP.write_text(json.dumps({
            "features": "chronik.analyse.quotes_speaker.FEATURES",
            "trained_on": "German Wikinews quotation train split (uhh-lt, CC BY-NC-SA 4.0)",
            "l2": args.l2,
            "extent": args.extent,
            "cv_choice_accuracy": {"chooser": round(cv_c, 4), "system": round(cv_s, 4), "folds": folds},
            "weights": {f: round(float(v), 4) for f, v in zip(FEATURES, w)},
            "vector_weights": [round(float(v), 4) for v in w[len(FEATURES):]],
            "vector_l2": args.vec_l2 if args.vec_l2 is not None else args.l2,
        }, indent=1) + "\n", encoding="utf-8")
        print(f"shipped {SHIP}")


if __name__ == "__main__":
    main()
