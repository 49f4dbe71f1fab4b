"""band — full at or beyond one bound, zero at or beyond the other, linear between."""

from typing import Literal

from jixiao.scoring.rules.banding import Banded
from jixiao.scoring.rules.base import Context, Outcome, Rate
from jixiao.scoring.rules.registry import register


@register
class Band(Banded):
    """区间计分：比率达到 full_at 得满分，达到 zero_at 得 0，之间线性。
    full_at 可大于或小于 zero_at（越低越好的指标）。
    也可照原文写“每低 1% 扣 5%”：step（每差多少）与 deduct（扣分值的几成）或 deduct_points（扣几分），
    零分点由引擎推出，不必手算；再写 zero_at 即另有“低于某值不得分”。

    ```yaml
    rule: band
    points: 5
    rate: 完成率
    full_at: 100%
    zero_at: 80%            # 每少 1% 扣分值的 5%
    ```
    """

    summary = "full_at 满分、zero_at 零分，之间线性；或每差 step 扣 deduct"
    rule: Literal["band"]
    rate: str
    full_at: Rate

    def compute(self, ctx: Context) -> Outcome:
        self.check_band()
        return self.band(ctx.rate(self.rate, "rate"))
