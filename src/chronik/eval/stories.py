"""Copy detection on a constructed set: real articles, edited copies, same-topic distractors.

Articles come from ``raw/10kgnad`` (derStandard, with categories) and the Wikinews
quotation dataset (``quotes/wikinews/train``, category "wikinews"). They are split in
two halves by a hash of their id. In each half, every second article (seeded) gets
one to three edited copies; each copy gets at least two of these edits:

* ``new_lead``: the first sentence replaced by a lead written from a template
* ``cut``: up to half of the paragraphs dropped (at least two kept)
* ``reorder``: two paragraphs swapped
* ``credit``: the dateline and end credit replaced by another agency's
* ``added``: a paragraph of another article of the same category added at the end
* ``headline``: a new title (titles are not compared, so this is free)

The other articles stay single: unrelated reports on the same topics. Everything is
stored through :class:`chronik.store.Store` (the ingest path: dateline, MinHash,
stored LSH bands), in a shuffled order with copies dated after their original.
Predicted copy pairs are all pairs inside a stored group; gold pairs are all pairs of
an original and its copies. The containment threshold is chosen on the first half
(best F1, ties to the higher threshold) and reported on the second.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import json
import random
import re
import resource
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from ..analyse.dateline import read_credits
from ..record import Entity, Mention, Quote, Record, Span, Speaker
from ..stories import copies

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
_SENT = re.compile(r"(?<=[.!?])\s+(?=[\"„A-ZÄÖÜ])")
_LEADS = (
    "Es ist eine Nachricht, die viele aufhorchen lässt.",
    "Was lange erwartet wurde, ist nun eingetreten.",
    "Die Entwicklung kommt für Beobachter nicht überraschend.",
    "Eine Entscheidung mit Folgen für viele Menschen im Land.",
    "Am Ende ging alles schneller als gedacht.",
)
_CREDITS = (
    ("Wien (APA) – ", "\n(APA, {d})"),
    ("Berlin (dpa) – ", "\nQuelle: dpa"),
    ("Brüssel (Reuters) – ", "\nQuelle: Reuters"),
    ("(AFP) – ", "\nmit Material von AFP"),
)


def load_pool(shared: Path) -> list[dict[str, Any]]:
    """The real articles: {id, text, category}."""
    pool = []
    gnad = shared / "raw" / "10kgnad" / "test.csv"
    if gnad.exists():
        with gnad.open(encoding="utf-8") as fh:
            for i, row in enumerate(csv.reader(fh, delimiter=";", quotechar="'")):
                if len(row) >= 2 and len(row[1]) > 400:
                    pool.append({"id": f"gnad-{i}", "text": row[1], "category": row[0]})
    wikinews = shared / "quotes" / "wikinews" / "train"
    for path in sorted(wikinews.glob("*.json")) if wikinews.is_dir() else []:
        text = json.loads(path.read_text(encoding="utf-8"))["originalText"]
        if len(text) > 400:
            pool.append({"id": "wn-" + path.name.split(" ", 1)[0], "text": text, "category": "wikinews"})
    if not pool:
        raise FileNotFoundError(f"no articles under {shared} (raw/10kgnad/test.csv, quotes/wikinews/train)")
    return pool


def paragraphs(text: str) -> list[str]:
    """Paragraphs if the text has line breaks, else blocks of three sentences."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    if len(paras) >= 3:
        return paras
    sents = _SENT.split(text.strip())
    return [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]


def _strip_credits(text: str) -> str:
    spans = read_credits(text).spans
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text.strip()


def make_copy(rng: random.Random, art: dict[str, Any], same_topic: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """An edited copy of ``art`` and the edits made."""
    edits = rng.sample(["new_lead", "cut", "reorder", "credit", "added", "headline"], rng.randint(2, 4))
    paras = paragraphs(_strip_credits(art["text"]))
    if "cut" in edits and len(paras) > 2:
        keep = max(2, len(paras) - rng.randint(1, len(paras) // 2))
        kept = sorted(rng.sample(range(len(paras)), keep))
        paras = [paras[i] for i in kept]
    if "reorder" in edits and len(paras) > 2:
        i, j = rng.sample(range(1, len(paras)), 2)
        paras[i], paras[j] = paras[j], paras[i]
    if "new_lead" in edits:
        first = _SENT.split(paras[0], maxsplit=1)
        paras[0] = rng.choice(_LEADS) + (" " + first[1] if len(first) > 1 else "")
    if "added" in edits and same_topic:
        # one paragraph (not the lead) of a longer same-topic report, as a local paper adds context
        other = paragraphs(_strip_credits(rng.choice(same_topic)["text"]))
        if len(other) >= 4:
            paras.append(rng.choice(other[1:]))
    text = "\n\n".join(paras)
    if "credit" in edits:
        head, tail = rng.choice(_CREDITS)
        text = head + text + tail.format(d="3.5.2016")
    return text, edits


def build(pool: list[dict[str, Any]], seed: int = 0) -> list[dict[str, Any]]:
    """Originals, their copies (with ``group``) and singles, shuffled, with dates and outlets."""
    rng = random.Random(seed)
    by_cat: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for art in pool:
        by_cat[art["category"]].append(art)
    day0 = dt.date(2016, 1, 1)
    items = []
    for n, art in enumerate(sorted(pool, key=lambda a: a["id"])):
        date = day0 + dt.timedelta(days=n % 300)
        items.append({**art, "group": art["id"], "date": date, "source": "origin", "edits": []})
        if rng.random() < 0.5:
            others = [a for a in by_cat[art["category"]] if a["id"] != art["id"]]
            for k in range(rng.randint(1, 3)):
                text, edits = make_copy(rng, art, others)
                items.append({
                    "id": f"{art['id']}-copy{k}", "text": text, "category": art["category"], "group": art["id"],
                    "date": date + dt.timedelta(days=rng.randint(0, 3)), "source": f"outlet{k}", "edits": edits,
                })
    rng.shuffle(items)
    return items


def half(pool: list[dict[str, Any]], which: int) -> list[dict[str, Any]]:
    return [a for a in pool if int(hashlib.sha1(a["id"].encode()).hexdigest(), 16) % 2 == which]


def to_record(item: dict[str, Any]) -> Record:
    """The record the pipeline would store, without the (slow, irrelevant here) NLP."""
    text = item["text"]
    cr = read_credits(text)
    return Record(
        id=item["id"], text=text, date=item["date"], source=item["source"], place=cr.place, agency=cr.agency,
        credits=[Span(start=s, end=e, text=text[s:e]) for s, e in cr.spans],
    )


def gold_pairs(items: list[dict[str, Any]]) -> set[frozenset[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for it in items:
        groups[it["group"]].append(it["id"])
    return {frozenset(p) for ids in groups.values() for p in combinations(sorted(ids), 2)}


def predicted_pairs(store) -> set[frozenset[str]]:
    return {
        frozenset(p) for g in copies.groups(store.conn, limit=10**9)
        for p in combinations(sorted([g["original"], *g["copies"]]), 2)
    }


def score(items: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """Store ``items`` with the given containment threshold; pair precision/recall and cost."""
    from ..store import Store

    old = copies.COPY_CONTAINMENT
    copies.COPY_CONTAINMENT = threshold
    try:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.db") as store:
            records = [to_record(it) for it in items]
            started = time.perf_counter()
            for rec in records:
                store.add(rec)
            seconds = time.perf_counter() - started
            pred = predicted_pairs(store)
    finally:
        copies.COPY_CONTAINMENT = old
    gold = gold_pairs(items)
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    missed: dict[str, int] = defaultdict(int)
    for pair in gold - pred:
        for it in items:
            if it["id"] in pair and it["edits"]:
                for e in it["edits"]:
                    missed[e] += 1
                break
    return {
        "threshold": threshold, "articles": len(items), "gold_pairs": len(gold), "predicted_pairs": len(pred),
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "false_pairs": len(pred - gold), "missed_pairs": len(gold - pred), "missed_by_edit": dict(missed),
        "ms_per_article_store_add": round(1000 * seconds / len(items), 3),
    }


def run(shared: Path, seed: int = 0) -> dict[str, Any]:
    """Choose the threshold on half 0, report on half 1."""
    pool = load_pool(shared)
    tune, report = build(half(pool, 0), seed), build(half(pool, 1), seed + 1)
    tuning = [score(tune, t) for t in THRESHOLDS]
    best = max(tuning, key=lambda s: (s["f1"], s["threshold"]))
    figures = {
        "task": "copy detection (syndicated / near-duplicate articles)",
        "data": "raw/10kgnad test.csv + quotes/wikinews/train texts; edited copies made by chronik.eval.stories",
        "method": f"MinHash {copies.NUM_PERM} perms, word {copies.SHINGLE}-gram shingles, LSH bands for Jaccard "
                  f"{copies.LSH_THRESHOLD} ({len(copies._lsh_ranges())} bands), containment check",
        "tuning_half": tuning,
        "chosen_threshold": best["threshold"],
        "shipped_threshold": copies.COPY_CONTAINMENT,
        "report_half": score(report, best["threshold"]),
    }
    return figures


_SYLLABLES = ("ber", "lin", "hau", "mann", "stein", "feld", "ko", "ra", "wen", "dor", "mei", "ster", "gru", "bach")


class _People:
    """Synthetic people for a store at scale: a pool of ``n`` names, drawn Zipf-like (a few named
    in thousands of articles, most in a handful), as real news names its people."""

    def __init__(self, n: int, rng: random.Random) -> None:
        from ..analyse.resources import tsv_rows

        firsts = [r[0] for r in tsv_rows("first_names.tsv")] or ["Anna", "Bernd"]
        self.names = []
        for _ in range(n):
            last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            self.names.append(f"{rng.choice(firsts)} {last}")
        self.cum = list(itertools.accumulate(1 / (rank + 1) for rank in range(n)))

    def add(self, record: Record, rng: random.Random) -> Record:
        """The record with a sentence naming three people before and a statement of the first after its text."""
        p1, p2, p3 = rng.choices(self.names, cum_weights=self.cum, k=3)
        head = f"{p1}, {p2} und {p3} äußerten sich am Montag. "
        said = f"Wir werden das Vorhaben {rng.randint(1, 10**6)} prüfen"
        text = head + record.text + f" „{said}“, sagte {p1}."
        spans = {p1: 0, p2: len(p1) + 2, p3: len(p1) + len(p2) + 7}
        entities = [Entity(id=f"e{i}", name=name, type="PER",
                           mentions=[Mention(start=spans[name], end=spans[name] + len(name), text=name)])
                    for i, name in enumerate(dict.fromkeys((p1, p2, p3)), 1)]
        q0 = text.rindex("„") + 1
        who = text.rindex(p1)
        quote = Quote(id="q1", kind="direct", content=[Span(start=q0, end=q0 + len(said), text=said)],
                      speaker=Speaker(start=who, end=who + len(p1), text=p1, entity="e1"))
        shift = len(head)
        credits = [Span(start=c.start + shift, end=c.end + shift, text=c.text) for c in record.credits]
        return record.model_copy(update={"text": text, "entities": entities, "quotes": [quote], "credits": credits})


def scale(shared: Path, n: int, probes: int = 500, seed: int = 0, people: int = 0) -> dict[str, Any]:
    """Cost per article when the store already holds ``n`` articles.

    The background articles are synthetic: sentences of the first half of the real pool
    drawn at random (so their shingles look like news, on the same topics); the probes are
    edited copies of articles of the other half, whose originals are stored too. With
    ``people``, every article also names three of that many synthetic people (Zipf-like)
    and carries a statement of the first, so the KB, statement and story lookups have work
    to do; then ``probes`` new articles of the other half (no copies) arrive as well and
    look for a story. Times are wall-clock and CPU seconds of this process.
    """
    from ..store import Store

    rng = random.Random(seed)
    pool = load_pool(shared)
    sentences = [s for a in half(pool, 0) for s in _SENT.split(a["text"]) if len(s) > 40]
    report = build(half(pool, 1), seed + 1)
    probe_items = [it for it in report if it["edits"]][:probes]
    originals = {it["group"] for it in probe_items}
    cast = _People(people, rng) if people else None

    def with_people(record: Record, key: str) -> Record:
        # a report and its copies name the same people: seeded by the report
        return cast.add(record, random.Random(f"{seed}-{key}")) if cast else record

    fresh: list[Record] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scale.db"
        with Store(path) as store:
            started = time.perf_counter()
            batch = (
                with_people(Record(id=f"bg-{i}", text=" ".join(rng.sample(sentences, rng.randint(8, 20))),
                                   date=dt.date(2015, 1, 1) + dt.timedelta(days=i % 700), source="background"),
                            f"bg-{i}")
                for i in range(n)
            )
            store.add_many(batch)
            fill = time.perf_counter() - started
            # the reports the probes copy are in the store too: each probe should find one
            store.add_many(with_people(to_record(it), it["group"]) for it in report if it["id"] in originals)
            records = [with_people(to_record(it), it["group"]) for it in probe_items]
            cands, found = [], []
            started, cpu = time.perf_counter(), time.process_time()
            for r in records:  # the copy-detection lookup alone, before the probes are stored
                sh = copies.shingles(copies.record_text(r))
                sig = copies.signature(sh)
                found.append(len(copies._matches(store.conn, -1, sig, len(sh), copies.band_keys(sig))))
            t_index, c_index = time.perf_counter() - started, time.process_time() - cpu
            for r in records:
                sh = copies.shingles(copies.record_text(r))
                cands.append(len(copies.candidates(store.conn, -1, copies.band_keys(copies.signature(sh)))))
            started, cpu = time.perf_counter(), time.process_time()
            for r in records:
                store.add(r)
            t_add, c_add = time.perf_counter() - started, time.process_time() - cpu
            if cast:
                singles = [it for it in report if not it["edits"] and it["group"] not in originals][:probes]
                fresh = [with_people(to_record(it), it["id"]) for it in singles]
                started, cpu = time.perf_counter(), time.process_time()
                for r in fresh:
                    store.add(r)
                t_fresh, c_fresh = time.perf_counter() - started, time.process_time() - cpu
                in_story = sum(1 for r in fresh if store.story_links(r.id)["story"])
        size = path.stat().st_size
    out = {
        "background_articles": n, "probe_articles": len(records),
        "fill_seconds": round(fill, 1), "fill_ms_per_article": round(1000 * fill / max(n, 1), 3),
        "ms_per_article_store_add": round(1000 * t_add / len(records), 3),
        "cpu_ms_per_article_store_add": round(1000 * c_add / len(records), 3),
        "ms_per_article_copy_lookup": round(1000 * t_index / len(records), 3),
        "cpu_ms_per_article_copy_lookup": round(1000 * c_index / len(records), 3),
        "mean_lsh_candidates": round(sum(cands) / len(cands), 2),
        "mean_confirmed_matches": round(sum(found) / len(found), 3),
        "probes_finding_a_match": round(sum(1 for c in found if c) / len(found), 3),
        "db_bytes": size, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    if cast and fresh:
        out.update({
            "people": people,
            "new_articles": len(fresh),
            "ms_per_new_article_store_add": round(1000 * t_fresh / len(fresh), 3),
            "cpu_ms_per_new_article_store_add": round(1000 * c_fresh / len(fresh), 3),
            "new_articles_joining_a_story": round(in_story / len(fresh), 3),
        })
    return out
