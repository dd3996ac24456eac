"""A logistic model over named features: weights in JSON, scored in pure Python, fitted with numpy.

Events and pledges decide their candidates with one; the features are sparse dicts of a few dozen
names, so a dict lookup per feature beats building arrays at run time.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any


class Logistic:
    """P(yes | features) = σ(bias + Σ w·x), with the decision threshold chosen when it was trained."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float):
        self.weights, self.bias, self.threshold = weights, bias, threshold

    @staticmethod
    def read(path: Path) -> dict[str, Any] | None:
        """The model's JSON, or None when it has not been built (the rules then decide alone)."""
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def score(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z))


def fit(rows: list[dict[str, float]], y: list[int], l2: float = 1.0, steps: int = 2000, lr: float = 0.5,
        prune: float = 0.0) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression by full-batch gradient descent (small data, no extra dependency).

    Weights with |w| below `prune` are left out of the result (they score as 0 anyway).
    """
    import numpy as np

    names = sorted({k for r in rows for k in r})
    index = {n: i for i, n in enumerate(names)}
    X = np.zeros((len(rows), len(names)))
    for i, r in enumerate(rows):
        for k, v in r.items():
            X[i, index[k]] = v
    t = np.array(y, dtype=float)
    w, b = np.zeros(len(names)), 0.0
    for _ in range(steps):
        g = 1 / (1 + np.exp(-(X @ w + b))) - t
        w -= lr * (X.T @ g / len(t) + l2 * w / len(t))
        b -= lr * g.mean()
    return {n: round(float(w[i]), 4) for n, i in index.items() if abs(w[i]) >= prune}, round(float(b), 4)
