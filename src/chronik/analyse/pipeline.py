"""Build Chronik's spaCy pipeline and turn articles into records."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..record import Article, Provenance, Record
from ..version import __version__
from . import (  # noqa: F401  (register factories)
    amounts,
    entities,
    extensions,  # noqa: F401  (registers Doc._ attributes)
    pledges,
    quotes,
    time,
)
from .lang import detect_language

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_NER = MODELS_DIR / "ner-de"

# Order matters: quotes need entities and times; pledges need all three.
CHRONIK_COMPONENTS = (
    "chronik_entities",
    "chronik_time",
    "chronik_amounts",
    "chronik_quotes",
    "chronik_pledges",
)


def _ner_source(ner_model: str | Path | None) -> Language | None:
    """Load the pipeline whose ``ner`` (and ``tok2vec``) Chronik should use, or None."""
    if ner_model is None:
        ner_model = os.environ.get("CHRONIK_NER_MODEL") or DEFAULT_NER
    if str(ner_model).lower() in {"none", "rules", ""}:
        return None
    path = Path(ner_model)
    if path == DEFAULT_NER and not (path / "config.cfg").exists():
        return None  # model not built yet (`make models`): fall back to rules only
    return spacy.load(ner_model)


def build_nlp(ner_model: str | Path | None = None) -> Language:
    """A blank German pipeline with a sentencizer, a NER model and every Chronik component.

    ``ner_model`` may be a path or an installed spaCy package (e.g. ``de_core_news_lg``);
    its ``ner`` and the ``tok2vec`` it listens to are sourced into the pipeline.
    ``"rules"`` runs without a statistical NER.
    """
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    source = _ner_source(ner_model)
    model_name = "rules"
    if source is not None:
        if source.vocab.vectors.shape[0]:  # e.g. de_core_news_lg: its NER reads static vectors
            nlp.vocab.vectors = source.vocab.vectors
        for name in ("tok2vec", "ner"):
            if name in source.pipe_names:
                nlp.add_pipe(name, source=source)
        model_name = f"{source.meta.get('name', 'ner')}-{source.meta.get('version', '0')}"
    for name in CHRONIK_COMPONENTS:
        nlp.add_pipe(name)
    nlp.meta["chronik_ner"] = model_name
    return nlp


class Analyzer:
    """Analyse articles into records with one spaCy pipeline.

    >>> Analyzer().analyse(Article(id="a", text="...", date=...))  # doctest: +SKIP
    """

    def __init__(self, ner_model: str | Path | None = None, nlp: Language | None = None):
        self.nlp = nlp or build_nlp(ner_model)
        self.models = {"ner": self.nlp.meta.get("chronik_ner", "custom")}

    def make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.chronik_date = article.date
        doc._.chronik_genre = article.genre
        return doc

    def analyse(self, article: Article) -> Record:
        return next(self.analyse_many([article]))

    def analyse_many(
        self,
        articles: Iterable[Article],
        batch_size: int = 16,
        on_error: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[Record]:
        """Analyse a stream of articles in input order; non-German texts get metadata only.

        When the analysis of one article fails, ``on_error(article, exc)`` is called and
        the stream goes on (without ``on_error`` the exception propagates).
        """
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._analyse_batch(batch, on_error)
                batch = []
        if batch:
            yield from self._analyse_batch(batch, on_error)

    def _analyse_batch(self, articles: list[Article], on_error) -> Iterator[Record]:
        langs = [a.lang or detect_language(a.text) for a in articles]
        try:
            german = [self.make_doc(a) for a, lang in zip(articles, langs) if lang == "de"]
            docs = iter(list(self.nlp.pipe(german, batch_size=len(articles))))
        except Exception as exc:
            if on_error is None:
                raise
            if len(articles) == 1:
                on_error(articles[0], exc)
                return
            for article in articles:  # find the culprit; the others still come through
                yield from self._analyse_batch([article], on_error)
            return
        for article, lang in zip(articles, langs):
            yield self.to_record(article, next(docs) if lang == "de" else None, lang)

    def to_record(self, article: Article, doc: Doc | None, lang: str | None) -> Record:
        prov = Provenance(
            source_file=article.origin,
            ingested_at=dt.datetime.now(dt.UTC),
            chronik_version=__version__,
            models=self.models,
        )
        fields = dict(
            id=article.id,
            title=article.title,
            date=article.date,
            url=article.url,
            source=article.source,
            lang=lang,
            genre=article.genre,
            text=article.text,
            extra=article.extra,
            provenance=prov,
        )
        if doc is not None:
            fields.update(
                entities=doc._.chronik_entities or [],
                times=doc._.chronik_times or [],
                amounts=doc._.chronik_amounts or [],
                quotes=doc._.chronik_quotes or [],
                pledges=doc._.chronik_pledges or [],
            )
        return Record(**fields)


@lru_cache(maxsize=4)
def default_analyzer(ner_model: str | None = None) -> Analyzer:
    """A process-wide analyzer (loading the pipeline takes a moment)."""
    return Analyzer(ner_model)
