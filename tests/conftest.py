import contextlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed-article.txt"
SHARED_DATA = Path(os.environ.get("CHRONIK_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared training/eval data, or skip the test when this machine lacks it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def analyzer():
    from chronik.analyse import default_analyzer

    return default_analyzer()


@pytest.fixture(scope="session")
def seed_record(analyzer, seed_text):
    import datetime as dt

    from chronik.record import Article

    return analyzer.analyse(Article(id="seed", text=seed_text, date=dt.date(2020, 2, 14)))


@pytest.fixture
def run():
    """``run("ingest", path, "--db", db)``: the chronik CLI in process; exceptions propagate."""
    from typer.testing import CliRunner

    from chronik.cli import app

    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke


# -- the knowledge-base backends: SQLite (a file) and PostgreSQL (a real server from CHRONIK_TEST_PG) ----

PG_URL = os.environ.get("CHRONIK_TEST_PG")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The test server's URL; skip without one (under CI=true a missing or unreachable server fails)."""
    ci = os.environ.get("CI", "").lower() == "true"
    if not PG_URL:
        if ci:
            pytest.fail("CHRONIK_TEST_PG is not set: CI must run the PostgreSQL tests (.ci/run starts a server)")
        pytest.skip("CHRONIK_TEST_PG not set (a postgresql:// URL of a throw-away database)")
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=5).close()
    except Exception as exc:  # noqa: BLE001 - any reason: no driver, no server, wrong credentials
        if ci:
            pytest.fail(f"CHRONIK_TEST_PG={PG_URL} is unusable: {exc}")
        pytest.skip(f"CHRONIK_TEST_PG unusable: {exc}")
    return PG_URL


@contextlib.contextmanager
def pg_schema(server: str):
    """A fresh, empty PostgreSQL knowledge base: its own schema on the test server, dropped afterwards."""
    import uuid

    import psycopg

    from chronik.store import postgres

    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{server}{'&' if '?' in server else '?'}options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        postgres.close_pools(url)
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def pg_db(pg_server):
    """A fresh PostgreSQL knowledge base URL for one test."""
    with pg_schema(pg_server) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_kb_db(request, tmp_path_factory):
    """A knowledge base location on each backend shared by a module's tests."""
    if request.param == "sqlite":
        yield tmp_path_factory.mktemp("kb") / "kb.db"
        return
    with pg_schema(request.getfixturevalue("pg_server")) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def kb_db(request, tmp_path):
    """A knowledge base location on each backend: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return tmp_path / "kb.db"
    return request.getfixturevalue("pg_db")
