"""Records as flat tables (articles, statements, entities, mentions, times, amounts, pledges).

One schema for every tabular output: ``chronik export --format parquet`` and the
Dask runner's partitioned Parquet both use :func:`to_rows` / :func:`write_parquet`.
Columns are documented in ``docs/schema.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .record import Record

TABLES = ("articles", "statements", "entities", "mentions", "times", "amounts", "pledges")


def to_rows(record: Record) -> dict[str, list[dict[str, Any]]]:
    """One record as rows per table; every row carries its ``article`` id."""
    a = record.id
    date = record.date.isoformat() if record.date else None
    names: dict[str | None, str] = {e.id: e.name for e in record.entities}
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    rows["articles"].append(
        dict(
            article=a, title=record.title, date=date, url=record.url, source=record.source, lang=record.lang,
            genre=record.genre, text=record.text, extra=json.dumps(record.extra, ensure_ascii=False),
            chronik_version=record.provenance.chronik_version if record.provenance else None,
        )
    )
    for q in record.quotes:
        rows["statements"].append(
            dict(
                article=a, quote=q.id, kind=q.kind,
                text=" … ".join(p.text for p in q.content),
                start=min((p.start for p in q.content), default=None),
                end=max((p.end for p in q.content), default=None),
                speaker=names.get(q.speaker.entity) if q.speaker and q.speaker.entity else None,
                speaker_mention=q.speaker.text if q.speaker else None,
                speaker_entity=q.speaker.entity if q.speaker else None,
                cue=q.cue.text if q.cue else None,
                date=q.time or date,
                date_source=q.time_source,
            )
        )
    for e in record.entities:
        rows["entities"].append(
            dict(article=a, entity=e.id, name=e.name, type=e.type, qid=e.qid, mentions=len(e.mentions),
                 roles=json.dumps([r.role for r in e.roles], ensure_ascii=False))
        )
        for m in e.mentions:
            rows["mentions"].append(dict(article=a, entity=e.id, start=m.start, end=m.end, text=m.text, kind=m.kind))
    for t in record.times:
        rows["times"].append(dict(article=a, start=t.start, end=t.end, text=t.text, type=t.type, value=t.value,
                                  mod=t.mod, role=t.role))
    for n in record.amounts:
        rows["amounts"].append(dict(article=a, start=n.start, end=n.end, text=n.text, value=n.value, unit=n.unit,
                                    object=n.object, qualifier=n.qualifier))
    for p in record.pledges:
        rows["pledges"].append(
            dict(article=a, pledge=p.id, actor=(names.get(p.actor.entity) or p.actor.text) if p.actor else None,
                 actor_entity=p.actor.entity if p.actor else None, target=p.target.text, deadline=p.deadline,
                 quote=p.quote, evidence=p.evidence.text)
        )
    return rows


def _schemas():
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    return {
        "articles": pa.schema([("article", s), ("title", s), ("date", s), ("url", s), ("source", s), ("lang", s),
                               ("genre", s), ("text", s), ("extra", s), ("chronik_version", s)]),
        "statements": pa.schema([("article", s), ("quote", s), ("kind", s), ("text", s), ("start", i), ("end", i),
                                 ("speaker", s), ("speaker_mention", s), ("speaker_entity", s), ("cue", s),
                                 ("date", s), ("date_source", s)]),
        "entities": pa.schema([("article", s), ("entity", s), ("name", s), ("type", s), ("qid", s),
                               ("mentions", i), ("roles", s)]),
        "mentions": pa.schema([("article", s), ("entity", s), ("start", i), ("end", i), ("text", s), ("kind", s)]),
        "times": pa.schema([("article", s), ("start", i), ("end", i), ("text", s), ("type", s), ("value", s),
                            ("mod", s), ("role", s)]),
        "amounts": pa.schema([("article", s), ("start", i), ("end", i), ("text", s), ("value", f), ("unit", s),
                              ("object", s), ("qualifier", s)]),
        "pledges": pa.schema([("article", s), ("pledge", s), ("actor", s), ("actor_entity", s), ("target", s),
                              ("deadline", s), ("quote", s), ("evidence", s)]),
    }


def write_parquet(records: Iterable[Record], directory: str | Path, *, part: str = "part-0") -> dict[str, int]:
    """Write ``directory/<table>/<part>.parquet`` for every table; returns rows per table.

    Many parts (one per worker or partition) side by side form one dataset that
    DuckDB (``read_parquet('dir/statements/*.parquet')``), pandas and Spark read as is.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = _schemas()
    buffers: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for record in records:
        for table, rows in to_rows(record).items():
            buffers[table].extend(rows)
    out = Path(directory)
    for table, rows in buffers.items():
        (out / table).mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=schemas[table]), out / table / f"{part}.parquet")
    return {t: len(r) for t, r in buffers.items()}
