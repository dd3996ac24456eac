"""Training helpers of the statement tagger (training/quotes): SpkAtt speeches in the tagger's labels."""

import json
import sys
from pathlib import Path

import pytest
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "quotes"))

from spkatt import tagger_doc  # noqa: E402  (training/quotes/spkatt.py)

from chronik.analyse.quotes_lexicon import load as load_lexicon  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def _speech(tmp_path, sentences, annotations):
    path = tmp_path / "19001_TOP_1_SPD_Muster_ID1_01.01.2020.json"
    path.write_text(json.dumps({
        "Sentences": [{"SentenceId": k, "Tokens": toks} for k, toks in enumerate(sentences)],
        "Annotations": annotations}), encoding="utf-8")
    return path


def test_spkatt_speech_gets_the_tagger_labels(tmp_path, nlp):
    """Source → SPK, cue → CUE, an unquoted message → B-/I-IND, a quoted one → DIR; the rest O."""
    sentences = [
        ["Die", "Ministerin", "sagte", ",", "die", "Lage", "sei", "ernst", "."],
        ["Der", "Kollege", "rief", ":", "„", "Wir", "handeln", "jetzt", "“", "."],
    ]
    annotations = [
        {"Source": ["0:0", "0:1"], "Cue": ["0:2"], "Message": ["0:4", "0:5", "0:6", "0:7"]},
        {"Source": ["1:0", "1:1"], "Cue": ["1:2"], "Message": ["1:4", "1:5", "1:6", "1:7", "1:8"]},
        {"Source": [], "Cue": ["1:2"], "Message": []},  # no message: not a statement
    ]
    doc = tagger_doc(_speech(tmp_path, sentences, annotations), nlp, load_lexicon())
    tags = [t.tag_ for t in doc]
    assert tags[:9] == ["SPK", "SPK", "CUE", "O", "B-IND", "I-IND", "I-IND", "I-IND", "O"]
    assert tags[9:12] == ["SPK", "SPK", "CUE"]
    assert tags[13:18] == ["B-DIR", "I-DIR", "I-DIR", "I-DIR", "I-DIR"]
    assert doc.text.startswith("Die Ministerin sagte, die Lage sei ernst. Der Kollege")
    assert all(t.lemma_ for t in doc), "every token carries the rule-feature column"


def test_spkatt_overlapping_messages_keep_the_longest(tmp_path, nlp):
    sentences = [["Er", "sagte", ",", "sie", "wolle", "das", "Gesetz", "ändern", "."]]
    annotations = [
        {"Source": ["0:0"], "Cue": ["0:1"], "Message": ["0:3", "0:4", "0:5", "0:6", "0:7"]},
        {"Source": ["0:3"], "Cue": ["0:4"], "Message": ["0:5", "0:6", "0:7"]},
    ]
    tags = [t.tag_ for t in tagger_doc(_speech(tmp_path, sentences, annotations), nlp, load_lexicon())]
    assert tags == ["SPK", "CUE", "O", "B-IND", "I-IND", "I-IND", "I-IND", "I-IND", "O"]
