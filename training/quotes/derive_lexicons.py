"""Derive Chronik's quote lexicons from the Wikinews quotation train split.

Counts, over the 700 train articles, how often each lower-cased word form is
annotated as (part of) a cue, how often it occurs inside the message of a
Reported statement or of an indirect/free indirect message, and how often it
occurs at all. Writes word lists with those counts (no text) to
src/chronik/lexicons/. Rebuild:

    .venv/bin/python training/quotes/derive_lexicons.py ../shared/data/quotes/wikinews/train
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "src" / "chronik" / "lexicons"

# Grammatical Konjunktiv I/II forms of the auxiliaries and modals: closed class, listed by hand.
CORE_KONJUNKTIV = ["sei", "seien", "seiest", "habe", "hätte", "hätten", "werde", "würde", "würden", "könne", "könnten", "könnte", "müsse", "müssten", "müsste", "solle", "wolle", "dürfe", "dürften", "dürfte", "möge", "wäre", "wären", "gebe", "gäbe", "komme"]
# Function words and discourse markers that co-occur with cues but are not cues themselves.
NOT_CUES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "es", "sich", "sie", "er", "wir", "ich", "man", "zu", "und", "auch", "habe", "hat", "hatte", "hatten", "haben", "wurde", "wurden", "werden", "wird", "ist", "sind", "war", "waren", "sei", "seien", "sein", "dass", "ob", "mit", "an", "aus", "vor", "auf", "ab", "hin"}


def _tokens(doc: dict, ids) -> list[str]:
    return [doc["tokens"][i]["text"] for i in ids]


def derive(train: Path) -> dict[str, Counter]:
    c = {k: Counter() for k in ("all", "cue", "reported", "indirect", "cap")}
    for path in sorted(train.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for t in doc["tokens"]:
            c["all"][t["text"].lower()] += 1
            if t["text"][:1].isupper():
                c["cap"][t["text"].lower()] += 1
        # Token ids, not words, per category: nested statements share tokens and must count once.
        ids = {"cue": set(), "reported": set(), "indirect": set()}
        for a in doc["annotations"]:
            ids["cue"].update(a["cue"]["tokenIds"])
            if a["type"] == "Reported":
                ids["reported"].update(a["quote"]["tokenIds"])
            elif a["type"] != "Direct":
                ids["indirect"].update(a["quote"]["tokenIds"])
        for key, found in ids.items():
            c[key].update(w.lower() for w in _tokens(doc, sorted(found)))
    return c


def write(c: dict[str, Counter]) -> None:
    rows = []
    for form, n in c["cue"].most_common():
        if n < 2 or form in NOT_CUES or not form.isalpha():
            continue
        kind = "noun" if c["cap"][form] > c["all"][form] / 2 and form not in {"nach", "laut", "so"} else "word"
        rows.append(f"{form}\t{kind}\t{n}\t{c['all'][form]}")
    _dump("cues.tsv", "form\tkind\tcue_count\tcorpus_count", rows)

    rows = []
    for form, n in c["reported"].most_common():
        total = c["all"][form]
        if n >= 3 and n / total >= 0.3 and form.isalpha() and form not in NOT_CUES and form not in c["cap"]:
            rows.append(f"{form}\t{n}\t{total}")
    _dump("reported.tsv", "form\tin_reported\tcorpus_count", rows)

    rows = []
    vocab = c["all"]
    for form, n in c["indirect"].most_common():
        total = vocab[form]
        regular = form.endswith("e") and vocab[form[:-1] + "t"] > 0 and form not in c["cap"]
        if form in CORE_KONJUNKTIV or (regular and n >= 2 and n / total >= 0.6):
            rows.append(f"{form}\t{'core' if form in CORE_KONJUNKTIV else 'regular'}\t{n}\t{total}")
    _dump("konjunktiv.tsv", "form\tsource\tin_indirect\tcorpus_count", rows)


def _dump(name: str, header: str, rows: list[str]) -> None:
    (OUT / name).write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{name}: {len(rows)} forms")


if __name__ == "__main__":
    write(derive(Path(sys.argv[1])))
