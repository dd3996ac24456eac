"""Closed-class German words that Chronik's components share: numerals, articles, qualifiers, units.

One place for the small, fixed word classes of German, so that two components never
hold two diverging copies. Open-class lists (speech verbs, role nouns, names, places)
are lexicon files under ``chronik/lexicons/`` with their source, read through
:mod:`chronik.analyse.resources`.
"""

from __future__ import annotations

# --- numerals ---------------------------------------------------------------------------------------

#: cardinal words below twenty (with the inflected forms of "ein") → value
NUMERAL_UNITS: dict[str, int] = {
    "null": 0, "ein": 1, "eins": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}
NUMERAL_TENS: dict[str, int] = {
    "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50,
    "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90,
}
#: ordinal stems: "erst-", "zweit-", ... ("zwanzigst-" and above are built from the cardinals)
ORDINAL_STEMS: dict[str, int] = {
    "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
    "siebent": 7, "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12,
}
#: scale words, lowercase and without the abbreviation's dot → multiplier
NUMERAL_SCALES: dict[str, float] = {
    "hundert": 100, "tausend": 1_000, "million": 1e6, "millionen": 1e6, "mio": 1e6,
    "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "billion": 1e12, "billionen": 1e12,
}
#: scale words as they are written after a number, in the order a pattern tries them
SCALE_FORMS = ("Millionen", "Million", "Mio.", "Milliarden", "Milliarde", "Mrd.", "Billionen", "Billion", "Tausend")
NUMERAL_FRACTIONS: dict[str, float] = {"halb": 0.5, "halbe": 0.5, "halben": 0.5, "anderthalb": 1.5, "eineinhalb": 1.5}

# --- articles ---------------------------------------------------------------------------------------

#: forms of the indefinite article (also the numeral "one")
INDEFINITE_ARTICLES = ("ein", "eine", "einen", "einem", "einer", "eines")

# --- quotation marks -------------------------------------------------------------------------------

#: every quotation mark of the styles German news uses: „…“, “…”, "…", »…«, «…»
QUOTE_MARKS = frozenset("„“”\"»«")

# --- prepositions ----------------------------------------------------------------------------------

#: German prepositions and postpositions, with the contractions of preposition and article: a phrase
#: opened by one is an adverbial, never a clause's subject ("Gegenüber den Zeitungen verkündet er …")
PREPOSITIONS = frozenset([
    "ab", "abseits", "abzüglich", "am", "an", "angesichts", "anhand", "anlässlich", "ans", "anstatt", "anstelle",
    "auf", "aufgrund", "aufs", "aus", "ausschließlich", "außer", "außerhalb", "bei", "beim", "betreffs", "bezüglich",
    "binnen", "bis", "dank", "diesseits", "durch", "durchs", "einschließlich", "entgegen", "entlang", "für", "fürs",
    "gegen", "gegenüber", "gemäß", "hinsichtlich", "hinter", "hinterm", "hinters", "im", "in", "infolge",
    "inklusive", "inmitten", "innerhalb", "ins", "jenseits", "laut", "mangels", "mit", "mithilfe", "mittels", "nach",
    "neben", "oberhalb", "ohne", "samt", "seit", "seitens", "statt", "trotz", "um", "ums", "unter", "unterhalb",
    "unweit", "über", "überm", "übers", "vom", "von", "vor", "vorm", "während", "wegen", "zu", "zufolge", "zugunsten", "zum",
    "zur", "zuzüglich",
    "zwecks", "zwischen",
])

#: adverbs that close a time adverbial ("zwei Tage später", "kurz zuvor"): such a phrase before the
#: verb is no subject, speaker or actor ("Ein paar Tage später kündigte Busch … an")
TIME_ADVERBS = frozenset([
    "später", "danach", "darauf", "zuvor", "vorher", "nachher", "früher", "damals", "zuletzt", "kürzlich", "jüngst",
    "bislang", "bisher", "seither", "inzwischen", "mittlerweile",
])

# --- amounts ----------------------------------------------------------------------------------------

#: words before a number that qualify it → ``Amount.qualifier``
AMOUNT_QUALIFIERS: dict[str, str] = {
    "rund": "approx", "etwa": "approx", "ungefähr": "approx", "circa": "approx", "ca.": "approx",
    "knapp": "approx", "fast": "approx", "beinahe": "approx", "annähernd": "approx",
    "mindestens": "min", "wenigstens": "min", "höchstens": "max", "maximal": "max", "bis zu": "max",
    "mehr als": "more_than", "über": "more_than", "weniger als": "less_than", "unter": "less_than",
}
#: units and currencies as written after a number, in the order a pattern tries them
UNIT_FORMS = (
    "%", "€", "$", "Prozentpunkten", "Prozentpunkte", "Prozent", "US-Dollar", "Dollar", "Euro", "Pfund", "Franken",
    "Yen", "Kilometer", "km", "Meter", "Tonnen", "Kilogramm", "kg", "Grad",
    "Drittel", "Viertel", "Fünftel", "Zehntel",
)
#: fraction words after a number: a share, recorded in per cent ("zwei Drittel" → 66.67 Prozent)
FRACTIONS: dict[str, float] = {"drittel": 100 / 3, "viertel": 25.0, "fünftel": 20.0, "zehntel": 10.0}
#: a unit form, lowercase → its canonical name (``Amount.unit``)
UNITS: dict[str, str] = {
    "%": "Prozent", "prozent": "Prozent", "prozentpunkte": "Prozentpunkte", "prozentpunkten": "Prozentpunkte",
    "€": "Euro", "euro": "Euro", "dollar": "Dollar", "us-dollar": "US-Dollar", "$": "Dollar",
    "pfund": "Pfund", "franken": "Franken", "yen": "Yen", "kilometer": "Kilometer", "km": "Kilometer",
    "meter": "Meter", "tonnen": "Tonnen", "kilogramm": "Kilogramm", "kg": "Kilogramm", "grad": "Grad",
}
#: nouns that follow a number without being what it counts ("drei Jahre", "zum zweiten Mal")
NOT_COUNTED = frozenset({"Uhr", "Jahre", "Jahren", "Jahr", "Mal", "Prozent"})
