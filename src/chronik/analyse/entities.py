"""Entity grouping, coreference, roles and links (placeholder, being written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401


@Language.factory("chronik_entities")
def make_component(nlp: Language, name: str):
    return _Component()


class _Component:
    def __call__(self, doc: Doc) -> Doc:
        doc._.chronik_entities = []
        return doc
