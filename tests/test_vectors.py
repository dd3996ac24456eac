"""The per-word floret cache gives exactly spaCy's vectors, also across batches and when full."""

import numpy as np
import pytest
from spacy.strings import StringStore
from spacy.vectors import Vectors

from chronik.analyse.extensions import doc_text, set_doc_text
from chronik.analyse.vectors import CachedFloretVectors


def _floret() -> Vectors:
    data = np.random.default_rng(0).normal(size=(97, 8)).astype("f")
    return Vectors(strings=StringStore(), data=data, mode="floret", minn=3, maxn=5, hash_count=2, hash_seed=7)


def test_cached_vectors_equal_spacy_over_batches():
    plain = _floret()
    cached = CachedFloretVectors.like(plain, capacity=5)
    batches = [["Die", "Regierung", "plant", "Die"], ["plant", "neue", "Steuern", "ab", "Regierung"],
               ["Haushalt", "Die", "x", "ab", "neue", "Kanzlerin", "Regierung"]]
    for words in batches:  # the third batch overflows the capacity of 5 words: the cache restarts
        keys = np.array([plain.strings.add(w) for w in words], dtype="uint64")
        expected = plain.get_batch(keys)
        got = cached.get_batch(keys)
        assert got.dtype == expected.dtype and got.shape == (len(words), 8)
        np.testing.assert_array_equal(got, expected)
    assert len(cached._rows) <= 7


def test_cached_vectors_refuse_default_mode():
    with pytest.raises(ValueError, match="floret"):
        CachedFloretVectors.like(Vectors(shape=(3, 4)))


def test_doc_text_is_cached_and_settable():
    import spacy

    nlp = spacy.blank("de")
    doc = nlp.make_doc("Sie sagte: „Wir kommen.“")
    assert doc_text(doc) == doc.text
    assert doc.user_data["chronik_text"] == doc.text
    other = nlp.make_doc("Ein Satz.")
    set_doc_text(other, "Ein Satz.")
    assert doc_text(other) == "Ein Satz."
