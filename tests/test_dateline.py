"""Datelines and agency credits: read into place/agency, blanked from the analysis (offsets kept)."""

import datetime as dt

import pytest

from chronik.analyse import Analyzer
from chronik.analyse.dateline import canonical_agency, mask, read_credits
from chronik.record import Article


@pytest.mark.parametrize(
    "text, place, agency, cut",
    [
        ("Berlin (dpa) – Die Regierung hat am Montag neue Pläne vorgelegt.", "Berlin", "dpa", "Berlin (dpa) – "),
        ("Wien – Wird das Budget halten? Der Minister zweifelt.", "Wien", None, "Wien – "),
        ("BERLIN (Reuters) - Die Ampel streitet weiter.", "Berlin", "Reuters", "BERLIN (Reuters) - "),
        ("(APA) – Der Nationalrat tagt am Mittwoch.", None, "APA", "(APA) – "),
        ("Wien/Spielfeld – Hunderte Menschen warteten an der Grenze.", "Wien/Spielfeld", None, "Wien/Spielfeld – "),
        ("Frankfurt am Main (dpa/AFP) – Die Zinsen steigen.", "Frankfurt am Main", "dpa/AFP", "Frankfurt am Main (dpa/AFP) – "),
        ("Düsseldorf (dpa/lnw) - Der Landtag tagt.", "Düsseldorf", "dpa", "Düsseldorf (dpa/lnw) - "),
        # the dateline after a teaser sentence, as derStandard prints it
        ("Die Gewerkschaft startet einen Rechner. Graz – Die Gewerkschaft sieht Bedarf.", "Graz", None, "Graz – "),
    ],
)
def test_datelines(text, place, agency, cut):
    credits = read_credits(text)
    assert (credits.place, credits.agency) == (place, agency)
    (start, end), = credits.spans
    assert text[start:end] == cut


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung – so heißt es – will sparen.",
        "Neue Regeln im Handel – Händler protestieren gegen das Gesetz.",
        "Am Montag – einem Feiertag – blieb alles geschlossen.",
        "Sie sagte: Das ist gut - Wir machen weiter.",
    ],
)
def test_no_dateline_in_ordinary_sentences(text):
    assert read_credits(text).spans == []


def test_end_credits():
    text = "Wien – Der Minister trat zurück.\nEr nannte keine Gründe.\nFoto: Max Muster\nQuelle: Reuters"
    credits = read_credits(text)
    assert credits.agency == "Reuters"
    assert [text[s:e] for s, e in credits.spans] == ["Wien – ", "Foto: Max Muster", "Quelle: Reuters"]
    text = "Der Nationalrat beschloss das Gesetz mit großer Mehrheit. (APA, 5.1.2016)"
    credits = read_credits(text)
    assert credits.agency == "APA" and text[slice(*credits.spans[0])] == "(APA, 5.1.2016)"
    # author initials are a credit, not an agency; a photo credit names no agency of the text
    assert read_credits("Das Spiel endete torlos. (red, 16. 5. 2016)").agency is None
    assert read_credits("Das Spiel endete torlos.\nFoto: dpa/Hans Muster").agency is None


def test_mask_keeps_length_and_newlines():
    text = "Wien – Text.\n(dpa)"
    masked = mask(text, read_credits(text).spans)
    assert len(masked) == len(text)
    assert masked == "       Text.\n     "


def test_canonical_agency():
    assert canonical_agency("apa/DPA") == "APA/dpa"
    assert canonical_agency("Max Muster") is None


def test_record_reads_dateline_and_entities_do_not_glue():
    analyzer = Analyzer("rules")
    text = "Wien - Wird die Regierung halten? Bundeskanzler Karl Nehammer sagte am Montag in Wien, er bleibe."
    record = analyzer.analyse(Article(id="a", text=text, date=dt.date(2023, 3, 6)))
    assert record.place == "Wien" and record.text == text
    assert [(c.start, c.end, c.text) for c in record.credits] == [(0, 7, "Wien - ")]
    names = [m.text for e in record.entities for m in e.mentions]
    assert not any(n.startswith("Wien -") or "Wird" in n for n in names)
    for e in record.entities:  # offsets still index the text as read
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    assert any(m.start > 7 and m.text == "Wien" for e in record.entities for m in e.mentions)


def test_credit_closing_a_text_without_line_breaks():
    text = "Ökonomen halten das für schwierig. Quelle: dpa"
    credits = read_credits(text)
    assert credits.agency == "dpa" and [text[s:e] for s, e in credits.spans] == ["Quelle: dpa"]
    text = "Das Gesetz tritt im Mai in Kraft. Mit Material von AFP und Reuters"
    assert read_credits(text).agency == "AFP/Reuters"
    assert read_credits("Die Quelle: ein Bericht der Regierung.").spans == []
