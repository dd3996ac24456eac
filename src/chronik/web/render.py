"""An article's text as HTML with its entities, statements and dates marked, built from record offsets.

Every piece of text is escaped; spans that overlap are nested by splitting the inner
one at the outer one's boundary (only the first piece keeps an ``id``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from .. import projection
from ..dates import reader_date
from ..record import Record, Speaker

KIND_LABEL = {"direct": "direkt", "indirect": "indirekt", "free_indirect": "frei indirekt", "reported": "berichtet"}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    layer: int  # 0 outermost: statements, 1 entities, 2 dates and amounts
    tag: str
    attrs: tuple[tuple[str, str], ...]
    anchor: str | None = None

    def open(self, first: bool) -> str:
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in self.attrs)
        if first and self.anchor:
            attrs += f' id="{escape(self.anchor)}"'
        return f"<{self.tag}{attrs}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def speaker_name(record: Record, speaker: Speaker | None) -> str:
    """Who spoke, for people: see :func:`chronik.projection.speaker_name`; "?" when nobody is known."""
    return projection.speaker_name(record, speaker) or "?"


def marks(record: Record, links: dict[str, str]) -> list[Mark]:
    """The spans to show: statement pieces, entity mentions (linked to the KB), dates, amounts."""
    out: list[Mark] = []
    for q in record.quotes:
        title = f"{speaker_name(record, q.speaker)} · {KIND_LABEL.get(q.kind, q.kind)}" + (f" · {q.time}" if q.time else "")
        for n, piece in enumerate(q.content):
            out.append(Mark(piece.start, piece.end, 0, "span", (("class", f"q q-{q.kind}"), ("title", title)),
                            f"quote-{quote(q.id, safe='')}" if n == 0 else None))
    for e in record.entities:
        kb_id = links.get(e.id)
        attrs = [("class", f"ent ent-{e.type}"), ("title", f"{e.name} ({e.type})")]
        tag = "span"
        if kb_id:
            tag, attrs = "a", [*attrs, ("href", f"/entities/{quote(kb_id, safe='')}")]
        out += [Mark(m.start, m.end, 1, tag, tuple(attrs)) for m in e.mentions]
    for t in record.times:
        # people read "Freitag, 14. Februar 2020"; the datetime attribute keeps the TIMEX3 value
        title = reader_date(t.value, t.mod) + (f" · {t.role}" if t.role != "point" else "")
        out.append(Mark(t.start, t.end, 2, "time", (("class", "time"), ("datetime", t.value), ("title", title))))
    for a in record.amounts:
        title = " ".join(str(x) for x in (a.value, a.unit, a.object) if x is not None)
        out.append(Mark(a.start, a.end, 2, "span", (("class", "amount"), ("title", title))))
    return out


def _clean(found: list[Mark], size: int) -> list[Mark]:
    """Drop empty or out-of-range spans, and spans crossing an earlier one of their layer.

    Within a layer, a span inside another nests (a quote within a statement); links
    (layer 1) never nest, since an ``<a>`` inside an ``<a>`` is invalid HTML.
    """
    kept: list[Mark] = []
    open_ends: dict[int, list[int]] = defaultdict(list)
    for m in sorted(found, key=lambda m: (m.layer, m.start, -m.end)):
        if not 0 <= m.start < m.end <= size:
            continue
        ends = open_ends[m.layer]
        while ends and ends[-1] <= m.start:
            ends.pop()
        if ends and (m.end > ends[-1] or m.layer == 1):
            continue
        kept.append(m)
        ends.append(m.end)
    return kept


def highlight(text: str, found: list[Mark]) -> Markup:
    """``text`` as safe HTML with ``found`` spans as (properly nested) elements."""
    spans = _clean(found, len(text))
    starts: dict[int, list[Mark]] = defaultdict(list)
    for m in spans:
        starts[m.start].append(m)
    points = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans)})
    out: list[str] = []
    stack: list[Mark] = []
    for i, p in enumerate(points):
        if any(m.end == p for m in stack):
            reopen = []
            while any(m.end == p for m in stack):
                m = stack.pop()
                out.append(m.close())
                if m.end != p:
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(m.open(first=False))
                stack.append(m)
        for m in sorted(starts[p], key=lambda m: (-m.end, m.layer)):
            out.append(m.open(first=True))
            stack.append(m)
        if i + 1 < len(points):
            out.append(str(escape(text[p : points[i + 1]])))
    out += [m.close() for m in reversed(stack)]
    return Markup("".join(out))

