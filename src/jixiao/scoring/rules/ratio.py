"""ratio — points × rate, capped at the points."""

from typing import Literal

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.base import Context, Criterion, Outcome, clamp
from jixiao.scoring.rules.registry import register


@register
class Ratio(Criterion):
    """比率计分：得分 = 分值 × 比率，封顶为分值、保底为 0。比率在 ``rates`` 中定义。

    ```yaml
    rule: ratio
    points: 2
    rate: 重点支出安排率      # rates: {重点支出安排率: 重点项目支出 / 项目总支出}
    ```
    99.04% × 2 = 1.98；350.46% × 2 → 2（封顶）。
    """

    summary = "分值 × 比率，封顶为分值"
    rule: Literal["ratio"]
    rate: str

    def compute(self, ctx: Context) -> Outcome:
        rate = ctx.rate(self.rate, "rate")
        return Outcome(clamp(self.points * rate, self.points), f"{fmt_percent(rate)} × {self.points}", rate)
