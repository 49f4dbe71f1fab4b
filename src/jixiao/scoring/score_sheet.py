"""The score sheet: what scoring computed for one evaluation, indicator by indicator.

Every criterion's score (rounded once, ``data.money.round2``), each indicator's subtotal up the tree,
the total and grade, and every printed score the recomputation does not reproduce (复核差异). The
scorer (``scoring.score``) fills it; everything after scoring reads it and never changes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.data.load import Loaded
from jixiao.data.model import Evaluation, Indicator, circled
from jixiao.data.money import fmt_score, round2
from jixiao.scoring.grades import grade_for
from jixiao.scoring.rules import Criterion

LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级"}


@dataclass
class CriterionScore:
    """A scored criterion (评分标准)."""

    no: int
    criterion: Criterion
    score: Decimal
    working: str
    rate: Decimal | None

    @property
    def mark(self) -> str:
        return circled(self.no)


@dataclass
class IndicatorScore:
    """A scored indicator at any level, with its children or criteria."""

    indicator: Indicator
    level: int
    path: tuple[str, ...]
    points: Decimal
    score: Decimal
    line: int | None = None
    children: list[IndicatorScore] = field(default_factory=list)
    criteria: list[CriterionScore] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def parent(self) -> str | None:
        return self.path[-2] if len(self.path) > 1 else None

    @property
    def is_leaf(self) -> bool:
        """Whether the indicator is scored by criteria (a 三级 one, or a 一级/二级 one in a flatter tree)."""
        return not self.children

    @property
    def share(self) -> Decimal:
        """得分率: score / points (unrounded)."""
        return self.score / self.points if self.points else Decimal(0)

    def walk(self) -> Iterator[IndicatorScore]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Difference:
    """A reported score that differs from the computed one (复核差异), at any level.

    ``path`` is empty for the total; ``no`` is set for a criterion (评分标准) only.
    """

    path: tuple[str, ...]
    no: int | None
    reported: Decimal
    computed: Decimal
    file: str
    line: int | None

    @property
    def level(self) -> str:
        """总分, 一级, 二级, 三级 or 评分标准: what the reported figure is the score of."""
        if self.no is not None:
            return "评分标准"
        return LEVEL_NAMES[len(self.path)] if self.path else "总分"

    @property
    def label(self) -> str:
        """The figure in words: ``投入 › 目标设定``, ``… › 评分标准①`` or ``总分``."""
        if not self.path:
            return "总分"
        where = " › ".join(self.path)
        return f"{where} › 评分标准{circled(self.no)}" if self.no is not None else where

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.label}: 填报 {fmt_score(self.reported)}，复核 {fmt_score(self.computed)}"


@dataclass(frozen=True)
class Signed:
    """The score as the report was signed and published, beside the one recomputed from its criteria.

    A disclosure site shows what the signed report says (``reported_total``: 65.00) and that the
    recomputation differs (64.99); the grade is the printed score's. Without ``reported_total`` the
    report's score is the computed one.
    """

    total: Decimal
    grade: str
    recomputed: Decimal
    recomputed_grade: str

    @property
    def differs(self) -> bool:
        """Whether the recomputed total is not the printed one (a 复核差异 of the total)."""
        return self.total != self.recomputed


@dataclass
class ScoreSheet:
    """Every computed figure of one evaluation; pages, tables and PDFs read only this."""

    loaded: Loaded
    indicators: list[IndicatorScore]
    total: Decimal
    grade: str
    facts: dict[str, Decimal]
    rates: dict[str, Decimal]
    differences: list[Difference]
    #: how many printed scores (``reported``, ``reported_total``) were compared: 0 = nothing to review
    compared: int = 0

    @property
    def id(self) -> str:
        return self.loaded.id

    @property
    def evaluation(self) -> Evaluation:
        return self.loaded.evaluation

    @property
    def total_points(self) -> Decimal:
        return sum((i.points for i in self.indicators), Decimal(0))

    @property
    def signed(self) -> Signed:
        """The report's own score (``reported_total`` when written, rounded as printed) and the recomputed one."""
        printed = self.evaluation.reported_total
        total = round2(printed) if printed is not None else self.total
        return Signed(total, grade_for(total, self.evaluation.grades), self.total, self.grade)

    def walk(self) -> Iterator[IndicatorScore]:
        for top in self.indicators:
            yield from top.walk()

    def level(self, level: int) -> list[IndicatorScore]:
        return [i for i in self.walk() if i.level == level]

    def leaves(self) -> list[IndicatorScore]:
        """The indicators scored by criteria, in tree order: every 三级 one of a three-level tree."""
        return [i for i in self.walk() if i.is_leaf]

    def find(self, name: str, level: int | None = None) -> IndicatorScore:
        """The indicator called ``name`` (the most detailed level if the name repeats)."""
        matches = [i for i in self.walk() if i.name == name and (level is None or i.level == level)]
        if not matches:
            raise KeyError(name)
        return max(matches, key=lambda i: i.level)
