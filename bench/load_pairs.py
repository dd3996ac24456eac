"""Server CPU per request kind, before and after a change: medians of interleaved solo runs of ``bench/load.py``.

    python bench/load_pairs.py --runs DIR --name load-r11-levers --before-commit 4ec81bf

``DIR`` holds the results of ``bench/load.py --scenarios solo --solo-requests N --name solo-<backend>-<old|new>-<i>``
(written there with ``CHRONIK_RESULTS=DIR``), run interleaved (old, new, old, new, …) so that the machine's load
weighs on both sides alike. Writes ``bench/results/<name>.json``: per backend and side, each run's server CPU
per request kind and the medians over the runs.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from pathlib import Path
from typing import Any

from chronik.bench import write_result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--before-commit", required=True, help="The commit the 'old' runs ran.")
    parser.add_argument("--note", default="")
    args = parser.parse_args()
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for path in sorted(args.runs.glob("solo-*.json")):
        m = re.fullmatch(r"solo-(\w+)-(old|new)-(\d+)", path.stem)
        if not m:
            continue
        data = json.loads(path.read_text())
        solo = data["figures"]["scenarios"]["solo"]
        run = {"at": data["at"], "load_average_1min": solo["load_average_1min"],
               "all_ms": solo["server_cpu_ms_per_request"], "ordinary_reads_ms": solo["ordinary_reads"]["server_cpu_mean_ms"],
               "by_kind_ms": {k: v.get("server_cpu_mean_ms") for k, v in solo["by_kind"].items()}}
        runs.setdefault(m.group(1), {}).setdefault(m.group(2), []).append(run)
    figures: dict[str, Any] = {"before_commit": args.before_commit, "note": args.note, "backends": {}}
    for backend, sides in runs.items():
        out: dict[str, Any] = {}
        for side, rs in sides.items():
            kinds = sorted({k for r in rs for k in r["by_kind_ms"]})
            out[side] = {
                "runs": rs,
                "median_all_ms": statistics.median(r["all_ms"] for r in rs),
                "median_ordinary_reads_ms": statistics.median(r["ordinary_reads_ms"] for r in rs),
                "median_by_kind_ms": {k: statistics.median(r["by_kind_ms"][k] for r in rs if r["by_kind_ms"].get(k) is not None)
                                      for k in kinds},
            }
        figures["backends"][backend] = out
        if "old" in out and "new" in out:
            print(backend, "all", out["old"]["median_all_ms"], "->", out["new"]["median_all_ms"],
                  "ordinary reads", out["old"]["median_ordinary_reads_ms"], "->", out["new"]["median_ordinary_reads_ms"])
            for k, v in out["old"]["median_by_kind_ms"].items():
                print(f"  {k:20} {v:8.1f} -> {out['new']['median_by_kind_ms'].get(k, float('nan')):8.1f}")
    print(f"written to {write_result(args.name, figures)}")


if __name__ == "__main__":
    main()
