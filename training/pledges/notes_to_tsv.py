"""Turn the annotator's reading notes into ``annotations.tsv`` (offsets and fields only, no text).

The notes (not committed: they quote the articles) have one pledge a line::

    doc|sentence_start|actor text|target text|deadline text|deadline value|strength|c or b|+ or -

Each text is located in the dataset document: target and deadline inside the sentence,
the actor in the sentence or, failing that, at its nearest mention before it (then after).
An empty actor means the text names no committed party.

    python training/pledges/notes_to_tsv.py NOTES_DEV NOTES_TRAIN --data ../shared/data/quotes/wikinews
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

COLUMNS = ("split", "doc", "sent_start", "sent_end", "actor_start", "actor_end", "target_start", "target_end",
           "deadline_start", "deadline_end", "deadline_value", "strength", "clear", "polarity")


def _docs(data: Path, split: str) -> dict[str, dict]:
    return {p.name.split(" ", 1)[0]: p for p in sorted((data / split).glob("*.json"))}


def _sentence(raw: dict, start: int) -> tuple[int, int]:
    for s in raw["sentences"]:
        if s["charBegin"] <= start < s["charEnd"] or s["charBegin"] == start:
            return s["charBegin"], s["charEnd"]
    raise ValueError(f"no sentence at {start}")


def _find_actor(text: str, actor: str, s: int, e: int) -> tuple[int, int] | tuple[str, str]:
    if not actor:
        return "", ""
    word = re.compile(r"(?<!\w)" + re.escape(actor) + r"(?!\w)")
    found = word.search(text, s, e) or ([None, *word.finditer(text, 0, s)][-1]) or word.search(text, e)
    if found is None:
        raise ValueError(f"actor not found: {actor!r}")
    return found.start(), found.end()


def convert(notes: Path, split: str, data: Path) -> list[list]:
    paths = _docs(data, split)
    rows = []
    for n, line in enumerate(notes.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        doc, off, actor, target, dl_text, dl_value, strength, clear, pol = line.split("|")
        raw = json.loads(paths[doc].read_text(encoding="utf-8"))
        text = raw["originalText"]
        s, e = _sentence(raw, int(off))
        try:
            a0, a1 = _find_actor(text, actor, s, e)
            t0 = text.find(target, s, e)
            if t0 < 0:
                raise ValueError(f"target not in sentence: {target!r}")
            d0 = text.find(dl_text, s, e) if dl_text else -1
            if dl_text and d0 < 0:
                raise ValueError(f"deadline not in sentence: {dl_text!r}")
        except ValueError as exc:
            sys.exit(f"{notes}:{n}: {exc}")
        rows.append([split, doc, s, e, a0, a1, t0, t0 + len(target),
                     d0 if dl_text else "", d0 + len(dl_text) if dl_text else "",
                     dl_value, strength, 1 if clear == "c" else 0, "withdrawn" if pol == "-" else "made"])
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev_notes", type=Path)
    ap.add_argument("train_notes", type=Path)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/quotes/wikinews"))
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("annotations.tsv"))
    args = ap.parse_args(argv)
    rows = convert(args.train_notes, "train", args.data) + convert(args.dev_notes, "dev", args.data)
    rows.sort(key=lambda r: (r[0] != "train", int(r[1]), r[2], r[6]))
    with args.out.open("w", encoding="utf-8") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(map(str, r)) + "\n")
    print(f"{len(rows)} pledges -> {args.out}")


if __name__ == "__main__":
    main()
