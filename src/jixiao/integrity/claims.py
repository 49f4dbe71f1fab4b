"""Claims typed in a report: a figure, the form it is typed in, and the text that names what it is about.

A reviewer reads "立项程序规范性得1.00分", "产出指标共35分", "| 合计 | 100.00 | 65.00 | 65.00% |" and
"等 9 个项目" the same way: something is named (an indicator, the total, a kind of thing counted) and a
figure is said of it. This module finds those pairs without the data, in three steps:

1. **segments**: every sentence of a paragraph or list item, and every table row, with its line;
2. **forms**: the figures of a segment in the wordings Chinese reports use for a score (得分X分, 得X分,
   得分为X, X分（满分Y分）, 评价分值 X), points (分值为X分, 共X分, 满分X分), a deduction (扣X分), a share (得分率/占比X%), a count
   (N个三级指标, N个评分标准, N个项目) or either score or points (为X分);
3. **referents**: the name typed nearest before the figure, chosen among names the caller supplies.

``narrative.py`` then compares each claim with the value computed from data. Rule text — a criterion
such as "符合…得1分，否则不得分" — states what a score would be, not what it is, so clauses with the
words of a rule are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from jixiao.integrity.document import NUMBER, Document

#: table columns that hold rules and explanations, never claims
RULE_COLUMNS = ("评分标准", "指标解释")
#: words of a scoring rule or a condition: "得1分，否则不得分", "每发现1项扣0.5分", "1项扣0.5分，扣完为止",
#: "≥ 90%", "满分4分，根据问卷调查结果评分" (a plain "扣0.14分" is a claim: a deduction made)
_RULE_WORDS = re.compile(
    r"否则|每|若|不满|得满分|扣完|扣到|为止|\d+\s*项\S{0,3}扣|×|=|≥|≤|＞|＜|>|<|以上得|以下得|(?:根据|按照?|依据)[^，,；;。]*评分"
)
_CLAUSE = re.compile(r"[^，,；;。！？]+")
_SENTENCE = re.compile(r"[^。！？；;]+[。！？；;]?")

#: (role, pattern); where two forms overlap, the one listed first wins
FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("score+points", re.compile(rf"(?P<num>{NUMBER})\s*分\s*[（(]\s*满分\s*(?P<num2>{NUMBER})\s*分\s*[）)]")),
    ("score", re.compile(rf"(?P<whole>综合|总)?得分\s*(?:为|是|：|:)?\s*(?P<num>{NUMBER})\s*分?")),
    ("score~", re.compile(rf"(?<!不)得\s*(?P<num>{NUMBER})\s*分")),
    ("score", re.compile(rf"(?P<whole>再?评价)分值\s*(?:为|是|：|:)?\s*(?P<num>{NUMBER})\s*分?")),  # 概要表: 评价分值 90.34
    ("points", re.compile(rf"(?P<whole>总)?(?:分值|满分)\s*(?:为|是|：|:)?\s*(?P<num>{NUMBER})\s*分?")),
    ("points~", re.compile(rf"共(?:计|设)?\s*(?P<num>{NUMBER})\s*分")),
    ("share", re.compile(rf"得分率\s*(?:为|是|：|:|达)?\s*(?P<num>{NUMBER})\s*%")),
    ("share~", re.compile(rf"占比\s*(?:为|是|：|:|达)?\s*(?P<num>{NUMBER})\s*%")),
    ("deduction~", re.compile(rf"扣(?:除|减)?\s*(?P<num>{NUMBER})\s*分")),
    ("either~", re.compile(rf"(?:为|是)\s*(?P<num>{NUMBER})\s*分(?![值数])")),
    ("count", re.compile(r"(?<![\d.])(?P<num>\d+)\s*个(?P<noun>一级指标|二级指标|三级指标|评分标准|项目)")),
]


@dataclass(frozen=True)
class Segment:
    """A sentence of prose or a table row: the unit a claim is read in."""

    line: int
    text: str
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    #: the line of the row's table header (0 for prose)
    table: int = 0

    @property
    def is_row(self) -> bool:
        return bool(self.cells)


@dataclass(frozen=True)
class Form:
    """A figure in one of the wordings above.

    ``role`` is score, points, deduction, share, count or either (为X分: score or points); ``near`` is true for
    the weak wordings (得X分, 共X分, 为X分, 占比X%), whose referent must sit in the same clause; ``whole``
    for the wordings that name the total themselves (综合得分, 总得分, 总分值).
    """

    role: str
    value: Decimal
    places: int
    start: int
    near: bool
    noun: str = ""
    whole: bool = False


def number(raw: str) -> tuple[Decimal, int]:
    """``raw`` as a value and the decimal places it was typed with."""
    raw = raw.replace(",", "").replace("−", "-")
    return Decimal(raw), len(raw.split(".")[1]) if "." in raw else 0


def segments(doc: Document) -> list[Segment]:
    """Every sentence (cut at 。！？；) of every prose line and every table row with its header, in reading order."""
    out = [Segment(p.line, m.group(0)) for p in doc.paragraphs() for m in _SENTENCE.finditer(p.text) if m.group(0).strip()]
    for table in doc.tables():
        header = tuple(h.replace(" ", "") for h in table.header)
        for row in table.rows:
            cells = tuple(row.cells) + ("",) * (len(header) - len(row.cells))
            out.append(Segment(row.line, " | ".join(cells), cells, header, table.line))
    return sorted(out, key=lambda s: s.line)


def prose_cells(seg: Segment) -> Iterator[str]:
    """The cells of a row that are prose (评价依据, 评分依据…), leaving out rules and bare numbers."""
    for head, cell in zip(seg.header, seg.cells, strict=False):
        if any(w in head for w in RULE_COLUMNS) or not re.search(r"[\u4e00-\u9fff]{4}", cell):
            continue
        yield cell


def label_values(seg: Segment) -> Iterator[str]:
    """A row's label cell and the value beside it as one phrase: 概要表's "| 评价分值 | 90.34 |" reads "评价分值：90.34"."""
    for key, value in pairwise(seg.cells):
        if re.fullmatch(r"[\u4e00-\u9fff()（）%]{2,10}", key.replace(" ", "")) and value.strip():
            yield f"{key.strip()}：{value.strip()}"


def forms(text: str) -> list[Form]:
    """The figures of ``text`` in a claim's wording, in reading order (rule clauses left out)."""
    taken: list[tuple[int, int]] = []
    out: list[Form] = []
    for role, pattern in FORMS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken) or _is_rule(text, m.start()):
                continue
            taken.append((m.start(), m.end()))
            value, places = number(m.group("num"))
            near = role.endswith("~")
            base = role.rstrip("~")
            noun = m.groupdict().get("noun") or ""
            if base == "score+points":
                out.append(Form("score", value, places, m.start(), False))
                out.append(Form("points", *number(m.group("num2")), m.start(), False))
            else:
                whole = bool(m.groupdict().get("whole"))
                out.append(Form(base, value, places, m.start(), near, noun, whole))
    return sorted(out, key=lambda f: f.start)


def _is_rule(text: str, pos: int) -> bool:
    """Whether ``pos`` sits in rule text: its clause or the next one states a condition, deduction or formula."""
    clauses = list(_CLAUSE.finditer(text))
    for i, m in enumerate(clauses):
        if m.start() <= pos < m.end():
            return any(_RULE_WORDS.search(c.group(0)) for c in clauses[i : i + 2])
    return False


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` begins (after the last ，；。 before it)."""
    cut = max(text.rfind(c, 0, pos) for c in "，,；;。！？")
    return cut + 1


def nearest(text: str, names: Iterable[str]) -> tuple[str, int] | None:
    """The name typed last in ``text`` and where it starts; of two ending at the same place, the longer."""
    best: tuple[str, int] | None = None
    for name in names:
        pos = text.rfind(name)
        if pos < 0:
            continue
        end = pos + len(name)
        if best is None or end > best[1] + len(best[0]) or (end == best[1] + len(best[0]) and len(name) > len(best[0])):
            best = (name, pos)
    return best


def named(text: str, names: Iterable[str]) -> list[tuple[int, str]]:
    """Every name of ``names`` typed in ``text`` (a name inside a longer one counts once), by position."""
    found: list[tuple[int, int, str]] = []
    for name in sorted(set(names), key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not any(s <= m.start() and m.end() <= e for s, e, _ in found):
                found.append((m.start(), m.end(), name))
    return sorted((s, n) for s, _, n in found)
