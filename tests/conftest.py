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
