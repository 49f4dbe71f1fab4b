"""threshold — full points at or above a target count, proportional below it."""

from typing import Literal

from jixiao.scoring.rules.base import Context, Criterion, NumberOrFact, Outcome, RuleProblem, clamp, show
from jixiao.scoring.rules.registry import register


@register
class Threshold(Criterion):
    """达标计数：value ≥ target 得满分，不足则按 value / target 比例得分。

    ```yaml
    rule: threshold
    points: 2
    value: 检查企业数          # 50 户
    target: 29
    ```
    """

    summary = "value ≥ target 得满分，否则按比例"
    rule: Literal["threshold"]
    value: NumberOrFact
    target: NumberOrFact

    def compute(self, ctx: Context) -> Outcome:
        value = ctx.number(self.value, "value")
        target = ctx.number(self.target, "target")
        if target <= 0:
            raise RuleProblem(f"目标值为 {show(target)}，必须大于 0", "target", "改正目标值")
        if value >= target:
            return Outcome(self.points, f"{show(value)} ≥ {show(target)}", value / target)
        return Outcome(clamp(self.points * value / target, self.points), f"{show(value)}/{show(target)} × {self.points}", value / target)
