"""Paragraph breaks end sentences (``chronik_paragraphs``).

spaCy's sentencizer splits after sentence punctuation only, so a headline, a subheading or a
dateline-less first line without a full stop ("Scholz kündigt Investitionen an") runs on into the
next paragraph's first sentence, and statements, pledges and events read across it. A blank line
is always a boundary in news text; a single line break is not (hard-wrapped text).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def paragraphs(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.factory("chronik_paragraphs", assigns=["token.is_sent_start"], requires=["token.is_sent_start"])
def make_component(nlp: Language, name: str):
    return paragraphs
