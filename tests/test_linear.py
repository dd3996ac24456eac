"""The logistic model events and pledges decide with: fitting, pruning, scoring, loading."""

import json
import math

from chronik.analyse import events, pledges
from chronik.analyse.linear import Logistic, fit


def _data():
    rows = [{"cue": 1.0, "noise": float(i % 3)} for i in range(30)] + [{"noise": float(i % 3)} for i in range(30)]
    return rows, [1] * 30 + [0] * 30


def test_fit_learns_the_informative_feature_and_scores_it():
    weights, bias = fit(*_data(), l2=0.1, steps=500)
    m = Logistic(weights, bias, 0.5)
    assert weights["cue"] > 1.0
    assert m.score({"cue": 1.0}) > 0.8 > 0.2 > m.score({})
    assert math.isclose(m.score({"unknown": 5.0}), m.score({}))


def test_prune_leaves_out_small_weights():
    rows, y = _data()
    rows = [dict(r, never=0.0) for r in rows]
    assert "never" in fit(rows, y, steps=50)[0]
    assert "never" not in fit(rows, y, steps=50, prune=1e-4)[0]


def test_models_load_their_json_and_are_none_without_it(tmp_path):
    assert events.Model.load(tmp_path / "missing.json") is None
    assert pledges.Model.load(tmp_path / "missing.json") is None
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"weights": {"a": 2.0}, "bias": -1.0, "threshold": 0.4, "types": ["Strike"]}))
    ev = events.Model.load(path)
    assert ev is not None and ev.types == {"Strike"} and ev.threshold == 0.4
    pl = pledges.Model.load(path)
    assert pl is not None and math.isclose(pl.score({"a": 1.0}), 1 / (1 + math.exp(-1.0)))
