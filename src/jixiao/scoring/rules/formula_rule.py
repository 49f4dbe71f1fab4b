"""formula — a safe arithmetic expression over facts and rates, for any other shape."""

from decimal import Decimal
from typing import Literal

from pydantic import Field

from jixiao.data.money import fmt_percent, fmt_score
from jixiao.scoring.formula import FormulaError, evaluate
from jixiao.scoring.formula_text import names_in_order, spoken
from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem, clamp, show
from jixiao.scoring.rules.registry import register


@register
class Formula(Criterion):
    """公式：对事实（facts）、比率（rates）和 ``points`` 的安全算术表达式（不是 Python eval），
    结果封顶为分值、保底为 0。可用 + − × ÷、比较、``a if 条件 else b``、min/max/abs。
    评价意见是代入数值的算式（“15 × (93.06% + 91.58%) ÷ 2 = 13.85（…）”），或写在 reason 中的文字，
    从不是公式本身。

    ```yaml
    rule: formula
    points: 4
    expr: "points * min(1, 实际受益人数 / 计划受益人数)"
    ```
    """

    summary = "对事实和比率的安全算术表达式，结果限制在 [0, 分值]"
    rule: Literal["formula"]
    expr: str
    reason: str | None = Field(default=None, description="评价意见：写了就印它，否则印代入数值的算式")

    def compute(self, ctx: Context) -> Outcome:
        both = sorted(set(ctx.facts) & set(ctx.rates))
        try:
            names = names_in_order(self.expr)
            clash = [n for n in names if n in both]
            if clash:
                raise FormulaError(f"“{clash[0]}”既是事实又是比率，公式中无法区分", "把其中一个改名")
            value = evaluate(self.expr, {**ctx.facts, **ctx.rates, "points": self.points})
        except FormulaError as exc:
            raise RuleProblem(str(exc), "expr", exc.fix) from exc
        return Outcome(clamp(value, self.points), self.reading(ctx, names, value))

    def reading(self, ctx: Context, names: list[str], value: Decimal) -> str:
        """The expression with its figures, its result and what each figure is:
        ``15 × (95.00% + 90.83%) ÷ 2 = 13.94（资金到位率 95.00%，预算执行率 90.83%）``; a fact prints without
        its unit inside the expression (a fact in % counts there as its points: ``15 × 40.65 ÷ 100``)."""

        def figure(name: str, unit: bool = True) -> str:
            if name == "points":
                return show(self.points)
            if name in ctx.rates:
                return fmt_percent(ctx.rates[name])
            return ctx.shown(name, unit)

        line = f"{spoken(self.expr, lambda name: figure(name, unit=False))} = {fmt_score(value)}"
        if value > self.points:
            line += f"，超过分值，得 {show(self.points)}"
        elif value < 0:
            line += "，低于 0，得 0"
        legend = [f"{name} {figure(name)}" for name in names if name != "points"]
        return line + (f"（{'，'.join(legend)}）" if legend else "")

    def finding(self) -> str:
        return self.reason or ""
