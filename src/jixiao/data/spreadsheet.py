"""Spreadsheet formula injection: text a spreadsheet would run as a formula when the file is opened.

Excel, WPS and LibreOffice run a CSV cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula: ``=HYPERLINK("http://…?"&A1, "点击")`` sends the sheet's
contents to a server. Data files refuse such text (``samples.csv``, imported answers); the CSV
downloads put an apostrophe before any that reach them (the usual neutralisation), and the XLSX
downloads store them as text cells. Numbers (``-0.45``, ``+3.00%``) and a lone ``-`` are not formulas.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula."""
    return text.startswith(FORMULA_START) and text.strip() != "-" and not _NUMBER.fullmatch(text)


def as_text(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows and never runs."""
    return "'" + text if formula_like(text) else text


def refusal(text: str) -> str:
    """The message for data text that would be a formula, naming its first character."""
    first = {"\t": "制表符", "\r": "回车符"}.get(text[0], text[0])
    shown = text if len(text) <= 40 else text[:40] + "…"
    return f"“{shown}”以“{first}”开头，电子表格会把它当作公式运行"
