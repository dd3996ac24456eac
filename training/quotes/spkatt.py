"""Read the SpkAtt-2023 parliamentary debates (task 1) as Wikinews-style evaluation docs.

Each speech (one JSON file: ``Sentences`` of tokens, ``Annotations`` with ``Cue``, ``Source``,
``Message``, ``Addr`` as ``"sentence:token"`` ids) becomes a :class:`chronik.eval.quotes.Doc`:
the tokens are joined into plain text (no space before closing punctuation, none after an
opening bracket or quotation mark), each token keeps its character offsets, and every speech
event becomes a gold statement (message, speaker = Source, cue; form unknown). Used to add
training groups to the speaker chooser (``speaker.py --spkatt DIR``); licence CC BY-SA 4.0.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from chronik.eval.quotes import Doc, Statement

_NO_SPACE_BEFORE = frozenset([".", ",", ";", ":", "!", "?", ")", "]", "“", "%"])
_NO_SPACE_AFTER = frozenset(["(", "[", "„"])
_DATE = re.compile(r"_(\d{2})\.(\d{2})\.(\d{4})\.json$")


def load(path: Path) -> Doc:
    """One speech as a Doc with its speech events as gold statements."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    ids: dict[str, int] = {}
    pos = 0
    prev = ""
    for sent in raw["Sentences"]:
        for k, tok in enumerate(sent["Tokens"]):
            if parts and tok not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            ids[f"{sent['SentenceId']}:{k}"] = len(starts)
            starts.append(pos)
            parts.append(tok)
            pos += len(tok)
            ends.append(pos)
            prev = tok
    gold = []
    for a in raw["Annotations"]:
        role = {key: frozenset(ids[t] for t in a.get(key) or [] if t in ids) for key in ("Message", "Source", "Cue")}
        if role["Message"]:
            gold.append(Statement(message=role["Message"], speaker=role["Source"], cue=role["Cue"]))
    m = _DATE.search(path.name)
    date = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    return Doc(id=path.stem, text="".join(parts), date=date, gold=gold, starts=starts, ends=ends)
