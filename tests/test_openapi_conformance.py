"""The OpenAPI schema tells the truth: schemathesis generates requests from ``/openapi.json`` for every
operation and checks each response against the schema (status codes, bodies, headers, no 5xx).

Bounded: a few examples per operation, derandomised, so that ``make test`` runs it in seconds.
"""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from chronik.api import create_app  # noqa: E402
from chronik.record import Entity, Mention, Record  # noqa: E402
from chronik.store import Store  # noqa: E402

TOKEN = "conformance-token"


def _app():
    folder = tempfile.mkdtemp(prefix="chronik-openapi-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "kb.db"
    text = "Olaf Scholz sagte am Montag in Berlin, die Lage sei ernst."
    with Store(path) as store:
        store.add(Record(id="https://news.example/a?b#c", text=text, date=dt.date(2021, 12, 8),
                         entities=[Entity(id="e1", name="Olaf Scholz", type="PER",
                                          mentions=[Mention(start=0, end=11, text="Olaf Scholz")])]))
    return create_app(path, token=TOKEN)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_its_schema(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})
