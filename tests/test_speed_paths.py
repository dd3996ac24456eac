"""The fast paths give the records the plain ones give: batched ``nlp.pipe`` (the quote tagger run
once per batch, the floret cache, batches closed by characters) against ``nlp(doc)`` one by one."""

import datetime as dt

import pytest

from chronik.analyse import Analyzer
from chronik.record import Article

TEXTS = [
    "Berlin – Die Ministerin Anna Berg sagte am Freitag: „Wir werden die Steuer bis 2026 senken.“ "
    "Der Haushalt sei solide, betonte sie. Die Opposition kritisierte den Plan scharf.",
    "Der Vorstand der Stadtwerke kündigte an, 40 Millionen Euro in neue Leitungen zu investieren. "
    "„Das ist überfällig“, sagte Bürgermeister Karl Huber am Montag in Graz.",
    "",
    "Kurz.",
    "Laut Polizei wurden drei Menschen verletzt. Ein Sprecher erklärte, die Ermittlungen dauerten an. "
    "Am 3. März soll das Verfahren beginnen, teilte das Gericht mit.",
]


def _plain(analyzer: Analyzer, article: Article) -> dict:
    doc = analyzer.make_doc(article)
    for _, proc in analyzer.nlp.pipeline:  # each component's __call__, no pipe()
        doc = proc(doc)
    return analyzer.to_record(article, doc, "de").model_dump(exclude={"provenance"})


def test_batched_pipeline_equals_doc_by_doc():
    analyzer = Analyzer()
    articles = [Article(id=f"t{i}", text=t, date=dt.date(2024, 3, 1), lang="de") for i, t in enumerate(TEXTS)]
    batched = [r.model_dump(exclude={"provenance"}) for r in analyzer.analyse_many(articles * 2, batch_size=16)]
    plain = [_plain(analyzer, a) for a in articles]
    assert batched == plain * 2
    assert any(r["quotes"] for r in plain) and any(r["entities"] for r in plain)


def test_floret_model_gets_the_cache():
    from chronik.analyse.vectors import CachedFloretVectors

    vectors = Analyzer().nlp.vocab.vectors
    if vectors.mode != "floret":
        pytest.skip("the default NER model has no floret vectors")
    assert isinstance(vectors, CachedFloretVectors) and vectors.shape[0] > 0


def test_ner_predicts_each_batch_at_once(monkeypatch):
    """spaCy's NER predicts in sub-batches of a quarter of its batch size; the pipeline gives it
    four times the batch, so one network call covers the batch (test above: the same records)."""
    from thinc.api import Model

    analyzer = Analyzer()
    if "ner" not in analyzer.nlp.pipe_names:
        pytest.skip("no NER model built")
    ner_model = analyzer.nlp.get_pipe("ner").model
    sizes: list[int] = []
    predict = Model.predict

    def counting(self, docs):
        if self is ner_model:
            sizes.append(len(docs))
        return predict(self, docs)

    monkeypatch.setattr(Model, "predict", counting)
    articles = [Article(id=f"t{i}", text=t, date=dt.date(2024, 3, 1), lang="de") for i, t in enumerate(TEXTS)]
    records = list(analyzer.analyse_many(articles * 2, batch_size=16))
    assert len(records) == 10 and sizes == [10]


# --- per-doc shortcuts and caches: the same results as the plain computation ------------------------

def test_event_trigger_readings_memo(monkeypatch):
    """Each word's trigger readings are looked up once; the memo gives what a fresh look-up gives,
    also once it has been cleared for being full."""
    from chronik.analyse import events

    text = TEXTS[1] + " Die Regierung kündigte Neuwahlen an. Bei dem Busunfall wurden zwei Menschen verletzt."
    plain = [(m.start(), m.end(), forms) for m in events._WORD.finditer(text)
             if (forms := events._readings(m.group())) is not None]
    assert plain  # the text holds triggers
    monkeypatch.setattr(events, "_READINGS", {})
    assert events.triggers(text) == plain
    assert events.triggers(text) == plain  # from the memo
    monkeypatch.setattr(events, "_READINGS_MAX", 3)
    monkeypatch.setattr(events, "_READINGS", {})
    assert events.triggers(text) == plain and len(events._READINGS) <= 3


def test_in_process_runner_freezes_the_loaded_pipeline():
    """The in-process runner moves the loaded pipeline out of the collector's view after loading
    and after its first chunk; the records are those of the plain analysis."""
    import gc

    from chronik.runners import InProcess, analyse_chunk

    analyzer = Analyzer()
    articles = [Article(id=f"t{i}", text=t, date=dt.date(2024, 3, 1), lang="de") for i, t in enumerate(TEXTS)]
    expected = [r.model_dump(exclude={"provenance"}) for r in analyse_chunk(analyzer, articles * 2)]
    gc.unfreeze()
    try:
        runner = InProcess(analyzer, chunk_size=3)
        got = [r.model_dump(exclude={"provenance"}) for r in runner.map(articles * 2)]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert got == expected
