"""Score ``chronik_events`` on SmartData (industry and traffic events) and on hand-annotated Wikinews (political).

**SmartData** (``../shared/data/ner/smartdata``, CC BY 4.0): its relation mentions of the
14 event types (``OrganizationLeadership`` is a relation between a person, a position and an
organisation, not an event: left out). Splits: **train** is v1 (train and test) without the
documents of v3 dev and test; **dev** and **test** are v3's. A predicted event matches a gold
relation of its type when its trigger lies inside the relation's span (each gold relation
matched once). Arguments are scored on matched events whose gold relation has an actor role
(the buyer, the insolvent company, the striking union or company, the company laying off, the
parent, a merging party; traffic types have none): the actor is right when it overlaps a gold
argument of that role; ``actor_precision`` is right over predicted actors, ``actor_coverage``
predicted over those events.

**Wikinews** (``training/events``): every political event (the 16 PLOVER types) the annotator
found in the documents listed there, one per type and sentence. A predicted political event
matches a gold one of its type when its evidence sentence contains the gold trigger. Actor and
target are right when the predicted span, or a mention of its entity, overlaps the gold span;
a gold event without an actor counts a predicted actor as wrong.

    chronik eval events --smartdata ../shared/data/ner/smartdata --wikinews ../shared/data/quotes/wikinews
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analyse.events import MODEL_PATH
from ..analyse.events_lexicon import INDUSTRY, POLITICAL, TRAFFIC
from ..record import Article, Event, Record
from .pledges import load_articles

ANNOTATIONS = Path(__file__).resolve().parents[3] / "training" / "events"
SMARTDATA_TYPES = {
    "Acquisition": "acquisition", "Merger": "merger", "SpinOff": "spin_off", "Insolvency": "insolvency",
    "Layoffs": "layoffs", "Strike": "strike", "Accident": "accident", "Disaster": "disaster",
    "TrafficJam": "traffic_jam", "Obstruction": "obstruction", "Delay": "delay", "CanceledRoute": "canceled_route",
    "CanceledStop": "canceled_stop", "RailReplacementService": "rail_replacement",
}
ACTOR_ROLES = {"acquisition": {"buyer"}, "merger": {"old"}, "spin_off": {"parent"}, "insolvency": {"company"},
               "layoffs": {"company"}, "strike": {"union", "company", "striker"}}
SCORED = (*INDUSTRY, *TRAFFIC)

Span = tuple[int, int]


@dataclass
class Gold:
    type: str
    span: Span  # the relation's span (SmartData) or the sentence (Wikinews)
    trigger: Span | None = None
    roles: dict[str, list[Span]] = field(default_factory=dict)
    actor: Span | None = None
    target: Span | None = None


def _overlap(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _inside(a: Span, b: Span) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


# -- SmartData --------------------------------------------------------------------


def json_stream(path: Path) -> Iterator[dict]:
    """The documents of a SmartData ``*.json.gz`` (pretty-printed JSON objects, one after another)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        text = f.read()
    dec, i = json.JSONDecoder(), 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        obj, i = dec.raw_decode(text, i)
        yield obj


def _arr(value: Any) -> list:
    if value is None:
        return []
    return value.get("array", []) if isinstance(value, dict) else value


def smartdata_split(folder: Path, split: str) -> list[dict]:
    """SmartData documents of ``split``: ``train`` (v1 without v3 dev and test), ``dev`` or ``test`` (v3)."""
    folder = Path(folder)
    if split in ("dev", "test"):
        return list(json_stream(folder / "v3_20200302" / f"{split}.json.gz"))
    if split != "train":
        raise ValueError(f"SmartData split {split!r}: train, dev or test")
    held = {d["id"] for s in ("dev", "test") for d in json_stream(folder / "v3_20200302" / f"{s}.json.gz")}
    seen: set[str] = set()
    out = []
    for part in ("train", "test"):
        for d in json_stream(folder / "v1_20180119" / f"{part}.json.gz"):
            if d["id"] not in held and d["id"] not in seen:
                seen.add(d["id"])
                out.append(d)
    return out


def smartdata_gold(doc: dict) -> list[Gold]:
    out = []
    for r in _arr(doc.get("relationMentions")):
        etype = SMARTDATA_TYPES.get(r["name"])
        if etype is None:
            continue
        g = Gold(type=etype, span=(r["span"]["start"], r["span"]["end"]))
        for a in _arr(r.get("args")):
            sp = a["conceptMention"]["span"]
            g.roles.setdefault(a["role"], []).append((sp["start"], sp["end"]))
        if g.roles.get("trigger"):
            g.trigger = g.roles["trigger"][0]
        out.append(g)
    return out


def smartdata_articles(docs: list[dict]) -> list[Article]:
    out = []
    for i, d in enumerate(docs):
        date = None
        raw_date = (d.get("date") or {}).get("string") if isinstance(d.get("date"), dict) else d.get("date")
        if raw_date:
            try:
                date = dt.date.fromisoformat(raw_date[:10])
            except ValueError:
                date = None
        out.append(Article(id=f"sd{i}", text=d["text"]["string"], date=date, lang="de", genre="news"))
    return out


def match_smartdata(pred: list[Event], gold: list[Gold]) -> list[tuple[Event, Gold | None]]:
    used: set[int] = set()
    out: list[tuple[Event, Gold | None]] = []
    for p in pred:
        trig = (p.trigger.start, p.trigger.end)
        options = [i for i, g in enumerate(gold) if i not in used and g.type == p.type
                   and (_overlap(trig, g.span) or (g.trigger is not None and _overlap(trig, g.trigger)))]
        if options:
            # prefer the relation whose own trigger the prediction hits
            i = max(options, key=lambda k: _hits(trig, gold[k].trigger))
            used.add(i)
            out.append((p, gold[i]))
        else:
            out.append((p, None))
    return out


def _hits(span: Span, trigger: Span | None) -> bool:
    return trigger is not None and _overlap(span, trigger)


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def score_smartdata(records: list[Record], golds: list[list[Gold]], types: tuple[str, ...] = SCORED) -> dict[str, Any]:
    c: dict[str, Counter] = defaultdict(Counter)
    for rec, gold in zip(records, golds):
        pred = [v for v in rec.events if v.type in types]
        pairs = match_smartdata(pred, gold)
        for g in gold:
            c[g.type]["gold"] += 1
        for p, matched in pairs:
            k = c[p.type]
            k["pred"] += 1
            if matched is None:
                continue
            k["tp"] += 1
            roles = ACTOR_ROLES.get(p.type, set())
            gold_actor = [s for r in roles for s in matched.roles.get(r, [])]
            if not gold_actor:
                continue  # traffic types name no actor; a relation without one cannot judge ours
            k["actor_gold"] += 1
            if p.actor is not None:
                k["actor_pred"] += 1
                k["actor_ok"] += any(_overlap((p.actor.start, p.actor.end), s) for s in gold_actor)
    return _summary(c, types)


def _summary(c: dict[str, Counter], types: tuple[str, ...]) -> dict[str, Any]:
    per_type = {}
    total: Counter = Counter()
    for t in types:
        k = c.get(t, Counter())
        if not (k["gold"] or k["pred"]):
            continue
        per_type[t] = _prf(k["tp"], k["pred"] - k["tp"], k["gold"] - k["tp"])
        total.update(k)
    out: dict[str, Any] = {"micro": _prf(total["tp"], total["pred"] - total["tp"], total["gold"] - total["tp"]),
                           "per_type": per_type}
    if total["actor_pred"] or total["actor_gold"]:
        out["actor_precision"] = round(total["actor_ok"] / total["actor_pred"], 4) if total["actor_pred"] else None
        out["actor_coverage"] = round(total["actor_pred"] / total["actor_gold"], 4) if total["actor_gold"] else None
        out["actor_counts"] = {"predicted": total["actor_pred"], "right": total["actor_ok"],
                               "gold_with_actor": total["actor_gold"]}
    if total["target_pred"] or total["target_gold"]:
        out["target_precision"] = round(total["target_ok"] / total["target_pred"], 4) if total["target_pred"] else None
        out["target_counts"] = {"predicted": total["target_pred"], "right": total["target_ok"],
                                "gold_with_target": total["target_gold"]}
    return out


def run_smartdata(folder: Path, split: str, analyzer) -> tuple[dict[str, Any], list[Record], list[list[Gold]]]:
    docs = smartdata_split(folder, split)
    golds = [smartdata_gold(d) for d in docs]
    articles = smartdata_articles(docs)
    t0 = time.process_time()
    records = list(analyzer.analyse_many(articles))
    cpu = time.process_time() - t0
    out = score_smartdata(records, golds)
    out["docs"] = len(docs)
    out["split"] = split
    out["tokens_per_cpu_second"] = round(sum(len(a.text.split()) for a in articles) / cpu) if cpu else None
    return out, records, golds


# -- Wikinews (hand-annotated political events) ---------------------------------------


def load_wikinews_gold(folder: Path = ANNOTATIONS) -> tuple[list[str], dict[str, list[Gold]]]:
    """Annotated train document ids and their gold political events (offsets only)."""
    with (folder / "documents.tsv").open(encoding="utf-8") as f:
        docs = [r["doc"] for r in csv.DictReader(f, delimiter="\t")]
    gold: dict[str, list[Gold]] = {d: [] for d in docs}

    def span(r: dict, name: str) -> Span | None:
        return (int(r[f"{name}_start"]), int(r[f"{name}_end"])) if r[f"{name}_start"] else None

    with (folder / "annotations.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["type"] not in POLITICAL:
                raise ValueError(f"{folder / 'annotations.tsv'}: unknown event type {r['type']!r}")
            sent = span(r, "sent")
            assert sent is not None
            gold[r["doc"]].append(Gold(type=r["type"], span=sent, trigger=span(r, "trigger"),
                                       actor=span(r, "actor"), target=span(r, "target")))
    return docs, gold


def _arg_ok(pred, gold: Span | None, spans: dict[str, list[Span]]) -> bool:
    if pred is None or gold is None:
        return False
    return _overlap((pred.start, pred.end), gold) or any(_overlap(s, gold) for s in spans.get(pred.entity or "", []))


def score_wikinews(records: list[Record], gold: dict[str, list[Gold]]) -> dict[str, Any]:
    c: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        spans = {e.id: [(m.start, m.end) for m in e.mentions] for e in rec.entities}
        gs = gold[rec.id]
        for g in gs:
            c[g.type]["gold"] += 1
        used: set[int] = set()
        for p in rec.events:
            if p.type not in POLITICAL:
                continue
            k = c[p.type]
            k["pred"] += 1
            ev = (p.evidence.start, p.evidence.end)
            found = next((i for i, g in enumerate(gs) if i not in used and g.type == p.type
                          and g.trigger is not None and _inside(g.trigger, ev)), None)
            if found is None:
                continue
            used.add(found)
            g = gs[found]
            k["tp"] += 1
            k["actor_gold"] += g.actor is not None
            k["target_gold"] += g.target is not None
            if p.actor is not None:
                k["actor_pred"] += 1
                k["actor_ok"] += _arg_ok(p.actor, g.actor, spans)
            if p.target is not None:
                k["target_pred"] += 1
                k["target_ok"] += _arg_ok(p.target, g.target, spans)
    return _summary(c, POLITICAL)


def run_wikinews(data: Path, analyzer) -> dict[str, Any]:
    docs, gold = load_wikinews_gold()
    records = list(analyzer.analyse_many(load_articles(data, "train", docs)))
    out = score_wikinews(records, gold)
    out["docs"] = len(docs)
    out["gold_events"] = sum(len(v) for v in gold.values())
    return out


def run(smartdata: Path | None = None, wikinews: Path | None = None, split: str = "test", analyzer=None) -> dict:
    """Score on SmartData ``split`` and/or the hand-annotated Wikinews documents (see module doc)."""
    if analyzer is None:
        from ..analyse import default_analyzer

        analyzer = default_analyzer()
    out: dict[str, Any] = {}
    if smartdata is not None:
        out["smartdata"], _, _ = run_smartdata(Path(smartdata), split, analyzer)
        if MODEL_PATH.exists():  # how the shipped model was chosen: cross-validation on SmartData train
            model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
            out["smartdata_train_cv"] = {"rules": model["cv"]["rules"], "model": model["cv"]["model"],
                                         "threshold": model["threshold"]}
    if wikinews is not None:
        out["wikinews_political"] = run_wikinews(Path(wikinews), analyzer)
    return out
