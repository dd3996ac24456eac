"""Score a spaCy NER pipeline on GermEval-2014-format data.

Input format (GermEval 2014 TSV): one token per line with tab-separated columns
``index, token, outer BIO, inner BIO``; sentences are separated by blank lines; lines
starting with ``#`` are comments (source URL and date of the sentence).

Scoring rules (what this module implements, exactly):

* **Outer entities only.** The inner (nested) column is ignored.
* **Classes.** GermEval's four coarse classes, with ``OTH`` renamed ``MISC``:
  PER, LOC, ORG, MISC.  The pipeline is expected to predict these labels; any other
  predicted label counts as a false positive of its own class (reported in
  ``per_type`` but still part of the micro average).
* **-deriv / -part are left out of gold.**  Gold spans with labels such as
  ``B-PERderiv`` / ``I-LOCpart`` are *excluded*: they are not gold entities (so
  missing them costs nothing), and a predicted span whose token boundaries *exactly*
  match an excluded span is *ignored* (neither TP nor FP), whatever label it carries.
  A prediction that only overlaps an excluded span is an ordinary false positive.
* **Strict match.** A true positive needs identical start token, end token and label.
* **BIO repair.** An ``I-X`` that does not continue an ``X`` span opens a new span
  (CoNLL-style lenient reading of gold).
* **Micro averages** over all classes; per-class P/R/F1 with tp/fp/fn counts.
  P, R, F1 are 0.0 when their denominator is 0.

Prediction: for every sentence ``Doc(nlp.vocab, words=tokens)`` is built (the gold
tokenisation, no tokenizer run), every pipeline component is applied in order and
``doc.ents`` is read.  Speed is reported as gold tokens per CPU second
(``time.process_time`` around the component calls, i.e. the pipeline without its
tokenizer), measured in the calling process/thread setting.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

LABEL_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
CLASSES = ("PER", "LOC", "ORG", "MISC")

Span = tuple  # (start, end_exclusive, label)


def _spans_from_bio(tags: list[str]) -> list[Span]:
    spans, start, cur = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        if tag == "O" or not tag or tag == "_":
            pre, typ = "O", None
        else:
            pre, _, typ = tag.partition("-")
        if cur is not None and (pre != "I" or typ != cur):
            spans.append((start, i, cur))
            start, cur = None, None
        if pre in ("B", "I") and cur is None:
            start, cur = i, typ
    return spans


def _parse(text_lines: Iterable[str]):
    sents: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in text_lines:
        line = line.rstrip("\n").rstrip("\r")
        if line.startswith("#"):
            continue
        if not line.strip():
            if tokens:
                sents.append((tokens, tags))
            tokens, tags = [], []
            continue
        cols = line.split("\t")
        tokens.append(cols[1])
        tags.append(cols[2] if len(cols) > 2 else "O")
    if tokens:
        sents.append((tokens, tags))
    out = []
    for tokens, tags in sents:
        gold, excluded = [], []
        for s, e, typ in _spans_from_bio(tags):
            if typ in LABEL_MAP:
                gold.append((s, e, LABEL_MAP[typ]))
            else:  # PERderiv, LOCpart, ... (and anything unknown)
                excluded.append((s, e, typ))
        out.append((tokens, gold, excluded))
    return out


def _read(path_or_text) -> list:
    if isinstance(path_or_text, (str, Path)) and "\n" not in str(path_or_text):
        with open(path_or_text, encoding="utf8") as f:
            return _parse(f)
    return _parse(str(path_or_text).splitlines())


def read_germeval(path, with_excluded: bool = False) -> list:
    """Read a GermEval 2014 TSV file.

    Returns a list of ``(tokens, gold_spans)``; ``gold_spans`` are ``(start, end, label)``
    token offsets (end exclusive) of the kept outer entities, labels PER/LOC/ORG/MISC.
    With ``with_excluded=True`` each item is ``(tokens, gold_spans, excluded_spans)``
    where ``excluded_spans`` are the -deriv/-part outer spans with their raw label.
    ``path`` may also be the TSV content itself (a string containing newlines).
    """
    data = _read(path)
    if with_excluded:
        return data
    return [(t, g) for t, g, _ in data]


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def score_spans(items) -> dict:
    """Score ``(gold, excluded, predicted)`` span-set triples (the rules above)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    ignored = 0
    for gold, excluded, pred in items:
        gold = set(gold)
        excl = {(s, e) for s, e, _ in excluded}
        pred = set(pred)
        for sp in pred:
            if sp in gold:
                tp[sp[2]] += 1
            elif (sp[0], sp[1]) in excl:
                ignored += 1
            else:
                fp[sp[2]] += 1
        for sp in gold - pred:
            fn[sp[2]] += 1
    labels = list(CLASSES) + sorted((set(tp) | set(fp) | set(fn)) - set(CLASSES))
    per_type = {lab: _prf(tp[lab], fp[lab], fn[lab]) for lab in labels}
    micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"p": micro["p"], "r": micro["r"], "f": micro["f"],
            "tp": micro["tp"], "fp": micro["fp"], "fn": micro["fn"],
            "ignored_excluded_matches": ignored, "per_type": per_type}


def predict_spans(nlp, sentences: list[list[str]], batch_size: int = 256):
    """Run the pipeline components on gold-tokenised Docs; return (spans, cpu_seconds)."""
    from spacy.tokens import Doc

    docs = [Doc(nlp.vocab, words=toks) for toks in sentences]
    t0 = time.process_time()
    stream = iter(docs)
    for _name, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            stream = proc.pipe(stream, batch_size=batch_size)
        else:
            stream = (proc(d) for d in stream)
    docs = list(stream)
    cpu = time.process_time() - t0
    return [[(e.start, e.end, e.label_) for e in d.ents] for d in docs], cpu


def unseen_recall(data, preds, seen: set[str]) -> dict:
    """Recall on gold entities whose text (tokens joined by spaces) is not in ``seen``.

    ``data`` holds ``(tokens, gold, excluded)`` triples as ``read_germeval(...,
    with_excluded=True)`` returns them, ``preds`` the predicted spans per sentence.
    A gold entity is found when a prediction has its exact span and label.
    Returns ``{"n": …, "found": …, "r": …, "per_type": {label: {"n", "found", "r"}}}``.
    """
    n: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for (toks, gold, _), pred in zip(data, preds):
        pred = set(pred)
        for sp in gold:
            if " ".join(toks[sp[0]:sp[1]]) in seen:
                continue
            n[sp[2]] += 1
            found[sp[2]] += sp in pred
    tot_n, tot_f = sum(n.values()), sum(found.values())
    return {"n": tot_n, "found": tot_f, "r": tot_f / tot_n if tot_n else 0.0,
            "per_type": {lab: {"n": n[lab], "found": found[lab],
                               "r": found[lab] / n[lab] if n[lab] else 0.0} for lab in sorted(n)}}


def evaluate_ner(nlp, path, start: int = 0, end: int | None = None,
                 batch_size: int = 256, seen: set[str] | None = None) -> dict:
    """Evaluate ``nlp`` on (sentences ``start:end`` of) a GermEval-format TSV.

    Returns micro ``p``/``r``/``f`` (+ tp/fp/fn), ``per_type`` (PER/LOC/ORG/MISC, plus
    any other predicted label), ``ignored_excluded_matches``, ``n_sents``,
    ``n_tokens``, ``n_gold``, ``cpu_s`` and ``tokens_per_cpu_s``.  With ``seen`` (the
    entity texts of the training data) also ``unseen`` (see :func:`unseen_recall`).
    """
    data = read_germeval(path, with_excluded=True)[start:end]
    sentences = [t for t, _, _ in data]
    preds, cpu = predict_spans(nlp, sentences, batch_size=batch_size)
    res = score_spans([(g, x, p) for (_, g, x), p in zip(data, preds)])
    if seen is not None:
        res["unseen"] = unseen_recall(data, preds, seen)
    n_tok = sum(len(t) for t in sentences)
    res.update({
        "n_sents": len(data), "n_tokens": n_tok, "n_gold": sum(len(g) for _, g, _ in data),
        "cpu_s": cpu, "tokens_per_cpu_s": n_tok / cpu if cpu > 0 else float("inf"),
    })
    return res


def format_scores(res: dict) -> str:
    lines = [f"micro P {res['p']:.4f}  R {res['r']:.4f}  F1 {res['f']:.4f}  "
             f"({res.get('n_sents', '?')} sents, {res.get('n_gold', '?')} gold ents)"]
    for lab, s in res["per_type"].items():
        lines.append(f"  {lab:5s} P {s['p']:.4f}  R {s['r']:.4f}  F1 {s['f']:.4f}  "
                     f"tp {s['tp']} fp {s['fp']} fn {s['fn']}")
    if "unseen" in res:
        u = res["unseen"]
        lines.append(f"recall on names unseen in training: {u['r']:.4f} ({u['found']}/{u['n']})")
    if "tokens_per_cpu_s" in res:
        lines.append(f"speed {res['tokens_per_cpu_s']:.0f} tokens/CPU-s")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m chronik.eval.ner MODEL TSV [start end]
    import sys

    import spacy

    nlp = spacy.load(sys.argv[1])
    a = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    b = int(sys.argv[4]) if len(sys.argv) > 4 else None
    print(format_scores(evaluate_ner(nlp, sys.argv[2], a, b)))


def summary(res: dict, types: tuple[str, ...] | None = None) -> dict:
    """An :func:`evaluate_ner` result as ``bench/results`` stores it: rounded, per type (``types`` only)."""
    def r4(x: float) -> float:
        return round(x, 4)

    return {"p": r4(res["p"]), "r": r4(res["r"]), "f": r4(res["f"]), "tp": res["tp"], "fp": res["fp"], "fn": res["fn"],
            "per_type": {k: {m: r4(v[m]) for m in ("p", "r", "f")}
                         for k, v in res["per_type"].items() if types is None or k in types},
            "unseen_recall": r4(res["unseen"]["r"]), "unseen_n": res["unseen"]["n"],
            "tokens_per_cpu_s": round(res["tokens_per_cpu_s"])}
