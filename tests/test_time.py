"""chronik_time: the seed article and hand-written sentences (article date Friday 2020-02-14)."""

import datetime as dt

import pytest

from chronik.analyse.time import find_times

FRIDAY = dt.date(2020, 2, 14)


def one(sentence: str, date=FRIDAY, genre="news"):
    times = find_times(sentence, date, genre)
    assert len(times) == 1, times
    return times[0]


def by_text(record, text):
    return next(t for t in record.times if t.text == text)


def test_seed_article(seed_record):
    fridays = [t for t in seed_record.times if t.text == "Freitag"]
    assert fridays and all(t.value == "2020-02-14" for t in fridays)
    january = by_text(seed_record, "Anfang Januar")
    assert (january.value, january.mod) == ("2020-01", "START")
    assert by_text(seed_record, "November").value == "2019-11"
    assert by_text(seed_record, "Mittwoch").value == "2020-02-12"
    assert (by_text(seed_record, "2024").role, by_text(seed_record, "2024").value) == ("end", "2024")
    assert (by_text(seed_record, "2031").role, by_text(seed_record, "2031").value) == ("deadline", "2031")
    assert by_text(seed_record, "derzeit").value == "PRESENT_REF"
    weeks = by_text(seed_record, "den kommenden Wochen")
    assert (weeks.type, weeks.value) == ("DURATION", "PXW")
    for t in seed_record.times:
        assert seed_record.text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("Er wird am Montag entscheiden.", "Montag", "2020-02-17"),
        ("Sie sprach am Dienstag.", "Dienstag", "2020-02-11"),
        ("Die Ministerin kommt am kommenden Mittwoch.", "kommenden Mittwoch", "2020-02-19"),
        ("Die Sitzung findet am 3. März statt.", "3. März", "2020-03-03"),
        ("Die Sitzung fand am 3. März statt.", "3. März", "2019-03-03"),
        ("Am dritten März kommt er.", "dritten März", "2020-03-03"),
        ("Am 14. Februar 2020 begann die Konferenz.", "14. Februar 2020", "2020-02-14"),
        ("Der Vertrag vom 14.02.2020 gilt.", "14.02.2020", "2020-02-14"),
        ("Sie hatte im März gewonnen.", "März", "2019-03"),
        ("Im Jahr 2031 soll es so weit sein.", "Jahr 2031", "2031"),
        ("Die Firma wurde 1990 gegründet.", "1990", "1990"),
        ("Im Sommer 2019 war es heiß.", "Sommer 2019", "2019-SU"),
        ("Das geschah im 19. Jahrhundert.", "19. Jahrhundert", "18"),
        ("Im zwanzigsten Jahrhundert war das anders.", "zwanzigsten Jahrhundert", "19"),
        ("Im Jahr 490 v. Chr. siegten die Griechen.", "Jahr 490 v. Chr.", "BC0490"),
        ("Vorgestern kam er an.", "Vorgestern", "2020-02-12"),
        ("Er kommt bald.", "bald", "FUTURE_REF"),
        ("Künftig soll alles besser werden.", "Künftig", "FUTURE_REF"),
        ("Inzwischen ist es ruhig.", "Inzwischen", "PRESENT_REF"),
        ("Jetzt reicht es.", "Jetzt", "PRESENT_REF"),
        ("Vor zwei Wochen war er da.", "Vor zwei Wochen", "2020-01-31"),
        ("Im folgenden Jahr kam er zurück.", "folgenden Jahr", "2021"),
        ("Am Freitag, dem 14. Februar 2020, war es kalt.", "Freitag, dem 14. Februar 2020", "2020-02-14"),
    ],
)
def test_dates(sentence, text, value):
    t = one(sentence)
    assert (t.text, t.value, t.type) == (text, value, "DATE")


def test_deictic_days():
    times = find_times("Heute sagte er, gestern sei es anders gewesen, morgen komme er.", FRIDAY)
    assert [t.value for t in times] == ["2020-02-14", "2020-02-13", "2020-02-15"]


@pytest.mark.parametrize(
    "sentence, value, mod",
    [
        ("Ende Januar reiste sie ab.", "2020-01", "END"),
        ("Mitte März soll entschieden werden.", "2020-03", "MID"),
        ("Mitte der 1990er-Jahre begann der Umbau.", "199", "MID"),
    ],
)
def test_modifiers(sentence, value, mod):
    t = one(sentence)
    assert (t.value, t.mod) == (value, mod)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Die Verhandlungen dauerten zwei Wochen.", "P2W"),
        ("Das dauerte kaum länger als einer Woche.", "P1W"),
        ("Die Entscheidung fällt in zwei Stunden.", "PT2H"),
        ("Die Reform dauert drei Jahre.", "P3Y"),
        ("Der Umbau dauert ein halbes Jahr.", "P6M"),
    ],
)
def test_durations(sentence, value):
    t = one(sentence)
    assert (t.type, t.value) == ("DURATION", value)


@pytest.mark.parametrize(
    "sentence, value",
    [("Der Markt findet mittwochs statt.", "XXXX-WXX-3"), ("Der Bericht erscheint jährlich.", "P1Y"),
     ("Er joggt jeden Montag.", "XXXX-WXX-1")],
)
def test_sets(sentence, value):
    t = one(sentence)
    assert (t.type, t.value) == ("SET", value)


@pytest.mark.parametrize(
    "sentence, text, value",
    [("Das Treffen beginnt um 15 Uhr.", "15 Uhr", "2020-02-14T15:00"),
     ("Um 15.30 Uhr sprach er.", "15.30 Uhr", "2020-02-14T15:30"),
     ("Heute Abend spielt die Band.", "Heute Abend", "2020-02-14TEV")],
)
def test_times_of_day(sentence, text, value):
    t = one(sentence)
    assert (t.type, t.text, t.value) == ("TIME", text, value)


@pytest.mark.parametrize(
    "sentence, role",
    [("Seit 2014 ist sie im Amt.", "begin"), ("Ab Montag gilt die Regel.", "begin"),
     ("Das Werk soll bis 2024 fertig sein.", "end"), ("Das Ziel soll bis spätestens 2031 erreicht sein.", "deadline")],
)
def test_roles(sentence, role):
    assert one(sentence).role == role


def test_ab_montag_looks_forward():
    assert one("Ab Montag gilt die Regel.").value == "2020-02-17"


def test_range_borrows_month():
    begin, end = find_times("Die Messe läuft vom 3. bis 5. März.", FRIDAY)
    assert (begin.text, begin.value, begin.role) == ("3.", "2020-03-03", "begin")
    assert (end.value, end.role) == ("2020-03-05", "end")


def test_counted_four_digit_number_is_no_year():
    assert find_times("Er befehligte 1500 Soldaten.", FRIDAY) == []


def test_no_season_inside_compound():
    assert find_times("Der Winterkrieg war kurz.", FRIDAY) == []


def test_narrative_resolves_against_last_date():
    text = "Im März 1990 kam er. Im folgenden Jahr ging er. Am 3. Mai kam er zurück. Zwei Tage später ging er."
    values = [t.value for t in find_times(text, None, "narrative")]
    assert values == ["1990-03", "1991", "1991-05-03", "1991-05-05"]


def test_narrative_without_reference_stays_underspecified():
    t = one("Am 3. Mai kam er.", date=None, genre="narrative")
    assert t.value == "XXXX-05-03"
    assert one("Heute ist das anders.", date=None, genre="narrative").value == "PRESENT_REF"


def test_component_in_pipeline():
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("chronik_time")
    doc = nlp.make_doc("Die Nato kündigte am Freitag an, bald zu handeln.")
    doc._.chronik_date = FRIDAY
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [t.value for t in doc._.chronik_times] == ["2020-02-14", "FUTURE_REF"]
