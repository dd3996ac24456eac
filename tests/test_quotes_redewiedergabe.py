"""REDEWIEDERGABE column files in the statement tagger's labels (training/quotes/redewiedergabe.py).

The fixtures are written here, in the corpus's column format, with sentences made up for the purpose.
"""

import sys
from pathlib import Path

import pytest
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "quotes"))

from redewiedergabe import COLUMNS, labels, parse_stwr, read, samples, tagger_doc  # noqa: E402

from chronik.analyse.quotes_lexicon import load as load_lexicon  # noqa: E402


def _row(tok, stwr="-", frame="-", speaker="-", intexpr="-", norm=None, note="-", start=False):
    return [tok, tok if norm is None else norm, tok, "X", "X", "yes" if start else "no", stwr, frame, speaker, intexpr,
            note]


def _write(tmp_path, rows, name="rwk_test_1-1.tsv"):
    path = tmp_path / name
    path.write_text("\n".join("\t".join(r) for r in [list(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


# "Der Minister erklärte, die Lage sei ernst. Die Kammer verlangte den Rücktritt.
#  Er dachte, es sei zu spät. Er sagte nicht, dass er gehe. Man rief: »Genug!«"
ROWS = [
    _row("Der", frame="frame.1"), _row("Minister", frame="frame.1", speaker="speaker.1"),
    _row("erklärte", frame="frame.1", intexpr="intexpr.1"), _row(",", frame="frame.1"),
    _row("die", "indirect.speech.1"), _row("Lage", "indirect.speech.1"), _row("sei", "indirect.speech.1"),
    _row("ernst", "indirect.speech.1"), _row("."),
    _row("Die", "reported.speech writing.2"), _row("Kammer", "reported.speech writing.2", speaker="speaker.2"),
    _row("verlangte", "reported.speech writing.2", intexpr="intexpr.2"), _row("den", "reported.speech writing.2"),
    _row("Rücktritt", "reported.speech writing.2"), _row(".", "reported.speech writing.2"),
    _row("Er", frame="frame.3", speaker="speaker.3"), _row("dachte", frame="frame.3", intexpr="intexpr.3"),
    _row(",", frame="frame.3"), _row("es", "indirect.thought.3"), _row("sei", "indirect.thought.3"),
    _row("zu", "indirect.thought.3"), _row("spät", "indirect.thought.3"), _row("."),
    _row("Er", frame="frame.4", speaker="speaker.4"), _row("sagte", frame="frame.4", intexpr="intexpr.4"),
    _row("nicht", frame="frame.4"), _row(",", frame="frame.4"), _row("daß", "indirect.speech.4.nonfact", norm="dass"),
    _row("er", "indirect.speech.4.nonfact"), _row("gehe", "indirect.speech.4.nonfact"), _row("."),
    _row("Man", frame="frame.5", speaker="speaker.5"), _row("rief", frame="frame.5", intexpr="intexpr.5"),
    _row(":", frame="frame.5"), _row("»", "direct.speech.5", norm="&quot;"), _row("Genug", "direct.speech.5"),
    _row("!", "direct.speech.5"), _row("«", "direct.speech.5", norm="&quot;"),
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def test_stwr_values_parse_into_levels():
    assert parse_stwr("-") == []
    assert parse_stwr("direct.speech_writing.3|reported.thought.6.nonfact.border=state") == [
        ("3", "direct", frozenset({"speech", "writing"}), ()),
        ("6", "reported", frozenset({"thought"}), ("nonfact", "border=state"))]
    assert parse_stwr("indirect freeIndirect.speech.11")[0][1] == "indirect freeIndirect"
    with pytest.raises(ValueError, match="stwr value"):
        parse_stwr("direct.speech")


def test_speech_and_writing_get_labels_thought_and_negated_none(tmp_path):
    """Indirect speech: frame speaker SPK, intexpr CUE, message IND; reported (speech or writing): the
    whole clause REP over its speaker and verb; thought and negated speech: no label at all."""
    tags = labels(read(_write(tmp_path, ROWS)))
    assert tags[:9] == ["O", "SPK", "CUE", "O", "B-IND", "I-IND", "I-IND", "I-IND", "O"]
    assert tags[9:15] == ["B-REP"] + ["I-REP"] * 5
    assert tags[15:23] == [""] * 7 + ["O"], "thought: neither a statement nor a non-statement"
    assert tags[23:31] == ["", "", "", "", "", "", "", "O"], "negated speech (nonfact): no label"
    assert tags[31:] == ["SPK", "CUE", "O", "B-DIR", "I-DIR", "I-DIR", "I-DIR"]


def test_nested_speech_inside_thought_is_kept_and_outer_speech_wins(tmp_path):
    rows = [
        _row("Sie", "reported.thought.1"), _row("hoffte", "reported.thought.1"),
        _row("auf", "reported.thought.1|reported.speech.2"), _row("eine", "reported.thought.1|reported.speech.2"),
        _row("Zusage", "reported.thought.1|reported.speech.2"), _row("."),
        _row("Er", "reported.speech.3", speaker="speaker.3"), _row("warnte", "reported.speech.3", intexpr="intexpr.3"),
        _row("vor", "reported.speech.3|reported.speech.4"), _row("Kritik", "reported.speech.3|reported.speech.4"),
        _row("."),
    ]
    tags = labels(read(_write(tmp_path, rows)))
    assert tags[:6] == ["", "", "B-REP", "I-REP", "I-REP", "O"]
    assert tags[6:] == ["B-REP", "I-REP", "I-REP", "I-REP", "O"]


def test_doc_uses_normalised_words_and_leaves_footnotes_out(tmp_path, nlp):
    rows = [_row("Er"), _row("giebt", norm="gibt"), _row("nach"), _row("Fußnote", note="note"), _row(".")]
    rows += ROWS[31:]
    sample = read(_write(tmp_path, rows))
    assert sample.words[:4] == ["Er", "gibt", "nach", "."]
    doc = tagger_doc(sample, nlp, load_lexicon())
    assert doc.text == "Er gibt nach. Man rief: „Genug!“"  # the tagger reads every quotation as „…“
    assert [t.tag_ for t in doc][:4] == ["O", "O", "O", "O"]
    assert [t.tag_ for t in doc][4:] == ["SPK", "CUE", "O", "B-DIR", "I-DIR", "I-DIR", "I-DIR"]
    assert all(t.lemma_ for t in doc), "every token carries the rule-feature column"


def test_bad_files_are_named(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv: not a REDEWIEDERGABE column file"):
        read(bad)
    short = _write(tmp_path, [["Er", "Er", "er"]], name="short.tsv")
    with pytest.raises(ValueError, match=r"short.tsv:2: 3 columns"):
        read(short)
    with pytest.raises(FileNotFoundError, match="metadata"):
        samples(tmp_path)


@pytest.mark.data
def test_the_corpus_nonfiction_samples_convert(shared_data):
    root = shared_data / "quotes" / "redewiedergabe"
    if not (root / "data" / "main" / "tsv" / "metadata.tsv").is_file():
        pytest.skip("no REDEWIEDERGABE corpus under the shared data")
    paths = samples(root)
    assert len(paths) > 400
    sample = read(paths[0])
    tags = labels(sample)
    assert len(tags) == len(sample.words) and {t for t in tags} <= {
        "", "O", "SPK", "CUE", *(f"{b}-{f}" for b in "BI" for f in ("DIR", "IND", "FI", "IFI", "REP"))}


def test_reported_without_marked_speaker_can_be_left_unlabelled(tmp_path):
    """``reported_needs_speaker``: a reported instance without a marked speaker and intexpr gets no
    label (the corpus's reported is broader than news'); one with both keeps REP."""
    rows = [
        _row("Hierauf", "reported.speech.1"), _row("beginnt", "reported.speech.1"), _row("das", "reported.speech.1"),
        _row("Verhör", "reported.speech.1"), _row(".", "reported.speech.1"), *ROWS[9:15],
    ]
    sample = read(_write(tmp_path, rows))
    assert labels(sample)[:5] == ["B-REP"] + ["I-REP"] * 4
    tags = labels(sample, reported_needs_speaker=True)
    assert tags[:5] == [""] * 5
    assert tags[5:] == ["B-REP"] + ["I-REP"] * 5


def test_only_statement_sentences_leaves_plain_sentences_unlabelled(tmp_path):
    rows = [_row("Es", start=True), _row("regnete"), _row("."),
            _row("Die", "reported.speech.2", start=True), *ROWS[10:15],
            _row("Er", start=True, frame="frame.3", speaker="speaker.3"),
            _row("rief", frame="frame.3", intexpr="intexpr.3"), _row(":", frame="frame.3"),
            _row("Halt", "direct.speech.3", start=True), _row("!", "direct.speech.3")]
    sample = read(_write(tmp_path, rows))
    assert labels(sample)[:3] == ["O", "O", "O"]
    tags = labels(sample, only_statement_sentences=True)
    assert tags[:3] == ["", "", ""], "a sentence without a statement adds no O"
    assert tags[3:9] == ["B-REP"] + ["I-REP"] * 5
    assert tags[9:] == ["SPK", "CUE", "O", "B-DIR", "I-DIR"], "a frame sentence with speaker and cue stays"


def test_reported_sentence_widens_a_lone_reported_phrase_to_its_sentence(tmp_path):
    """``reported_sentence``: a reported phrase becomes its whole sentence (as Wikinews' Reported);
    not where another kept instance shares the sentence."""
    rows = [_row("Der", start=True), _row("Rat", speaker="speaker.1"), _row("verbot", "reported.speech.1", intexpr="intexpr.1"),
            _row("jeden", "reported.speech.1"), _row("Streit", "reported.speech.1"), _row("."),
            _row("Sie", "reported.speech.2", start=True, speaker="speaker.2"), _row("lobte", "reported.speech.2"),
            _row("ihn", "reported.speech.2"), _row("und", "indirect.speech.3"), _row("sagte", "indirect.speech.3"),
            _row("."),
            _row("Er", "reported.thought.4", start=True), _row("ahnte", "reported.thought.4"),
            _row("es", "reported.speech.5"), _row(".")]
    sample = read(_write(tmp_path, rows))
    assert labels(sample)[:6] == ["O", "SPK", "B-REP", "I-REP", "I-REP", "O"]
    tags = labels(sample, reported_sentence=True)
    assert tags[:6] == ["B-REP"] + ["I-REP"] * 5
    assert tags[6:12] == ["B-REP", "I-REP", "I-REP", "B-IND", "I-IND", "O"], "another instance in the sentence: as annotated"
    assert tags[12:] == ["", "", "B-REP", "O"], "a sentence with a left-out instance keeps its phrase"
