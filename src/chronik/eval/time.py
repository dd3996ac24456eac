"""Score ``chronik_time`` on WikiWarsDE (inline TIMEX2) and on Duckling's German time corpus.

WikiWarsDE scoring, as in HeidelTime's published table:

* **Gold**: every ``<TIMEX2>`` inside ``<TEXT>`` (the ``DATETIME`` header is not text).
* **Lenient** match: a predicted and a gold span overlap; each is matched at most once
  (greedy, in text order). **Strict** match: identical character offsets.
* **Value accuracy**: share of lenient matches whose value equals the gold ``val``
  exactly. Chronik writes TIMEX3 values in the spellings TIMEX2 shares (``BC0490``,
  ``1864-FA``, ``1945-05-08TNI``, ``PRESENT_REF``, ``P3D``, centuries ``19``,
  decades ``193``), so no mapping is needed; ``mod`` is not part of the value.
* **Strict+value F1**: F1 where a true positive needs the exact span and the value.
* The documents are narrative: they run with genre ``narrative`` and no article date.
* Speed: tokens per CPU second (``time.process_time``) of the whole pipeline given.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..record import Article

_TAG = re.compile(r"<TIMEX2([^>]*)>|</TIMEX2>")
_VAL = re.compile(r'val="([^"]*)"')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    value: str | None


def read_inline(path: Path) -> tuple[str, list[GoldTimex]]:
    """Plain text of ``<TEXT>`` and its TIMEX2 annotations (character offsets)."""
    found = _TEXT.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{path}: no <TEXT> element")
    body = found.group(1)
    out: list[str] = []
    gold: list[GoldTimex] = []
    stack: list[tuple[int, str | None]] = []
    pos, length = 0, 0
    for m in _TAG.finditer(body):
        out.append(body[pos : m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group(0).startswith("</"):
            start, value = stack.pop()
            gold.append(GoldTimex(start, length, "", value))
        else:
            val = _VAL.search(m.group(1))
            stack.append((length, val.group(1) if val else None))
    out.append(body[pos:])
    text = "".join(out)
    for g in gold:
        g.text = text[g.start : g.end]
    gold.sort(key=lambda g: g.start)
    return text, gold


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _analyse(nlp_or_analyzer, text: str):
    """Times of one narrative text, from an Analyzer or a spaCy Language."""
    if hasattr(nlp_or_analyzer, "analyse"):
        record = nlp_or_analyzer.analyse(Article(id="eval", text=text, genre="narrative", lang="de"))
        return record.times, len(text.split())
    doc = nlp_or_analyzer.make_doc(text)
    doc._.chronik_genre = "narrative"
    doc._.chronik_date = None
    for _, proc in nlp_or_analyzer.pipeline:
        doc = proc(doc)
    return doc._.chronik_times, len(doc)


def _match(pred, gold) -> list[tuple[int, int]]:
    """Greedy one-to-one overlap matching, preferring exact spans."""
    pairs, used = [], set()
    for i, p in enumerate(pred):
        best = None
        for j, g in enumerate(gold):
            if j in used or g.end <= p.start or g.start >= p.end:
                continue
            if (g.start, g.end) == (p.start, p.end):
                best = j
                break
            best = j if best is None else best
        if best is not None:
            used.add(best)
            pairs.append((i, best))
    return pairs


def evaluate_time(nlp_or_analyzer, dir: Path, errors: list | None = None) -> dict:
    """Scores over every ``*.xml`` under ``dir`` (see the module docstring)."""
    files = sorted(Path(dir).glob("*.xml"))
    n_pred = n_gold = lenient = strict = value_ok = strict_value = tokens = 0
    cpu = 0.0
    for path in files:
        text, gold = read_inline(path)
        t0 = time.process_time()
        pred, n_tok = _analyse(nlp_or_analyzer, text)
        cpu += time.process_time() - t0
        tokens += n_tok
        n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)
        matched_gold = set()
        for i, j in _match(pred, gold):
            p, g = pred[i], gold[j]
            matched_gold.add(j)
            exact = (p.start, p.end) == (g.start, g.end)
            good = p.value == g.value
            lenient += 1
            strict += exact
            value_ok += good
            strict_value += exact and good
            if errors is not None and not (exact and good):
                errors.append((path.name, "mismatch", p.text, p.value, g.text, g.value))
        if errors is not None:
            matched_pred = {i for i, _ in _match(pred, gold)}
            errors += [(path.name, "fp", p.text, p.value, text[max(0, p.start - 30) : p.end + 10])
                       for i, p in enumerate(pred) if i not in matched_pred]
            errors += [(path.name, "fn", g.text, g.value, text[max(0, g.start - 30) : g.end + 10])
                       for j, g in enumerate(gold) if j not in matched_gold]
    lp, lr, lf = _prf(lenient, n_pred, n_gold)
    sp, sr, sf = _prf(strict, n_pred, n_gold)
    _, _, svf = _prf(strict_value, n_pred, n_gold)
    return {
        "documents": len(files), "gold": n_gold, "predicted": n_pred,
        "lenient_p": lp, "lenient_r": lr, "lenient_f1": lf,
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "value_accuracy": value_ok / lenient if lenient else 0.0,
        "strict_value_f1": svf,
        "tokens_per_cpu_second": tokens / cpu if cpu else 0.0,
    }


def time_pipeline():
    """The smallest pipeline the time component needs: tokenizer, sentencizer, chronik_time."""
    import spacy

    from ..analyse import time as _time  # noqa: F401  (registers the factory)

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("chronik_time")
    return nlp


def run(dir: Path, nlp_or_analyzer=None) -> dict:
    """WikiWarsDE figures for the documents under ``dir`` (time pipeline by default)."""
    return evaluate_time(nlp_or_analyzer or time_pipeline(), Path(dir))


# --- Duckling ---------------------------------------------------------------------------------

_DUCK_BLOCK = re.compile(
    r"examples\s*\(datetime\s*\((\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)\)\s*(\w+)\)\s*\[(.*?)\]", re.S
)
_DUCK_STR = re.compile(r'"((?:[^"\\]|\\.)*)"')
_GRAIN_LEN = {"Year": 4, "Month": 7, "Day": 10, "Hour": 13, "Minute": 16}
DUCKLING_REF = dt.date(2013, 2, 12)


def read_duckling(path: Path) -> list[tuple[str, str]]:
    """(expression, expected TIMEX value) for every single-instant example (grains Year..Minute)."""
    src = path.read_text(encoding="utf-8")
    out = []
    for m in _DUCK_BLOCK.finditer(src):
        y, mo, d, h, mi, _, grain, body = m.groups()
        if grain not in _GRAIN_LEN:
            continue
        full = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}T{int(h):02d}:{int(mi):02d}"
        value = full[: _GRAIN_LEN[grain]]
        out += [(s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8"), value)
                for s in _DUCK_STR.findall(body)]
    return out


def _duck_ok(times, expr: str, expected: str) -> bool:
    """One Time covering most of the expression with the expected value (or its date part)."""
    for t in times:
        if t.end - t.start >= 0.5 * len(expr) and (t.value == expected or t.value.startswith(expected)):
            return True
    return False


def run_duckling(dir: Path, nlp=None) -> dict:
    """Share of Duckling's German single-instant examples resolved right (reference 2013-02-12, news)."""
    path = Path(dir) / "Duckling" / "Time" / "DE" / "Corpus.hs"
    nlp = nlp or time_pipeline()
    examples = read_duckling(path)
    right = 0
    for expr, expected in examples:
        doc = nlp.make_doc(expr)
        doc._.chronik_date = DUCKLING_REF
        doc._.chronik_genre = "news"
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        right += _duck_ok(doc._.chronik_times, expr, expected)
    return {"examples": len(examples), "correct": right, "share": right / len(examples) if examples else 0.0}


def format_table(res: dict) -> str:
    rows = [("lenient", "lenient_p", "lenient_r", "lenient_f1"), ("strict", "strict_p", "strict_r", "strict_f1")]
    lines = [f"{'':10}{'P':>8}{'R':>8}{'F1':>8}"]
    lines += [f"{name:10}{res[p]:8.3f}{res[r]:8.3f}{res[f]:8.3f}" for name, p, r, f in rows]
    lines.append(f"value accuracy {res['value_accuracy']:.3f}   strict+value F1 {res['strict_value_f1']:.3f}")
    lines.append(f"{res['documents']} documents, {res['gold']} gold, {res['predicted']} predicted, "
                 f"{res['tokens_per_cpu_second']:,.0f} tokens/CPU-s")
    return "\n".join(lines)


# --- News dates (Wikinews, hand-annotated) -----------------------------------------------------

NEWS_GOLD = Path(__file__).resolve().parents[3] / "training" / "time"
_OUT_OF_SCOPE = frozenset({"PRESENT_REF", "FUTURE_REF", "PAST_REF"})


@dataclass
class NewsGold:
    doc: str
    start: int
    end: int
    value: str
    kind: str
    uncertain: bool


def read_news_gold(folder: Path = NEWS_GOLD, split: str = "train") -> tuple[dict[str, dt.date], list[NewsGold]]:
    """Annotated documents of ``split`` (id -> article date) and their gold expressions."""
    docs: dict[str, dt.date] = {}
    for line in (Path(folder) / "news-docs.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        sp, doc, date, status = line.split("\t")
        if sp == split and status == "annotated":
            docs[doc] = dt.date.fromisoformat(date)
    gold = []
    for line in (Path(folder) / "news-dates.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        sp, doc, start, end, value, kind, note = line.split("\t")
        if sp == split and doc in docs:
            gold.append(NewsGold(doc, int(start), int(end), value, kind, note == "uncertain"))
    return docs, gold


def _wikinews_texts(folder: Path, split: str, wanted: set[str]) -> dict[str, str]:
    import json

    texts = {}
    for path in sorted((Path(folder) / split).glob("*.json")):
        doc = path.name.split(" ", 1)[0]
        if doc in wanted:
            texts[doc] = json.loads(path.read_text(encoding="utf-8"))["originalText"]
    missing = wanted - texts.keys()
    if missing:
        raise FileNotFoundError(f"{folder}/{split}: {len(missing)} annotated documents missing, e.g. {sorted(missing)[:3]}")
    return texts


def _news_times(nlp, text: str, date: dt.date):
    doc = nlp.make_doc(text)
    doc._.chronik_genre = "news"
    doc._.chronik_date = date
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.chronik_times


def _in_scope(t, date: dt.date) -> bool:
    """A prediction that claims to resolve against the article date (what the news set annotates)."""
    return t.anchor == date.isoformat() and (t.value not in _OUT_OF_SCOPE or t.text.lower().startswith("heut"))


def evaluate_news(wikinews: Path, split: str = "train", nlp=None, gold_folder: Path = NEWS_GOLD,
                  errors: list | None = None) -> dict:
    """Value accuracy per kind of expression and detection P/R on the hand-annotated news dates.

    Every gold expression counts: a missed one is a wrong value (``accuracy``); ``value_accuracy``
    is over detected ones. Precision counts predictions resolved against the article date that
    overlap no gold expression (present/future/past words such as "derzeit" are out of scope).
    """
    nlp = nlp or time_pipeline()
    docs, gold = read_news_gold(gold_folder, split)
    texts = _wikinews_texts(wikinews, split, set(docs))
    by_doc: dict[str, list[NewsGold]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    kinds: dict[str, dict[str, int]] = {}
    n_pred = fp = 0
    cpu = 0.0
    for doc, date in docs.items():
        t0 = time.process_time()
        pred = _news_times(nlp, texts[doc], date)
        cpu += time.process_time() - t0
        golds = sorted(by_doc.get(doc, []), key=lambda g: g.start)
        pairs = _match(pred, golds)
        matched = {j: i for i, j in pairs}
        for j, g in enumerate(golds):
            k = kinds.setdefault(g.kind, {"gold": 0, "detected": 0, "correct": 0, "certain": 0, "certain_correct": 0})
            p = pred[matched[j]] if j in matched else None
            ok = p is not None and p.value == g.value
            k["gold"] += 1
            k["detected"] += p is not None
            k["correct"] += ok
            k["certain"] += not g.uncertain
            k["certain_correct"] += ok and not g.uncertain
            if errors is not None and not ok:
                errors.append({"doc": doc, "start": g.start, "end": g.end, "kind": g.kind, "gold": g.value,
                               "predicted": p.value if p else None, "text": texts[doc][g.start : g.end],
                               "context": texts[doc][max(0, g.start - 60) : g.end + 30].replace("\n", " "),
                               "uncertain": g.uncertain})
        used = {i for i, _ in pairs}
        scoped = [i for i, p in enumerate(pred) if _in_scope(p, date)]
        n_pred += len([i for i in scoped if i in used]) + len([i for i in scoped if i not in used])
        fp += len([i for i in scoped if i not in used])
        if errors is not None:
            errors += [{"doc": doc, "start": pred[i].start, "end": pred[i].end, "kind": "fp", "gold": None,
                        "predicted": pred[i].value,
                        "text": pred[i].text, "context": texts[doc][max(0, pred[i].start - 60) : pred[i].end + 30]
                        .replace("\n", " "), "uncertain": False} for i in scoped if i not in used]
    total = {key: sum(k[key] for k in kinds.values()) for key in ("gold", "detected", "correct", "certain", "certain_correct")}
    per_kind = {name: {**k, "accuracy": k["correct"] / k["gold"]} for name, k in sorted(kinds.items())}
    return {
        "split": split, "documents": len(docs), "gold": total["gold"],
        "accuracy": total["correct"] / total["gold"] if total["gold"] else 0.0,
        "accuracy_certain": total["certain_correct"] / total["certain"] if total["certain"] else 0.0,
        "value_accuracy": total["correct"] / total["detected"] if total["detected"] else 0.0,
        "detection_recall": total["detected"] / total["gold"] if total["gold"] else 0.0,
        "detection_precision": (n_pred - fp) / n_pred if n_pred else 0.0,
        "per_kind": per_kind,
        "cpu_seconds": cpu,
    }


def format_news_table(res: dict) -> str:
    lines = [f"{'kind':12}{'gold':>6}{'found':>7}{'right':>7}{'acc':>8}"]
    for name, k in res["per_kind"].items():
        lines.append(f"{name:12}{k['gold']:6}{k['detected']:7}{k['correct']:7}{k['accuracy']:8.3f}")
    lines.append(f"{res['split']}: {res['documents']} documents, {res['gold']} expressions; correct value "
                 f"{res['accuracy']:.3f} (certain only {res['accuracy_certain']:.3f}), detection P "
                 f"{res['detection_precision']:.3f} R {res['detection_recall']:.3f}")
    return "\n".join(lines)
