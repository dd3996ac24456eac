"""A calibrated confidence per statement: how likely its message and speaker are right.

A logistic model over a few facts the pipeline already has about each statement (its form,
whether a cue and a speaker were found and how, the tagger's message probability, the speaker
chooser's margin, the speaker's kind of phrase) estimates the probability that the statement
is *attributed right* in the dataset's sense: its message overlaps a gold message with Jaccard
≥ 0.5 and its speaker overlaps the gold speaker (or both have none). The weights
(``models/quotes-de/confidence.json``) are fitted by ``training/quotes/confidence.py`` on the
train split, checked by 5-fold cross-validation by document; the file also holds the
``precise`` threshold, chosen on the out-of-fold predictions as the lowest confidence at which
attributed precision reaches 0.90.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from .quotes_reader import PRONOUNS, Reader, Statement
from .quotes_speaker import entity_tokens

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "models" / "quotes-de" / "confidence.json"

FEATURES = (
    "bias", "direct", "indirect", "free_indirect", "reported", "nested",
    "cue", "speaker", "carried", "pronoun", "speaker_entity", "speaker_long", "speaker_lower",
    "tagger_prob", "from_rules", "chooser_prob", "log_len", "quoted",
    "agreed", "speaker_person", "direct_cue", "speaker_after_cue", "speaker_before_cue",
    "shaped",  # round 11: a reported statement read from a clause shape (rules, with a cue; quotes_shapes)
)
_F = {f: k for k, f in enumerate(FEATURES)}


def features(reader: Reader, st: Statement, entity_tokens: set[int], persons: Collection[int] = ()) -> list[float]:
    """The feature row of one statement (after speaker choice); ``entity_tokens`` / ``persons``: token
    indices inside any entity mention / a person's mention."""
    row = [0.0] * len(FEATURES)
    row[_F["bias"]] = 1.0
    row[_F[st.kind]] = 1.0
    row[_F["nested"]] = float(st.nested)
    row[_F["cue"]] = float(st.cue is not None)
    row[_F["direct_cue"]] = float(st.cue is not None and st.kind == "direct")
    row[_F["agreed"]] = float(st.agreed)
    # the rules' own reported statements have no cue; a clause shape's has its verb as cue
    row[_F["shaped"]] = float(st.kind == "reported" and st.cue is not None and st.tagger_prob is None)
    if st.speaker:
        s, e = st.speaker
        row[_F["speaker"]] = 1.0
        row[_F["carried"]] = float(st.carried)
        row[_F["pronoun"]] = float(e - s == 1 and reader.low[s] in PRONOUNS)
        row[_F["speaker_entity"]] = float(any(i in entity_tokens for i in range(s, e)))
        row[_F["speaker_long"]] = float(e - s > 4)
        row[_F["speaker_lower"]] = float(not reader.text[e - 1][:1].isupper())
        row[_F["speaker_person"]] = float(any(i in persons for i in range(s, e)))
        if st.cue:
            row[_F["speaker_after_cue"]] = float(s >= st.cue[1] and s - st.cue[1] <= 1)
            row[_F["speaker_before_cue"]] = float(e <= st.cue[0] and st.cue[0] - e <= 2)
    row[_F["tagger_prob"]] = st.tagger_prob if st.tagger_prob is not None else 0.0
    row[_F["from_rules"]] = float(st.tagger_prob is None)
    row[_F["chooser_prob"]] = st.chooser_prob if st.chooser_prob is not None else 0.0
    n = sum(e - s for s, e in st.content)
    row[_F["log_len"]] = math.log1p(n) / 5
    row[_F["quoted"]] = float(all(reader.qid[s] >= 0 and reader.qid[e - 1] >= 0 for s, e in st.content))
    return row


class Calibrator:
    """Logistic weights over :data:`FEATURES`, then an optional monotone (isotonic) map."""

    def __init__(self, weights: dict[str, float], iso_x: list[float] | None = None, iso_y: list[float] | None = None,
                 precise: float | None = None):
        self.w = [weights.get(f, 0.0) for f in FEATURES]
        self.iso_x, self.iso_y = iso_x or [], iso_y or []
        self.precise = precise

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Calibrator | None:
        """The calibrator stored at ``path``, or None when there is none."""
        if not path.exists():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(raw["weights"], raw.get("isotonic_x"), raw.get("isotonic_y"), raw.get("precise_threshold"))

    def score(self, row: list[float]) -> float:
        z = sum(w * x for w, x in zip(self.w, row))
        p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
        return round(isotonic(p, self.iso_x, self.iso_y), 4)

    def assign(self, reader: Reader, stmts: list[Statement]) -> None:
        """Set ``confidence`` on each statement in place."""
        ents, persons = entity_tokens(reader), entity_tokens(reader, "PER")
        for st in stmts:
            st.confidence = self.score(features(reader, st, ents, persons))


def isotonic(p: float, xs: list[float], ys: list[float]) -> float:
    """A piecewise-linear monotone map through (xs, ys); the identity when there is none."""
    if not xs:
        return p
    if p <= xs[0]:
        return ys[0]
    if p >= xs[-1]:
        return ys[-1]
    import bisect

    k = bisect.bisect_right(xs, p)
    x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
    return y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1


@lru_cache(maxsize=1)
def precise_threshold() -> float | None:
    """The shipped ``precise`` threshold (attributed precision ≥ 0.90 on train CV), or None."""
    cal = Calibrator.load()
    return cal.precise if cal else None


def resolve_min_confidence(value: str | float | None) -> float | None:
    """``--min-confidence`` / ``min_confidence``: a number in [0, 1] or ``precise``."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lower() == "precise":
        t = precise_threshold()
        if t is None:
            raise ValueError("min_confidence=precise needs the shipped statement model (make models)")
        return t
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"min_confidence must be a number between 0 and 1 or 'precise', not {value!r}") from None
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"min_confidence must be between 0 and 1, not {t}")
    return t
