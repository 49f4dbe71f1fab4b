"""What every table builder of one evaluation shares: its score sheet, the binder its text fields render
through, and the 评价意见 printed beside a criterion.

``presentation.tables.TableBuilder`` is the report's tables (``report_tables``) and its appendices
(``appendix_tables``), both built on this.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.data.money import TEN_THOUSAND
from jixiao.errors import DataError, Finding
from jixiao.presentation.bindings import Binder
from jixiao.presentation.numbers import WAN
from jixiao.scoring.score_sheet import CriterionScore, IndicatorScore, ScoreSheet

DASH = "-"
#: the 复核差异 table's slug (its HTML id): a recomputed score beside a printed one links to it
REVIEW_SLUG = "review-differences"


class TableBase:
    """One sheet's tables are built from here; text fields are rendered through the binder."""

    def __init__(self, sheet: ScoreSheet, binder: Binder | None = None, review_href: str | None = None) -> None:
        self.sheet = sheet
        self.binder = binder or Binder(sheet)
        #: where the 复核差异 table is, relative to the page these tables are placed in (None: no such page)
        self.review_href = review_href
        self.ev = sheet.evaluation
        self.file = sheet.loaded.files["evaluation.yaml"].display
        self.folder = f"scores/{sheet.id}"

    def text(self, value: str | None, line: int | None, where: str = "") -> str:
        return self.binder.render(value, self.file, line or 1, where) if value else ""

    def fact(self, name: str | None) -> Decimal | None:
        """A fact's amount in 元 (the 概要表 divides by 10,000); a fact kept in 万元 is converted."""
        if name is None:
            return None
        if name not in self.sheet.facts:
            raise DataError([Finding(self.file, None, "overview", f"概要表引用的事实 '{name}' 未定义", "在 facts.yaml 中添加它")])
        value = self.sheet.facts[name]
        return value * TEN_THOUSAND if self.sheet.loaded.facts[name].unit == WAN else value

    def shows_opinions(self, table: str) -> str | None:
        """The 评价意见 column's title if ``table`` (附件1 or 表4-7) prints it, else ``None``."""
        opinions = self.ev.opinions
        return opinions.title if opinions and table in opinions.tables else None

    def opinion(self, crit: CriterionScore, third: IndicatorScore) -> str:
        """A criterion's 评价意见 as the report prints it, its bindings rendered: the judgement, the
        要点 met or not, the problems counted — or, for a rule that computes, its working."""
        return self.text(crit.criterion.finding() or crit.working, third.line, " › ".join(third.path))

    def opinions(self, third: IndicatorScore) -> str:
        """A 三级 indicator's 评价意见: its criteria's, marked ①②… when there are several."""
        found = [(crit, self.opinion(crit, third)) for crit in third.criteria]
        found = [(crit, text) for crit, text in found if text]
        if len(third.criteria) == 1:
            return found[0][1] if found else ""
        return "\n".join(f"{crit.mark}{text}" for crit, text in found)
