"""The NER fine-tuning script's card and argument checks (no training, no shared data)."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "ner"))
import finetune  # noqa: E402


def _scores(f: float) -> dict:
    per = {k: {"p": f, "r": f, "f": f} for k in ("PER", "LOC", "ORG", "MISC")}
    return {"f": f, "p": f + 0.01, "r": f - 0.01, "per_type": per, "unseen_recall": 0.5}


def _second_pass_report() -> dict:
    return {"steps": 2000, "wikineural": 12000, "second_pass": True, "ship_measured": True,
            "version": finetune.SECOND_VERSION, "base_heldout": _scores(0.64),
            "finetuned_heldout": _scores(0.6707), "choice": "Chosen on sentences 1,101-1,650."}


CARD = """# card

**Licence note: the model is for non-commercial use only** — it was built with static vectors learnt from NC text.

<!-- finetune -->
old section
<!-- /finetune -->

## Scores
"""


def test_second_pass_card_names_both_passes_and_the_data():
    sec = finetune.card_section(_second_pass_report())
    assert sec.startswith("<!-- finetune -->") and sec.endswith("<!-- /finetune -->\n")
    assert f"**Version {finetune.SECOND_VERSION}**" in sec
    assert f"fixed {finetune.FIRST_STEPS:,} steps" in sec and "fixed 2,000 steps" in sec
    assert "--second-pass --wikineural 12000 --steps 2000" in sec
    assert f"| {finetune.VERSION}: base + fine-tuning on the tune half | 0.650 | 0.630 | 0.640 |" in sec
    assert "12,000 WikiNEuRal" in sec and "CC BY-NC-SA" in sec
    assert "**0.671 is the shipped model's own held-out figure**. Chosen on sentences 1,101-1,650." in sec


def test_first_pass_card_has_no_wikineural():
    rep = {**_second_pass_report(), "second_pass": False, "wikineural": 0, "version": finetune.VERSION}
    rep.pop("choice")
    sec = finetune.card_section(rep)
    assert f"**Version {finetune.VERSION}**" in sec and "WikiNEuRal" not in sec
    assert "| base + fine-tuning on the tune half only |" in sec


def test_update_card_replaces_the_section_and_names_wikineural_once(tmp_path, monkeypatch):
    monkeypatch.setattr(finetune, "SHIP", tmp_path)
    (tmp_path / "MODEL_CARD.md").write_text(CARD)
    for _ in range(2):  # a rerun must not add the licence note twice
        finetune.update_card(_second_pass_report())
    card = (tmp_path / "MODEL_CARD.md").read_text()
    assert "old section" not in card and card.count("<!-- finetune -->") == 1
    assert card.count("WikiNEuRal (CC BY-NC-SA 4.0; second fine-tuning pass) and static vectors") == 1
    assert card.endswith("<!-- /finetune -->\n\n## Scores\n")


def test_second_pass_refuses_a_base_of_another_version(tmp_path, capsys):
    (tmp_path / "meta.json").write_text(json.dumps({"version": finetune.SECOND_VERSION}))
    with pytest.raises(SystemExit):
        finetune.main(["--second-pass", "--base", str(tmp_path)])
    assert f"starts from {finetune.VERSION}" in capsys.readouterr().err


def test_second_pass_ships_so_it_cannot_be_a_dry_run():
    with pytest.raises(SystemExit):
        finetune.main(["--second-pass", "--no-ship"])


def test_nc_base_versions_follow_the_base():
    # a base built with WikiNEuRal (build.py --with-nc) leads to 0.6.0, the licence-clean one to 0.4.0/0.5.0
    assert finetune.FIRST["0.6.0-base"] == "0.6.0-pass1" and finetune.SECOND["0.6.0-pass1"] == "0.6.0"
    assert finetune.FIRST["0.3.0"] == finetune.VERSION and finetune.SECOND[finetune.VERSION] == finetune.SECOND_VERSION
    rep = {**_second_pass_report(), "version": "0.6.0", "base_version": "0.6.0-pass1"}
    sec = finetune.card_section(rep)
    assert "**Version 0.6.0**" in sec and "version 0.6.0-pass1 (the base model" in sec
    assert "| 0.6.0-pass1: base + fine-tuning on the tune half | 0.650 |" in sec
    assert "| 0.6.0: 0.6.0-pass1 + second pass + 12,000 WikiNEuRal |" in sec


def test_update_card_keeps_a_licence_note_that_names_wikineural_already(tmp_path, monkeypatch):
    monkeypatch.setattr(finetune, "SHIP", tmp_path)
    (tmp_path / "MODEL_CARD.md").write_text(CARD.replace("built with static", "built with NER training data from "
                                                         "WikiNEuRal (CC BY-NC-SA 4.0) and static"))
    finetune.update_card({**_second_pass_report(), "version": "0.6.0", "base_version": "0.6.0-pass1"})
    assert (tmp_path / "MODEL_CARD.md").read_text().count("WikiNEuRal (CC BY-NC-SA 4.0") == 1


def _ner_build():
    """training/ner/build.py by path: other tests put another ``build`` module on sys.path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "ner_build", Path(__file__).resolve().parents[1] / "training" / "ner" / "build.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_vectors_from_copies_a_models_floret_table(tmp_path):
    build = _ner_build()
    import numpy
    import spacy
    from spacy.vectors import Vectors

    src = spacy.blank("de")
    data = numpy.arange(40, dtype="float32").reshape(10, 4)
    src.vocab.vectors = Vectors(data=data, mode="floret", hash_count=1, minn=2, maxn=3)
    src.to_disk(tmp_path / "model")
    build.copy_vectors(tmp_path / "model", tmp_path / "vec")
    got = spacy.load(tmp_path / "vec" / "model").vocab.vectors
    assert got.mode == "floret" and (got.minn, got.maxn, got.hash_count) == (2, 3, 1)
    assert numpy.array_equal(got.data, data)
    info = json.loads((tmp_path / "vec" / "info.json").read_text())
    assert info["args"]["bucket"] == "10" and info["copied_from"] == str(tmp_path / "model")


def test_vectors_from_refuses_a_model_without_vectors(tmp_path):
    build = _ner_build()
    import spacy

    spacy.blank("de").to_disk(tmp_path / "model")
    with pytest.raises(SystemExit, match="no static vectors"):
        build.copy_vectors(tmp_path / "model", tmp_path / "vec")
