"""Lexicons for entity recognition and linking, loaded once from ``chronik/lexicons/*.tsv``.

``docs/entities.md`` says where each file comes from; ``training/lexicons/build.py`` rebuilds
the derived ones. Every lookup here is a dict access on a token's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .resources import tsv_rows

# Inflection endings stripped from role nouns: Generals, Kollegen, Präsidenten, Ministerinnen.
_ROLE_ENDINGS = ("", "s", "es", "n", "en", "nen")
_MIN_ROLE = 4  # shortest compound tail accepted as a role noun (Chef)
_ADJ_ENDINGS = ("en", "er", "es", "em", "e", "")


@dataclass(frozen=True)
class Place:
    place: str  # canonical place: "Iraq", "Baghdad, Iraq"
    iso: str
    kind: str  # "country" | "city"
    gender: str = "n"
    capital_of: str | None = None


@dataclass(frozen=True)
class Org:
    name: str
    type: str
    gender: str
    classes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RoleNoun:
    lemma: str  # the token without its inflection ending: "US-Kollege", "Bundesverteidigungsministerin"
    head: str  # the lexicon lemma, lowercase: "kollege", "ministerin"
    gender: str  # m | f | u
    plural: bool
    nationality: str | None  # iso2 from a prefix such as "US-"


def _rows(name: str) -> list[list[str]]:
    return tsv_rows(name)


def _split(cell: str) -> list[str]:
    return [x for x in cell.split("|") if x]


class Gazetteer:
    """All entity lexicons; use :func:`load` for the shared instance."""

    def __init__(self) -> None:
        self.first_names = {r[0]: r[1] for r in _rows("first_names.tsv")}
        self.titles = {r[0]: r[1] for r in _rows("titles.tsv")}
        self.roles = {r[0].lower(): r[1] for r in _rows("roles.tsv")}
        self.common = {r[0] for r in _rows("common_nouns.tsv")}
        self.mdb = {r[0]: (r[1], r[2], r[3]) for r in _rows("mdb.tsv")}
        self.surnames = {name.rsplit(" ", 1)[-1] for name in self.mdb}
        self.places: dict[str, Place] = {}
        self.adjectives: dict[str, str] = {}  # adjective stem -> iso2
        self.country_place: dict[str, str] = {}  # iso2 -> canonical place
        self._load_places()
        self.orgs: dict[tuple[str, ...], Org] = {}
        self.org_first: dict[str, int] = {}  # first token -> longest form length starting with it
        self.class_nouns: set[str] = set()
        self._load_orgs()
        self._role_memo: dict[str, RoleNoun | None] = {}

    def _load_places(self) -> None:
        capitals = {}
        for iso, de, en, aliases, adjs, gender, capital in _rows("countries.tsv"):
            self.country_place[iso] = en
            capitals[iso] = capital
            for form in [de, *_split(aliases)]:
                self.places[form] = Place(en, iso, "country", gender)
            for adj in _split(adjs):
                self.adjectives[adj] = iso
        for form, place, iso, capital in _rows("cities.tsv"):
            # Countries win over same-named cities (Luxemburg, Singapur, Mexiko).
            if form not in self.places:
                cap = self.country_place.get(iso) if capital == "1" else None
                self.places[form] = Place(place, iso, "city", "n", cap)

    def _load_orgs(self) -> None:
        for name, typ, gender, forms, classes in _rows("orgs.tsv"):
            org = Org(name, typ, gender, frozenset(_split(classes)))
            self.class_nouns |= org.classes
            for form in [name, *_split(forms)]:
                toks = tuple(form.split())
                self.orgs[toks] = org
                self.org_first[toks[0]] = max(self.org_first.get(toks[0], 0), len(toks))

    def place(self, text: str) -> Place | None:
        """The place a token names, also in the genitive (Bagdads, Iraks)."""
        hit = self.places.get(text)
        if hit is None and text.endswith("s") and len(text) > 3:
            hit = self.places.get(text[:-1])
        return hit

    def adjective(self, text: str) -> str | None:
        """iso2 of a country adjective in any inflection: "iranischen" -> "IR"."""
        low = text.lower()
        for end in _ADJ_ENDINGS:
            if low.endswith(end):
                iso = self.adjectives.get(low[: len(low) - len(end)] if end else low)
                if iso:
                    return iso
        return None

    def role(self, text: str) -> RoleNoun | None:
        """Parse a (compound, inflected, prefixed) role noun: "US-Verteidigungsministers"."""
        if not text[:1].isupper():
            return None
        if text not in self._role_memo:
            self._role_memo[text] = self._parse_role(text)
        return self._role_memo[text]

    def _parse_role(self, text: str) -> RoleNoun | None:
        prefix, _, rest = text.rpartition("-")
        if not rest[:1].isupper():
            return None
        nationality = None
        if prefix:
            place = self.place(prefix)
            if place is None or place.kind != "country":
                return None  # "Anti-IS-Koalition", "Nato-Staaten": not a person's title
            nationality = place.iso
        low = rest.lower()
        for end in _ROLE_ENDINGS:
            if end and not low.endswith(end):
                continue
            base = low[: len(low) - len(end)]
            for i in range(len(base) - _MIN_ROLE + 1):
                gender = self.roles.get(base[i:])
                if gender is not None:
                    lemma = text[: len(text) - len(end)] if end else text
                    return RoleNoun(lemma, base[i:], gender, end == "nen", nationality)
        return None

    def org_class(self, text: str) -> str | None:
        """The class noun a capitalised compound ends with: "Verteidigungsbündnis" -> "bündnis"."""
        if "-" in text or not text[:1].isupper():
            return None
        low = text.lower()
        for i in range(len(low) - 4):
            if low[i:] in self.class_nouns:
                return low[i:]
        return None


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    return Gazetteer()
