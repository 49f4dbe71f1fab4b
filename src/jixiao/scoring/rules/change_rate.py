"""change_rate — full points if the change from last year is not an increase."""

from decimal import Decimal
from typing import Literal

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.base import Context, Criterion, Outcome, clamp
from jixiao.scoring.rules.registry import register


@register
class ChangeRate(Criterion):
    """变动率：变动率 ≤ 0 得满分；> 0 时按超出比例扣分，得分 = 分值 × (1 − 变动率)，保底 0。

    变动率在 ``rates`` 中定义，如 ``(本年预算 - 上年预算) / 上年预算``。

    ```yaml
    rule: change_rate
    points: 2
    rate: “三公经费”变动率     # −0.45% → 2
    ```
    """

    summary = "变动率 ≤ 0 得满分，否则 分值 × (1 − 变动率)"
    rule: Literal["change_rate"]
    rate: str

    def compute(self, ctx: Context) -> Outcome:
        rate = ctx.rate(self.rate, "rate")
        if rate <= 0:
            return Outcome(self.points, f"{fmt_percent(rate)} ≤ 0", rate)
        return Outcome(clamp(self.points * (Decimal(1) - rate), self.points), f"(1 − {fmt_percent(rate)}) × {self.points}", rate)
