"""band — full at or beyond one bound, zero at or beyond the other, linear between."""

from decimal import Decimal
from typing import Literal

from pydantic import Field

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.base import Context, Criterion, Outcome, Rate, RuleProblem, clamp, show
from jixiao.scoring.rules.registry import register


@register
class Band(Criterion):
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
    zero_at: Rate | None = None
    step: Rate | None = Field(default=None, gt=0, description="每差多少（如 1%）扣一次")
    deduct: Rate | None = Field(default=None, gt=0, description="每差一个 step 扣分值的比例（如 5%）")
    deduct_points: Decimal | None = Field(default=None, gt=0, description="每差一个 step 扣的分数（如 0.5）")
    worse: Literal["below", "above"] = Field(default="below", description="没写 zero_at 时：低于（below）还是高于（above）full_at 扣分")

    def compute(self, ctx: Context) -> Outcome:
        stepped = self.step is not None or self.deduct is not None or self.deduct_points is not None
        if stepped and (self.step is None or (self.deduct is None) == (self.deduct_points is None)):
            raise RuleProblem("“每差 step 扣分”要写 step，以及 deduct 或 deduct_points 之一", "step", "如 step: 1%, deduct: 5%")
        if not stepped and self.zero_at is None:
            raise RuleProblem(
                "缺少 zero_at（零分点），或 step 与 deduct（每差多少扣多少）", "zero_at", "如 zero_at: 80%，或 step: 1%, deduct: 5%"
            )
        if self.zero_at is not None and self.full_at == self.zero_at:
            raise RuleProblem("full_at 与 zero_at 相同，区间为空", "full_at", "让两个端点不同")
        rate = ctx.rate(self.rate, "rate")
        if self.step is None:
            return self._linear(rate, self.zero_at)  # type: ignore[arg-type]  # checked above: zero_at is set
        per_step = self.deduct_points if self.deduct_points is not None else self.points * (self.deduct or Decimal(0))
        return self._stepped(rate, self.step, per_step)

    def _linear(self, rate: Decimal, zero_at: Decimal) -> Outcome:
        """Full at ``full_at``, nothing at ``zero_at``, a straight line between."""
        fraction = (rate - zero_at) / (self.full_at - zero_at)
        score = clamp(self.points * min(Decimal(1), max(Decimal(0), fraction)), self.points)
        return Outcome(score, f"{fmt_percent(rate)}，{fmt_percent(zero_at)}→0，{fmt_percent(self.full_at)}→{self.points}", rate)

    def _stepped(self, rate: Decimal, step: Decimal, per_step: Decimal) -> Outcome:
        """``per_step`` points off for every ``step`` short of ``full_at``; the zero point follows from them."""
        below = self.zero_at < self.full_at if self.zero_at is not None else self.worse == "below"
        span = step * self.points / per_step  # how far from full_at the points run out
        zero = self.full_at - span if below else self.full_at + span
        if self.zero_at is not None and (self.zero_at > zero if below else self.zero_at < zero):
            zero = self.zero_at  # “80%以下不得分” cuts off before the deductions use the points up
        short = max(Decimal(0), self.full_at - rate if below else rate - self.full_at)
        past_zero = rate <= zero if below else rate >= zero
        score = Decimal(0) if past_zero else clamp(self.points - short / step * per_step, self.points)
        side = "低" if below else "高"
        return Outcome(score, f"{fmt_percent(rate)}，每{side} {fmt_percent(step)} 扣 {show(per_step)} 分，{fmt_percent(zero)}→0", rate)
