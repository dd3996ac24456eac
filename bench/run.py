"""`make bench`: Chronik's throughput, profile, scaling, memory and Dask overhead.

    python bench/run.py --shared ../shared/data [--repeats 3] [--articles 300] [--skip-dask] [--skip-scaling]

Figures (medians over ``--repeats`` runs; the machine is shared, so the load
average is recorded with every run) go to bench/results/bench.json with the
machine and commit (chronik.bench.write_result):

* tokens per CPU-second end to end (every component on, the default NER model) on
  Wikinews (train+dev) and 10kGNAD texts, and its ratio to spaCy's bare German
  tokenizer on the same texts (the ceiling); tokens are spaCy tokens;
* CPU seconds per pipeline component (language id, tokenizer, each component,
  building the record, JSON);
* wall-clock speed-up of ``chronik extract`` from 1 to 2 worker processes (startup included);
* peak RSS per worker; start-up CPU (``Analyzer()``, then the first article with its lazy loads);
* Dask (LocalCluster, 2 workers) ingest time against local 2-worker ingest.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import spacy

from chronik.analyse import Analyzer
from chronik.analyse.lang import detect_language
from chronik.analyse.pipeline import batches, component_cfg
from chronik.batch import Batch
from chronik.bench import write_result
from chronik.ingest import Rejected
from chronik.record import Article
from chronik.runners import PIPE_BATCH, analyse_chunk, chunked, freeze_loaded

_WIKINEWS_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")


def wikinews(shared: Path, limit: int) -> list[Article]:
    """Wikinews quotation corpus texts (train + dev); the date is in the document name."""
    files = sorted((shared / "quotes/wikinews/train").glob("*.json")) + sorted(
        (shared / "quotes/wikinews/dev").glob("*.json")
    )
    out = []
    for path in files[:limit]:
        doc = json.loads(path.read_text(encoding="utf-8"))
        m = _WIKINEWS_DATE.search(doc["documentName"])
        out.append(Article(id=f"wn-{len(out)}", text=doc["originalText"], date=m.group(1) if m else None))
    return out


def gnad(shared: Path, limit: int) -> list[Article]:
    """10kGNAD (derStandard) texts: ``category;'text'`` lines, no dates."""
    with (shared / "raw/10kgnad/test.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter=";", quotechar="'")
        return [Article(id=f"gnad-{i}", text=text) for i, (_, text) in zip(range(limit), rows)]


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def tokenizer_ceiling(articles: list[Article]) -> tuple[int, float]:
    """spaCy tokens and CPU seconds of the bare German tokenizer."""
    tok = spacy.blank("de").tokenizer
    n = 0

    def run():
        nonlocal n
        n = sum(len(tok(a.text)) for a in articles)

    seconds = cpu(run)
    return n, seconds


def end_to_end(analyzer: Analyzer, articles: list[Article]) -> tuple[float, int]:
    """CPU seconds for records and their JSON, as `chronik extract` makes them; articles that failed."""
    failed = 0

    def run():
        nonlocal failed
        for chunk in chunked(articles, 16):
            for r in analyse_chunk(analyzer, chunk):
                if isinstance(r, Rejected):
                    failed += 1
                else:
                    r.to_json()

    seconds = cpu(run)
    return seconds, failed


def profile(analyzer: Analyzer, articles: list[Article], batch_size: int = PIPE_BATCH) -> dict[str, float]:
    """CPU seconds per step, the pipeline run component by component as nlp.pipe does."""
    spent: dict[str, float] = defaultdict(float)

    def timed(name, fn, *args):
        start = time.process_time()
        result = fn(*args)
        spent[name] += time.process_time() - start
        return result

    for batch in batches(articles, batch_size):
        try:
            _profile_batch(analyzer, batch, timed, batch_size)
        except Exception:  # a component bug: figures/failed_articles counts these
            continue
    return dict(spent)


def _profile_batch(analyzer: Analyzer, batch: list[Article], timed, batch_size: int) -> None:
    """One batch through :meth:`Analyzer._analyse_batch`'s steps, each timed."""
    langs = timed("language_id", lambda: [a.lang or detect_language(a.text) for a in batch])
    german = [a for a, lang in zip(batch, langs) if lang == "de"]
    docs = timed("tokenizer", lambda: [analyzer.make_doc(a) for a in german])
    cfg = component_cfg(len(german))
    for name, proc in analyzer.nlp.pipeline:
        if hasattr(proc, "pipe"):
            size = cfg.get(name, {}).get("batch_size", batch_size)
            docs = timed(name, lambda proc=proc, docs=docs, size=size: list(proc.pipe(docs, batch_size=size)))
        else:
            docs = timed(name, lambda proc=proc, docs=docs: [proc(d) for d in docs])
    records = timed("to_record", lambda: [analyzer.to_record(a, d, "de") for a, d in zip(german, docs)])
    timed("to_json", lambda: [r.to_json() for r in records])


def extract_wall(path: Path, workers: int) -> tuple[float, dict]:
    """Wall seconds of a whole `extract` run (pipeline loading included) and its summary."""
    start = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as out:
        summary = Batch(workers=workers).extract([path], out)
    return time.perf_counter() - start, summary


def ingest_wall(path: Path, dask: bool) -> float:
    from chronik.dask_runner import DaskRunner
    from chronik.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "kb.db") as store:
        start = time.perf_counter()
        if dask:
            Batch(runner=DaskRunner("local", Path(tmp) / "parts", workers=2)).ingest([path], store)
        else:
            Batch(workers=2).ingest([path], store)
        return time.perf_counter() - start


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared/data"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--articles", type=int, default=300, help="Articles per corpus (default 300).")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true", help="No worker runs (on a machine too loaded to time them).")
    args = ap.parse_args(argv)
    if not (args.shared / "quotes/wikinews").is_dir():
        sys.exit(f"no shared data at {args.shared} (--shared)")

    start = time.process_time()
    analyzer = Analyzer()
    startup = {"analyzer_cpu_s": round(time.process_time() - start, 3)}
    corpora = {"wikinews": wikinews(args.shared, args.articles), "10kgnad": gnad(args.shared, args.articles)}
    # What a worker pays before its first record: loading the pipeline, then the first article
    # (which loads the noun lexicon and the language identifier on first use).
    startup["first_article_cpu_s"] = round(cpu(lambda: end_to_end(analyzer, corpora["wikinews"][:1])), 3)
    # As `chronik extract` does (runners.InProcess): the loaded pipeline out of the collector's view.
    startup["freeze_cpu_s"] = round(cpu(freeze_loaded), 3)
    figures: dict = {
        "articles_per_corpus": args.articles,
        "repeats": args.repeats,
        "ner": analyzer.models["ner"],
        "pipeline": analyzer.nlp.pipe_names,
        "cpus": os.cpu_count(),
        "startup": startup,
        "corpora": {},
    }
    for name, articles in corpora.items():
        runs = []
        for _ in range(args.repeats):
            tokens, tok_cpu = tokenizer_ceiling(articles)
            e2e_cpu, failed = end_to_end(analyzer, articles)
            runs.append(
                {
                    "tokens": tokens,
                    "tokenizer_cpu_s": tok_cpu,
                    "e2e_cpu_s": e2e_cpu,
                    "failed_articles": failed,
                    "load": os.getloadavg()[0],
                }
            )
            print(
                f"{name}: {tokens / e2e_cpu:,.0f} tokens/CPU-s (tokenizer {tokens / tok_cpu:,.0f})",
                file=sys.stderr,
            )
        tps = [r["tokens"] / r["e2e_cpu_s"] for r in runs]
        ceiling = [r["tokens"] / r["tokenizer_cpu_s"] for r in runs]
        prof = profile(analyzer, articles)
        total = sum(prof.values())
        figures["corpora"][name] = {
            "articles": len(articles),
            "tokens": runs[0]["tokens"],
            "tokens_per_cpu_s": median(tps),
            "tokenizer_tokens_per_cpu_s": median(ceiling),
            "ratio_to_tokenizer": round(statistics.median(tps) / statistics.median(ceiling), 4),
            "profile_cpu_s": {k: round(v, 3) for k, v in sorted(prof.items(), key=lambda kv: -kv[1])},
            "profile_share": {k: round(v / total, 3) for k, v in sorted(prof.items(), key=lambda kv: -kv[1])},
            "runs": runs,
        }

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a in corpora["wikinews"] + corpora["10kgnad"]:
                fh.write(a.model_dump_json(exclude={"origin", "extra"}) + "\n")
        scaling = []
        for _ in range(0 if args.skip_scaling else args.repeats):
            one, s1 = extract_wall(path, 1)
            two, s2 = extract_wall(path, 2)
            scaling.append(
                {
                    "wall_1_s": one,
                    "wall_2_s": two,
                    "speedup": one / two,
                    "load": os.getloadavg()[0],
                    "cpu_1_s": s1.cpu_seconds,
                    "cpu_2_s": s2.cpu_seconds,
                    "worker_max_rss_mb": [round(v / 2**20) for v in s2.worker_max_rss.values()],
                }
            )
            print(f"workers 1→2: {one:.1f} s → {two:.1f} s ({one / two:.2f}×)", file=sys.stderr)
        if scaling:
            figures["scaling"] = {
                "articles": len(corpora["wikinews"]) + len(corpora["10kgnad"]),
                "speedup_1_to_2": median([s["speedup"] for s in scaling]),
                # Total CPU (workers' analysis + main) with 2 workers over 1: the parallel overhead,
                # what limits the speed-up where two cores are actually free.
                "cpu_ratio_2_to_1": median([s["cpu_2_s"] / s["cpu_1_s"] for s in scaling]),
                "max_worker_rss_mb": max(max(s["worker_max_rss_mb"]) for s in scaling),
                "runs": scaling,
            }
        if not args.skip_dask:
            dask_runs = []
            for _ in range(args.repeats):
                local, dask = ingest_wall(path, dask=False), ingest_wall(path, dask=True)
                dask_runs.append(
                    {
                        "local_2_workers_s": local,
                        "dask_local_2_workers_s": dask,
                        "overhead": dask / local - 1,
                        "load": os.getloadavg()[0],
                    }
                )
                print(f"ingest local {local:.1f} s, dask {dask:.1f} s", file=sys.stderr)
            figures["dask"] = {"overhead": median([r["overhead"] for r in dask_runs]), "runs": dask_runs}

    figures["load_average_end"] = os.getloadavg()
    path = write_result("bench", figures)
    print(json.dumps({k: v for k, v in figures.items() if k != "corpora"}, indent=2), file=sys.stderr)
    for name, c in figures["corpora"].items():
        print(
            f"{name}: {c['tokens_per_cpu_s']:,.0f} tokens/CPU-s, {c['ratio_to_tokenizer']:.1%} of the tokenizer; "
            f"profile {c['profile_share']}",
            file=sys.stderr,
        )
    print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
