"""Statement figures when a text's quotation marks are written another way.

German news writes „…“; many sites write “…”, "…" or »…«. The same Wikinews texts are scored as
written and with every „…“ turned into each other style (one character for one, so the gold offsets
hold); a style-independent pipeline scores the same on all four.

    python bench/quote_styles.py --shared ../shared/data [--docs 80] [--split train]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from chronik.bench import write_result
from chronik.eval.quotes import analyzer_for, load, predicted, score_doc, summarise
from chronik.record import Article

STYLES = {"german": None, "english": ("“", "”"), "straight": ('"', '"'), "guillemets": ("»", "«")}


def restyle(text: str, opener: str, closer: str) -> str:
    return re.sub(r"„([^„“]*)“", lambda m: opener + m.group(1) + closer, text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared/data"))
    ap.add_argument("--split", default="train", help="Wikinews split (train: dev stays for the reported figure)")
    ap.add_argument("--docs", type=int, default=80)
    ap.add_argument("--name", default="quotes-mark-styles")
    args = ap.parse_args()
    files = sorted((args.shared / "quotes/wikinews" / args.split).glob("*.json"))[: args.docs]
    analyzer = analyzer_for(None)
    counts: dict[str, Counter] = {style: Counter() for style in STYLES}
    for path in files:
        doc = load(path)
        for style, marks in STYLES.items():
            text = doc.text if marks is None else restyle(doc.text, *marks)
            record = analyzer.analyse(Article(id=doc.id, text=text, date=doc.date, genre="news", lang="de"))
            score_doc(predicted(doc, record.quotes), doc.gold, counts[style])
    figures: dict = {"split": args.split, "docs": len(files)}
    for style in STYLES:
        result = summarise(counts[style])
        figures[style] = {"statements": counts[style]["n_pred"], "attributed": result["attributed"],
                          "joint_f1": result["joint"]["f1"], "speaker_accuracy": result["speaker_accuracy"]}
        print(style, figures[style])
    print(write_result(args.name, figures))


if __name__ == "__main__":
    main()
