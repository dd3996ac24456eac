"""Reported speech from clause shapes (``quotes_shapes``, issue 12 round 11), on sentences written for the tests."""

import pytest
import spacy

import chronik
from chronik.analyse import quotes
from chronik.analyse.quotes_lexicon import load
from chronik.analyse.quotes_reader import Reader
from chronik.analyse.quotes_shapes import SHAPES, find_shape, shape_statements


def _reader(text):
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    return doc, Reader(doc, load())


def _one(text):
    """(shape, verb, speaker text) of the one statement the shapes find in ``text``, or None."""
    doc, reader = _reader(text)
    found = shape_statements(reader, [], SHAPES)
    assert len(found) <= 1
    if not found:
        return None
    name, st = found[0]
    assert st.kind == "reported" and st.content == [(0, len(doc))] and st.cue is not None
    return name, doc[st.cue[0]].text, doc[st.speaker[0]:st.speaker[1]].text if st.speaker else None


@pytest.mark.parametrize("text, shape, verb, speaker", [
    ("Die Feuerwehr spricht von drei Verletzten.", "von", "spricht", "Die Feuerwehr"),
    ("Mehrere Zeitungen berichten von einem Brand im Hafen.", "von", "berichten", "Mehrere Zeitungen"),
    ("Die Ermittler gehen von Brandstiftung aus.", "aus", "gehen", "Die Ermittler"),
    ("Der Verband wertet das Urteil als Erfolg für die Mieter.", "als", "wertet", "Der Verband"),
    ("Die Gewerkschaft hält den Vorschlag für unzureichend.", "fuer", "hält", "Die Gewerkschaft"),
    ("Fachleute sehen in dem Gesetz einen Rückschritt.", "in", "sehen", "Fachleute"),
    ("Die Gemeinde begründet die Gebühr mit höheren Kosten.", "mit", "begründet", "Die Gemeinde"),
    ("Die Händler hatten mit einem Rückgang gerechnet.", "mit", "gerechnet", "Die Händler"),
    ("Die Ärztekammer warnt vor einem Mangel an Impfstoff.", "vor", "warnt", "Die Ärztekammer"),
    ("Der Bürgermeister plädiert für eine neue Brücke.", "fuer_gegen", "plädiert", "Der Bürgermeister"),
    ("Die Partei sprach sich gegen den Plan aus.", "fuer_gegen", "sprach", "Die Partei"),
    ("Die Prüfer wiesen auf Mängel bei der Wartung hin.", "hin", "wiesen", "Die Prüfer"),
])
def test_a_reporting_clause_shape_is_a_reported_statement_with_its_subject(text, shape, verb, speaker):
    assert _one(text) == (shape, verb, speaker)


def test_a_passive_judgement_speaks_through_its_agent():
    """"Y wurde von X als Z bezeichnet": the agent after "von" is the speaker, not the subject."""
    assert _one("Der Entwurf wurde von der Opposition als Zumutung bezeichnet.") == (
        "passive_als", "bezeichnet", "der Opposition")
    assert _one("Der Plan wurde vom Stadtrat als zu teuer kritisiert.") == ("passive_als", "kritisiert", "Stadtrat")


@pytest.mark.parametrize("text", [
    "Der Plan wird als zu teuer angesehen.",  # a passive without an agent: no one named
    "Man geht von einem Unfall aus.",  # "man" names no one
    "Halten Sie das für möglich?",  # a question
    "Die Firma bezeichnet sich als Marktführer.",  # a self-description
    "In der 40. Minute sah der Stürmer Gelb.",  # "sehen" without "in" after it
    "Er lobte das Embargo, das er für sinnvoll hält.",  # the shape only in a relative clause
    "Weil die Helfer es für sinnvoll hielten, wurde die Halle geräumt.",  # … or a subordinate one
    "Die Kinder sprechen gern von den Ferien, die bald beginnen.",  # fine: a shape; checked below
])
def test_clauses_that_report_nothing_or_name_no_one(text):
    found = _one(text)
    if text.startswith("Die Kinder"):
        assert found is not None and found[0] == "von"  # the shape reads form, not topic: the tagger data decide
    else:
        assert found is None


def test_a_sentence_another_statement_touches_or_a_quotation_gets_none():
    doc, reader = _reader("Die Polizei geht von einem Unfall aus. "
                          "Der Sprecher spricht von „zwei Toten und vielen Verletzten in der Stadt“.")
    first_end = [t.text for t in doc].index(".") + 1
    found = shape_statements(reader, [(0, first_end)], SHAPES)
    assert found == []  # the first sentence is taken, the second holds its shape's words in quotation marks
    assert find_shape(reader, 0, first_end, frozenset(("von",))) is None  # only the shapes asked for


def test_a_quoted_name_is_no_quotation_and_a_subject_after_a_subordinate_clause_speaks():
    assert _one("Der Sender „Radio Nord“ spricht von drei Verletzten.")[:2] == ("von", "spricht")
    assert _one("Nachdem die Ursache lange unklar gewesen war, gingen die Behörden von einem Defekt aus.") == (
        "aus", "gingen", "die Behörden")


def test_no_shapes_no_statements():
    _, reader = _reader("Die Feuerwehr spricht von drei Verletzten.")
    assert shape_statements(reader, [], frozenset()) == []


def test_the_pipeline_reports_a_passive_judgement_with_its_agent():
    """End to end with the shipped model: the sentence is a reported statement whose speaker is the agent."""
    assert quotes.REPORT_SHAPES == SHAPES
    text = ("Der Stadtrat von Musterstadt hat am Montag den Haushalt beschlossen. "
            "Die Erhöhung der Grundsteuer wurde von der Opposition als unsozial bezeichnet.")
    found = [q for q in chronik.extract(text, date="2020-02-14").quotes if "unsozial" in q.content[0].text]
    assert found and found[0].kind == "reported"
    assert found[0].speaker is not None and "Opposition" in found[0].speaker.text


def test_a_quoted_name_in_a_shape_sentence_is_no_direct_quote():
    """"Die Zeitung „Nordkurier“ berichtet von …": one reported statement, the quoted name no quotation of its own."""
    text = ("In der Nacht brannte in Musterstadt eine Lagerhalle. "
            "Die Zeitung „Nordkurier“ berichtete in ihrer Onlineausgabe von zwei verletzten Feuerwehrleuten.")
    found = [q for q in chronik.extract(text, date="2020-02-14").quotes if "Nordkurier" in q.content[0].text]
    assert [q.kind for q in found] == ["reported"]
    assert found[0].speaker is not None and "Zeitung" in found[0].speaker.text


def test_the_confidence_knows_a_shape_statement():
    """The calibrator's ``shaped`` feature is on for a shape's statement (a rule reported statement with its
    verb as cue), off for the rules' own reported statements (no cue) and for other kinds."""
    from chronik.analyse.quotes_confidence import FEATURES, features
    from chronik.analyse.quotes_reader import Statement

    doc, reader = _reader("Die Feuerwehr spricht von drei Verletzten.")
    (_, st), = shape_statements(reader, [], SHAPES)
    k = FEATURES.index("shaped")
    assert features(reader, st, set())[k] == 1.0
    assert features(reader, Statement("reported", st.content, None, st.speaker, 0), set())[k] == 0.0
    assert features(reader, Statement("indirect", st.content, st.cue, st.speaker, 0), set())[k] == 0.0
