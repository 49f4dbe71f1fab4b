"""inverse_ratio — points × (1 − rate), floored at 0."""

from decimal import Decimal
from typing import Literal

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.base import Context, Criterion, Outcome, clamp
from jixiao.scoring.rules.registry import register


@register
class InverseRatio(Criterion):
    """反向比率：得分 = 分值 × (1 − 比率)，保底为 0（比率越低越好，如预算调整率、结转结余率）。

    ```yaml
    rule: inverse_ratio
    points: 2
    rate: 预算调整率          # 102.13% → 0；结转结余率 0% → 2
    ```
    """

    summary = "分值 × (1 − 比率)，保底为 0"
    rule: Literal["inverse_ratio"]
    rate: str

    def compute(self, ctx: Context) -> Outcome:
        rate = ctx.rate(self.rate, "rate")
        score = clamp(self.points * (Decimal(1) - rate), self.points)
        return Outcome(score, f"(1 − {fmt_percent(rate)}) × {self.points}", rate)
