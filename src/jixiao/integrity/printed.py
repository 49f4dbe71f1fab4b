"""The figures a page prints through its bindings, checked like typed ones.

A binding cannot drift from the data, but it can print a figure the data does not hold: a rate shown
with the wrong filter (``{{ rate("资金到位率") | num }}%`` prints ``0.95%`` for 95.00%), a percentage
rounded before it is scaled (0.4065 printed as ``41.00%``). The narrative check reads typed figures
(bindings blanked); this one renders the page once more — tables, charts and other blocks left empty,
every ``{{ … }}`` marked with its place — keeps only what the bindings printed (typed digits blanked, so
they are left to the narrative check) and runs the same claims over it, counts of things aside (a bound
count is the data's own figure, and the data may hold the report's count beside a list that differs). A
printed figure that disagrees with the exact value at its printed precision is an error at the binding's line.
"""

from __future__ import annotations

import re

from jixiao.errors import DataError, Finding
from jixiao.integrity.document import Document
from jixiao.integrity.narrative import check_narrative
from jixiao.scoring.score_sheet import ScoreSheet

#: marks a binding's output in the rendered page: OPEN index SEP output CLOSE (private-use characters: no
#: page holds them, and Jinja's whitespace control does not strip them as it would control characters)
OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
#: a macro's or a captured block's body: its output is marked where it is called or used, never inside,
#: where a mark would change a value the page computes with (``n2of("投入") | int``)
_BODY = re.compile(r"\{%-?\s*(?:macro\b[^%]*|set\s+[\w.]+\s*)-?%\}.*?\{%-?\s*end(?:macro|set)\s*-?%\}", re.S)
_MARK = re.compile(rf"{OPEN}(\d+){SEP}|{CLOSE}")
#: bindings that print blocks (tables, the chart, the record, links), not figures said in a sentence
BLOCKS = ("table", "chart", "revisions", "pdf_link")


def printed_text(doc: Document, sheet: ScoreSheet) -> tuple[str, dict[int, int]] | None:
    """What the bindings of ``doc`` print, where they print it: the rendered page with every typed digit
    blanked, and for each of its lines holding printed output the source line of that binding.
    ``None`` when the page does not render here (the build reports why)."""
    from jixiao.presentation.bindings import Binder

    source_lines: list[int] = []

    bodies = [m.span() for m in _BODY.finditer(doc.text)]

    def marked(m: re.Match[str]) -> str:
        if any(start <= m.start() < end for start, end in bodies):
            return m.group(0)
        source_lines.append(doc.text.count("\n", 0, m.start()) + 1)
        return f"{OPEN}{len(source_lines) - 1}{SEP}{m.group(0)}{CLOSE}"

    binder = Binder(sheet, lambda key: "")
    binder.env.globals.update({name: (lambda *args, **kwargs: "") for name in BLOCKS})
    try:
        rendered = binder.render(_EXPRESSION.sub(marked, doc.text), doc.display)
    except DataError:
        return None
    out: list[str] = []
    origin: dict[int, int] = {}
    depth, at, line, call = 0, 0, 1, 0
    for m in _MARK.finditer(rendered):
        piece = rendered[at : m.start()]
        out.append(piece if depth else re.sub(r"\d", " ", piece))  # typed digits are the narrative check's
        if depth:
            for offset in range(piece.count("\n") + 1):
                origin.setdefault(line + offset, call)
        line += piece.count("\n")
        if m.group(1) is not None:
            if depth == 0:
                call = source_lines[int(m.group(1))]
            depth += 1
        else:
            depth = max(0, depth - 1)
        at = m.end()
    out.append(re.sub(r"\d", " ", rendered[at:]))
    return "".join(out), origin


def check_printed(sheet: ScoreSheet, doc: Document) -> list[Finding]:
    """Each figure a binding of ``doc`` prints that the data does not hold at that precision."""
    if "{{" not in doc.text:
        return []
    printed = printed_text(doc, sheet)
    if printed is None:
        return []
    text, origin = printed
    found = []
    for f in check_narrative(sheet, Document(doc.display, text), bound=False, counts=False):
        if f.severity != "error" or f.line not in origin:
            continue
        fix = f"这个数字由绑定印出：检查这处绑定与过滤器（比率用 rate()，百分数不要再乘或除 100；{f.fix}）"
        found.append(Finding(f.file, origin[f.line], f.where, f"绑定印出的{f.message}", fix, "error", f.expected))
    return found
