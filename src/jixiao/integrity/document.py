"""A Markdown text as the checks see it: numbered lines, paragraphs, tables and typed figures.

Every check reports ``file:line``, so a document keeps the line of each paragraph and
table row. Bound figures (``{{ … }}``) and template tags are blanked out before anything is
parsed: they come from data and are never "typed".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from jixiao.data.sources import read_text

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_FENCE = re.compile(r"^\s*(```|~~~)")

#: a typed number: ``4,814,130.68``, ``-0.45``, ``90.34``
NUMBER = r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?"
UNITS = "万元|元|万人次|人次|万人|万份|万|%|人|起|户|个|次|份|分|项|处|场次|轮|条|天|家|部|座|公顷|件"
_FIGURE = re.compile(rf"(?<![\d.,A-Za-z])(?P<num>{NUMBER})\s*(?P<unit>{UNITS})?")


@dataclass(frozen=True)
class Figure:
    """A number typed in the text, with its unit and where it sits in its paragraph."""

    value: Decimal
    text: str
    unit: str
    start: int
    end: int

    @property
    def places(self) -> int:
        """Decimal places as typed: ``72.7`` → 1, ``100`` → 0 (the precision to compare at)."""
        return len(self.text.split(".")[1]) if "." in self.text else 0


@dataclass(frozen=True)
class Paragraph:
    line: int
    text: str


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


@dataclass(frozen=True)
class MdTable:
    line: int
    header: list[str]
    rows: list[Row]


def figures(text: str) -> list[Figure]:
    """Every typed number of ``text`` (years such as ``2022年`` and dates are left out)."""
    out = []
    for m in _FIGURE.finditer(text):
        raw = m.group("num")
        unit = m.group("unit") or ""
        after = text[m.end("num") : m.end("num") + 2].lstrip()
        if not unit and after[:1] in ("年", "月", "日", "号", "〕", "、", "."):
            continue
        if not unit and re.match(r"\s*[-—]\s*\d", text[m.end() :]):
            continue
        try:
            value = Decimal(raw.replace(",", "").replace("−", "-"))
        except InvalidOperation:
            continue
        out.append(Figure(value, raw.replace("−", "-"), unit, m.start(), m.end()))
    return out


def split_row(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)]


class Document:
    """One Markdown file: ``display`` is the path shown in findings."""

    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self.text = text
        self.lines = _blank_templates(text).split("\n")
        self._skip = _code_lines(self.lines)

    @classmethod
    def read(cls, path: Path, display: str) -> Document:
        """Read as the loader does (UTF-8 or GBK), so a GBK file exported by Excel is checked, not a crash."""
        text, _ = read_text(path, display)
        return cls(display, text or "")

    def text_lines(self) -> Iterator[tuple[int, str]]:
        """(line number, text) of every line outside fenced code, templates blanked."""
        for i, line in enumerate(self.lines, 1):
            if i not in self._skip:
                yield i, line

    def paragraphs(self) -> Iterator[Paragraph]:
        """Prose lines (not tables, not headings' markers), one per source line."""
        for i, line in self.text_lines():
            s = line.strip()
            if not s or s.startswith("|"):
                continue
            yield Paragraph(i, re.sub(r"^#+\s*|\*\*", "", s))

    def tables(self) -> list[MdTable]:
        """Pipe tables: the header row and the body rows, each with its line."""
        found: list[MdTable] = []
        current: MdTable | None = None
        previous: tuple[int, str] | None = None
        for i, line in self.text_lines():
            s = line.strip()
            if s.startswith("|") and re.fullmatch(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?", s) and previous:
                current = MdTable(previous[0], split_row(previous[1]), [])
                found.append(current)
            elif s.startswith("|") and current is not None:
                current.rows.append(Row(i, split_row(s)))
            elif not s.startswith("|"):
                current = None
            previous = (i, s) if s.startswith("|") else None
        return found


def _blank_templates(text: str) -> str:
    """Replace template spans by spaces, keeping line breaks so line numbers stay right."""
    return _TEMPLATE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _code_lines(lines: list[str]) -> set[int]:
    skip, inside = set(), False
    for i, line in enumerate(lines, 1):
        if _FENCE.match(line):
            skip.add(i)
            inside = not inside
        elif inside:
            skip.add(i)
    return skip
