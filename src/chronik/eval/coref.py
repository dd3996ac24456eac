"""Score Chronik's entity coreference against the Potsdam Commentary Corpus 2.2 (CoNLL format).

Each document's tokens are joined with spaces (sentences with newlines) and run through the full
pipeline; every ``Entity.mentions`` span is a predicted mention of that entity. Scored with
predicted mentions (end to end), singletons removed on both sides as in CoNLL-2012:

* ``strict``: a predicted mention counts only if its characters equal a gold mention's.
* ``lenient``: a predicted mention also counts for the smallest unclaimed gold mention that
  contains it ("Ministerin" inside gold "die neue Ministerin").

Metrics: MUC (Vilain et al. 1995), B³ (Bagga & Baldwin 1998) and their mean; mention detection
P/R/F against the non-singleton gold mentions. ``docs/entities.md`` explains the choices.

    chronik eval coref ../shared/data/syntax/pcc-coref   (figures also to bench/results/eval-coref.json)
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_OPEN = re.compile(r"\((\d+)")
_CLOSE = re.compile(r"(\d+)\)")

Mention = tuple[int, int]  # char offsets
Clusters = list[set[Mention]]


@dataclass
class Doc:
    id: str
    text: str
    gold: Clusters


def load(path: Path) -> Doc:
    """Read one PCC CoNLL file: text with char offsets and the gold clusters."""
    parts: list[str] = []
    pos = 0
    open_at: dict[str, list[int]] = defaultdict(list)
    clusters: dict[str, set[Mention]] = defaultdict(set)
    new_sentence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            new_sentence = True
            continue
        cols = line.split("\t")
        sep = "" if not parts else "\n" if new_sentence else " "
        new_sentence = False
        start = pos + len(sep)
        parts.append(sep + cols[1])
        pos = start + len(cols[1])
        for piece in cols[-1].split("|"):
            for cid in _OPEN.findall(piece):
                open_at[cid].append(start)
            for cid in _CLOSE.findall(piece):
                clusters[cid].add((open_at[cid].pop(), pos))
    return Doc(path.stem, "".join(parts), list(clusters.values()))


def predicted(record) -> Clusters:
    return [{(m.start, m.end) for m in e.mentions} for e in record.entities]


def align(pred: Clusters, gold: Clusters) -> Clusters:
    """Lenient alignment: move each unmatched predicted mention onto the smallest unclaimed gold
    mention that contains it."""
    gold_mentions = sorted({m for c in gold for m in c}, key=lambda m: m[1] - m[0])
    exact = {m for c in pred for m in c} & set(gold_mentions)
    claimed = set(exact)
    out = []
    for cluster in pred:
        moved = set()
        for m in sorted(cluster):
            if m not in exact:
                g = next((g for g in gold_mentions if g not in claimed and g[0] <= m[0] and m[1] <= g[1]), None)
                if g is not None:
                    claimed.add(g)
                    m = g
            moved.add(m)
        out.append(moved)
    return out


def _non_singletons(clusters: Clusters) -> Clusters:
    return [c for c in clusters if len(c) > 1]


def muc(key: Clusters, response: Clusters) -> tuple[float, float]:
    """MUC numerator and denominator (recall; swap arguments for precision)."""
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0
    for c in key:
        parts = {where.get(m, ("alone", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num, den


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float]:
    """B³ numerator and denominator (recall; swap arguments for precision)."""
    where = {m: c for c in response for m in c}
    num = sum(len(c & where.get(m, set())) / len(c) for c in key for m in c)
    return num, sum(len(c) for c in key)


def _prf(r: tuple[float, float], p: tuple[float, float]) -> dict[str, float]:
    rec = r[0] / r[1] if r[1] else 0.0
    pre = p[0] / p[1] if p[1] else 0.0
    f1 = 2 * pre * rec / (pre + rec) if pre + rec else 0.0
    return {"p": round(pre, 4), "r": round(rec, 4), "f1": round(f1, 4)}


def score(pairs: list[tuple[Clusters, Clusters]]) -> dict:
    """Micro-averaged MUC, B³, their mean, and mention detection over (gold, predicted) docs."""
    tot: defaultdict[str, float] = defaultdict(float)
    for gold, pred in pairs:
        key, resp = _non_singletons(gold), _non_singletons(pred)
        for name, metric in (("muc", muc), ("b3", b_cubed)):
            rn, rd = metric(key, resp)
            pn, pd = metric(resp, key)
            tot[f"{name}_rn"] += rn
            tot[f"{name}_rd"] += rd
            tot[f"{name}_pn"] += pn
            tot[f"{name}_pd"] += pd
        gm, pm = {m for c in key for m in c}, {m for c in resp for m in c}
        tot["md_tp"] += len(gm & pm)
        tot["md_g"] += len(gm)
        tot["md_p"] += len(pm)
    out: dict[str, Any] = {
        name: _prf((tot[f"{name}_rn"], tot[f"{name}_rd"]), (tot[f"{name}_pn"], tot[f"{name}_pd"]))
        for name in ("muc", "b3")
    }
    out["avg_f1"] = round((out["muc"]["f1"] + out["b3"]["f1"]) / 2, 4)
    out["mentions"] = _prf((tot["md_tp"], tot["md_g"]), (tot["md_tp"], tot["md_p"]))
    return out


def run(dir: Path, analyzer=None) -> dict:
    """Analyse every PCC document under ``dir`` and score coreference (strict and lenient)."""
    from ..record import Article

    if analyzer is None:
        from ..analyse import default_analyzer

        analyzer = default_analyzer()
    files = sorted(Path(dir).rglob("*.conll"))
    docs = [load(p) for p in files]
    articles = (Article(id=d.id, text=d.text, lang="de", genre="news") for d in docs)
    pairs = [(d.gold, predicted(rec)) for d, rec in zip(docs, analyzer.analyse_many(articles))]
    return {
        "docs": len(docs),
        "gold_clusters": sum(len(_non_singletons(d.gold)) for d in docs),
        "strict": score(pairs),
        "lenient": score([(g, align(p, g)) for g, p in pairs]),
    }
