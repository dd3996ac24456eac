"""Score Chronik's statements against the German Wikinews quotation dataset.

The dataset (Petersen-Frey & Biemann 2024) has one JSON file per article with
``originalText``, ``tokens`` (char offsets) and ``annotations`` (speaker, cue,
addressee, quote = the message, type = the form). Every span, gold or
predicted, is reduced to the set of dataset token ids it overlaps; see
``docs/quotes.md`` for the metric.

    python -m chronik.eval.quotes ../shared/data/quotes/wikinews/dev [--out FILE]
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..record import Article, Quote, Span

ROLES = ("message", "speaker", "cue")
FORMS = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")
_DETECT_JACCARD = 0.5


@dataclass
class Statement:
    """One statement as sets of dataset token ids per role."""

    message: frozenset[int]
    speaker: frozenset[int] = frozenset()
    cue: frozenset[int] = frozenset()
    form: str | None = None


@dataclass
class Doc:
    id: str
    text: str
    date: dt.date | None
    gold: list[Statement]
    starts: list[int] = field(repr=False)
    ends: list[int] = field(repr=False)

    def tokens(self, spans: Iterable[Span]) -> frozenset[int]:
        """Ids of the dataset tokens overlapping any of ``spans``."""
        ids: set[int] = set()
        for s in spans:
            lo = bisect.bisect_right(self.ends, s.start)
            hi = bisect.bisect_left(self.starts, s.end)
            ids.update(range(lo, hi))
        return frozenset(ids)


def load(path: Path) -> Doc:
    """Read one dataset file."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    m = _DATE.search(raw.get("documentName", ""))
    toks = raw["tokens"]
    gold = []
    for a in raw["annotations"]:
        ids = {role: frozenset((a.get(key) or {}).get("tokenIds", [])) for role, key in
               (("message", "quote"), ("speaker", "speaker"), ("cue", "cue"))}
        gold.append(Statement(form=a["type"], **ids))
    return Doc(
        id=path.name.split(" ", 1)[0],
        text=raw["originalText"],
        date=dt.date.fromisoformat(m.group(1)) if m else None,
        gold=gold,
        starts=[t["charBegin"] for t in toks],
        ends=[t["charEnd"] for t in toks],
    )


def predicted(doc: Doc, quotes: Iterable[Quote]) -> list[Statement]:
    """Chronik quotes as token-id statements."""
    return [
        Statement(
            message=doc.tokens(q.content),
            speaker=doc.tokens([q.speaker] if q.speaker else []),
            cue=doc.tokens([q.cue] if q.cue else []),
        )
        for q in quotes
    ]


def pair(pred: list[Statement], gold: list[Statement]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), greedily by message-token overlap."""
    cands = sorted(
        ((len(p.message & g.message), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)
         if p.message & g.message),
        key=lambda t: (-t[0], t[1], t[2]),  # ties: earlier statements first
    )
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _speaker_ok(p: Statement, g: Statement) -> bool:
    return bool(p.speaker & g.speaker) if g.speaker else not p.speaker


def score_doc(pred: list[Statement], gold: list[Statement], c: Counter) -> None:
    """Add one document's counts to ``c``."""
    pairs = pair(pred, gold)
    paired_p = {i for i, _ in pairs}
    paired_g = {j for _, j in pairs}
    for role in ROLES:
        for i, j in pairs:
            p, g = getattr(pred[i], role), getattr(gold[j], role)
            c[f"{role}_tp"] += len(p & g)
            c[f"{role}_fp"] += len(p - g)
            c[f"{role}_fn"] += len(g - p)
        c[f"{role}_fp"] += sum(len(getattr(pred[i], role)) for i in range(len(pred)) if i not in paired_p)
        c[f"{role}_fn"] += sum(len(getattr(gold[j], role)) for j in range(len(gold)) if j not in paired_g)
    c["n_pred"] += len(pred)
    c["n_gold"] += len(gold)
    for g in gold:
        c[f"gold_{g.form}"] += 1
    for i, j in pairs:
        if _jaccard(pred[i].message, gold[j].message) < _DETECT_JACCARD:
            continue
        form = gold[j].form
        c["detected"] += 1
        c[f"detected_{form}"] += 1
        if _speaker_ok(pred[i], gold[j]):
            c["attributed"] += 1
            c[f"attributed_{form}"] += 1


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def summarise(c: Counter) -> dict:
    """Turn summed counts into the reported figures."""
    out: dict = {role: _prf(c[f"{role}_tp"], c[f"{role}_fp"], c[f"{role}_fn"]) for role in ROLES}
    out["joint"] = _prf(*(sum(c[f"{r}_{k}"] for r in ROLES) for k in ("tp", "fp", "fn")))
    n_pred, n_gold = c["n_pred"], c["n_gold"]
    out["detection"] = _prf(c["detected"], n_pred - c["detected"], n_gold - c["detected"])
    out["attributed"] = _prf(c["attributed"], n_pred - c["attributed"], n_gold - c["attributed"])
    out["speaker_accuracy"] = round(c["attributed"] / c["detected"], 4) if c["detected"] else 0.0
    out["per_form"] = {
        f: {
            "gold": c[f"gold_{f}"],
            "detection_recall": round(c[f"detected_{f}"] / c[f"gold_{f}"], 4) if c[f"gold_{f}"] else 0.0,
            "attributed_recall": round(c[f"attributed_{f}"] / c[f"gold_{f}"], 4) if c[f"gold_{f}"] else 0.0,
        }
        for f in FORMS
    }
    out["counts"] = {"docs": c["docs"], "pred": n_pred, "gold": n_gold, "detected": c["detected"],
                     "attributed": c["attributed"]}
    return out


def run(dir: Path, analyzer=None) -> dict:
    """Analyse every dataset file in ``dir`` and score the statements (see ``docs/quotes.md``)."""
    if analyzer is None:
        from ..analyse import default_analyzer

        analyzer = default_analyzer()
    docs = [load(p) for p in sorted(Path(dir).glob("*.json"))]
    articles = (Article(id=d.id, text=d.text, date=d.date, genre="news", lang="de") for d in docs)
    c: Counter = Counter()
    for d, rec in zip(docs, analyzer.analyse_many(articles)):
        score_doc(predicted(d, rec.quotes), d.gold, c)
        c["docs"] += 1
    return summarise(c)


def main(argv: list[str] | None = None) -> None:
    import argparse
    import os
    import platform
    import time

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--out", type=Path, help="write the figures (plus machine info) as JSON here")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    result = run(args.dir)
    result["meta"] = {
        "data": str(args.dir),
        "machine": platform.node(),
        "cpus": os.cpu_count(),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "cpu_seconds": round(time.process_time() - t0, 2),
    }
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
