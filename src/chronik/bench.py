"""Benchmark and evaluation results, written with the machine and commit they came from."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from .version import __version__


def machine() -> dict[str, Any]:
    return {
        "host": platform.node(),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def commit() -> str | None:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    if sha.returncode:
        return None
    return sha.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def results_dir() -> Path:
    return Path(os.environ.get("CHRONIK_RESULTS", "bench/results"))


def write_result(name: str, figures: dict[str, Any], directory: Path | None = None) -> Path:
    """Write ``<directory>/<name>.json`` with figures, machine, commit and time."""
    directory = directory or results_dir()
    directory.mkdir(parents=True, exist_ok=True)
    payload = {
        "name": name,
        "figures": figures,
        "machine": machine(),
        "commit": commit(),
        "chronik_version": __version__,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    path = directory / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
