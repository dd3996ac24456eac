"""The layer contract holds: no upward imports, no cycles, nothing reads the package root.

``make lint`` checks the same contract with import-linter (``pyproject.toml``); this test
keeps it in ``make test`` too and adds what import-linter cannot express: no module reads
the package root, none imports another module's private names.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "chronik"


def imports_of(path: Path, source: str | None = None) -> list[tuple[str, list[str]]]:
    """(absolute module, imported names) for every import in ``path`` (or ``source`` as if there), at any depth."""
    # the package a relative import starts from: "store/sqlite.py" and "store/__init__.py" both in chronik.store
    package = ".".join(("chronik", *path.relative_to(SRC).parent.parts))
    found = []
    for node in ast.walk(ast.parse(source if source is not None else path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, [a.name for a in node.names]))
    return found


def root_reads(path: Path, source: str | None = None) -> list[str]:
    """Names ``path`` takes from ``chronik/__init__.py`` itself (submodules do not count)."""
    return [n for module, names in imports_of(path, source) if module == "chronik" for n in names if not _is_submodule(n)]


def test_no_module_reads_the_package_root():
    """``chronik/__init__.py`` is the public front door; modules inside import what they need directly."""
    offenders = [
        f"{path.relative_to(SRC)}: {name}"
        for path in SRC.rglob("*.py")
        if path not in (SRC / "__init__.py", SRC / "__main__.py")
        for name in root_reads(path)
    ]
    assert offenders == []


def private_imports(path: Path, source: str | None = None) -> list[str]:
    """Private names (one leading underscore) that ``path`` imports from Chronik modules."""
    return [
        f"{module}.{name}"
        for module, names in imports_of(path, source)
        if module.startswith("chronik")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]


def test_no_module_imports_another_modules_private_names():
    """A leading underscore means "this module only": seams between modules are public names."""
    assert [f"{path.relative_to(SRC)}: {name}" for path in SRC.rglob("*.py") for name in private_imports(path)] == []
    kb = SRC / "cli" / "kb.py"
    assert private_imports(kb, "from .common import _usage, out\n") == ["chronik.cli.common._usage"]


def _is_submodule(name: str) -> bool:
    return (SRC / f"{name}.py").exists() or (SRC / name / "__init__.py").exists()


def test_the_import_walk_resolves_relative_imports():
    found = imports_of(SRC / "store" / "sqlite.py")
    assert any(m == "chronik.store" and "kb" in names for m, names in found)
    assert any(m == "chronik.record" for m, _ in found)
    pipeline = SRC / "analyse" / "pipeline.py"
    assert root_reads(pipeline, "def f():\n    from .. import __version__, record\n") == ["__version__"]
    assert root_reads(pipeline, "from ..version import __version__\n") == []


def test_layer_contract_holds():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.skip("import-linter not installed (pip install -e '.[test]')")
    res = subprocess.run([lint_imports, "--no-logo", "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
