"""What a name typed in a report refers to, and the value the data computes for it.

A claim (``claims.py``) pairs a figure with the name typed before it; this module answers "what
does the score sheet say about that name": an indicator's score, points, deduction and 得分率, the total, the
grade, or a count — of the indicators of a level under an indicator, of the scoring criteria, or of
the rows of the project table (``samples.csv``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from jixiao.scoring.score_sheet import IndicatorScore, ScoreSheet

#: words that name the whole evaluation's score (and, in a table, the sum of the rows above)
TOTAL_WORDS = ("总分", "合计", "总计", "小计", "综合得分", "总得分", "绩效评价")
#: grade wordings and the band each one means
GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "不合格": "差", "合格": "中", "较差": "差"}
#: counted nouns and the level they count (4: the scoring criteria)
COUNTED = {"一级指标": 1, "二级指标": 2, "三级指标": 3, "评分标准": 4}


@dataclass(frozen=True)
class Value:
    """A computed figure, where it comes from, and how a page binds it (None: nothing to bind)."""

    value: Decimal
    source: str
    binding: str | None


class Referents:
    """The names of one score sheet a claim can refer to."""

    def __init__(self, sheet: ScoreSheet) -> None:
        self.sheet = sheet

    @cached_property
    def by_name(self) -> dict[str, list[IndicatorScore]]:
        out: dict[str, list[IndicatorScore]] = {}
        for node in self.sheet.walk():
            out.setdefault(node.name, []).append(node)
        return out

    @cached_property
    def names(self) -> list[str]:
        """Every indicator name and every total word, longest first."""
        return sorted([*self.by_name, *TOTAL_WORDS], key=len, reverse=True)

    def indicator(self, name: str, level: int | None = None) -> IndicatorScore | None:
        """The indicator called ``name`` (at ``level`` if it has one there; else the most detailed)."""
        nodes = self.by_name.get(name.strip(), [])
        at = [n for n in nodes if level is None or n.level == level]
        return max(at or nodes, key=lambda n: n.level) if nodes else None

    def score(self, node: IndicatorScore | None) -> Value:
        if node is None:
            return Value(self.sheet.total, "总分", "{{ total() }}")
        return Value(node.score, f"“{node.name}”得分", f'{{{{ score("{node.name}") }}}}')

    def points(self, node: IndicatorScore | None) -> Value:
        if node is None:
            return Value(self.sheet.total_points, "总分值", None)
        return Value(node.points, f"“{node.name}”分值", f'{{{{ points("{node.name}") }}}}')

    def deduction(self, node: IndicatorScore | None) -> Value:
        """扣分: points − score."""
        if node is None:
            return Value(self.sheet.total_points - self.sheet.total, "总扣分（总分值 − 总分）", None)
        return Value(node.points - node.score, f"“{node.name}”扣分（分值 − 得分）", None)

    def share(self, node: IndicatorScore | None) -> Value:
        """得分率 in percent."""
        if node is None:
            points = self.sheet.total_points
            return Value(self.sheet.total / points * 100 if points else Decimal(0), "总得分率", None)
        return Value(node.share * 100, f"“{node.name}”得分率", f'{{{{ share("{node.name}") }}}}')

    def count(self, level: int, named: Iterable[str]) -> Value | None:
        """The number of level-``level`` indicators (4: criteria) a clause speaks of.

        The clause's scope is the first indicator it names above that level ("投入…2 个二级指标");
        a clause that only lists indicators of that level ("设置目标设定、预算配置…共 12 个二级指标")
        speaks of the whole tree; a clause naming neither is about something else.
        """
        listed = 0
        for name in named:
            levels = {n.level for n in self.by_name.get(name, [])}
            if level in levels:
                listed += 1
            elif levels and min(levels) < level:
                scope = min(self.by_name[name], key=lambda n: n.level)
                return Value(Decimal(_count(scope.walk(), level)), f"“{scope.name}”下的{_noun(level)}数", None)
        if listed >= 2:
            return Value(Decimal(_count(self.sheet.walk(), level)), f"指标体系的{_noun(level)}数", None)
        return None

    @cached_property
    def projects(self) -> list[str]:
        return [s.name for s in self.sheet.loaded.samples]

    @cached_property
    def projects_total(self) -> Decimal:
        return sum((s.amount for s in self.sheet.loaded.samples), Decimal(0))

    def project_count(self) -> Value:
        source = f"{self.sheet.id}/samples.csv 所列项目，支出合计 {self.projects_total:,.2f} 元"
        return Value(Decimal(len(self.projects)), source, None)


def _count(nodes: Iterable[IndicatorScore], level: int) -> int:
    nodes = list(nodes)
    if level == 4:
        return sum(len(n.criteria) for n in nodes)
    return sum(1 for n in nodes if n.level == level)


def _noun(level: int) -> str:
    return next(noun for noun, at in COUNTED.items() if at == level)
