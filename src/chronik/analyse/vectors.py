"""Floret vectors with a per-word cache: the same numbers, computed once per word.

spaCy's floret ``Vectors.get_batch`` hashes every character n-gram of every distinct word
in each batch again (a quarter of the token-to-vector layer's CPU time on news text); a
word's vector depends on its string alone, so it is kept after the first time. The cache
is bounded (``capacity`` words; when full it starts afresh) and the vectors are exactly
those spaCy computes (tested).
"""

from __future__ import annotations

import numpy as np
from spacy.vectors import Mode, Vectors

CACHE_WORDS = 50_000  # 50,000 words x 96 dims x 4 bytes: 19 MB at most


class CachedFloretVectors(Vectors):
    """A floret :class:`spacy.vectors.Vectors` whose ``get_batch`` remembers each word's vector."""

    def __init__(self, *args, capacity: int = CACHE_WORDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity
        self._rows: dict[int, int] = {}  # key (string hash) -> row of self._cache
        self._cache = np.zeros((0, 0), dtype="f")

    @classmethod
    def like(cls, vectors: Vectors, capacity: int = CACHE_WORDS) -> CachedFloretVectors:
        """A cached copy of a floret table (sharing its data and string store)."""
        if vectors.mode != Mode.floret:
            raise ValueError(f"CachedFloretVectors needs floret vectors, not mode {vectors.mode!r}")
        return cls(
            strings=vectors.strings, data=vectors.data, name=vectors.name, mode=vectors.mode,
            minn=vectors.minn, maxn=vectors.maxn, hash_count=vectors.hash_count,
            hash_seed=vectors.hash_seed, bow=vectors.bow, eow=vectors.eow, attr=vectors.attr,
            capacity=capacity,
        )

    def get_batch(self, keys):
        data = self.data
        if not isinstance(data, np.ndarray):  # on another backend: no cache
            return super().get_batch(keys)
        if isinstance(keys, np.ndarray):
            ints = keys.tolist()
        else:
            ints = [int(k) if not isinstance(k, str) else self.strings.add(k) for k in keys]
        rows = self._rows
        missing = list(dict.fromkeys(k for k in ints if k not in rows))
        if missing:
            if len(rows) + len(missing) > self.capacity:
                rows.clear()
                missing = list(dict.fromkeys(ints))
            fresh = super().get_batch(missing)
            self._store(missing, np.asarray(fresh, dtype=data.dtype))
        return self._cache[[rows[k] for k in ints]]

    def _store(self, keys: list[int], vecs: np.ndarray) -> None:
        start = len(self._rows)
        need = start + len(keys)
        if need > self._cache.shape[0] or self._cache.shape[1] != vecs.shape[1]:
            size = min(max(need, 2 * self._cache.shape[0], 1024), max(self.capacity, need))
            grown = np.zeros((size, vecs.shape[1]), dtype=vecs.dtype)
            if self._cache.shape[1] == vecs.shape[1]:
                grown[:start] = self._cache[:start]
            self._cache = grown
        self._cache[start:need] = vecs
        self._rows.update(zip(keys, range(start, need)))
