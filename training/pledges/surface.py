"""Print candidate sentences for pledge annotation: every sentence with a cue word.

The cue list is wide on purpose (commitment verbs, modal and future forms, goal and
plan nouns); the annotator reads every candidate and decides. Output lines are
``sentence_start<TAB>sentence`` under a ``##### doc title`` header.

    python training/pledges/surface.py ../shared/data/quotes/wikinews/dev [DOC_ID,DOC_ID,...]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

CUE = re.compile(
    r"\b(zusag\w*|sag(?:t|te|ten)\b[^.]{0,80}\bzu\b|zugesagt|Zusage\w*|versprach\w*|versproch\w*|versprech\w*"
    r"|Versprechen|verpflicht\w*|kündigt\w*\s[^.]*\ban\b|angekündigt|ankündig\w*|Ankündigung|will|wollen|wolle"
    r"|wollten|wollte|werde|werden|wird|Ziel\w*|\w+ziel\w*|plan\w*|Plan\w*|geplant|soll|sollen|solle|anstreb\w*"
    r"|angestrebt|strebt\w*|beschloss\w*|beschlossen|garantier\w*|zusicher\w*|zugesichert|bereit\w*|vorhab\w*"
    r"|vorgenommen|vornehmen|beabsichtig\w*|Absicht)\b"
)


def main(argv: list[str]) -> None:
    folder = Path(argv[0])
    wanted = set(argv[1].split(",")) if len(argv) > 1 and argv[1] else None
    n = 0
    for path in sorted(folder.glob("*.json")):
        doc = path.name.split(" ", 1)[0]
        if wanted and doc not in wanted:
            continue
        raw = json.loads(path.read_text(encoding="utf-8"))
        text = raw["originalText"]
        print(f"##### {doc} {raw['documentName'][:90]}")
        for s in raw["sentences"]:
            sentence = text[s["charBegin"] : s["charEnd"]].strip()
            if CUE.search(sentence):
                n += 1
                print(f"{s['charBegin']}\t{sentence}")
    print(f"{n} candidate sentences", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
