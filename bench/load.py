"""Load run: concurrent clients against ``chronik serve`` on a 100,000-article knowledge base.

    python bench/load.py [--db out/load/load.db] [--articles 100000] [--seconds 60] [--clients 20]

1. **Store.** Texts written here from templates (invented people, parties, outlets and topics;
   nothing from ``../shared/data``) are analysed once by the real pipeline (``--distinct`` of
   them), then copied into the store through its public write API (``Store.add_many``, one
   transaction per 1,000) under new ids, outlets and dates, each copy with its own closing line
   of words (so no two texts are equal), until it holds ``--articles``. The built store is kept
   (``--db``, default ``out/load/load.db``, gitignored) and reused while the build parameters
   match; each scenario runs on a fresh copy of it, so writes never change the cached store.
2. **Server.** The real server (``python -m chronik serve --db … --host 127.0.0.1``), on a free
   loopback port, with a write token; stopped after each scenario.
3. **Clients.** ``--clients`` threads (closed loop: each sends its next request when the last
   one is answered, no think time) draw from a fixed mix of ordinary requests: statement search
   with filters and sort (API and web page), statement lists, entity pages and lists, article
   pages, and writes (entity merges and splits, an article added through the API). The second
   scenario adds ``--heavy`` clients sending the most expensive searches there are (very common
   words, no filters, deep pages, facets).
4. **Figures.** Throughput, p50/p95/p99/max per request kind, errors, and how many ordinary
   requests took over 1 s, to ``bench/results/load-<backend>.json`` with machine and commit.

``--db`` may be any knowledge base ``chronik serve --db`` accepts; the bench only passes it on.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import itertools
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from chronik.bench import write_result
from chronik.record import Article, Record, text_digest
from chronik.store import Store

TOKEN = "load-bench-token"
BUILD_VERSION = 1  # bump when the generated corpus changes: a cached store of another version is rebuilt
ORDINARY_READ_P95_GOAL_MS = 200
SLOW_S = 1.0

# -- the corpus: invented people, parties, outlets and topics ------------------------------------
FIRST = ["Anna", "Jonas", "Miriam", "Felix", "Sabine", "Thomas", "Katrin", "Markus", "Julia", "Stefan", "Petra",
         "Andreas", "Claudia", "Michael", "Lena", "Tobias", "Ulrike", "Matthias", "Carina", "Florian", "Ines",
         "Bernd", "Nadine", "Holger", "Svenja", "Ralf", "Heike", "Dirk", "Melanie", "Jan", "Birgit", "Oliver",
         "Karin", "Sebastian", "Doris", "Lukas", "Renate", "Martin", "Yvonne", "Georg"]
LAST = ["Albrecht", "Brandner", "Conradi", "Dürrfeld", "Eckhoff", "Fassbinder", "Gellert", "Hohmann", "Imhof",
        "Jankowski", "Kessler", "Lindqvist", "Maurer", "Niederle", "Oberdorf", "Pfleiderer", "Quandtmann",
        "Rosskamp", "Schellenberg", "Trautwein", "Uhlenbrock", "Vogler", "Wendland", "Zeitler", "Ahrens",
        "Bergmeister", "Dorfner", "Ehrhardt", "Falkenberg", "Grunwald", "Haberland", "Kaltenbach", "Lorenzen",
        "Mertesacker", "Nussbaumer", "Osterkamp", "Plessner", "Reinhold", "Steinbrecher", "Thalheim",
        "Vierling", "Weidemann", "Zumbusch", "Asmussen", "Brockhaus", "Diekmann", "Engelhardt", "Feldkamp",
        "Göttsche", "Hellwig", "Kirchhoff", "Lüdecke", "Mohrmann", "Nolting", "Pahlke", "Rittershaus",
        "Sandmann", "Tiedemann", "Wachsmuth", "Ziegenbein"]
PARTIES = ["CDU", "SPD", "Grüne", "FDP", "Linke", "CSU", "ÖVP", "SPÖ", "Freie Wähler"]
ROLES = ["Bundesministerin", "Bundesminister", "Ministerpräsidentin", "Ministerpräsident", "Bürgermeisterin",
         "Bürgermeister", "Fraktionschefin", "Fraktionschef", "Landrätin", "Landrat", "Abgeordnete",
         "Staatssekretärin", "Parteichef", "Gewerkschaftschefin", "Verbandspräsident"]
CITIES = ["Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig", "Dresden",
          "Hannover", "Wien", "Graz", "Bremen", "Kiel", "Mainz", "Erfurt", "Potsdam", "Magdeburg", "Schwerin"]
ORGS = ["Bundesregierung", "Landesregierung", "Europäische Union", "Bundestag", "Bundesrat", "Bundesagentur für Arbeit",
        "Deutsche Bahn", "Bundesnetzagentur", "Stadtrat", "Verfassungsgericht", "Nato", "Vereinte Nationen"]
TOPICS = [  # (subject, genitive-free object phrase)
    ("Energiewende", "den Ausbau der Windkraft"), ("Wohnungsbau", "bezahlbare Mieten"),
    ("Klimaschutz", "die Senkung der Emissionen"), ("Bildung", "die Sanierung der Schulen"),
    ("Pflege", "höhere Löhne in der Pflege"), ("Verkehr", "den Ausbau der Schiene"),
    ("Digitalisierung", "schnelles Internet auf dem Land"), ("Rente", "eine stabile Rente"),
    ("Gesundheit", "die Reform der Krankenhäuser"), ("Migration", "die Integration von Flüchtlingen"),
    ("Haushalt", "einen ausgeglichenen Haushalt"), ("Landwirtschaft", "faire Preise für Bauern"),
    ("Sicherheit", "mehr Personal bei der Polizei"), ("Verteidigung", "die Ausrüstung der Bundeswehr"),
    ("Industrie", "günstigere Strompreise für Betriebe"), ("Kultur", "die Förderung der Theater"),
    ("Forschung", "mehr Geld für Hochschulen"), ("Tourismus", "die Stärkung der Regionen"),
    ("Arbeitsmarkt", "die Vermittlung von Fachkräften"), ("Justiz", "schnellere Verfahren an den Gerichten"),
]
DIRECT = [
    "Wir werden {obj} nicht aufgeben", "Das ist ein wichtiger Tag für {subj} in {city}",
    "Ich halte das für einen schweren Fehler", "Die Lage ist ernst, aber nicht hoffnungslos",
    "Wir brauchen jetzt Klarheit für {obj}", "Niemand kann ernsthaft gegen {obj} sein",
    "Das Geld ist gut investiert", "Wir haben lange genug gewartet",
    "Die Menschen in {city} erwarten zu Recht Ergebnisse", "Das wird teuer, aber es lohnt sich",
    "Mit uns wird es keine Kürzungen geben", "Wir stehen erst am Anfang",
]
INDIRECT = [
    "die {org} müsse mehr für {obj} tun", "der Plan sei nicht zu finanzieren",
    "man habe die Kosten für {obj} lange unterschätzt", "die Reform komme zu spät",
    "es gebe noch keine Einigung über {obj}", "die Zahlen seien ermutigend",
    "die Gespräche mit der {org} würden fortgesetzt", "das Vorhaben verstoße gegen geltendes Recht",
]
CUES = ["sagte", "erklärte", "betonte", "kritisierte", "warnte", "versicherte"]
OUTLETS = ["Rheinische Post", "Nordkurier", "Tagesblatt Süd", "Hamburger Abendblatt", "Weser-Kurier",
           "Mitteldeutsche Zeitung", "Badische Neueste", "Allgäuer Anzeiger", "Wiener Tagblatt", "Grazer Kurier",
           "Berliner Morgen", "Kölner Rundschau", "Saarland-Echo", "Ostsee-Zeitung", "Frankfurter Allgemeine",
           "dpa", "AFP", "Reuters", "epd", "Der Abend", "Neue Presse", "Schwarzwald-Bote", "Lausitzer Woche",
           "Harz-Kurier", "Münchner Merkur"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
FIRST_DAY, DAYS = dt.date(2015, 1, 1), 10 * 365


def people(rng: random.Random, n: int = 400) -> list[tuple[str, str, str, str]]:
    """(first, last, role, party) of ``n`` invented people, in the order of how often they speak."""
    pairs = sorted({(f, s) for f in FIRST for s in LAST})
    rng.shuffle(pairs)
    return [(f, s, rng.choice(ROLES), rng.choice(PARTIES)) for f, s in pairs[:n]]


def speakers(rng: random.Random, pool: list[tuple[str, str, str, str]], n: int) -> list[tuple[str, str, str, str]]:
    """``n`` different people: a few speak often, most rarely (Zipf-like, as in the news)."""
    weights = [1 / (rank + 1) for rank in range(len(pool))]
    chosen: list[tuple[str, str, str, str]] = []
    while len(chosen) < n:
        person = rng.choices(pool, weights=weights)[0] if rng.random() < 0.7 else rng.choice(pool)
        if person not in chosen:
            chosen.append(person)
    return chosen


def article_text(rng: random.Random, pool) -> tuple[str, str]:
    """(title, text) of one invented news report: a lead, two or three statements, a figure and a date."""
    subj, obj = rng.choice(TOPICS)
    city, org = rng.choice(CITIES), rng.choice(ORGS)
    a, b, c = speakers(rng, pool, 3)

    def fill(template: str) -> str:
        return template.format(subj=subj, obj=obj, city=city, org=rng.choice(ORGS))

    paragraphs = [
        f"{city} – {a[2]} {a[0]} {a[1]} ({a[3]}) hat am {rng.choice(WEEKDAYS)} neue Pläne zum Thema {subj} "
        f"vorgestellt. Im Mittelpunkt steht {obj}.",
        f"„{fill(rng.choice(DIRECT))}“, {rng.choice(CUES)} {a[1]} vor Journalisten in {city}. "
        f"{a[1]} {rng.choice(CUES)}, {fill(rng.choice(INDIRECT))}.",
        f"Kritik kam von {b[2]} {b[0]} {b[1]} ({b[3]}). {b[1]} {rng.choice(CUES)}, {fill(rng.choice(INDIRECT))}. "
        f"„{fill(rng.choice(DIRECT))}“, {rng.choice(CUES)} {b[1]}.",
        f"Nach Angaben der {org} sollen bis {rng.randrange(2025, 2035)} rund {rng.randrange(2, 900)} Millionen Euro "
        f"in {obj} fließen.",
    ]
    if rng.random() < 0.5:
        paragraphs.append(f"{c[2]} {c[0]} {c[1]} ({c[3]}) {rng.choice(CUES)} am {rng.choice(WEEKDAYS)}: "
                          f"„{fill(rng.choice(DIRECT))}.“")
    return f"{subj}: {a[1]} stellt Pläne vor", "\n\n".join(paragraphs)


def corpus(distinct: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    pool = people(rng)
    out = []
    for i in range(distinct):
        title, text = article_text(rng, pool)
        out.append(Article(id=f"base-{i}", title=title, text=text, date=FIRST_DAY + dt.timedelta(rng.randrange(DAYS))))
    return out


def closing_words(n: int = 5000) -> list[str]:
    """Nouns from the shipped noun lexicon: the words of each copy's closing line (vocabulary breadth)."""
    path = Path(__file__).resolve().parents[1] / "src/chronik/lexicons/nouns.tsv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lemmas = [line.split("\t", 1)[0] for line in fh if not line.startswith("#")]
    return random.Random(7).sample(lemmas, min(n, len(lemmas)))


def copies(records: list[Record], articles: int, seed: int) -> Iterator[Record]:
    """``articles`` records made from the analysed ones: new id, outlet, date; the text gets a closing line
    (appended, so every offset in the record stays valid); statement dates move with the article date."""
    rng = random.Random(seed + 1)
    words = closing_words()
    for n in range(articles):
        base = records[n % len(records)]
        day = FIRST_DAY + dt.timedelta(rng.randrange(DAYS))
        shift = day - base.date if base.date else dt.timedelta(0)
        # a statement's date is its own (said in the text) or the article's: both move with the article
        quotes = [q.model_copy(update={"time": _shifted(q.time, shift)}) for q in base.quotes]
        tail = " ".join(rng.sample(words, 6))
        yield base.model_copy(update={
            "id": f"load-{n:06d}", "date": day, "source": rng.choice(OUTLETS), "quotes": quotes,
            "title": f"{base.title} ({n})", "text": f"{base.text}\n\nStichworte: {tail}.",
        })


def _shifted(value: str | None, shift: dt.timedelta) -> str | None:
    try:
        return (dt.date.fromisoformat(value) + shift).isoformat() if value else value
    except ValueError:
        return value  # a month, a year, a duration: left as it is


class Target:
    """Where the store lives, as ``--db`` names it: a SQLite file or a ``postgresql://`` database.
    Build state (records, figures) and server logs go to ``state`` (the file's folder by default)."""

    def __init__(self, db: str, state: Path | None = None):
        self.db = db
        self.url = db.startswith(("postgresql://", "postgres://"))
        self.name = urlsplit(db).path.lstrip("/") if self.url else Path(db).name
        self.state = state or (Path("out/load") if self.url else Path(db).parent)
        self.state.mkdir(parents=True, exist_ok=True)

    def file(self, suffix: str) -> Path:
        return self.state / f"{self.name}{suffix}"

    def _admin(self, sql: str, *args: Any) -> list[tuple]:
        import psycopg  # only with a PostgreSQL --db

        admin = urlunsplit(urlsplit(self.db)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            cur = conn.execute(sql, args or None)
            return cur.fetchall() if cur.description else []

    def exists(self) -> bool:
        if self.url:
            return bool(self._admin("SELECT 1 FROM pg_database WHERE datname = %s", self.name))
        return Path(self.db).exists()

    def remove(self) -> None:
        if self.url:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(self.db + suffix).unlink(missing_ok=True)

    def size_mb(self) -> int:
        if self.url:
            return round(self._admin("SELECT pg_database_size(%s)", self.name)[0][0] / 2**20)
        return round(Path(self.db).stat().st_size / 2**20)

    def working_copy(self, scenario: str) -> str:
        """A fresh copy of the cached store for one scenario (its writes never reach the cache)."""
        if self.url:
            work = f"{self.name}_{scenario.replace('-', '_')}"
            # a template must have no sessions: this process's pool kept some (plan() read through it)
            self._admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = %s AND pid <> pg_backend_pid()", self.name)
            self._admin(f'DROP DATABASE IF EXISTS "{work}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{work}" TEMPLATE "{self.name}"')
            return urlunsplit(urlsplit(self.db)._replace(path=f"/{work}"))
        path = Path(self.db)
        work_path = path.with_name(f"{path.stem}-{scenario}{path.suffix}")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work_path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(path, work_path)
        return str(work_path)

    def drop_copy(self, work: str) -> None:
        """Remove a scenario's copy (a copy of a large store is as large)."""
        if self.url:
            self._admin(f'DROP DATABASE IF EXISTS "{urlsplit(work).path.lstrip("/")}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)


def analysed(state: Path, distinct: int, seed: int) -> tuple[list[Record], dict[str, Any]]:
    """The ``distinct`` texts analysed by the real pipeline, once: the records are cached in ``state``
    (keyed by corpus version, count and seed), so a rebuilt store, or another backend, reuses them."""
    path = state / f"records-v{BUILD_VERSION}-{distinct}-{seed}.jsonl"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        return ([Record.model_validate_json(line) for line in path.open(encoding="utf-8")],
                json.loads(meta_path.read_text()))
    from chronik.analyse import default_analyzer

    started = time.perf_counter()
    failed: list[str] = []
    records = list(default_analyzer().analyse_many(corpus(distinct, seed),
                                                   on_error=lambda a, e: failed.append(f"{a.id}: {e!r}")))
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    tmp.replace(path)
    meta = {"distinct_texts": len(records), "analysis_failed": len(failed),
            "analyse_s": round(time.perf_counter() - started, 1)}
    meta_path.write_text(json.dumps(meta, indent=2))
    return records, meta


# per-article tables cloned set-based from a copy's base article (columns read from the store);
# a column named here is given by the copy, not taken over (the date moves with the article date)
CLONED = ("entities", "statements", "times", "pledges", "events", "kb_roles", "kb_pledge_events")
SKIPPED_COLUMNS = {"rowid", "article", "tsv", "text_tsv", "same_as"}  # generated, or set by the copy
DATED = {"statements", "events", "kb_roles", "kb_pledge_events"}
BULK_BATCH = 5000


def build(target: Target, articles: int, distinct: int, seed: int, *, deadline: float | None = None) -> dict[str, Any]:
    """Build (or reuse) the cached store; the figures of its build.

    The first ``distinct`` articles go through the store's real write path (``Store.add_many``:
    entity linking, copies, pledges, events), timed: that is real ingest speed. Every later article
    is a copy of one of them (text, title, date, outlet and id of its own, so full-text search and
    date filters see 100,000 different articles) and is stored in bulk: its ``articles`` row by
    ``executemany``, then each per-article table's rows cloned from its base article by one
    ``INSERT … SELECT`` per batch of ``BULK_BATCH`` (statement, role and event dates moved with the
    article date), and the KB's article counts recounted at the end. Each batch is one transaction:
    an interrupted build (or one stopped by ``deadline``, a ``time.monotonic()`` bound) resumes at
    the next batch. Clones are not linked as copies of one report (``same_as``, story tables): every
    statement counts as a first report, the expensive case for search.
    """
    meta_path = target.file(".build.json")
    wanted = {"version": BUILD_VERSION, "articles": articles, "distinct": distinct, "seed": seed, "bulk": 1}
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if meta.get("params") != wanted:
        target.remove()
        meta = {"params": wanted, "figures": None}
    elif meta.get("figures") and target.exists():
        Store(target.db).close()  # upgrades a store an older Chronik built (the server reads it read-only)
        return {**meta["figures"], "cached": True}
    records, meta["analyse"] = analysed(target.state, distinct, seed)
    meta_path.write_text(json.dumps(meta, indent=2))
    print(f"{len(records)} analysed texts; storing {articles:,} articles", file=sys.stderr)
    made = copies(records, articles, seed)
    with Store(target.db) as store:
        done = store.count()
        first = min(len(records), articles)
        if done < first:  # the real write path, timed
            started = time.perf_counter()
            store.add_many(itertools.islice(made, done, first), batch_size=500)
            meta["real_store"] = {"articles": first - done, "seconds": round(time.perf_counter() - started, 1)}
            meta["real_store"]["articles_per_s"] = round(meta["real_store"]["articles"] / meta["real_store"]["seconds"], 1)
            meta_path.write_text(json.dumps(meta, indent=2))
            made = copies(records, articles, seed)
            done = first
        started = time.perf_counter()
        complete = _bulk(store, target.url, itertools.islice(made, done, None), distinct, deadline)
        meta["bulk_s"] = round(meta.get("bulk_s", 0) + time.perf_counter() - started, 1)
        with store.write() as c:  # the KB's counts, as the real path keeps them
            c.execute("UPDATE kb_entities SET articles = (SELECT count(DISTINCT e.article) FROM entities e"
                      " WHERE e.kb = kb_entities.id)")
        if target.url:
            store.conn.execute("VACUUM ANALYZE")  # what autovacuum would do after a bulk load, now
        else:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = store.stats()
    figures = {**meta["analyse"], "real_store": meta.get("real_store"), "bulk_s": meta["bulk_s"], **counts,
               "db_mb": target.size_mb()}
    if complete:
        meta["figures"] = figures
    meta_path.write_text(json.dumps(meta, indent=2))
    return {**figures, "cached": False, "complete": complete}


def _bulk(store: Store, postgres: bool, records: Iterator[Record], distinct: int, deadline: float | None) -> bool:
    """Store ``records`` (copies) in batches by cloning their base article's rows; False if stopped by ``deadline``."""
    c = store.conn
    base = {r[0]: (r[1], r[2]) for r in c.execute("SELECT id, rowid, date FROM articles WHERE id < ?",
                                                  (f"load-{distinct:06d}",))}  # id: (rowid, date)
    columns = {t: [d[0] for d in c.execute(f"SELECT * FROM {t} WHERE 1 = 0").description if d[0] not in SKIPPED_COLUMNS]
               for t in CLONED}
    shifted = ("CASE WHEN length(x.date) = 10 THEN to_char(x.date::date + m.shift, 'YYYY-MM-DD') ELSE x.date END"
               if postgres else "CASE WHEN length(x.date) = 10 THEN date(x.date, m.shift || ' days') ELSE x.date END")
    c.execute("CREATE TEMP TABLE IF NOT EXISTS load_map (new BIGINT PRIMARY KEY, base BIGINT NOT NULL,"
              " shift INTEGER NOT NULL)")
    now = dt.datetime.now(dt.UTC).isoformat()
    while True:
        if deadline is not None and time.monotonic() > deadline:
            return False
        batch = list(itertools.islice(records, BULK_BATCH))
        if not batch:
            return True
        rows, base_of = [], {}
        for r in batch:
            n = int(r.id.split("-")[1])
            base_of[r.id] = f"load-{n % distinct:06d}"
            rows.append((r.id, text_digest(r.text), r.title, r.date.isoformat() if r.date else None, r.url, r.source,
                         r.lang, r.genre, r.text, r.to_json(), None, now, None, None))
        with store.write():
            c.executemany("INSERT INTO articles (id, content_hash, title, date, url, source, lang, genre, text, record,"
                          " source_file, ingested_at, chronik_version, models)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            new = c.execute("SELECT id, rowid, date FROM articles WHERE id >= ? AND id <= ?",
                            (batch[0].id, batch[-1].id)).fetchall()
            c.execute("DELETE FROM load_map")
            c.executemany("INSERT INTO load_map (new, base, shift) VALUES (?, ?, ?)", [
                (rowid, base[base_of[aid]][0], _days(date, base[base_of[aid]][1]))
                for aid, rowid, date in new])
            for table, cols in columns.items():
                taken = ", ".join(shifted if (col == "date" and table in DATED) else f"x.{_q(col)}" for col in cols)
                c.execute(f"INSERT INTO {table} (article, {', '.join(_q(col) for col in cols)})"
                          f" SELECT m.new, {taken} FROM load_map m JOIN {table} x ON x.article = m.base"
                          f" ORDER BY m.new")
        print(f"  {batch[-1].id}", file=sys.stderr, flush=True)


def _q(column: str) -> str:
    return '"end"' if column == "end" else column


def _days(date: str | None, base: str | None) -> int:
    try:
        return (dt.date.fromisoformat(date) - dt.date.fromisoformat(base)).days if date and base else 0
    except ValueError:
        return 0


# -- what the clients ask ------------------------------------------------------------------------
def plan(db: str, seed: int) -> dict[str, Any]:
    """Ids and words the clients draw from, read from the store before the server starts."""
    rng = random.Random(seed + 2)
    with Store(db, readonly=True) as store:
        speakers = [r[0] for r in store.conn.execute(
            "SELECT speaker_kb FROM statements WHERE speaker_kb IS NOT NULL GROUP BY speaker_kb"
            " ORDER BY count(*) DESC LIMIT 200")]
        people_ = [e["id"] for e in store.entities(type="PER", limit=400)]
        others = [e["id"] for e in store.entities(type="ORG", limit=100)] + \
                 [e["id"] for e in store.entities(type="LOC", limit=100)]
        names = [e["name"] for e in store.entities(type="PER", limit=300)]
        total = store.count()
        article_ids = [f"load-{rng.randrange(total):06d}" for _ in range(2000)]
        # merges: two people who each speak rarely (a user tidying duplicates); splits: one article off
        rare = [r[0] for r in store.conn.execute(
            "SELECT id FROM kb_entities WHERE type = 'PER' AND articles BETWEEN 2 AND 400 ORDER BY id")]
    rng.shuffle(rare)
    half = len(rare) // 2
    return {
        "speakers": speakers, "people": people_, "others": others, "articles": article_ids,
        "surnames": sorted({n.split()[-1] for n in names}),
        "words": [t[0] for t in TOPICS] + [w for t in TOPICS for w in t[1].split() if len(w) > 5] + CITIES,
        "merges": list(zip(rare[:half:2], rare[1:half:2], strict=False)),
        "splits": rare[half:],
    }


class Mix:
    """Requests by kind: ``(method, url, json)`` makers; ordinary clients draw by weight."""

    def __init__(self, p: dict[str, Any], seed: int):
        self.p, self.lock = p, threading.Lock()
        self.merges, self.splits = list(p["merges"]), list(p["splits"])
        self.new_articles = iter(corpus(10_000, seed + 3))
        self.weights: dict[str, int] = {
            "search_api": 20, "search_web": 10, "statements_speaker": 15, "statements_words": 8,
            "entity_api": 10, "entity_web": 5, "entity_list": 8, "article_api": 10, "article_web": 5,
            "merge": 1, "split": 1, "add_article": 1,
        }

    def ordinary(self, rng: random.Random) -> tuple[str, str, str, dict | None]:
        kind = rng.choices(list(self.weights), weights=list(self.weights.values()))[0]
        return (kind, *getattr(self, kind)(rng))

    def _filters(self, rng: random.Random) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if rng.random() < 0.3:
            year = rng.randrange(2015, 2025)
            out["from"], out["to"] = f"{year}-{rng.randrange(1, 13):02d}", f"{year + rng.randrange(0, 2)}"
        if rng.random() < 0.2:
            out["source"] = rng.choice(OUTLETS)
        if rng.random() < 0.2:
            out["speaker"] = rng.choice(self.p["speakers"])
        if rng.random() < 0.2:
            out["kind"] = rng.choice(["direct", "indirect"])
        return out

    def search_api(self, rng):
        params = {"q": rng.choice(self.p["words"]), "what": rng.choice(["statements", "all"]),
                  "sort": rng.choice(["relevance", "-date", "date"]), "limit": 20, **self._filters(rng)}
        return "GET", "/api/search?" + httpx.QueryParams(params).__str__(), None

    def search_web(self, rng):  # the search page: hits, true total, facets
        params = {"q": rng.choice(self.p["words"]), "what": "statements", **self._filters(rng)}
        if rng.random() < 0.3:
            params.pop("q")
            params["speaker"] = rng.choice(self.p["speakers"])
        return "GET", "/?" + str(httpx.QueryParams(params)), None

    def statements_speaker(self, rng):
        params = {"speaker": rng.choice(self.p["speakers"]), "limit": 50,
                  "sort": rng.choice(["date", "-date"]), **self._filters(rng)}
        params.pop("kind", None)
        return "GET", "/api/statements?" + str(httpx.QueryParams(params)), None

    def statements_words(self, rng):
        params = {"q": rng.choice(self.p["words"]), "limit": 50, **self._filters(rng)}
        return "GET", "/api/statements?" + str(httpx.QueryParams(params)), None

    def entity_api(self, rng):
        return "GET", f"/api/entities/{rng.choice(self.p['people'] + self.p['others'])}", None

    def entity_web(self, rng):
        return "GET", f"/entities/{rng.choice(self.p['people'])}", None

    def entity_list(self, rng):
        params = {"q": rng.choice(self.p["surnames"])[:4], "type": rng.choice(["PER", "ORG", "LOC", ""]), "limit": 50}
        return "GET", "/api/entities?" + str(httpx.QueryParams({k: v for k, v in params.items() if v})), None

    def article_api(self, rng):
        return "GET", f"/api/articles/{rng.choice(self.p['articles'])}", None

    def article_web(self, rng):
        return "GET", f"/articles/{rng.choice(self.p['articles'])}", None

    def merge(self, rng):
        with self.lock:
            pair = self.merges.pop() if self.merges else None
        if pair is None:
            return self.entity_api(rng)
        return "POST", "/api/entities/merge", {"keep": pair[0], "drop": pair[1]}

    def split(self, rng):
        with self.lock:
            entity = self.splits.pop() if self.splits else None
        if entity is None:
            return self.entity_api(rng)
        return "POST", f"/api/entities/{entity}/split", {"articles": ["@first"]}

    def add_article(self, rng):
        with self.lock:
            a = next(self.new_articles)
        return "POST", "/api/articles", {"id": f"new-{a.id}-{rng.randrange(10**9)}", "title": a.title,
                                         "text": a.text, "date": a.date.isoformat(), "source": rng.choice(OUTLETS)}

    @staticmethod
    def heavy(rng: random.Random) -> tuple[str, str, str, dict | None]:
        """The most expensive searches there are: the commonest words, no filters, deep pages, facets."""
        word = rng.choice(["die", "der", "und", "sagte", "sei", "in"])
        choice = rng.randrange(5)
        if choice == 0:
            return "heavy_search_deep", "GET", f"/api/search?q={word}&offset={rng.randrange(5000, 10000)}&limit=100", None
        if choice == 1:
            return "heavy_search_facets", "GET", f"/api/search?q={word}&what=statements&facets=true&sort=date", None
        if choice == 2:
            return "heavy_statements_facets", "GET", f"/api/statements?q={word}&facets=true&limit=100", None
        if choice == 3:
            return "heavy_web", "GET", f"/?q={word}&sort=-date&offset={rng.randrange(0, 1000)}", None
        return "heavy_no_words_facets", "GET", "/api/statements?facets=true&sort=-date&limit=100&offset=5000", None


# -- the server and the clients ------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``chronik serve`` in a child process on a loopback port."""

    def __init__(self, db: str, log: Path, extra: list[str] | None = None):
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CHRONIK_TOKEN": TOKEN}
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "chronik", "serve", "--db", db, "--host", "127.0.0.1", "--port", str(self.port),
             *(extra or [])], env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self, seconds: float = 120) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if httpx.get(self.url + "/api/articles?limit=1", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer within {seconds:.0f} s")

    def processes(self) -> list[int]:
        """The server's process and its worker processes (``chronik serve --workers``), alive now."""
        pids, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            with contextlib.suppress(OSError):
                for task in Path(f"/proc/{pid}/task").iterdir():
                    todo += [int(c) for c in (task / "children").read_text().split()]
        return pids

    def cpu_seconds(self) -> float:
        """CPU time the server's processes have used so far (user + system; workers that are alive now),
        with its database processes on PostgreSQL (those connected now)."""
        total = 0
        for pid in [*self.processes(), *self.backends()]:
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def cpu_ns(self) -> int:
        """CPU time (ns) of the server's threads now alive, and on PostgreSQL of the database processes
        serving its connections (most of a search runs there): precise enough to charge one request."""
        total = 0
        tasks = [t for pid in self.processes() for t in Path(f"/proc/{pid}/task").iterdir()]
        tasks += [Path(f"/proc/{pid}") for pid in self.backends()]
        for task in tasks:
            with contextlib.suppress(OSError, ValueError, IndexError):  # a thread that just ended
                total += int((task / "schedstat").read_text().split()[0])
        return total

    def backends(self) -> list[int]:
        """PostgreSQL backend processes connected to the server's database (none for SQLite, or when
        their /proc entries cannot be read: a server on another machine)."""
        if not self.db.startswith(("postgresql://", "postgres://")):
            return []
        import psycopg

        name = urlsplit(self.db).path.lstrip("/")
        if getattr(self, "_admin", None) is None:
            self._admin = psycopg.connect(urlunsplit(urlsplit(self.db)._replace(path="/postgres")), autocommit=True)
        pids = [r[0] for r in self._admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))]
        return [pid for pid in pids if Path(f"/proc/{pid}/schedstat").exists()]

    def stop(self) -> None:
        if getattr(self, "_admin", None) is not None:
            self._admin.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def client(url: str, until: float, draw: Callable[[random.Random], tuple], rng: random.Random,
           out: list[tuple], first_article: Callable[[httpx.Client, str], str | None],
           think: float = 0.0, cpu: Callable[[], int] | None = None, count: int | None = None) -> None:
    """Requests drawn from ``draw`` until ``until`` (or ``count`` of them); with ``cpu`` (one client alone),
    each row also carries the server CPU its request took."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, timeout=60, headers=headers) as http:
        while time.monotonic() < until and (count is None or len(out) < count):
            kind, method, path, body = draw(rng)
            if body and body.get("articles") == ["@first"]:  # a split needs one of the entity's articles
                article = first_article(http, path.split("/")[3])
                if article is None:
                    continue
                body = {"articles": [article]}
            before = cpu() if cpu else 0
            started = time.perf_counter()
            try:
                r = http.request(method, path, json=body)
                status, error = r.status_code, ("" if r.status_code < 400 else r.text[:200])
                retry = float(r.headers["Retry-After"]) if status == 503 and r.headers.get("Retry-After") else 0.0
                if retry:
                    error = "busy: " + error
            except httpx.HTTPError as exc:
                status, error, retry = 0, repr(exc), 0.0
            elapsed = time.perf_counter() - started
            out.append((kind, elapsed, status, error, (cpu() - before) / 1e9 if cpu else None))
            if retry:  # refused for now: wait as told, as a client should
                time.sleep(min(retry, max(until - time.monotonic(), 0)))
            elif think:
                time.sleep(min(rng.expovariate(1 / think), max(until - time.monotonic(), 0)))


def first_article(http: httpx.Client, entity: str) -> str | None:
    r = http.get(f"/api/statements?speaker={entity}&limit=1")
    items = r.json().get("items") if r.status_code == 200 else None
    return items[0]["article"] if items else None


def run_scenario(url: str, mix: Mix, clients: int, heavy: int, seconds: float, seed: int,
                 think: float = 0.0, cpu: Callable[[], int] | None = None, count: int | None = None) -> dict[str, Any]:
    results: list[list[tuple]] = [[] for _ in range(clients + heavy)]
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(url, until, mix.ordinary, random.Random(seed * 100 + i),
                                                     results[i], first_article, think, cpu, count))
               for i in range(clients)]
    threads += [threading.Thread(target=client, args=(url, until, Mix.heavy, random.Random(seed * 1000 + i),
                                                      results[clients + i], first_article)) for i in range(heavy)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    return summary([r for rs in results for r in rs], wall)


def _pct(sorted_ms: list[float], p: float) -> float:
    return round(sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p))], 1)


def latencies(times: list[float], cpu: list[float | None] | None = None) -> dict[str, Any]:
    ms = sorted(t * 1000 for t in times)
    out = {"n": len(ms), "p50_ms": round(statistics.median(ms), 1), "p95_ms": _pct(ms, 0.95),
           "p99_ms": _pct(ms, 0.99), "max_ms": round(ms[-1], 1), "over_1s": sum(t > SLOW_S * 1000 for t in ms)}
    if cpu and all(c is not None for c in cpu):
        cpu_ms = sorted(c * 1000 for c in cpu if c is not None)
        out.update(server_cpu_mean_ms=round(statistics.fmean(cpu_ms), 1), server_cpu_p95_ms=_pct(cpu_ms, 0.95))
    return out


WRITES = ("merge", "split", "add_article")


def summary(rows: list[tuple], wall: float) -> dict[str, Any]:
    kinds = sorted({r[0] for r in rows})
    # an expensive search refused while the server's slots are taken (503 + Retry-After) is the bound
    # working, not an error; any other 5xx, and any 503 of an ordinary request, is one
    busy = [r for r in rows if r[0].startswith("heavy") and r[3].startswith("busy: ")]
    errors = [r for r in rows if (r[2] == 0 or r[2] >= 500 or (r[2] >= 400 and r[0] not in WRITES))
              and not (r[0].startswith("heavy") and r[3].startswith("busy: "))]
    refused = [r for r in rows if r[0] in WRITES and 400 <= r[2] < 500]
    ordinary = [r for r in rows if not r[0].startswith("heavy")]
    answered = [r for r in rows if not r[3].startswith("busy: ")]
    reads = [r for r in ordinary if r[0] not in WRITES]
    return {
        "seconds": round(wall, 1),
        "requests": len(rows),
        "throughput_rps": round(len(rows) / wall, 1),
        "ordinary_rps": round(len(ordinary) / wall, 1),
        "errors": len(errors),
        "error_examples": sorted({f"{r[0]} {r[2]} {r[3][:120]}" for r in errors})[:5],
        "writes_refused": len(refused),
        "expensive_refused_busy": len(busy),
        "expensive_answered": sum(1 for r in rows if r[0].startswith("heavy") and r[2] == 200),
        "ordinary_reads": latencies([r[1] for r in reads], [r[4] for r in reads]) if reads else None,
        "ordinary_over_1s": sum(r[1] > SLOW_S for r in ordinary),
        "by_kind": {k: latencies([r[1] for r in answered if r[0] == k], [r[4] for r in answered if r[0] == k])
                    for k in kinds if any(r[0] == k for r in answered)},  # refused expensive ones: counted above
    }


def store_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options every load script shares: the cached store and the seed of the request plan."""
    parser.add_argument("--db", default="out/load/load.db",
                        help="The cached store (built if missing): a SQLite file or a postgresql:// URL.")
    parser.add_argument("--seed", type=int, default=15)
    return parser


def main() -> None:
    parser = store_options(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--state", type=Path, help="Build state and server logs (default: the file's folder, "
                                                   "out/load for PostgreSQL).")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=3000, help="Texts analysed by the pipeline (then copied).")
    parser.add_argument("--seconds", type=float, default=60, help="Length of each scenario.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--heavy", type=int, default=4, help="Extra clients sending the most expensive searches.")
    parser.add_argument("--think", type=float, default=0.0,
                        help="Mean pause (s, exponential) of an ordinary client between requests; 0: closed loop.")
    parser.add_argument("--scenarios", default="solo,mix,mix+heavy,mix:1,mix+heavy:1",
                        help="solo: one client, server CPU per request kind; mix: --clients; mix+heavy: and --heavy; "
                             "NAME:SECONDS: with that mean think time per ordinary client (else --think).")
    parser.add_argument("--solo-requests", type=int,
                        help="The solo scenario stops after this many requests (the same ones, drawn from --seed, in"
                             " every run: CPU per request kind compared before and after a change); else --seconds.")
    parser.add_argument("--workers", type=int, default=1, help="Server processes (chronik serve --workers).")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--build-minutes", type=float,
                        help="Stop storing after this long (resumable: the next run goes on); the scenarios then "
                             "run on what is stored, and the result says so.")
    parser.add_argument("--name", help="Result file name under bench/results/ (default load-sqlite or load-postgres).")
    parser.add_argument("--note", default="", help="What this run measures (e.g. the fix it follows).")
    args = parser.parse_args()

    target = Target(args.db, args.state)
    deadline = time.monotonic() + 60 * args.build_minutes if args.build_minutes else None
    built = build(target, args.articles, args.distinct, args.seed, deadline=deadline)
    print(f"store: {json.dumps(built)}", file=sys.stderr)
    if args.build_only:
        return
    p = plan(args.db, args.seed)
    figures: dict[str, Any] = {
        "backend": "postgresql" if target.url else "sqlite", "store": built, "clients": args.clients, "heavy_clients": args.heavy, "server_workers": args.workers,
        "scenario_seconds": args.seconds, "loopback": True, "think_time_s": args.think, "nice": os.nice(0),
        "goal": {"ordinary_read_p95_ms": ORDINARY_READ_P95_GOAL_MS, "no_ordinary_request_over_s": SLOW_S},
        "note": args.note, "scenarios": {},
    }
    for spec in args.scenarios.split(","):
        scenario, _, pause = spec.partition(":")
        think = float(pause) if pause else args.think
        label = f"{scenario}, think {think:g} s" if think and scenario != "solo" else scenario
        slug = label.replace("+", "-").replace(", ", "-").replace(" ", "")
        work = target.working_copy(slug)
        server = Server(work, target.file(f"-serve-{slug}.log"),
                        ["--workers", str(args.workers)] if args.workers > 1 else None)
        try:
            server.wait()
            mix = Mix(p, args.seed)
            # loads the pipeline in the server before the clock starts; with workers, a new connection each time
            # (the kernel hands it to any worker): four per worker, so that each has most likely loaded it
            for n in range(1 if args.workers == 1 else 4 * args.workers):
                with httpx.Client(base_url=server.url, timeout=300, headers={"Authorization": f"Bearer {TOKEN}"}) as h:
                    method, path, body = mix.add_article(random.Random(n))
                    h.request(method, path, json=body)
            heavy = args.heavy if "heavy" in scenario else 0
            cpu, load = server.cpu_seconds(), os.getloadavg()[0]
            if scenario == "solo":  # one client alone: what each kind of request costs the server
                seconds = args.seconds if args.solo_requests is None else max(args.seconds, 3600)
                result = run_scenario(server.url, mix, 1, 0, seconds, args.seed, cpu=server.cpu_ns,
                                      count=args.solo_requests)
            else:
                result = run_scenario(server.url, mix, args.clients, heavy, args.seconds, args.seed, think)
            result["think_time_s"] = think if scenario != "solo" else 0.0
            result["server_cpu_ms_per_request"] = round(1000 * (server.cpu_seconds() - cpu) / max(result["requests"], 1), 1)
            result["load_average_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
        finally:
            server.stop()
            target.drop_copy(work)
        figures["scenarios"][label] = result
        reads = result["ordinary_reads"]
        print(f"{label}: {result['throughput_rps']} req/s, ordinary reads p50 {reads['p50_ms']} p95 {reads['p95_ms']}"
              f" p99 {reads['p99_ms']} ms, over 1 s: {result['ordinary_over_1s']}, errors {result['errors']}",
              file=sys.stderr)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    name = args.name or ("load-postgres" if target.url else "load-sqlite")
    print(f"written to {write_result(name, figures)}", file=sys.stderr)


if __name__ == "__main__":
    main()
