"""band — full at or beyond one bound, zero at or beyond the other, linear between."""

from decimal import Decimal
from typing import Literal

from ..money import fmt_percent
from . import register
from .base import Context, Criterion, Outcome, Rate, RuleProblem, clamp


@register
class Band(Criterion):
    """区间计分：比率达到 full_at 得满分，达到 zero_at 得 0，之间线性。
    full_at 可大于或小于 zero_at（越低越好的指标）。

    ```yaml
    rule: band
    points: 5
    rate: 完成率
    full_at: 100%
    zero_at: 80%            # 每少 1% 扣分值的 5%
    ```
    """

    summary = "full_at 满分、zero_at 零分，之间线性"
    rule: Literal["band"]
    rate: str
    full_at: Rate
    zero_at: Rate

    def compute(self, ctx: Context) -> Outcome:
        if self.full_at == self.zero_at:
            raise RuleProblem("full_at 与 zero_at 相同，区间为空", "full_at", "让两个端点不同")
        rate = ctx.rate(self.rate, "rate")
        fraction = (rate - self.zero_at) / (self.full_at - self.zero_at)
        score = clamp(self.points * min(Decimal(1), max(Decimal(0), fraction)), self.points)
        return Outcome(score, f"{fmt_percent(rate)}，{fmt_percent(self.zero_at)}→0，{fmt_percent(self.full_at)}→{self.points}", rate)
