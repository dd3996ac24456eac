"""Print candidate date expressions in the Wikinews documents for hand annotation.

    python training/time/candidates.py ../shared/data/quotes/wikinews/train [--limit N]

A broad, recall-oriented pattern list (weekdays, deictic days, date adjectives, months and
day-month without a year, relative weeks/months/years, holidays, seasons, "vor zwei Wochen")
finds the places to read; the annotator decides for each whether it is a date that needs the
article date and what its value is. Nothing here proposes a value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

_WD = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
_MON = r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_HOLIDAY = (r"(?:Heilig(?:en)?abend|Weihnacht\w*|Silvester\w*|Neujahr\w*|Ostern|Oster\w+|Karfreitag\w*|Gründonnerstag"
            r"|Pfingst\w+|Himmelfahrt\w*|Fronleichnam|Rosenmontag\w*|Aschermittwoch|Fastnacht|Allerheiligen"
            r"|Tag der (?:Deutschen )?Einheit|Jahreswechsel\w*|Jahresende|Jahresbeginn|Jahresanfang|Jahresmitte)")
CANDIDATE = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?:(?:vergangene|letzte|nächste|kommende|diese|vorige)[nmrs]?\s+)?{_WD}\w*"
    r"|[Hh]eute\w*|[Gg]est(?:ern|rig)\w*|[Vv]orgest(?:ern|rig)\w*|[Mm]orgen(?:s|ig\w*)?|[Üü]bermorgen"
    r"|[Dd]iesjährig\w*|[Ll]etztjährig\w*|[Vv]orjährig\w*|[Vv]orjahr\w*"
    rf"|(?:\d{{1,2}}\.\s*)?(?:(?:Anfang|Mitte|Ende)\s+)?{_MON}(?!\s*\d{{4}})"
    r"|(?:(?:Anfang|Mitte|Ende)\s+)?(?:des|dieses|diese[nms]?|im|am|vergangene[nmrs]?|letzte[nmrs]?|nächste[nmrs]?|kommende[nmrs]?|vorige[nmrs]?|laufende[nmrs]?|neue[nmrs]?|abgelaufene[nmrs]?)\s+(?:Jahr|Woche|Monat|Quartal|Halbjahr|Wochenende)\w*"
    r"|Wochenende|Quartal\w*"
    rf"|{_HOLIDAY}"
    r"|(?:Frühjahr|Frühling|Sommer|Herbst|Winter)s?(?!\s*\d{4})"
    r"|(?:[Vv]or|[Ii]n|[Nn]ach|[Bb]innen)\s+(?:\w+\s+)?(?:Tag|Woche|Monat|Jahr)\w*"
    r")(?![\w-])"
)


def article_date(name: str) -> dt.date | None:
    m = re.search(r"\((\d{4}-\d{2}-\d{2})\)\s*$", name)
    return dt.date.fromisoformat(m.group(1)) if m else None


def doc_id(name: str) -> str:
    return name.split(" - ", 1)[0].strip()


def main(argv: list[str]) -> None:
    folder = Path(argv[0])
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else 10**9
    for path in sorted(folder.glob("*.json"), key=lambda p: int(p.name.split(" ")[0]))[:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))
        text, date = data["originalText"], article_date(data["documentName"])
        hits = list(CANDIDATE.finditer(text))
        if not hits or date is None:
            continue
        print(f"=== {doc_id(data['documentName'])} {date} {date.strftime('%a')} | {data['documentName'][:90]}")
        for m in hits:
            left = text[max(0, m.start() - 110) : m.start()].replace("\n", " ")
            right = text[m.end() : m.end() + 70].replace("\n", " ")
            print(f"{m.start()}:{m.end()}\t…{left}[[{m.group(0)}]]{right}…")


if __name__ == "__main__":
    main(sys.argv[1:])
