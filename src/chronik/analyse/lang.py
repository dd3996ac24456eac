"""Language identification (py3langid ships its model; no download)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short or unsure."""
    sample = text[:600].strip()  # enough for a confident call; identification is linear in length
    if len(sample) < 20:
        return "de" if sample else None
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else None
