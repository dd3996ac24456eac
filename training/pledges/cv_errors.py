"""Cross-validated figures and errors of the pledge recogniser on the annotated train documents.

Five folds by document, as ``train.py`` splits them: the logistic model is refitted on four
folds and decides on the fifth at the shipped model's threshold. Reports clear P/R/F1, the
same with borderline pledges counted, and — over the kept pledges matched to a clear gold
pledge — actor and deadline right, scored as ``chronik eval pledges`` scores dev. Actor and
deadline come from rules, so they are also reported over every candidate matched to a gold
pledge (clear, and clear + borderline): more cases for the error analysis. ``--show``
lists the errors by kind. Dev is not touched.

    python training/pledges/cv_errors.py ../shared/data/quotes/wikinews [--show actor,deadline,fp,fn]
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import train as T  # noqa: E402

from chronik.analyse import pledges as P  # noqa: E402
from chronik.analyse.pipeline import build_nlp  # noqa: E402
from chronik.eval import pledges as E  # noqa: E402


def analysed(data: Path, cache: Path | None) -> list:
    """The train documents through every component but pledges (cached between runs when asked)."""
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())
    ids, _ = E.load_gold("train")
    nlp = build_nlp()
    docs = []
    with nlp.select_pipes(disable=["chronik_pledges"]):
        for a in E.load_articles(data, "train", ids):
            doc = nlp.make_doc(a.text)
            doc._.chronik_date, doc._.chronik_genre = a.date, "news"
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            docs.append((a.id, doc))
    if cache is not None:
        cache.write_bytes(pickle.dumps(docs))
    return docs


def _spans(doc) -> dict:
    spans: dict = {e.id: [(m.start, m.end) for m in e.mentions] for e in doc._.chronik_entities or []}
    spans["_amounts"] = [(a.start, a.end) for a in doc._.chronik_amounts or []]
    return spans


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--cache", type=Path, help="pickle of the analysed train documents (written when missing)")
    ap.add_argument("--show", default="", help="comma-separated: actor, deadline, fp, fn")
    args = ap.parse_args(argv)
    show = set(args.show.split(",")) - {""}
    _, gold = E.load_gold("train")
    docs = analysed(args.data, args.cache)
    model = P.Model.load()
    threshold = model.threshold if model else 0.5
    order = list(range(len(docs)))
    random.Random(17).shuffle(order)
    folds = [order[i::T.FOLDS] for i in range(T.FOLDS)]
    kept: Counter = Counter()
    lines = []
    for k in range(T.FOLDS):
        train = [docs[i] for j in range(T.FOLDS) if j != k for i in folds[j]]
        rows, ys, _ = T.labelled(train, gold)
        w, b = T.fit(rows, ys)
        m = P.Model(w, b, threshold)
        batch = []
        for i in folds[k]:
            d, doc = docs[i]
            pairs = E.match(P.find_pledges(doc, m), gold[d])
            batch.append((pairs, gold[d], _spans(doc)))
            text = doc.text
            for p, g in pairs:
                ev = p.evidence.text.strip()[:200]
                if g is None:
                    lines.append(("fp", f"FP {d} [{p.confidence}] {ev!r}"))
                elif g.clear and not E._actor_ok(p, g, batch[-1][2]):
                    ga = text[g.actor[0]:g.actor[1]] if g.actor else None
                    lines.append(("actor", f"ACTOR {d} pred={p.actor.text if p.actor else None!r} gold={ga!r} {ev!r}"))
                if g is not None and g.clear and (p.deadline or "") != g.deadline:
                    lines.append(("deadline", f"DEADLINE {d} pred={p.deadline!r} gold={g.deadline!r} {ev!r}"))
            found = {id(g) for _, g in pairs if g is not None}
            lines += [("fn", f"FN {d} {text[g.sent[0]:g.sent[1]].strip()[:200]!r}") for g in gold[d]
                      if g.clear and id(g) not in found]
        E.score(batch, kept)
    s = E.summarise(kept)
    cands: Counter = Counter()
    for d, doc in docs:  # actor and deadline over every candidate matched to a gold pledge
        cs = P.candidates(doc)
        preds = [P.Pledge(id="p", actor=x.actor, target=P.Span(start=x.target[0], end=x.target[1], text=""),
                          deadline=x.deadline_value, evidence=P.Span(start=x.start, end=x.end, text=""))
                 for x in cs if x.target]
        spans = _spans(doc)
        for p, g in E.match(preds, gold[d]):
            if g is None:
                continue
            key = "clear" if g.clear else "borderline"
            cands[key] += 1
            cands[key + "_actor"] += E._actor_ok(p, g, spans)
            cands[key + "_deadline"] += (p.deadline or "") == g.deadline
    n = cands["clear"] + cands["borderline"]
    report = {
        "cv_threshold": threshold, "clear": s["clear"], "with_borderline": s.get("with_borderline"),
        "actor_accuracy": s["actor_accuracy"], "deadline_accuracy": s["deadline_accuracy"],
        "candidates": {
            "clear": cands["clear"], "clear_actor": round(cands["clear_actor"] / cands["clear"], 4),
            "clear_deadline": round(cands["clear_deadline"] / cands["clear"], 4), "all": n,
            "all_actor": round((cands["clear_actor"] + cands["borderline_actor"]) / n, 4),
            "all_deadline": round((cands["clear_deadline"] + cands["borderline_deadline"]) / n, 4)},
    }
    print(json.dumps(report, indent=1))
    for kind, line in lines:
        if kind in show:
            print(line)


if __name__ == "__main__":
    main()
