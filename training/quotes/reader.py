"""spaCy corpus reader for the statement tagger: the predicted doc keeps the rule features.

spaCy's own ``Corpus`` rebuilds the predicted doc from the text, which would drop the
feature column (``LEMMA``) the tagger reads; this reader copies it over.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example


@spacy.registry.readers("chronik.QuoteCorpus.v1")
def create_reader(path: Path):
    def read(nlp):
        for ref in DocBin().from_disk(path).get_docs(nlp.vocab):
            pred = Doc(nlp.vocab, words=[t.text for t in ref], spaces=[bool(t.whitespace_) for t in ref],
                       lemmas=[t.lemma_ for t in ref])
            yield Example(pred, ref)

    return read
