"""The Analyzer: batching, language routing, and a crash in one article not stopping the rest."""

import pytest
from spacy.language import Language

from chronik.analyse import Analyzer
from chronik.record import Article

GERMAN = "Die Ministerin sagte am Freitag in Berlin, die Lage sei ernst. Sie werde handeln."


@Language.component("test_explode_on_kaputt")
def explode_on_kaputt(doc):
    if "KAPUTT" in doc.text:
        raise RuntimeError("component exploded")
    return doc


def test_a_failing_component_rejects_only_that_article():
    analyzer = Analyzer("rules")
    analyzer.nlp.add_pipe("test_explode_on_kaputt", after="chronik_time")
    articles = [Article(id=str(i), text=GERMAN + (" KAPUTT" if i == 3 else "")) for i in range(6)]
    failed = []
    on_error = lambda article, exc: failed.append((article.id, str(exc)))  # noqa: E731
    records = list(analyzer.analyse_many(articles, batch_size=4, on_error=on_error))
    assert [r.id for r in records] == ["0", "1", "2", "4", "5"]
    assert failed == [("3", "component exploded")]


def test_order_kept_across_languages_and_batches():
    english = "The minister said on Friday in Berlin that the situation was serious and would get worse."
    articles = [Article(id=str(i), text=english if i % 3 == 0 else GERMAN, date="2020-02-14") for i in range(7)]
    records = list(Analyzer("rules").analyse_many(articles, batch_size=3))
    assert [r.id for r in records] == [str(i) for i in range(7)]
    assert [r.lang for r in records] == ["en" if i % 3 == 0 else "de" for i in range(7)]
    german = records[1]
    assert any(t.value == "2020-02-14" for t in german.times)


def test_a_users_ner_pipeline_plugs_in(tmp_path):
    """Any spaCy pipeline with an ``ner`` (here one built on the spot, with static vectors) replaces ours."""
    import numpy
    import spacy

    own = spacy.blank("de")
    own.vocab.vectors.resize((2, 4))
    own.vocab.set_vector("Berlin", numpy.ones(4, dtype="f"))
    own.add_pipe("ner").add_label("PER")  # untrained: only its plumbing is under test
    own.initialize()
    own.meta.update(name="mine", version="1.2.3")
    own.to_disk(tmp_path / "mine")
    analyzer = Analyzer(str(tmp_path / "mine"))
    assert analyzer.nlp.pipe_names[:3] == ["sentencizer", "chronik_paragraphs", "ner"]
    assert analyzer.nlp.vocab.vectors.shape == (2, 4)
    assert analyzer.models == {"ner": "mine-1.2.3"}
    assert analyzer.analyse(Article(id="x", text=GERMAN)).lang == "de"


def test_batches_close_at_size_or_characters():
    from chronik.analyse.pipeline import batches

    arts = [Article(id=str(i), text="x" * n) for i, n in enumerate([5, 5, 30, 1, 1, 1, 1])]
    got = [[a.id for a in b] for b in batches(arts, size=3, chars=20)]
    assert got == [["0", "1", "2"], ["3", "4", "5"], ["6"]]
    got = [[a.id for a in b] for b in batches(arts, size=10, chars=8)]
    assert got == [["0", "1"], ["2"], ["3", "4", "5", "6"]]
    assert [len(b) for b in batches(arts, size=2, chars=None)] == [2, 2, 2, 1]


def test_a_blank_line_ends_a_sentence_but_a_line_break_does_not():
    nlp = Analyzer("rules").nlp
    assert nlp.pipe_names[:2] == ["sentencizer", "chronik_paragraphs"]
    doc = nlp("Scholz kündigt Investitionen an\n\nBerlin. Der Kanzler sprach\nim Bundestag lange.\n\n")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == ["Scholz kündigt Investitionen an", "Berlin.",
                                                  "Der Kanzler sprach\nim Bundestag lange."]


def test_a_headline_statement_does_not_run_into_the_first_paragraph():
    text = ("Scholz kündigt Investitionen an\n\n"
            "Der Kanzler sagte am Mittwoch, die Regierung werde die Bahn sanieren.")
    record = Analyzer("rules").analyse(Article(id="h", text=text, date="2025-06-25"))
    assert record.quotes, "the statement of the first paragraph is found"
    assert all(c.start >= text.index("Der Kanzler") for q in record.quotes for c in q.content)
    headline = [p for p in record.pledges if p.evidence.start < text.index("Der Kanzler")]
    assert all(p.evidence.end <= text.index("Der Kanzler") and p.target.text == "Investitionen" for p in headline)


@pytest.mark.parametrize("marks", [("„", "“"), ("«", "»"), ("»", "«"), ("“", "”"), ('"', '"')])
def test_a_sentence_starts_at_its_opening_quotation_mark(analyzer, marks):
    o, c = marks
    doc = analyzer.nlp(f"Das sei bekannt. {o}Wir bleiben hier{c}, sagte sie. Er ging.\n\n{o}Sicher.{c} Dann nicht.")
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sents == ["Das sei bekannt.", f"{o}Wir bleiben hier{c}, sagte sie.", "Er ging.", f"{o}Sicher.{c}", "Dann nicht."]
