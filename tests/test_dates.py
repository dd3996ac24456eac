"""Statement dates and reader-facing dates (chronik.dates), on values written for the purpose."""

import pytest

from chronik.dates import reader_date, statement_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2020-02-14", "2020-02-14"),
        ("2022-12-02TMO", "2022-12-02"),
        ("2020-02-14T15:30", "2020-02-14"),
        ("2020-02", "2020-02"),
        ("2020", "2020"),
        ("2020-W07", "2020-02"),  # the month of its Thursday (13 February)
        ("2020-W01", "2020-01"),  # 30 Dec 2019 - 5 Jan 2020: Thursday 2 January
        ("2009-W27-WE", "2009-07"),
        ("2019-SU", "2019"),
        ("2005-Q1", "2005"),
        ("PRESENT_REF", None),
        ("FUTURE_REF", None),
        ("XXXX-WXX-1", None),
        ("XXXX-05-03", None),
        ("P2W", None),
        ("199", None),
        ("2020-02-30", None),
        (None, None),
    ],
)
def test_statement_date_is_a_calendar_value(value, expected):
    assert statement_date(value) == expected


def test_statement_dates_sort_as_the_calendar():
    values = ["2020-W07", "2020-02-01", "2020-03", "2019-12-31"]
    assert sorted(statement_date(v) for v in values) == ["2019-12-31", "2020-02", "2020-02-01", "2020-03"]


@pytest.mark.parametrize(
    "value, mod, text",
    [
        ("2020-02-14", None, "Freitag, 14. Februar 2020"),
        ("2020-02-14TMO", None, "Freitag, 14. Februar 2020, morgens"),
        ("2020-02-14T15:30", None, "Freitag, 14. Februar 2020, 15:30 Uhr"),
        ("2020-01", "START", "Anfang Januar 2020"),
        ("2020", None, "2020"),
        ("2020-W07", None, "Woche 7/2020"),
        ("2009-W27-WE", None, "Wochenende 27/2009"),
        ("2019-SU", None, "Sommer 2019"),
        ("2005-Q1", "END", "Ende 1. Quartal 2005"),
        ("199", "MID", "Mitte 1990er-Jahre"),
        ("18", None, "19. Jahrhundert"),
        ("PRESENT_REF", None, "derzeit"),
        ("XXXX-WXX-3", None, "mittwochs"),
        ("P2W", None, "2 Wochen"),
        ("PT2H", None, "2 Stunden"),
        ("PXW", None, "einige Wochen"),
        ("BC0490", None, "BC0490"),
    ],
)
def test_reader_date(value, mod, text):
    assert reader_date(value, mod) == text


def _analyse(analyzer, text, date):
    from chronik.record import Article

    return analyzer.analyse(Article(id="t", text=text, date=date, lang="de"))


def test_statement_dates_are_calendar_values(analyzer):
    import datetime as dt

    text = ("„Wir bleiben hart“, sagte Müller am Dienstagmorgen. "
            "„Das Werk schließt“, erklärte die Sprecherin derzeit. "
            "„Wir prüfen das“, sagte der Minister mittwochs.")
    record = _analyse(analyzer, text, dt.date(2020, 2, 14))
    assert any(t.value == "2020-02-11TMO" for t in record.times)  # the record keeps the TIMEX3 value
    times = {q.speaker.text: q.time for q in record.quotes}
    assert times["Müller"] == "2020-02-11"
    assert times["die Sprecherin"] == "2020-02-14"  # PRESENT_REF: the article's date
    assert times["der Minister"] == "2020-02-14"  # a set (XXXX-WXX-3) dates nothing
    assert all(statement_date(q.time) == q.time for q in record.quotes)


def test_undated_article_has_undated_statements(analyzer):
    record = _analyse(analyzer, "„Wir bleiben hart“, sagte Müller am Montag.", None)
    assert [q.time for q in record.quotes] == [None]
