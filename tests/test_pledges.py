"""chronik_pledges: commitments in German news, their actor, strength, target and deadline.

Every sentence here is written for the test (none comes from the annotated data)."""

import datetime as dt

import pytest

from chronik.analyse.pledges import Model, forward_value
from chronik.record import Article, Time

DATE = dt.date(2021, 3, 1)


def _pledges(analyzer, text):
    return analyzer.analyse(Article(id="t", text=text, date=DATE)).pledges


def _one(analyzer, text):
    found = _pledges(analyzer, text)
    assert len(found) == 1, [p.evidence.text for p in found]
    return found[0]


def test_seed_pledges_stay_found(seed_record):
    by_target = {p.target.text: p for p in seed_record.pledges}
    nato = by_target["zwei Prozent des Bruttoinlandsprodukts"]
    assert nato.actor.text == "Die Nato-Staaten" and nato.strength == "promise"
    assert nato.deadline == "2024" and nato.deadline_span.text == "2024"
    assert seed_record.amounts[nato.amount].value == 2
    germany = by_target["das Zwei-Prozent-Ziel"]
    assert germany.actor.text == "Deutschland" and germany.deadline == "2031"
    assert germany.speaker is not None and "Kramp-Karrenbauer" in germany.speaker.text
    for p in seed_record.pledges:
        assert p.evidence.start <= p.target.start < p.evidence.end
        assert 0 < p.confidence <= 1


@pytest.mark.parametrize(("text", "actor", "strength", "deadline"), [
    ("Die Landesregierung sagte den Flutopfern Soforthilfe in Höhe von 50 Millionen Euro zu.",
     "Die Landesregierung", "promise", None),
    ("Der Bürgermeister versprach, das Hallenbad bis Ende 2026 wieder zu öffnen.", "Der Bürgermeister", "promise", "2026"),
    ("Der Konzern verpflichtete sich, bis 2030 klimaneutral zu produzieren.", "Der Konzern", "promise", "2030"),
    ("Die Stadtwerke kündigten an, die Strompreise zum 1. Juli um fünf Prozent zu senken.",
     "Die Stadtwerke", "plan", "2021-07-01"),
    ("Österreich will bis 2040 klimaneutral werden.", "Österreich", "plan", "2040"),
    ("Die Landesregierung hat sich das Ziel gesetzt, bis 2035 eine Million Wohnungen zu bauen.",
     "Die Landesregierung", "aim", "2035"),
    ("Die Firma Meyer plant, bis Ende des Jahres 200 neue Stellen zu schaffen.", "Die Firma Meyer", "plan", "2021"),
    ("Schweden hat sich bereit erklärt, weitere 300 Soldaten nach Mali zu entsenden.", "Schweden", "promise", None),
])
def test_commitment_forms(analyzer, text, actor, strength, deadline):
    p = _one(analyzer, text)
    assert p.actor is not None and p.actor.text == actor
    assert p.strength == strength
    assert p.deadline == deadline
    assert p.status == "made"


def test_amount_is_the_target(analyzer):
    p = _one(analyzer, "Die Bundesregierung hat zugesagt, bis 2030 mindestens 80 Prozent des Stroms "
                       "aus erneuerbaren Quellen zu gewinnen.")
    assert p.target.text == "mindestens 80 Prozent des Stroms"
    assert p.deadline == "2030" and p.amount is not None


def test_reported_werde_commits_the_named_party_not_the_speaker(analyzer):
    p = _one(analyzer, "Deutschland werde das Klimaziel bis spätestens 2045 erreichen, sagte die Ministerin am Montag.")
    assert p.actor.text == "Deutschland"
    assert p.deadline == "2045"


def test_we_will_in_a_quote_is_the_speakers_commitment(analyzer):
    p = _one(analyzer, "„Wir werden alle Schulen in den kommenden Wochen mit Luftfiltern ausstatten“, "
                       "sagte Bürgermeisterin Anna Berger.")
    assert p.actor.text == "Wir"
    assert p.speaker is not None and "Berger" in p.speaker.text
    assert p.deadline == "FUTURE_REF"


def test_withdrawal_is_kept_as_withdrawn(analyzer):
    p = _one(analyzer, "Die Regierung rückte am Dienstag von dem Ziel ab, bis 2030 eine Million Ladesäulen zu bauen.")
    assert p.status == "withdrawn"
    assert p.actor.text == "Die Regierung"


@pytest.mark.parametrize("text", [
    "Die Opposition fordert, dass die Regierung die Steuern bis 2025 deutlich senkt.",
    "Experten erwarten, dass die Mieten im kommenden Jahr weiter steigen werden.",
    "Der Täter soll die Frau am Montag bedroht haben.",
    "Im Jahr 2015 wollte die Stadt das Hallenbad schließen.",
    "Der Verein hat das Stadion im vergangenen Jahr für zehn Millionen Euro ausgebaut.",
    "Die Stadt hat vor zwei Wochen ein neues Hallenbad eröffnet.",
    "Wie wollen wir in Zukunft leben?",
    "„Dann werden wir sehen, mit wem man am besten eine Regierung bilden kann“, sagte der Generalsekretär.",
])
def test_not_pledges(analyzer, text):
    assert _pledges(analyzer, text) == []


def test_deadline_without_year_lies_ahead():
    t = Time(start=0, end=10, text="1. Oktober", type="DATE", value="2010-10-01")
    assert forward_value(t, dt.date(2011, 8, 31), "ab ") == "2011-10-01"
    d = Time(start=0, end=10, text="zehn Jahren", type="DURATION", value="P10Y")
    assert forward_value(d, dt.date(2010, 2, 1), "in den nächsten ") == "2020"


def test_model_scores_features():
    m = Model({"cue_promise": 2.0, "demand": -3.0}, bias=-0.5, threshold=0.5)
    assert m.score({"cue_promise": 1.0}) > 0.5 > m.score({"cue_promise": 1.0, "demand": 1.0})


def test_pledge_offsets_hold_in_a_long_article_analysed_in_pieces(analyzer, seed_text):
    from chronik.analyse import Analyzer

    text = "\n\n".join([seed_text.strip()] * 3)
    pieces = Analyzer(nlp=analyzer.nlp, piece_chars=len(seed_text) // 2 + 100)
    record = pieces.analyse(Article(id="long", text=text, date=dt.date(2020, 2, 14)))
    spans = [s for p in record.pledges for s in (p.evidence, p.target, p.actor, p.speaker, p.cue, p.deadline_span) if s]
    assert len(record.pledges) >= 6 and all(text[s.start : s.end] == s.text for s in spans)


# --- the committed party through the statement and entity components (issue 17, second round) ---------

def _candidates(analyzer, text):
    """Every candidate with what the rules read, whatever the model decides."""
    from chronik.analyse.pledges import candidates

    doc = analyzer.nlp.make_doc(text)
    doc._.chronik_date = DATE
    with analyzer.nlp.select_pipes(disable=["chronik_pledges"]):
        for _, proc in analyzer.nlp.pipeline:
            doc = proc(doc)
    return candidates(doc)


def _entity_name(record, entity_id):
    return next(e.name for e in record.entities if e.id == entity_id)


def test_we_of_a_minister_commits_the_party_the_text_names(analyzer):
    record = analyzer.analyse(Article(id="t", date=DATE, text=(
        "„Wir werden die Grundsteuer im kommenden Jahr senken“, sagte Finanzminister Peter Köhler (SPD) am Montag.")))
    p = next(p for p in record.pledges if p.actor and p.actor.text == "Wir")
    assert _entity_name(record, p.actor.entity) == "SPD"
    assert p.speaker is not None and "Köhler" in p.speaker.text  # actor and speaker kept apart
    assert p.deadline == "2022"  # the year of the act, not the Monday the minister spoke
    assert p.target.text == "die Grundsteuer im kommenden Jahr senken"  # the act ends with the quote


def test_impersonal_man_commits_a_spokespersons_company_or_nobody(analyzer):
    c = _candidates(analyzer, "Ein Sprecher von Brauhaus Kessler sagte, man wolle bis 2025 alle Flaschen aus Glas herstellen.")
    assert c[0].actor is not None and c[0].actor.text == "Brauhaus Kessler"
    c = _candidates(analyzer, "Neue Kunden will man vor allem in Asien gewinnen.")
    assert c[0].actor is None  # no actor rather than "man"


def test_name_in_apposition_is_the_committed_party(analyzer):
    c = _candidates(analyzer, "Der Chef des Stahlwerks, Markus Brenner, hatte zugesagt, bis 2024 keine Stellen abzubauen.")
    assert c[0].actor.text == "Markus Brenner"


@pytest.mark.parametrize(("text", "actor"), [
    ("Das Unternehmen will im Herbst ein zweites Werk in Sachsen eröffnen.", "Das Unternehmen"),
    ("Agenturberichten zufolge will die Regierung die Mehrwertsteuer senken.", "die Regierung"),
    ("Die Gespräche scheiterten, da die Gewerkschaft angekündigt hatte, in der nächsten Woche zu streiken.",
     "die Gewerkschaft"),
    ("Dieses Konzept will die Firma Brenner auch in Asien anbieten.", "die Firma Brenner"),
])
def test_subject_read_from_german_word_order(analyzer, text, actor):
    assert _candidates(analyzer, text)[0].actor.text == actor


@pytest.mark.parametrize(("text", "actor"), [
    ("Zurzeit planen drei Reedereien neue Terminals in Bremerhaven.", "drei Reedereien"),
    ("Gegenüber der Zeitung kündigte der Bürgermeister neue Radwege an.", "der Bürgermeister"),
    ("Ein paar Tage später kündigte der Vorstand einen Stellenabbau an.", "der Vorstand"),
])
def test_an_adverb_or_a_preposition_opening_the_clause_is_not_the_actor(analyzer, text, actor):
    assert _candidates(analyzer, text)[0].actor.text == actor


@pytest.mark.parametrize("marks", [("„", "“"), ("«", "»"), ("»", "«"), ("“", "”"), ('"', '"')])
def test_a_plural_they_in_a_quotation_is_not_the_speaker(analyzer, marks):
    o, c = marks
    record = analyzer.analyse(Article(id="t", date=DATE, text=(
        f"Ministerin Petra Köhler lobte die Werften. Einige Aufträge seien noch vertraulich. {o}Sie wollen hier "
        f"investieren und neue Stellen schaffen{c}, sagte Köhler.")))
    they = [p for p in record.pledges if p.actor and p.actor.text == "Sie"]
    assert all(p.actor.entity is None for p in they)  # the yards, not the minister


@pytest.mark.parametrize("text", [
    "Die feierliche Eröffnung soll am 1. Mai stattfinden.",  # what is planned, not who plans it
    "Das Werk in Ulm soll bis Ende 2022 verkauft werden.",  # a passive's subject is done to
    "Der Sprecher sagte, es werde in der nächsten Woche geprüft, ob Streiks möglich sind.",  # impersonal
])
def test_no_actor_rather_than_a_wrong_one(analyzer, text):
    assert _candidates(analyzer, text)[0].actor is None


# --- deadlines from chronik_time, in the pledge's own clause -------------------------------------------

@pytest.mark.parametrize(("text", "deadline"), [
    ("Der Konzern will im ersten Quartal 2022 ein neues Werk eröffnen.", "2022-Q1"),
    ("Die Regierung will das Gesetz bis Ende des Jahres verabschieden.", "2021"),
    ("Die Bahn kündigte an, in den kommenden Wochen 300 neue Züge zu bestellen.", "FUTURE_REF"),
    ("Beide Seiten wollen die Verhandlungen bis Samstagmittag abschließen.", "2021-03-06"),
    ("Der Verband, der seit dem 12. Januar verhandelt, will den Vertrag unterschreiben.", None),
])
def test_deadline_of_the_pledge_clause(analyzer, text, deadline):
    assert _candidates(analyzer, text)[0].deadline_value == deadline


# --- demands, critics, conditions and past acts are not pledges ----------------------------------------

@pytest.mark.parametrize("text", [
    "„Ich sehe keine Alternative, wenn wir in den Sommerferien sanieren wollen“, sagte der Schulleiter.",
    "Die Opposition warf dem Minister vor, die Renten kürzen zu wollen.",
    "Die Sparrunde wurde nötig, nachdem der Hersteller seine Lieferverpflichtungen nicht einhalten konnte.",
])
def test_conditions_critics_and_past_acts_are_not_pledges(analyzer, text):
    assert _pledges(analyzer, text) == []


@pytest.mark.parametrize(("text", "value", "mod"), [
    ("Deutschland werde das Klimaziel bis spätestens 2045 erreichen, sagte die Ministerin.", "2045", "ON_OR_BEFORE"),
    ("Die Regierung will das Gesetz bis Ende des Jahres verabschieden.", "2021", "ON_OR_BEFORE"),
    ("Die Stadtwerke wollen die Preise ab 1. Juli um fünf Prozent senken.", "2021-07-01", "ON_OR_AFTER"),
    ("Der Konzern will Mitte 2022 ein zweites Werk eröffnen.", "2022", "MID"),
])
def test_deadline_as_an_interval(analyzer, text, value, mod):
    p = _one(analyzer, text)
    assert (p.deadline, p.deadline_mod) == (value, mod)


def test_reported_thing_does_not_replace_the_announcer(analyzer):
    c = _candidates(analyzer, "Der Vorstand hat angekündigt, die Umstellung werde Hunderte Stellen kosten.")
    assert c[0].actor.text == "Der Vorstand"


def test_passive_announcement_has_no_actor(analyzer):
    c = _candidates(analyzer, "Von den Gewerkschaften wurden neue Streiks im ganzen Land angekündigt.")
    assert c[0].actor is None


def test_main_clause_after_denn(analyzer):
    c = _candidates(analyzer, "Die Konkurrenz dürfte sich Sorgen machen, denn die Firma Brenner will im Mai ein Werk eröffnen.")
    assert c[0].actor.text == "die Firma Brenner"


def test_condition_before_the_cue_clause_is_no_pledge(analyzer):
    assert _pledges(analyzer, "„Wenn es bis dahin keine Einigung gibt, werden wir handeln müssen“, sagte der Minister.") == []


def test_target_before_a_closing_participle(analyzer):
    text = "Die Umweltministerin hat ein Programm für saubere Luft angekündigt."
    c = _candidates(analyzer, text)
    assert text[c[0].target[0]:c[0].target[1]] == "ein Programm für saubere Luft"


@pytest.mark.parametrize(
    ("text", "actor", "target"),
    [
        ("Olaf Scholz sprach im Bundestag. Konkret kündigte Scholz neue Investitionen in Schienenwege an.",
         "Scholz", "neue Investitionen in Schienenwege"),  # a one-word prefield names no one: the name after the verb does
        ("Die Ministerin kündigte ein Programm für Schulen an.", "Die Ministerin", "ein Programm für Schulen"),
        ("Scholz kündigte an, die Bahn zu sanieren.", "Scholz", "die Bahn zu sanieren"),
    ],
)
def test_actor_and_target_of_a_bracketed_announcement(analyzer, text, actor, target):
    pledge = _one(analyzer, text)
    assert pledge.actor is not None and pledge.actor.text == actor
    assert pledge.target.text == target
