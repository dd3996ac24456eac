"""Statements do not depend on the quotation-mark style: German „…“, English “…”, straight "…" and
guillemets »…« give the same statements, and a quotation is never reported twice (once as an indirect
message, once as its own nested direct fragment). Sentences written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from chronik.record import Article

TEXT = ("Die Ministerin Petra Köhler verteidigte am Montag den Haushalt. Die Kürzungen seien eine {o}Frage der "
        "Vernunft{c}, sagte sie in Berlin. Das bedeute, dass es eine {o}Durststrecke{c} gebe. {o}Wir werden die "
        "Ausgaben Schritt für Schritt senken, auch wenn das, was wir beschlossen haben, manchen nicht gefällt und "
        "der Weg länger ist, als ich ihn mir wünsche{c}, so Köhler.")
STYLES = {"german": ("„", "“"), "english": ("“", "”"), "straight": ('"', '"'), "guillemets": ("»", "«")}


def _statements(analyzer, style):
    o, c = STYLES[style]
    record = analyzer.analyse(Article(id="t", text=TEXT.format(o=o, c=c), date=dt.date(2025, 12, 29)))
    names = {e.id: e.name for e in record.entities}
    return [(q.kind, tuple((p.start, p.end) for p in q.content), names.get(q.speaker.entity) if q.speaker else None)
            for q in record.quotes]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_last_quotation_is_one_direct_statement_of_its_speaker(analyzer, style):
    found = _statements(analyzer, style)
    last = TEXT.format(o="„", c="“").rindex("„")
    at_last = [f for f in found if f[1][0][0] == last]
    assert at_last == [("direct", at_last[0][1], "Petra Köhler")]
    contents = [f[1] for f in found]
    assert len(contents) == len(set(contents))


def test_every_style_gives_the_statements_of_german_marks(analyzer):
    german = _statements(analyzer, "german")
    assert german
    for style in STYLES:
        assert _statements(analyzer, style) == german, style


def test_a_message_that_is_exactly_one_quotation_is_direct():
    from types import SimpleNamespace

    from chronik.analyse.quotes import _quotations_are_direct
    from chronik.analyse.quotes_reader import Statement

    reader = SimpleNamespace(quotes=[(3, 9), (12, 20)])
    whole = Statement("indirect", [(3, 9)], None, None, 0)
    longer = Statement("indirect", [(2, 9)], None, None, 0)  # the frame's last word and the quotation
    two = Statement("free_indirect", [(3, 9), (12, 20)], None, None, 0)
    _quotations_are_direct(reader, [whole, longer, two])
    assert (whole.kind, longer.kind, two.kind) == ("direct", "indirect", "free_indirect")
