"""Build Chronik's spaCy pipeline and turn articles into records."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from pydantic import BaseModel
from spacy.language import Language
from spacy.tokens import Doc

from ..record import Article, Entity, Provenance, Record, Span
from ..version import __version__
from . import (  # noqa: F401  (register factories)
    amounts,
    entities,
    events,
    extensions,  # noqa: F401  (registers Doc._ attributes)
    paragraphs,
    pledges,
    quotes,
    time,
)
from .dateline import mask, read_credits
from .extensions import set_doc_text
from .lang import detect_language
from .resources import model_path
from .vectors import CachedFloretVectors

# Longer texts are analysed in pieces of at most this many characters (cut at paragraph,
# then sentence boundaries): memory grows with the Doc (a 300,000-character article
# took 1.25 GB in one piece), and spaCy refuses texts over nlp.max_length (E088).
PIECE_CHARS = 50_000
DEFAULT_NER = model_path("ner-de")
# nlp.pipe batches close at this many characters (or at batch_size articles): the network
# layers cost less per token in bigger batches (Wikinews, 4 → 16 articles of ~1,300
# characters: tok2vec + NER 13 % less CPU; no gain beyond ~2,000 tokens), while memory
# grows with the characters in a batch, not with the number of articles (10kGNAD: peak RSS
# 360 MB at 12,000 characters, 389 MB at 20,000, 369 MB with the former 4 articles).
BATCH_CHARS = 12_000


def component_cfg(batch_size: int) -> dict[str, dict[str, Any]]:
    """Per-component ``nlp.pipe`` settings for a batch of ``batch_size`` docs.

    spaCy's NER (a transition parser) predicts in sub-batches of a quarter of its
    ``batch_size``; given four times the batch it predicts the whole batch at once: the
    same entities (each doc is parsed on its own), fewer network calls (Wikinews: NER
    CPU -4 %).
    """
    return {"ner": {"batch_size": 4 * batch_size}}

# Order matters: quotes need entities and times; pledges need all three; events need entities, times and quotes.
CHRONIK_COMPONENTS = (
    "chronik_entities",
    "chronik_time",
    "chronik_amounts",
    "chronik_quotes",
    "chronik_pledges",
    "chronik_events",
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
    """A blank German pipeline with a sentencizer (and paragraph breaks), a NER model and every Chronik component.

    ``ner_model`` may be a path or an installed spaCy package (e.g. ``de_core_news_lg``);
    its ``ner`` and the ``tok2vec`` it listens to are sourced into the pipeline.
    ``"rules"`` runs without a statistical NER.
    """
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("chronik_paragraphs")
    source = _ner_source(ner_model)
    model_name = "rules"
    if source is not None:
        vectors = source.vocab.vectors
        if vectors.shape[0]:  # e.g. de_core_news_lg: its NER reads static vectors
            nlp.vocab.vectors = CachedFloretVectors.like(vectors) if vectors.mode == "floret" else vectors
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

    def __init__(self, ner_model: str | Path | None = None, nlp: Language | None = None,
                 piece_chars: int = PIECE_CHARS):
        self.nlp = nlp or build_nlp(ner_model)
        self.models = {"ner": self.nlp.meta.get("chronik_ner", "custom")}
        self.piece_chars = piece_chars

    def make_doc(self, article: Article, *, credits: bool = True) -> Doc:
        # Datelines and agency credits are blanked (same length): offsets stay valid in article.text.
        # A piece of a long article comes blanked already (credits=False): its start is no dateline.
        text = mask(article.text, read_credits(article.text).spans) if credits else article.text
        doc = self.nlp.make_doc(text)
        set_doc_text(doc, text)
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
        batch_chars: int | None = BATCH_CHARS,
    ) -> Iterator[Record]:
        """Analyse a stream of articles in input order; non-German texts get metadata only.

        Articles go through the pipeline in batches of up to ``batch_size`` articles and
        ``batch_chars`` characters (see :func:`batches`).

        When the analysis of one article fails, ``on_error(article, exc)`` is called and
        the stream goes on (without ``on_error`` the exception propagates).
        """
        for batch in batches(articles, batch_size, batch_chars):
            yield from self._analyse_batch(batch, on_error)

    def _analyse_batch(self, articles: list[Article], on_error) -> Iterator[Record]:
        langs = [a.lang or detect_language(a.text[:20_000]) for a in articles]
        try:
            german = [
                self.make_doc(a) for a, lang in zip(articles, langs) if lang == "de" and len(a.text) <= self.piece_chars
            ]
            docs = iter(list(self.nlp.pipe(german, batch_size=len(articles), component_cfg=component_cfg(len(articles)))))
            records = []
            for article, lang in zip(articles, langs):
                if lang != "de":
                    records.append(self.to_record(article, None, lang))
                elif len(article.text) > self.piece_chars:
                    records.append(self._analyse_long(article))
                else:
                    records.append(self.to_record(article, next(docs), lang))
        except Exception as exc:
            if on_error is None:
                raise
            if len(articles) == 1:
                on_error(articles[0], exc)
                return
            for article in articles:  # find the culprit; the others still come through
                yield from self._analyse_batch([article], on_error)
            return
        yield from records

    def _analyse_long(self, article: Article) -> Record:
        """A long German article, analysed piece by piece; offsets and ids joined into one record.

        Each piece is analysed on its own (statements and coreference do not reach across a
        cut, which falls between paragraphs where it can); entities of the same type and
        name in several pieces become one entity.
        """
        joined: dict[str, list] = {"entities": [], "times": [], "amounts": [], "quotes": [], "pledges": [], "events": []}
        by_key: dict[tuple[str, str], Entity] = {}
        blanked = mask(article.text, read_credits(article.text).spans)
        for start, piece in split_text(blanked, self.piece_chars):
            doc = self.nlp(self.make_doc(article.model_copy(update={"text": piece}), credits=False))
            part = self.to_record(article.model_copy(update={"text": piece}), doc, "de")
            for model in (*part.entities, *part.times, *part.amounts, *part.quotes, *part.pledges, *part.events):
                _shift(model, start)
            ent_ids: dict[str, str] = {}
            for e in part.entities:
                same = by_key.get((e.type, e.name))
                if same is None:
                    new_id = f"e{len(joined['entities']) + 1}"
                    same = by_key[(e.type, e.name)] = e.model_copy(update={"id": new_id})
                    joined["entities"].append(same)
                else:
                    same.mentions += e.mentions
                    same.aliases += [a for a in e.aliases if a not in same.aliases]
                    same.roles += e.roles
                    same.qid, same.place = same.qid or e.qid, same.place or e.place
                ent_ids[e.id] = same.id
            quote_ids: dict[str, str] = {}
            for q in part.quotes:
                quote_ids[q.id] = f"q{len(joined['quotes']) + 1}"
                q.id = quote_ids[q.id]
                if q.speaker and q.speaker.entity:
                    q.speaker.entity = ent_ids.get(q.speaker.entity)
                joined["quotes"].append(q)
            amount_base = len(joined["amounts"])
            joined["times"] += part.times
            joined["amounts"] += part.amounts
            for p in part.pledges:
                p.id = f"p{len(joined['pledges']) + 1}"
                if p.actor and p.actor.entity:
                    p.actor.entity = ent_ids.get(p.actor.entity)
                p.quote = quote_ids.get(p.quote) if p.quote else None
                p.amount = p.amount + amount_base if p.amount is not None else None
                joined["pledges"].append(p)
            for v in part.events:
                v.id = f"v{len(joined['events']) + 1}"
                for arg in (v.actor, v.target, v.place):
                    if arg is not None and arg.entity:
                        arg.entity = ent_ids.get(arg.entity)
                v.quote = quote_ids.get(v.quote) if v.quote else None
                joined["events"].append(v)
        for e in joined["entities"]:
            e.mentions.sort(key=lambda m: m.start)
        record = self.to_record(article, None, "de")
        return record.model_copy(update=joined)

    def to_record(self, article: Article, doc: Doc | None, lang: str | None) -> Record:
        prov = Provenance(
            source_file=article.origin,
            ingested_at=dt.datetime.now(dt.UTC),
            chronik_version=__version__,
            models=self.models,
        )
        fields: dict[str, Any] = dict(
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
        if lang == "de":
            credits = read_credits(article.text)
            fields.update(
                place=credits.place,
                agency=credits.agency,
                credits=[Span(start=s, end=e, text=article.text[s:e]) for s, e in credits.spans],
            )
        if doc is not None:
            fields.update(
                entities=doc._.chronik_entities or [],
                times=doc._.chronik_times or [],
                amounts=doc._.chronik_amounts or [],
                quotes=doc._.chronik_quotes or [],
                pledges=doc._.chronik_pledges or [],
                events=doc._.chronik_events or [],
            )
        return Record(**fields)


def batches(articles: Iterable[Article], size: int, chars: int | None = BATCH_CHARS) -> Iterator[list[Article]]:
    """Consecutive lists of up to ``size`` articles, closed early once they hold ``chars`` characters."""
    batch: list[Article] = []
    held = 0
    for article in articles:
        batch.append(article)
        held += len(article.text)
        if len(batch) >= size or (chars is not None and held >= chars):
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def split_text(text: str, size: int) -> Iterator[tuple[int, str]]:
    """``(start, piece)`` covering ``text`` in pieces of at most ``size`` characters.

    A piece ends after a blank line if there is one in its second half, else after a
    line break, a sentence end, or white space; only a text without any is cut hard.
    """
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = 0
        for sep in ("\n\n", "\n", ". ", "! ", "? ", " "):
            at = window.rfind(sep, size // 2)
            if at > 0:
                cut = at + len(sep)
                break
        cut = cut or size
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def _shift(model: BaseModel, delta: int) -> None:
    """Move every span inside ``model`` by ``delta`` characters (in place)."""
    if isinstance(model, Span):
        model.start += delta
        model.end += delta
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                _shift(item, delta)


@lru_cache(maxsize=4)
def default_analyzer(ner_model: str | None = None) -> Analyzer:
    """A process-wide analyzer (loading the pipeline takes a moment)."""
    return Analyzer(ner_model)
