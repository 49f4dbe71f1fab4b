"""What every scoring criterion (评分标准) has, and what a rule computes.

A rule is a pydantic model: its fields are the parameters written in the data, its
docstring is its documentation, and ``compute`` turns a ``Context`` into an
``Outcome``. ``compute`` returns the *unrounded* score; the scorer rounds it once
(half-up to 0.01, see ``data.money``) and checks it lies in [0, points].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from jixiao.data.money import fmt_fact

if TYPE_CHECKING:
    from jixiao.data.form import Form
    from jixiao.data.model import Indicator, Survey


class RuleProblem(Exception):
    """A criterion cannot be scored: names the offending field and what to fix."""

    def __init__(self, message: str, field: str | None = None, fix: str = "", reported: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.fix = fix
        #: the cause (a fact or rate that failed) is already a finding of its own: say nothing more
        self.reported = reported


@dataclass
class Context:
    """Everything a rule may read: facts and rates by name, and the survey."""

    facts: dict[str, Decimal]
    rates: dict[str, Decimal]
    survey: Survey | None = None
    rate_formulas: dict[str, str] = field(default_factory=dict)
    #: facts and rates whose formula failed (already reported), so their users stay quiet
    failed: set[str] = field(default_factory=set)
    #: each fact's unit and whether it was written (not derived): how a working line prints it
    units: dict[str, str] = field(default_factory=dict)
    derived: set[str] = field(default_factory=set)

    def shown(self, name: str, unit: bool = True) -> str:
        """A fact as a working line prints it, by its unit (``7,455.00万元``, ``40.65%``, ``813公里``);
        ``unit=False`` leaves the unit off (inside an expression, where a fact in % counts as 40.65)."""
        own = self.units.get(name, "元")
        return fmt_fact(self.facts[name], own, name not in self.derived) + (own if unit else "")

    #: a 自评表's form (its 项目资金, its grade coefficients), for the rules that read the form
    form: Form | None = None
    #: the indicator whose criteria are being scored: a 自评表 row's 年度指标值 and 实际完成值
    indicator: Indicator | None = None

    def fact(self, name: str, field_name: str) -> Decimal:
        if name in self.failed:
            raise RuleProblem(f"事实 '{name}' 无法计算", field_name, reported=True)
        if name not in self.facts:
            raise RuleProblem(f"引用的事实 '{name}' 未定义", field_name, "在 facts.yaml 中添加它或改正名称")
        return self.facts[name]

    def rate(self, name: str, field_name: str) -> Decimal:
        if name not in self.rates:
            if name in self.rate_formulas:
                raise RuleProblem(f"比率 '{name}' 无法计算", field_name, "先改正该比率的公式", reported=name in self.failed)
            raise RuleProblem(f"引用的比率 '{name}' 未定义", field_name, "在 evaluation.yaml 的 rates 中定义它")
        return self.rates[name]

    def number(self, value: Decimal | str, field_name: str) -> Decimal:
        """A literal number, or the name of a fact."""
        if isinstance(value, Decimal):
            return value
        return self.fact(value, field_name)


@dataclass
class Outcome:
    """A rule's result before rounding, with the working a reader can follow."""

    score: Decimal
    working: str = ""
    rate: Decimal | None = None


class Criterion(BaseModel):
    """Fields shared by every criterion, whatever its rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    text: str | list[str] = Field(description="评分标准的文字，可分多行（①②合并计分时）")
    points: Decimal = Field(description="该评分标准的分值")
    no: int | None = Field(default=None, description="序号（①=1）；省略时按顺序编号")
    basis: str | None = Field(default=None, description="评价依据")
    reported: Decimal | None = Field(default=None, description="作者（自评或原报告）填报的得分，用于复核")

    #: one line of documentation for the rule vocabulary table
    summary: ClassVar[str] = ""

    def compute(self, ctx: Context) -> Outcome:  # pragma: no cover - every rule overrides
        raise NotImplementedError

    def finding(self) -> str:
        """The 评价意见 a report prints beside the score: why points were given or lost.

        Rules that rest on a judgement or on counted defects say it; rules that compute
        from figures have nothing to add beyond their working.
        """
        return ""

    @property
    def lines(self) -> list[str]:
        return [self.text] if isinstance(self.text, str) else list(self.text)


def clamp(value: Decimal, points: Decimal) -> Decimal:
    """Floor at 0 and cap at the criterion's points."""
    return max(Decimal(0), min(value, points))


def _parse_rate(value: object) -> object:
    """Accept ``0.8``, ``80%`` or ``"80%"`` for a rate; return a Decimal fraction."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return Decimal(value.strip()[:-1]) / 100
    return value


Rate = Annotated[Decimal, BeforeValidator(_parse_rate)]
"""A rate in the data: a fraction (0.8) or a percentage string ("80%")."""


def _parse_share(value: object) -> object:
    """Accept ``1/3``, ``10%``, ``0.5`` or ``80`` for a share or weight; keep it exact (a Fraction)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return Fraction(value.strip()[:-1]) / 100
    if isinstance(value, Decimal):
        return Fraction(value)
    return value


Share = Annotated[Fraction, BeforeValidator(_parse_share)]
"""A weight or share kept exact: ``1/3`` stays a third until the criterion's score is rounded."""


def exact(value: Fraction) -> Decimal:
    """A Fraction as a Decimal (28 significant digits), rounded once afterwards by the scorer."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def show_share(value: Fraction) -> str:
    """``1/3``, ``0.5`` or ``1``: a share in a working line as exactly as it is known."""
    if value.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 50, 100):
        return show(exact(value))
    return f"{value.numerator}/{value.denominator}"


NumberOrFact = Decimal | str
"""A literal number, or the name of a fact holding it."""


def show(value: Decimal) -> str:
    """A number in a working line, without float noise (``1.0213`` not ``1.02132...``)."""
    return f"{value.quantize(Decimal('0.0001')).normalize():f}"
