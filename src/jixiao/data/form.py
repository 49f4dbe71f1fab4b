"""The 自评表 as data: what a unit's own self-evaluation form holds besides its indicators.

A 项目支出绩效自评表 (财预〔2020〕10号 附1, and the provinces' versions of it) or a
部门整体支出绩效自评表 is one form: a header (项目名称 or 部门名称, 主管部门, 实施单位, year), the
money (年初预算数, 全年预算数, 全年执行数 of 年度资金总额 and its 其中 rows), the 年度总体目标
(预期目标 | 实际完成情况), the indicator rows, 总分, 自评等级, and who filled it in and when.
``evaluation.yaml`` carries it under ``form:``; the indicator rows are the evaluation's
``indicators`` with the form's own fields (``target``, ``actual``, ``deviation_reason``…).

A value that the source prints but nobody can read (a blurred scan, a garbled web copy) is not
guessed: the field is named in ``illegible`` and prints as ``ILLEGIBLE``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

#: how an unreadable value prints, on the page and in the PDF
ILLEGIBLE = "（原表无法辨认）"

#: the form's templates, and the title each prints
TEMPLATES = {"项目支出": "项目支出绩效自评表", "部门整体支出": "部门整体支出绩效自评表"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_illegible(model: BaseModel, names: list[str], fields: tuple[str, ...]) -> None:
    """A field named in ``illegible`` is one of ``fields`` and has no value written beside it."""
    for name in names:
        if name not in fields:
            raise PydanticCustomError("illegible_field", "illegible: '{name}' 不是可标为无法辨认的字段", {"name": name})
        if getattr(model, name) is not None:
            raise PydanticCustomError("illegible_with_value", "illegible: '{name}' 既写了值又标为无法辨认", {"name": name})


#: a 项目资金 cell: the amount, or the name of a fact holding it (in the form's unit)
Amount = Decimal | str


class FundsRow(_Strict):
    """One row of 项目资金 (万元): 年度资金总额 first, then its 其中 rows as the form prints them."""

    label: str = Field(description="行名，如 年度资金总额、其中：当年财政拨款、上年结转资金、其他资金")
    initial: Amount | None = Field(default=None, description="年初预算数（数，或事实名）")
    annual: Amount | None = Field(default=None, description="全年预算数（调整后预算数）")
    executed: Amount | None = Field(default=None, description="全年执行数")
    illegible: list[Literal["initial", "annual", "executed"]] = Field(default=[], description="原表中无法辨认的格")

    @model_validator(mode="after")
    def _illegible(self) -> FundsRow:
        _check_illegible(self, list(self.illegible), ("initial", "annual", "executed"))
        return self


class Goal(_Strict):
    """年度总体目标: what was planned and what was done, as the form words them."""

    expected: str | None = Field(default=None, description="预期目标")
    actual: str | None = Field(default=None, description="实际完成情况")
    illegible: list[Literal["expected", "actual"]] = []

    @model_validator(mode="after")
    def _illegible(self) -> Goal:
        _check_illegible(self, list(self.illegible), ("expected", "actual"))
        return self


class Form(_Strict):
    """``form:`` in ``evaluation.yaml``: the self-evaluation form a ``type: 自评`` evaluation publishes as."""

    template: Literal["项目支出", "部门整体支出"] = Field(description="项目支出 或 部门整体支出：印哪一种自评表")
    name: str | None = Field(default=None, description="项目名称（部门整体支出表省略：部门名称即被评价单位）")
    unit: Literal["万元", "元"] = Field(default="万元", description="项目资金的单位")
    funds: list[FundsRow] = Field(default=[], description="项目资金：第一行为年度资金总额，其后为其中各行")
    goal: Goal = Goal()
    filled_by: str | None = Field(default=None, description="填表人")
    filled: dt.date | None = Field(default=None, description="填表日期")
    reported_grade: str | None = Field(default=None, description="原表印的自评等级，与按总分计算的等级比较")
    budget_indicator: str | None = Field(
        default=None, description="在项目资金行中印分值与得分的指标；省略时为用 execution 规则计分的、或名为预算执行率的一级指标"
    )
    grade_coefficients: dict[str, Decimal] = Field(
        default={}, description="定性指标各档的得分系数（qualitative 规则），如 {达成: 1, 基本达成: 0.8, 部分达成: 0.6, 未达成: 0}"
    )
    note: str | None = Field(default=None, description="表下的说明（原表的注）")
    illegible: list[Literal["name", "filled_by", "filled", "reported_grade"]] = []

    @model_validator(mode="after")
    def _illegible(self) -> Form:
        _check_illegible(self, list(self.illegible), ("name", "filled_by", "filled", "reported_grade"))
        return self

    @property
    def title(self) -> str:
        return TEMPLATES[self.template]

    @property
    def total(self) -> FundsRow | None:
        """年度资金总额: the first funds row, the one 预算执行率 is computed from."""
        return self.funds[0] if self.funds else None


#: names the templates give the 预算执行率 indicator that the 项目资金 rows print
BUDGET_NAMES = ("预算执行率", "预算资金执行率", "预算执行", "资金执行率")


def funds_value(row: FundsRow, field: str, facts: Mapping[str, Decimal]) -> Decimal | None:
    """A 项目资金 cell's amount: written there, or the value of the fact it names; ``None`` if blank or illegible."""
    if field in row.illegible:
        return None
    value = getattr(row, field)
    if isinstance(value, str):
        return facts.get(value)
    return value


#: the indicator fields a 自评表 row has, and the heading the form prints over each
INDICATOR_FIELDS = {
    "code": "指标编码",
    "unit": "计量单位",
    "nature": "指标性质",
    "initial_target": "年初指标值",
    "adjusted_target": "调整指标值",
    "target": "年度指标值",
    "actual": "实际完成值",
    "deviation_reason": "偏差原因分析及改进措施",
    "core": "是否核心指标",
}
#: the indicator fields that may be marked illegible (a printed score is ``reported``)
ILLEGIBLE_INDICATOR_FIELDS = (
    "code",
    "unit",
    "nature",
    "initial_target",
    "adjusted_target",
    "target",
    "actual",
    "deviation_reason",
    "reported",
)
