"""Records as Parquet tables (articles, statements, entities, mentions, times, amounts, pledges, events).

One schema for every tabular output: ``chronik export --format parquet`` and the
Dask runner's partitioned Parquet both use :func:`write_parquet`; the rows come from
:func:`chronik.projection.to_rows`, as the knowledge base's tables do.
Columns are documented in ``docs/schema.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..projection import TABLES, to_rows
from ..record import Record

__all__ = ["TABLES", "to_rows", "write_parquet"]


def _schemas():
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    return {
        "articles": pa.schema([("article", s), ("title", s), ("date", s), ("url", s), ("source", s), ("lang", s),
                               ("genre", s), ("text", s), ("extra", s), ("chronik_version", s)]),
        "statements": pa.schema([("article", s), ("quote", s), ("kind", s), ("text", s), ("start", i), ("end", i),
                                 ("speaker", s), ("speaker_mention", s), ("speaker_entity", s), ("cue", s),
                                 ("date", s), ("date_source", s), ("confidence", f)]),
        "entities": pa.schema([("article", s), ("entity", s), ("name", s), ("type", s), ("qid", s),
                               ("mentions", i), ("roles", s)]),
        "mentions": pa.schema([("article", s), ("entity", s), ("start", i), ("end", i), ("text", s), ("kind", s)]),
        "times": pa.schema([("article", s), ("start", i), ("end", i), ("text", s), ("type", s), ("value", s),
                            ("mod", s), ("role", s)]),
        "amounts": pa.schema([("article", s), ("start", i), ("end", i), ("text", s), ("value", f), ("unit", s),
                              ("object", s), ("qualifier", s)]),
        "pledges": pa.schema([("article", s), ("pledge", s), ("actor", s), ("actor_entity", s), ("target", s),
                              ("deadline", s), ("quote", s), ("evidence", s), ("strength", s), ("confidence", f),
                              ("status", s), ("speaker", s)]),
        "events": pa.schema([("article", s), ("event", s), ("type", s), ("trigger", s), ("actor", s),
                             ("actor_entity", s), ("target", s), ("target_entity", s), ("place", s),
                             ("place_entity", s), ("time", s), ("date", s), ("evidence", s), ("start", i),
                             ("end", i), ("quote", s), ("confidence", f)]),
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
