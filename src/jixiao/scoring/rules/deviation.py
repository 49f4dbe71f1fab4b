"""deviation — points × (1 − |actual − plan| / plan), floored at 0; per year (要点) if need be."""

from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.base import Context, Criterion, NumberOrFact, Outcome, RuleProblem, Share, clamp, exact, show
from jixiao.scoring.rules.registry import register

#: what a 要点 whose plan is 0 (nothing planned that year) counts as
PLAN_ZERO = {"full": "视同完成，得该要点全部分值", "zero": "不得分", "drop": "不计此要点，分值由其余要点分摊"}
PLAN_ZERO_FIX = "写 plan_zero: full（视同完成）、zero（不得分）或 drop（不计此要点，分值由其余要点分摊）"


class Target(BaseModel):
    """One 要点 of a deviation criterion, e.g. one year of a multi-year plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    actual: NumberOrFact
    plan: NumberOrFact
    weight: Share | None = Field(default=None, gt=0, description="相对权重；全部省略时等分")


@register
class Deviation(Criterion):
    """偏离度：得分 = 分值 × (1 − |实际 − 计划| / 计划)，保底为 0。
    多年（或多个）目标写 items，每个要点各算偏离度、按份额相加；计划为 0 的要点不适用，
    怎么计由 plan_zero 写明：full 视同完成，zero 不得分，drop 不计此要点（分值由其余要点分摊）。

    ```yaml
    rule: deviation
    points: 3
    actual: 实际完成数
    plan: 计划数
    ```
    """

    summary = "分值 × (1 − |实际 − 计划| / 计划)"
    rule: Literal["deviation"]
    actual: NumberOrFact | None = None
    plan: NumberOrFact | None = None
    items: list[Target] = Field(default_factory=list)
    plan_zero: Literal["full", "zero", "drop"] | None = None

    def compute(self, ctx: Context) -> Outcome:
        if bool(self.items) == (self.actual is not None or self.plan is not None):
            raise RuleProblem("写 actual 与 plan，或写 items（逐个要点），二者选一", "items", "删去其中一种")
        if not self.items:
            if self.actual is None or self.plan is None:
                raise RuleProblem("缺少 actual 或 plan", "plan", "两者都要写")
            actual, plan = ctx.number(self.actual, "actual"), ctx.number(self.plan, "plan")
            if plan == 0:
                if self.plan_zero in ("full", "zero"):
                    score = self.points if self.plan_zero == "full" else Decimal(0)
                    return Outcome(score, f"计划数为 0，不适用：{PLAN_ZERO[self.plan_zero]}")
                raise RuleProblem("计划数为 0，无法计算偏离度", "plan", "改正计划数，或写 plan_zero: full（视同完成）或 zero（不得分）")
            deviation = abs(actual - plan) / abs(plan)
            score = clamp(self.points * (Decimal(1) - deviation), self.points)
            return Outcome(score, f"偏离度 {fmt_percent(deviation)}（{show(actual)} 对 {show(plan)}）", deviation)
        return self._items(ctx)

    def _items(self, ctx: Context) -> Outcome:
        weights = [t.weight for t in self.items]
        if any(w is None for w in weights) and not all(w is None for w in weights):
            raise RuleProblem("要点的 weight 要么全部写明，要么全部省略", "items", "补齐或删去 weight")
        counted: list[tuple[Fraction, Fraction]] = []  # (weight, kept)
        parts = []
        for target in self.items:
            actual, plan = ctx.number(target.actual, "items"), ctx.number(target.plan, "items")
            weight = target.weight or Fraction(1)
            if plan == 0:
                if self.plan_zero is None:
                    raise RuleProblem(f"要点“{target.text}”计划数为 0，不适用，但没写怎么计分", "plan_zero", PLAN_ZERO_FIX)
                parts.append(f"{target.text} 计划为 0，不适用（{PLAN_ZERO[self.plan_zero]}）")
                if self.plan_zero != "drop":
                    counted.append((weight, Fraction(1 if self.plan_zero == "full" else 0)))
                continue
            deviation = abs(actual - plan) / abs(plan)
            counted.append((weight, max(Fraction(0), 1 - Fraction(deviation))))
            parts.append(f"{target.text} 偏离度 {fmt_percent(deviation)}（{show(actual)} 对 {show(plan)}）")
        if not counted:
            raise RuleProblem("所有要点的计划数都为 0，没有可计分的要点", "plan_zero", "改用 plan_zero: full 或 zero")
        total = sum((w for w, _ in counted), Fraction(0))
        kept = sum((w * k for w, k in counted), Fraction(0)) / total
        return Outcome(clamp(exact(Fraction(self.points) * kept), self.points), "；".join(parts))
