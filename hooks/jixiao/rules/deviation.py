"""deviation — points × (1 − |actual − plan| / plan), floored at 0."""

from decimal import Decimal
from typing import Literal

from ..money import fmt_percent
from . import register
from .base import Context, Criterion, NumberOrFact, Outcome, RuleProblem, clamp, show


@register
class Deviation(Criterion):
    """偏离度：得分 = 分值 × (1 − |实际 − 计划| / 计划)，保底为 0。

    ```yaml
    rule: deviation
    points: 3
    actual: 实际完成数
    plan: 计划数
    ```
    """

    summary = "分值 × (1 − |实际 − 计划| / 计划)"
    rule: Literal["deviation"]
    actual: NumberOrFact
    plan: NumberOrFact

    def compute(self, ctx: Context) -> Outcome:
        actual = ctx.number(self.actual, "actual")
        plan = ctx.number(self.plan, "plan")
        if plan == 0:
            raise RuleProblem("计划数为 0，无法计算偏离度", "plan", "改正计划数")
        deviation = abs(actual - plan) / abs(plan)
        score = clamp(self.points * (Decimal(1) - deviation), self.points)
        return Outcome(score, f"偏离度 {fmt_percent(deviation)}（{show(actual)} 对 {show(plan)}）", deviation)
