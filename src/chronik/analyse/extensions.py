"""The contract between Chronik's pipeline components: ``Doc._`` attributes.

Each component reads what earlier ones wrote and adds its own list of
``chronik.record`` models (character offsets into ``doc.text``). The reference
date and genre are set by the caller before the pipeline runs
(:meth:`chronik.analyse.Analyzer.analyse` does this).
"""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

# name -> default; lists are created per doc by a getter-free default of None.
_DOC_ATTRS = {
    "chronik_date": None,  # datetime.date | None: the article's publication date
    "chronik_genre": "news",  # "news" | "narrative"
    "chronik_entities": None,  # list[record.Entity]
    "chronik_times": None,  # list[record.Time]
    "chronik_amounts": None,  # list[record.Amount]
    "chronik_quotes": None,  # list[record.Quote]
    "chronik_pledges": None,  # list[record.Pledge]
    "chronik_events": None,  # list[record.Event]
    "chronik_mention_entity": None,  # dict[(start, end) char offsets -> entity id], coreference output
}


def register() -> None:
    """Register the ``Doc._`` attributes (idempotent)."""
    for name, default in _DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


_TEXT_KEY = "chronik_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins a new Token object per token on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TOKENS_KEY = "chronik_token_texts"


def token_texts(doc: Doc) -> list[str]:
    """The tokens' texts, cut once per Doc from its text (no Token objects; several components
    read them). Shared: callers must not change the list."""
    texts = doc.user_data.get(_TOKENS_KEY)
    if texts is None:
        text = doc_text(doc)
        arr = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        texts = doc.user_data[_TOKENS_KEY] = [text[i : i + n] for i, n in arr]
    return texts


def set_doc_text(doc: Doc, text: str) -> None:
    """Record ``text`` as ``doc``'s text (the string the tokenizer was given: the same characters)."""
    doc.user_data[_TEXT_KEY] = text


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    """The token span covering characters [start, end), expanded to token boundaries."""
    return doc.char_span(start, end, alignment_mode="expand")


register()
