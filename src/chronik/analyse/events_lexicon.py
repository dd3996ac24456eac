"""German event triggers: word forms per event type, built from stems (no lemmatiser in the pipeline).

Each entry gives an event type, a weight (how often the form names that event in news:
0.9 unambiguous, 0.6 often, 0.4 needs the context condition), the word forms and, for
separable verbs, the particle that must follow in the clause ("lehnte … ab"). A context
condition is a regex the text right after the word must match ("traf sich mit").

Nouns are stems with their inflection endings; ``compound`` nouns also match as the last part
of a compound ("Verkehrsunfall", "Warnstreiks", "Milliarden-Übernahme"). The lists are
general German news vocabulary for each PLOVER category and SmartData event type, not
phrases taken from single examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

POLITICAL = ("agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request",
             "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault")
INDUSTRY = ("acquisition", "merger", "spin_off", "insolvency", "layoffs", "strike")
TRAFFIC = ("accident", "disaster", "traffic_jam", "obstruction", "delay", "canceled_route",
           "canceled_stop", "rail_replacement")
# Speech acts a statement can be: its cue decides whether it is one of these events.
SPEECH_ACTS = ("accuse", "request", "reject")


@dataclass(frozen=True)
class Form:
    type: str
    weight: float
    particle: str | None = None  # separable verb: this word must follow in the clause
    after: re.Pattern | None = None  # must match the text right after the word
    noun: bool = False
    passive_ok: bool = True


def weak(stem: str, participle: str | None = None) -> list[str]:
    """Finite forms, infinitive and participle of a weak verb ("kritisier" → kritisiert, kritisierte …)."""
    forms = [stem + e for e in ("e", "st", "t", "te", "ten", "tet", "en", "est", "et")]
    return [*forms, participle or "ge" + stem + "t"]


def noun(stem: str, endings: tuple[str, ...] = ("", "e", "en", "es", "s", "n", "er", "ern")) -> list[str]:
    return [stem + e for e in endings]


def _after(pattern: str) -> re.Pattern:
    return re.compile(r"\s*(?:" + pattern + ")", re.IGNORECASE)


# (type, weight, forms, particle, after-condition, noun, compound)
_E = list[tuple[str, float, list[str], str | None, str | None, bool, bool]]
ENTRIES: _E = [
    # --- political actions (PLOVER) ---
    ("agree", 0.8, ["einigte", "einigten", "einigt", "einigen", "geeinigt"], None, r"(?:\w+\s+){0,4}?sich\b|auf\b", False, False),
    ("agree", 0.8, noun("Einigung"), None, None, True, False),
    ("agree", 0.8, [*weak("vereinbar", "vereinbart"), *noun("Vereinbarung")], None, None, False, False),
    ("agree", 0.8, weak("unterzeichn", "unterzeichnet") + ["unterzeichnete", "unterzeichneten", "unterzeichnen"], None, None, False, False),
    ("agree", 0.8, noun("Unterzeichnung"), None, None, True, False),
    ("agree", 0.6, ["stimmte", "stimmten", "stimmt"], "zu", None, False, False),
    ("agree", 0.6, ["zugestimmt", "zustimmen", "Zustimmung"], None, None, False, False),
    ("agree", 0.7, noun("Friedensabkommen", ("", "s")) + noun("Waffenstillstandsabkommen", ("", "s")), None, None, True, False),
    ("consult", 0.7, ["traf", "trafen", "trifft", "treffen"], None, r"(?:\w+\s+){0,5}?(?:sich\b|mit\b)", False, False),
    ("consult", 0.6, noun("Treffen", ("",)), None, r"(?:mit|zwischen|von|der|des)\b", True, False),
    ("consult", 0.6, ["Gipfeltreffen", "Gipfeltreffens", "Gipfel", "Gipfels"], None, None, True, False),
    ("consult", 0.7, ["beriet", "berieten", "berät", "beraten"], None, r"(?:\w+\s+){0,5}?(?:über|mit)\b", False, False),
    ("consult", 0.7, noun("Beratung", ("en",)) + noun("Verhandlung", ("en",)) + noun("Gespräch", ("e", "en")), None, r"(?:mit|zwischen|über)\b", True, False),
    ("consult", 0.7, weak("verhandel", "verhandelt") + ["verhandeln", "verhandelten", "verhandelte"], None, r"(?:\w+\s+){0,5}?(?:mit|über)\b", False, False),
    ("consult", 0.7, weak("besuch", "besucht"), None, None, False, False),
    ("consult", 0.6, ["Besuch", "Besuchs", "Staatsbesuch", "Staatsbesuchs"], None, r"(?:in|bei|des|der|von)\b", True, False),
    ("consult", 0.7, ["empfing", "empfingen", "empfängt"], None, None, False, False),
    ("consult", 0.7, weak("telefonier", "telefoniert"), None, r"(?:\w+\s+){0,4}?mit\b", False, False),
    ("support", 0.7, weak("unterstütz", "unterstützt") + ["unterstützen"], None, None, False, False),
    ("support", 0.6, noun("Unterstützung"), None, r"(?:für|der|des|von)\b", True, False),
    ("support", 0.6, ["lobte", "lobten", "lobt", "gelobt"], None, None, False, False),
    ("support", 0.6, ["begrüßte", "begrüßten", "begrüßt"], None, r"(?!\s*(?:die\s+)?(?:Gäste|Teilnehmer|Besucher))", False, False),
    ("support", 0.7, ["sprach", "sprachen", "spricht"], "aus", r"(?:\w+\s+){0,6}?für\b", False, False),
    ("support", 0.7, ["befürwortet", "befürwortete", "befürworteten", "befürworten"], None, None, False, False),
    ("concede", 0.6, ["räumte", "räumten", "räumt"], "ein", None, False, False),
    ("concede", 0.6, ["eingeräumt", "einräumen"], None, None, False, False),
    ("concede", 0.8, ["entschuldigte", "entschuldigten", "entschuldigt"], None, r"(?:\w+\s+){0,3}?sich\b", False, False),
    ("concede", 0.7, ["lenkte", "lenkten", "lenkt"], "ein", None, False, False),
    ("concede", 0.7, noun("Zugeständnis", ("", "se", "sen")), None, None, True, False),
    ("concede", 0.6, ["trat", "traten", "tritt"], "zurück", None, False, False),
    ("concede", 0.6, ["zurückgetreten", "Rücktritt", "Rücktritts"], None, None, False, False),
    ("concede", 0.6, ["freigelassen", "freilassen", "Freilassung"], None, None, False, False),
    ("concede", 0.6, ["ließ", "ließen", "lässt"], "frei", None, False, False),
    ("cooperate", 0.7, noun("Zusammenarbeit", ("",)) + noun("Kooperation", ("", "en")), None, r"(?:mit|zwischen|der|von)\b", True, False),
    ("cooperate", 0.7, weak("kooperier", "kooperiert"), None, None, False, False),
    ("cooperate", 0.6, ["arbeiten", "arbeitet", "arbeitete", "arbeiteten"], "zusammen", None, False, False),
    ("aid", 0.7, noun("Hilfslieferung", ("", "en")) + noun("Hilfsgüter", ("", "n")) + noun("Hilfspaket", ("", "e", "s"))
     + noun("Finanzhilfe", ("", "n")) + noun("Militärhilfe", ("", "n")) + noun("Soforthilfe", ("", "n"))
     + noun("Waffenlieferung", ("", "en")) + noun("Entwicklungshilfe", ("",)), None, None, True, False),
    ("aid", 0.6, ["humanitäre", "humanitärer", "humanitären"], None, r"Hilfe", False, False),
    ("aid", 0.6, ["spendete", "spendeten", "gespendet"], None, None, False, False),
    ("retreat", 0.7, noun("Abzug", ("", "s")) + noun("Truppenabzug", ("", "s")) + noun("Rückzug", ("", "s")), None, None, True, False),
    ("retreat", 0.6, ["zog", "zogen", "zieht"], "ab", None, False, False),
    ("retreat", 0.6, ["zog", "zogen", "zieht"], "zurück", r"(?:\w+\s+){0,6}?(?:Truppen|Soldaten|Einheiten|Botschafter|Kandidatur)", False, False),
    ("retreat", 0.6, ["abgezogen", "abziehen"], None, None, False, False),
    ("request", 0.7, ["forderte", "forderten", "fordert", "fordern", "gefordert"], None, None, False, False),
    ("request", 0.6, noun("Forderung", ("", "en")), None, r"(?:nach|von|der|des)\b", True, False),
    ("request", 0.7, ["verlangte", "verlangten", "verlangt", "verlangen"], None, None, False, False),
    ("request", 0.7, ["rief", "riefen", "ruft"], "auf", None, False, False),
    ("request", 0.7, ["aufgerufen", "aufrufen", "Aufruf", "Aufrufe"], None, None, False, False),
    ("request", 0.7, weak("appellier", "appelliert") + ["Appell", "Appelle"], None, None, False, False),
    ("request", 0.6, ["ersuchte", "ersuchten", "ersucht", "bat", "baten"], None, r"(?:\w+\s+){0,6}?um\b", False, False),
    ("request", 0.6, ["drängte", "drängten", "drängt", "gedrängt", "mahnte", "mahnten", "mahnt"], None, None, False, False),
    ("accuse", 0.8, ["warf", "warfen", "wirft"], "vor", None, False, False),
    ("accuse", 0.8, ["vorgeworfen", "vorwerfen"], None, None, False, False),
    ("accuse", 0.7, ["Vorwurf", "Vorwürfe", "Vorwürfen"], None, None, True, False),
    ("accuse", 0.8, weak("beschuldig", "beschuldigt") + weak("bezichtig", "bezichtigt"), None, None, False, False),
    ("accuse", 0.7, weak("kritisier", "kritisiert"), None, None, False, False),
    ("accuse", 0.6, ["Kritik"], None, r"an\b", True, False),
    ("accuse", 0.7, ["verurteilte", "verurteilten", "verurteilt"], None, r"(?!(?:\w+\s+){0,6}?(?:zu|wegen)\b)", False, False),
    ("accuse", 0.6, ["angeklagt", "Anklage"], None, None, False, False),
    ("reject", 0.8, ["lehnte", "lehnten", "lehnt"], "ab", None, False, False),
    ("reject", 0.8, ["abgelehnt", "ablehnen", "Ablehnung"], None, None, False, False),
    ("reject", 0.7, ["wies", "wiesen", "weist"], "zurück", None, False, False),
    ("reject", 0.7, ["zurückgewiesen", "zurückweisen", "Zurückweisung"], None, None, False, False),
    ("reject", 0.7, ["verweigerte", "verweigerten", "verweigert", "weigerte", "weigerten", "weigert"], None, None, False, False),
    ("reject", 0.7, weak("dementier", "dementiert") + ["bestritt", "bestritten", "bestreitet"], None, None, False, False),
    ("reject", 0.7, ["Veto"], None, None, True, False),
    ("threaten", 0.7, ["drohte", "drohten", "droht", "drohen", "gedroht", "androhen", "angedroht"], None, r"(?:\w+\s+){0,6}?mit\b", False, False),
    ("threaten", 0.7, noun("Drohung", ("", "en")) + ["Ultimatum", "Ultimatums"], None, None, True, False),
    ("protest", 0.8, weak("demonstrier", "demonstriert") + weak("protestier", "protestiert"), None, None, False, False),
    ("protest", 0.8, noun("Demonstration", ("", "en")) + ["Demonstranten", "Protest", "Proteste", "Protesten", "Protests", "Kundgebung", "Kundgebungen", "Hungerstreik"], None, None, True, False),
    ("sanction", 0.8, noun("Sanktion", ("", "en")) + ["Embargo", "Embargos", "Strafzölle", "Strafzöllen", "Einreiseverbot", "Einreiseverbote"], None, None, True, False),
    ("sanction", 0.7, weak("sanktionier", "sanktioniert"), None, None, False, False),
    ("sanction", 0.7, ["Boykott", "Boykotts", "boykottiert", "boykottierte", "boykottierten", "boykottieren"], None, None, False, False),
    ("sanction", 0.6, ["verhängte", "verhängten", "verhängt"], None, None, False, False),
    ("sanction", 0.6, ["ausgewiesen", "Ausweisung"], None, None, False, False),
    ("mobilize", 0.8, weak("mobilisier", "mobilisiert") + ["Mobilmachung", "Mobilisierung"], None, None, False, False),
    ("mobilize", 0.7, weak("stationier", "stationiert") + ["Stationierung", "entsandte", "entsandten", "entsandt", "entsendet", "Entsendung"], None, None, False, False),
    ("mobilize", 0.6, ["Manöver", "Militärübung", "Militärübungen", "Truppenaufmarsch", "Alarmbereitschaft"], None, None, True, False),
    ("coerce", 0.8, ["festgenommen", "Festnahme", "Festnahmen", "verhaftet", "verhaftete", "verhafteten", "Verhaftung", "Verhaftungen",
                     "inhaftiert", "Razzia", "Razzien", "beschlagnahmt", "beschlagnahmte", "abgeschoben", "Abschiebung", "Abschiebungen"], None, None, False, False),
    ("coerce", 0.7, ["nahm", "nahmen", "nimmt"], "fest", None, False, False),
    ("assault", 0.8, ["angegriffen", "Angriff", "Angriffe", "Angriffen", "Angriffs", "Luftangriff", "Luftangriffe", "Luftangriffen",
                      "Anschlag", "Anschläge", "Anschlägen", "Anschlags", "Attentat", "Attentats", "Attentäter",
                      "bombardiert", "bombardierte", "bombardierten", "Bombardierung", "beschossen", "Beschuss", "Beschusses",
                      "erschossen", "ermordet", "getötet", "tötete", "töteten"], None, None, False, False),
    ("assault", 0.7, ["griff", "griffen", "greift"], "an", None, False, False),
    # --- industry (SmartData) ---
    ("acquisition", 0.8, ["Übernahme", "Übernahmen", "Akquisition", "Akquisitionen", "Erwerb", "Erwerbs", "Zukauf", "Zukäufe"], None,
     r"(?!(?:der|des|von)?\s*(?:Verantwortung|Kosten|Führung|Amt|Amtes|Regierung|Vorsitz|Leitung|Macht|Schulden|Mehrheit\s+im))", True, True),
    ("acquisition", 0.6, ["übernimmt", "übernahm", "übernahmen", "übernommen", "übernehmen", "erwirbt", "erwarb", "erwarben", "erworben",
                          "kauft", "kaufte", "kauften", "gekauft", "schluckt", "schluckte"], None,
     r"(?!(?:\w+\s+){0,3}?(?:Verantwortung|Kosten|Führung|Amt|Regie|Vorsitz|Leitung|Macht|Aufgabe|Rolle|Haftung|Schirmherrschaft))", False, False),
    ("merger", 0.8, ["Fusion", "Fusionen", "Zusammenschluss", "Zusammenschluß", "Zusammenschlusses", "Verschmelzung", "Merger"], None, None, True, True),
    ("merger", 0.8, weak("fusionier", "fusioniert") + ["verschmolzen"], None, None, False, False),
    ("spin_off", 0.7, ["Abspaltung", "Ausgliederung", "Spin-off", "Spinoff", "abgespalten", "ausgegliedert", "ausgliedern", "abspalten"], None, None, False, False),
    ("spin_off", 0.6, ["spaltet", "spaltete"], "ab", None, False, False),
    ("spin_off", 0.6, ["gliedert", "gliederte"], "aus", None, False, False),
    ("insolvency", 0.9, noun("Insolvenz", ("", "en")) + ["Konkurs", "Konkurse", "Konkurses", "Zahlungsunfähigkeit", "Gläubigerschutz"], None, None, True, True),
    ("insolvency", 0.9, ["insolvent", "insolvente", "insolventen", "insolventer", "zahlungsunfähig", "zahlungsunfähige", "zahlungsunfähigen"], None, None, False, False),
    ("insolvency", 0.7, ["Pleite", "Pleiten", "pleite"], None, None, True, True),
    ("layoffs", 0.9, ["Stellenabbau", "Stellenabbaus", "Jobabbau", "Personalabbau", "Arbeitsplatzabbau", "Stellenstreichung", "Stellenstreichungen",
                      "Massenentlassung", "Massenentlassungen", "Massen-Entlassungen"], None, None, True, True),
    ("layoffs", 0.6, ["Entlassung", "Entlassungen", "entlässt", "entließ", "entließen"], None,
     r"(?!(?:\w+\s+){0,4}?(?:aus\s+de[mr]\s+(?:Haft|Krankenhaus|Gefängnis|Klinik)|Häftling|Gefangene))", True, False),
    ("layoffs", 0.8, ["streicht", "strich", "strichen", "streichen", "gestrichen", "abbauen", "abgebaut", "baut", "bauen", "wegfallen", "fallen"], None,
     r"(?:\w+\s+){0,5}?(?:Stellen|Arbeitsplätze|Jobs|Mitarbeiter|Beschäftigte|Vollzeitstellen)\b(?:\s+\w+){0,4}?\s+(?:ab|weg)?", False, False),
    ("strike", 0.9, noun("Streik", ("", "s", "e", "es", "en")) + noun("Warnstreik", ("", "s", "e", "en")) + ["Ausstand", "Arbeitsniederlegung",
                                                                                                    "Arbeitsniederlegungen"], None, None, True, True),
    ("strike", 0.9, ["streikt", "streikten", "streiken", "gestreikt", "bestreikt", "streikende", "Streikende", "Streikenden"], None, None, False, False),
    # --- traffic and disasters (SmartData) ---
    ("accident", 0.9, ["Unfall", "Unfalls", "Unfälle", "Unfällen", "Unglück", "Unglücks", "Zusammenstoß", "Zusammenstoßes"], None, None, True, True),
    ("accident", 0.8, ["verunglückt", "verunglückte", "verunglückten", "entgleist", "entgleiste", "prallte", "prallten", "kollidierte", "kollidierten",
                       "aufgefahren", "geprallt"], None, None, False, False),
    ("disaster", 0.9, ["Erdbeben", "Erdbebens", "Beben", "Bebens", "Hochwasser", "Hochwassers", "Überschwemmung", "Überschwemmungen",
                       "Erdrutsch", "Erdrutsche", "Erdrutschs", "Lawine", "Lawinen", "Dürre", "Dürren", "Vulkanausbruch", "Tsunami",
                       "Hurrikan", "Hurrikans", "Taifun", "Taifuns", "Tornado", "Tornados", "Wirbelsturm", "Wirbelsturms", "Sturmflut",
                       "Waldbrand", "Waldbrände", "Waldbränden", "Flutkatastrophe", "Unwetter", "Überflutung", "Überflutungen", "Tropensturm"],
     None, None, True, True),
    ("traffic_jam", 0.9, ["Stau", "Staus", "Rückstau", "Staugefahr"], None, None, True, True),
    ("traffic_jam", 0.8, ["stockender", "stockend", "zähfließender", "zähfließend"], None, r"Verkehr|\d|$", False, False),
    ("obstruction", 0.8, ["gesperrt", "Sperrung", "Sperrungen", "Vollsperrung", "Streckensperrung", "umgeleitet", "Umleitung",
                          "Behinderung", "Behinderungen", "Verkehrsbehinderung", "Verkehrsbehinderungen", "Streckenunterbrechung"], None, None, False, False),
    ("delay", 0.9, ["Verspätung", "Verspätungen", "verspätet", "verspäten", "verspätete", "verspäteten"], None, None, True, True),
    ("delay", 0.6, ["Verzögerung", "Verzögerungen"], None, None, True, False),
    ("canceled_route", 0.8, ["fällt", "fallen", "fiel", "fielen"], "aus", None, False, False),
    ("canceled_route", 0.8, ["Zugausfall", "Zugausfälle", "Zugausfällen", "Teilausfall", "Teilausfälle", "entfällt", "entfallen"], None, None, False, False),
    ("canceled_route", 0.6, ["Ausfall", "Ausfälle", "Ausfällen"], None, None, True, False),
    ("canceled_route", 0.6, ["annulliert", "gestrichen"], None, None, False, False),
    ("canceled_stop", 0.8, ["hält", "halten"], None, r"nicht\b", False, False),
    ("rail_replacement", 0.9, ["Schienenersatzverkehr", "Ersatzverkehr", "Busnotverkehr", "Busersatzverkehr", "SEV"], None, None, False, False),
    ("rail_replacement", 0.7, ["ersetzt"], None, None, False, False),
]

# Forms that need a transport word in the sentence (they are ordinary words elsewhere).
TRAFFIC_CONTEXT = re.compile(
    r"\b(?:A\s?\d+|B\s?\d+|S\s?\d+|RE\s?\d+|RB\s?\d+|ICE|IC|Zug|Züge|Zügen|Bahn\w*|Strecke\w*|Gleis\w*|Straße\w*|Autobahn\w*|"
    r"Richtung|Fahrt\w*|Bus\w*|Tram\w*|U-Bahn|S-Bahn|Linie\w*|Verkehr\w*|Flug\w*|Flüge|Halt\w*|Haltestelle\w*|Bahnhof|Hbf|Fahrbahn|"
    r"Spur|Anschlussstelle|Kreuz|Dreieck|Tunnel|Brücke)\b")
NEEDS_TRAFFIC = frozenset({"obstruction", "delay", "canceled_route", "canceled_stop", "rail_replacement", "traffic_jam"})
# ``rail_replacement`` by "ersetzt" needs buses: "durch Busse ersetzt".
BUS = re.compile(r"\bBus(?:se|sen)?\b")


def build() -> tuple[dict[str, list[Form]], dict[str, list[Form]], tuple[int, ...]]:
    """``(forms, compound_tails, tail_lengths)``: exact word forms, and lower-cased compound tails."""
    forms: dict[str, list[Form]] = {}
    tails: dict[str, list[Form]] = {}
    for etype, weight, words, particle, after, is_noun, compound in ENTRIES:
        pat = _after(after) if after else None
        for w in words:
            f = Form(etype, weight, particle, pat, is_noun or w[:1].isupper())
            forms.setdefault(w, []).append(f)
            if compound:
                tails.setdefault(w.lower(), []).append(f)
    return forms, tails, tuple(sorted({len(t) for t in tails}, reverse=True))
