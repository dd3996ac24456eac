"""Score Chronik's statements against the German Wikinews quotation dataset.

The dataset (Petersen-Frey & Biemann 2024) has one JSON file per article with
``originalText``, ``tokens`` (char offsets) and ``annotations`` (speaker, cue,
addressee, quote = the message, type = the form). Every span, gold or
predicted, is reduced to the set of dataset token ids it overlaps; see
``docs/quotes.md`` for the metric.

    python -m chronik.eval.quotes ../shared/data/quotes/wikinews/dev [--out FILE] [--official EVAL_PY]

Besides the token and statement figures: detection and attribution per form, speaker
accuracy on detected statements, attributed precision/recall of the statements at or
above a confidence threshold, and the expected calibration error of ``Quote.confidence``
(is a statement with confidence c right in message and speaker about c of the time?).
``--official`` also runs the dataset's own scorer (its ``eval/eval.py``, not shipped).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..record import Article, Quote, Span

ROLES = ("message", "speaker", "cue")
FORMS = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")
_DETECT_JACCARD = 0.5
# The dataset's form names for Chronik's quote kinds (free_indirect covers IndirectFreeIndirect too).
KIND_FORM = {"direct": "Direct", "indirect": "Indirect", "free_indirect": "FreeIndirect", "reported": "Reported"}
ECE_BINS = 10


@dataclass
class Statement:
    """One statement as sets of dataset token ids per role."""

    message: frozenset[int]
    speaker: frozenset[int] = frozenset()
    cue: frozenset[int] = frozenset()
    form: str | None = None
    confidence: float | None = None
    frame: frozenset[int] = frozenset()
    addressee: frozenset[int] = frozenset()


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
        ids = {key: frozenset((a.get(key) or {}).get("tokenIds", [])) for key in ("quote", "speaker", "cue", "addressee")}
        gold.append(Statement(message=ids["quote"], speaker=ids["speaker"], cue=ids["cue"], form=a["type"],
                              addressee=ids["addressee"]))
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
            form=KIND_FORM.get(q.kind),
            confidence=q.confidence,
            frame=doc.tokens([q.frame] if q.frame else []),
            addressee=doc.tokens([q.addressee] if q.addressee else []),
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


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _speaker_ok(p: Statement, g: Statement) -> bool:
    return bool(p.speaker & g.speaker) if g.speaker else not p.speaker


def score_doc(pred: list[Statement], gold: list[Statement], c: Counter, outcomes: list | None = None) -> None:
    """Add one document's counts to ``c``; with ``outcomes``, append (confidence, attributed) per prediction."""
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
    # The addressee ("sagte dem Sender") is scored on its own, over detected pairs, and stays out of joint.
    for i, j in pairs:
        if jaccard(pred[i].message, gold[j].message) >= _DETECT_JACCARD:
            p, g = pred[i].addressee, gold[j].addressee
            c["addressee_tp"] += len(p & g)
            c["addressee_fp"] += len(p - g)
            c["addressee_fn"] += len(g - p)
    c["n_pred"] += len(pred)
    c["n_gold"] += len(gold)
    for g in gold:
        c[f"gold_{g.form}"] += 1
    for p in pred:
        c[f"pred_{p.form}"] += 1
    right = [False] * len(pred)
    for i, j in pairs:
        if jaccard(pred[i].message, gold[j].message) < _DETECT_JACCARD:
            continue
        form = gold[j].form
        c["detected"] += 1
        c[f"detected_{form}"] += 1
        c[f"pred_detected_{pred[i].form}"] += 1
        if _speaker_ok(pred[i], gold[j]):
            c["attributed"] += 1
            c[f"attributed_{form}"] += 1
            c[f"pred_attributed_{pred[i].form}"] += 1
            right[i] = True
    if outcomes is not None:
        outcomes.extend((p.confidence, ok) for p, ok in zip(pred, right))


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def summarise(c: Counter) -> dict:
    """Turn summed counts into the reported figures."""
    out: dict = {role: _prf(c[f"{role}_tp"], c[f"{role}_fp"], c[f"{role}_fn"]) for role in ROLES}
    out["joint"] = _prf(*(sum(c[f"{r}_{k}"] for r in ROLES) for k in ("tp", "fp", "fn")))
    out["addressee_on_detected"] = _prf(c["addressee_tp"], c["addressee_fp"], c["addressee_fn"])
    n_pred, n_gold = c["n_pred"], c["n_gold"]
    out["detection"] = _prf(c["detected"], n_pred - c["detected"], n_gold - c["detected"])
    out["attributed"] = _prf(c["attributed"], n_pred - c["attributed"], n_gold - c["attributed"])
    out["speaker_accuracy"] = round(c["attributed"] / c["detected"], 4) if c["detected"] else 0.0
    out["per_form"] = {
        f: {
            "gold": c[f"gold_{f}"],
            "detection_recall": _ratio(c[f"detected_{f}"], c[f"gold_{f}"]),
            "attributed_recall": _ratio(c[f"attributed_{f}"], c[f"gold_{f}"]),
            "speaker_accuracy": _ratio(c[f"attributed_{f}"], c[f"detected_{f}"]),
            # Precision by the form Chronik gave (FreeIndirect includes IndirectFreeIndirect).
            "pred": c[f"pred_{f}"],
            "detection_precision": _ratio(c[f"pred_detected_{f}"], c[f"pred_{f}"]),
            "attributed_precision": _ratio(c[f"pred_attributed_{f}"], c[f"pred_{f}"]),
        }
        for f in FORMS
    }
    out["counts"] = {"docs": c["docs"], "pred": n_pred, "gold": n_gold, "detected": c["detected"],
                     "attributed": c["attributed"]}
    return out


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def calibration(outcomes: list[tuple[float | None, bool]], bins: int = ECE_BINS) -> dict | None:
    """Expected calibration error of the statements' confidence against "right in message and
    speaker" (equal-width bins), with the per-bin table; None when no statement has a confidence."""
    pairs = [(p, ok) for p, ok in outcomes if p is not None]
    if not pairs:
        return None
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        cell = [(p, ok) for p, ok in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not cell:
            continue
        conf = sum(p for p, _ in cell) / len(cell)
        acc = sum(ok for _, ok in cell) / len(cell)
        ece += len(cell) / len(pairs) * abs(conf - acc)
        table.append({"bin": [lo, hi], "n": len(cell), "confidence": round(conf, 4), "right": round(acc, 4)})
    return {"ece": round(ece, 4), "n": len(pairs), "bins": table}


def analyzer_for(model: str | None = None):
    """The whole Chronik pipeline, with the statement model ``model`` (a directory, or "rules")
    instead of the shipped one when given."""
    from ..analyse.pipeline import Analyzer, build_nlp

    nlp = build_nlp()
    if model:
        nlp.replace_pipe("chronik_quotes", "chronik_quotes", config={"model": model})
    return Analyzer(nlp=nlp)


def run(dir: Path, analyzer=None, threshold: float | None = None, official: Path | None = None,
        on_doc=None) -> dict:
    """Analyse every dataset file in ``dir`` and score the statements (see ``docs/quotes.md``).

    ``threshold``: also score only the statements with at least this confidence (default: the
    documented ``precise`` threshold of the shipped model, if any); ``official``: the dataset's
    ``eval.py``, run on the same predictions; ``on_doc(doc, predicted)`` sees every document."""
    if analyzer is None:
        from ..analyse import default_analyzer

        analyzer = default_analyzer()
    if threshold is None:
        from ..analyse.quotes_confidence import precise_threshold

        threshold = precise_threshold()
    docs = [load(p) for p in sorted(Path(dir).glob("*.json"))]
    if not docs:
        raise ValueError(f"{dir}: no dataset *.json files")
    articles = (Article(id=d.id, text=d.text, date=d.date, genre="news", lang="de") for d in docs)
    c: Counter = Counter()
    kept: Counter = Counter()
    outcomes: list = []
    records = []
    for d, rec in zip(docs, analyzer.analyse_many(articles)):
        pred = predicted(d, rec.quotes)
        score_doc(pred, d.gold, c, outcomes)
        if threshold is not None:
            score_doc([p for p in pred if p.confidence is not None and p.confidence >= threshold], d.gold, kept)
        c["docs"] += 1
        if on_doc:
            on_doc(d, pred)
        if official:
            records.append((d, pred))
    out = summarise(c)
    out["calibration"] = calibration(outcomes)
    if threshold is not None:
        at = summarise(kept)
        out["at_threshold"] = {"threshold": threshold, "attributed": at["attributed"], "detection": at["detection"],
                               "statements": at["counts"]["pred"]}
    if official:
        out["official"] = run_official(official, dir, records)
    return out


def run_official(script: Path, gold_dir: Path, records: list[tuple[Doc, list[Statement]]]) -> dict:
    """Score predictions with the dataset's own ``eval.py`` (``--prediction DIR --gold DIR``)."""
    if not Path(script).is_file():
        raise FileNotFoundError(f"{script}: the dataset's eval.py is not there")
    gold_names = {load_name(p): p for p in Path(gold_dir).glob("*.json")}
    with tempfile.TemporaryDirectory() as tmp:
        for d, pred in records:
            name = next(n for n, p in gold_names.items() if p.name.split(" ", 1)[0] == d.id)
            anns = [{
                "quote": {"tokenIds": sorted(p.message)},
                "speaker": {"tokenIds": sorted(p.speaker)},
                "cue": {"tokenIds": sorted(p.cue)},
                "frame": {"tokenIds": sorted(p.frame)},
                "addressee": {"tokenIds": sorted(p.addressee)},
                "type": p.form,
                "medium": None,
            } for p in pred]
            Path(tmp, f"{d.id}.json").write_text(json.dumps({"documentName": name, "annotations": anns}), encoding="utf-8")
        res = subprocess.run([sys.executable, str(script), "--prediction", tmp, "--gold", str(gold_dir)],
                             capture_output=True, text=True, check=True)
    last = [line for line in res.stdout.splitlines() if line.startswith("{")][-1]
    import ast

    return {k: round(float(v), 4) for k, v in ast.literal_eval(last).items()}


def load_name(path: Path) -> str:
    """A dataset file's ``documentName`` (the official scorer keys documents by it)."""
    return json.loads(path.read_text(encoding="utf-8"))["documentName"]


def main(argv: list[str] | None = None) -> None:
    import argparse
    import os
    import platform
    import time

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--out", type=Path, help="write the figures (plus machine info) as JSON here")
    ap.add_argument("--model", help="statement model directory, or 'rules' (default: the shipped one)")
    ap.add_argument("--threshold", type=float, help="confidence threshold for the at_threshold figures")
    ap.add_argument("--official", type=Path, help="the dataset's eval/eval.py, to run it on the same predictions")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    result = run(args.dir, analyzer_for(args.model), args.threshold, args.official)
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
