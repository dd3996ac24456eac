"""Score ``chronik_pledges`` against the hand-annotated pledges in German Wikinews.

The annotations (``training/pledges/annotations.tsv``, offsets only) cover every pledge
in the documents listed in ``training/pledges/documents.tsv``: all 150 dev documents and
380 train documents. See ``training/pledges/README.md`` for the guidelines.

* **Match**: a predicted pledge matches a gold pledge when its evidence sentence overlaps
  the gold sentence (each matched at most once; among several gold pledges of a sentence,
  the one whose target the predicted target overlaps most).
* **Clear F1**: precision over predictions that are not matched to a borderline gold
  pledge (those are neither right nor wrong), recall over clear gold pledges.
* **Borderline** pledges are reported apart: how many were found.
* **Actor right**: among matched clear pledges, the predicted actor overlaps the gold actor,
  or its entity has a mention overlapping it; a gold pledge without an actor needs none.
* **Deadline right**: among matched clear pledges, the deadline value equals the gold value
  (both empty counts as right).
* **With borderline**: the same with borderline pledges counted as gold (found ones right).
* **Amount in target**: among matched clear pledges with a linked amount, the share whose
  amount lies inside the gold target span.
* Speed: tokens per CPU second of the whole pipeline.

    chronik eval pledges ../shared/data/quotes/wikinews --split dev
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..record import Article, Pledge

ANNOTATIONS = Path(__file__).resolve().parents[3] / "training" / "pledges"
_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")


@dataclass
class Gold:
    doc: str
    sent: tuple[int, int]
    actor: tuple[int, int] | None
    target: tuple[int, int]
    deadline: str
    strength: str
    clear: bool
    status: str


def load_gold(split: str, folder: Path = ANNOTATIONS) -> tuple[list[str], dict[str, list[Gold]]]:
    """Annotated document ids of ``split`` and their gold pledges."""
    with (folder / "documents.tsv").open(encoding="utf-8") as f:
        docs = [r["doc"] for r in csv.DictReader(f, delimiter="\t") if r["split"] == split]
    gold: dict[str, list[Gold]] = {d: [] for d in docs}
    with (folder / "annotations.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["split"] != split:
                continue
            gold[r["doc"]].append(Gold(
                doc=r["doc"], sent=(int(r["sent_start"]), int(r["sent_end"])),
                actor=(int(r["actor_start"]), int(r["actor_end"])) if r["actor_start"] else None,
                target=(int(r["target_start"]), int(r["target_end"])), deadline=r["deadline_value"],
                strength=r["strength"], clear=r["clear"] == "1", status=r["polarity"]))
    return docs, gold


def load_articles(data: Path, split: str, docs: list[str]) -> list[Article]:
    """The dataset articles of ``docs`` (text and date from the file name)."""
    paths = {p.name.split(" ", 1)[0]: p for p in (Path(data) / split).glob("*.json")}
    out = []
    for d in docs:
        if d not in paths:
            raise FileNotFoundError(f"{data}/{split}: no file for document {d}")
        raw = json.loads(paths[d].read_text(encoding="utf-8"))
        m = _DATE.search(raw.get("documentName", ""))
        out.append(Article(id=d, text=raw["originalText"], date=dt.date.fromisoformat(m.group(1)) if m else None,
                           lang="de", genre="news"))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _actor_ok(p: Pledge, g: Gold, entity_spans: dict[str, list[tuple[int, int]]]) -> bool:
    if g.actor is None:
        return p.actor is None
    if p.actor is None:
        return False
    if _overlap((p.actor.start, p.actor.end), g.actor):
        return True
    return any(_overlap(s, g.actor) for s in entity_spans.get(p.actor.entity or "", []))


def match(pred: list[Pledge], gold: list[Gold]) -> list[tuple[Pledge, Gold | None]]:
    """Pair each prediction with at most one gold pledge of an overlapping sentence."""
    used: set[int] = set()
    out: list[tuple[Pledge, Gold | None]] = []
    for p in pred:
        ev = (p.evidence.start, p.evidence.end)
        options = [(i, g) for i, g in enumerate(gold) if i not in used and _overlap(ev, g.sent)]
        if not options:
            out.append((p, None))
            continue
        i, g = max(options, key=lambda x: (_overlap((p.target.start, p.target.end), x[1].target), x[1].clear))
        used.add(i)
        out.append((p, g))
    return out


def score(pairs_by_doc: list[tuple[list[tuple[Pledge, Gold | None]], list[Gold], dict]], c: Counter) -> None:
    for pairs, gold, entity_spans in pairs_by_doc:
        c["gold_clear"] += sum(g.clear for g in gold)
        c["gold_borderline"] += sum(not g.clear for g in gold)
        for p, g in pairs:
            c["pred"] += 1
            if g is None:
                c["fp"] += 1
            elif not g.clear:
                c["borderline_found"] += 1
            else:
                c["tp"] += 1
                if p.amount is not None and "_amounts" in entity_spans:
                    a = entity_spans["_amounts"][p.amount]
                    c["amount_pred"] += 1
                    c["amount_in_target"] += _overlap(a, g.target) == a[1] - a[0]
                c["actor_ok"] += _actor_ok(p, g, entity_spans)
                c["deadline_ok"] += (p.deadline or "") == g.deadline
                c["deadline_gold"] += bool(g.deadline)
                c["strength_ok"] += p.strength == g.strength
                c["status_ok"] += p.status == g.status


def summarise(c: Counter) -> dict:
    tp, fp = c["tp"], c["fp"]
    fn = c["gold_clear"] - tp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    share = (lambda k: round(c[k] / tp, 4) if tp else 0.0)
    tp_all, gold_all = tp + c["borderline_found"], c["gold_clear"] + c["gold_borderline"]
    p_all = tp_all / (tp_all + fp) if tp_all + fp else 0.0
    r_all = tp_all / gold_all if gold_all else 0.0
    return {
        "clear": {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                  "tp": tp, "fp": fp, "fn": fn},
        "with_borderline": {"p": round(p_all, 4), "r": round(r_all, 4),
                            "f1": round(2 * p_all * r_all / (p_all + r_all), 4) if p_all + r_all else 0.0,
                            "tp": tp_all, "fp": fp, "fn": gold_all - tp_all},
        "amount_in_target": {"pledges_with_amount": c["amount_pred"],
                             "share": round(c["amount_in_target"] / c["amount_pred"], 4) if c["amount_pred"] else 0.0},
        "actor_accuracy": share("actor_ok"),
        "deadline_accuracy": share("deadline_ok"),
        "strength_accuracy": share("strength_ok"),
        "borderline": {"gold": c["gold_borderline"], "found": c["borderline_found"],
                       "recall": round(c["borderline_found"] / c["gold_borderline"], 4) if c["gold_borderline"] else 0.0},
        "counts": {"docs": c["docs"], "pred": c["pred"], "gold_clear": c["gold_clear"],
                   "gold_clear_with_deadline_found": c["deadline_gold"], "tokens": c["tokens"]},
    }


def run(data: Path, split: str = "dev", analyzer=None, errors: list | None = None) -> dict:
    """Analyse the annotated documents of ``split`` and score their pledges (see module doc)."""
    if analyzer is None:
        from ..analyse import default_analyzer

        analyzer = default_analyzer()
    docs, gold = load_gold(split)
    articles = load_articles(data, split, docs)
    c: Counter = Counter()
    t0 = time.process_time()
    records = list(analyzer.analyse_many(articles))
    cpu = time.process_time() - t0
    batch = []
    for rec in records:
        spans: dict = {e.id: [(m.start, m.end) for m in e.mentions] for e in rec.entities}
        spans["_amounts"] = [(a.start, a.end) for a in rec.amounts]
        pairs = match(rec.pledges, gold[rec.id])
        batch.append((pairs, gold[rec.id], spans))
        c["docs"] += 1
        c["tokens"] += len(rec.text.split())
        if errors is not None:
            errors.append((rec, pairs, gold[rec.id]))
    score(batch, c)
    out = summarise(c)
    out["tokens_per_cpu_second"] = round(c["tokens"] / cpu) if cpu else None
    out["split"] = split
    return out
