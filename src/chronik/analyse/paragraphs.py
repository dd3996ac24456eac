"""Sentence starts that spaCy's sentencizer misses (``chronik_paragraphs``).

The sentencizer splits after sentence punctuation only, so a headline, a subheading or a
dateline-less first line without a full stop ("Scholz kündigt Investitionen an") runs on into the
next paragraph's first sentence, and statements, pledges and events read across it. A blank line
is always a boundary in news text; a single line break is not (hard-wrapped text).

It also keeps any punctuation after a full stop with the sentence that ends there, an opening
quotation mark included: in "… gebe. „Wir werden …“" the next sentence would start inside the
quotation, and a pledge or statement read there would not know it is quoted. A mark with a space
before it and none after it opens a quotation, in every style („…“, “…”, »…«, «…», "…"), so the
sentence starts at the mark.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .vocab import QUOTE_MARKS


def paragraphs(doc: Doc) -> Doc:
    # Only the few space and quotation-mark tokens are looked at (token arrays, not a loop over every token).
    if len(doc) < 2:
        return doc
    orth, space = doc.to_array([ORTH, IS_SPACE]).T
    for i in numpy.flatnonzero(space[:-1]):
        if doc[int(i)].text.count("\n") >= 2:
            doc[int(i) + 1].is_sent_start = True
    marks = [doc.vocab.strings[m] for m in QUOTE_MARKS if m in doc.vocab.strings]
    for i in numpy.flatnonzero(numpy.isin(orth[1:-1], marks)) + 1:
        mark, tok = doc[int(i)], doc[int(i) + 1]
        if (tok.is_sent_start and not mark.is_sent_start and not mark.whitespace_
                and (doc[mark.i - 1].whitespace_ or doc[mark.i - 1].is_space)):
            mark.is_sent_start = True
            tok.is_sent_start = False
    return doc


@Language.factory("chronik_paragraphs", assigns=["token.is_sent_start"], requires=["token.is_sent_start"])
def make_component(nlp: Language, name: str):
    return paragraphs
