"""formula — a safe arithmetic expression over facts, for any other shape."""

from typing import Literal

from jixiao.scoring.formula import FormulaError, evaluate
from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem, clamp
from jixiao.scoring.rules.registry import register


@register
class Formula(Criterion):
    """公式：对事实（facts）和 ``points`` 的安全算术表达式（不是 Python eval），
    结果封顶为分值、保底为 0。可用 + − × ÷、比较、``a if 条件 else b``、min/max/abs。

    ```yaml
    rule: formula
    points: 4
    expr: "points * min(1, 实际受益人数 / 计划受益人数)"
    ```
    """

    summary = "对事实的安全算术表达式，结果限制在 [0, 分值]"
    rule: Literal["formula"]
    expr: str

    def compute(self, ctx: Context) -> Outcome:
        try:
            value = evaluate(self.expr, {**ctx.facts, "points": self.points})
        except FormulaError as exc:
            raise RuleProblem(str(exc), "expr", exc.fix) from exc
        return Outcome(clamp(value, self.points), self.expr)
