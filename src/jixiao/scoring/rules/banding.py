"""Scoring a rate against a band: full at one bound, zero at the other, or so much off per step short.

Two rules score a rate this way — ``band`` (a rate from ``rates``) and ``graded_survey`` (a weighted
satisfaction rate) — and a report words them alike (“90%以上得满分，60%以下不得分”, “每低1%扣5%”), so the
fields and the arithmetic live here once. Deductions print with the precision of a score (0.01 分), so a
table of them reads ``扣 0.20 分`` and ``扣 0.25 分``, never 0.2 beside 0.25.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from jixiao.data.money import fmt_percent, fmt_score
from jixiao.scoring.rules.base import Criterion, Outcome, Rate, RuleProblem, clamp


class Banded(Criterion):
    """The fields of a band: ``full_at`` and ``zero_at`` (linear between), or ``step`` with ``deduct`` or
    ``deduct_points`` (the zero point follows from them; ``zero_at`` then cuts off earlier)."""

    full_at: Rate | None = None
    zero_at: Rate | None = None
    step: Rate | None = Field(default=None, gt=0, description="每差多少（如 1%）扣一次")
    deduct: Rate | None = Field(default=None, gt=0, description="每差一个 step 扣分值的比例（如 5%）")
    deduct_points: Decimal | None = Field(default=None, gt=0, description="每差一个 step 扣的分数（如 0.5）")
    worse: Literal["below", "above"] = Field(default="below", description="没写 zero_at 时：低于（below）还是高于（above）full_at 扣分")

    @property
    def banded(self) -> bool:
        """Whether any band field is written (``graded_survey`` without one scores points × rate)."""
        return any(v is not None for v in (self.full_at, self.zero_at, self.step, self.deduct, self.deduct_points))

    def check_band(self) -> None:
        """Raise the band's own problems (a missing bound, a step without its deduction), before any rate is read."""
        stepped = self.step is not None or self.deduct is not None or self.deduct_points is not None
        if self.full_at is None:
            raise RuleProblem("缺少 full_at（满分点）", "full_at", "如 full_at: 100%")
        if stepped and (self.step is None or (self.deduct is None) == (self.deduct_points is None)):
            raise RuleProblem("“每差 step 扣分”要写 step，以及 deduct 或 deduct_points 之一", "step", "如 step: 1%, deduct: 5%")
        if not stepped and self.zero_at is None:
            raise RuleProblem(
                "缺少 zero_at（零分点），或 step 与 deduct（每差多少扣多少）", "zero_at", "如 zero_at: 80%，或 step: 1%, deduct: 5%"
            )
        if self.zero_at is not None and self.full_at == self.zero_at:
            raise RuleProblem("full_at 与 zero_at 相同，区间为空", "full_at", "让两个端点不同")

    def band(self, rate: Decimal, label: str = "", note: str = "") -> Outcome:
        """Score ``rate`` against the band; its working line reads ``label``, the rate, ``note``, then the band."""
        self.check_band()
        if self.step is None:
            return self._linear(rate, self.full_at, self.zero_at, f"{label}{fmt_percent(rate)}{note}")  # type: ignore[arg-type]  # checked above
        per_step = self.deduct_points if self.deduct_points is not None else self.points * (self.deduct or Decimal(0))
        return self._stepped(rate, self.full_at, self.step, per_step, f"{label}{fmt_percent(rate)}{note}")  # type: ignore[arg-type]

    def _linear(self, rate: Decimal, full_at: Decimal, zero_at: Decimal, head: str) -> Outcome:
        """Full at ``full_at``, nothing at ``zero_at``, a straight line between."""
        fraction = (rate - zero_at) / (full_at - zero_at)
        score = clamp(self.points * min(Decimal(1), max(Decimal(0), fraction)), self.points)
        return Outcome(score, f"{head}，{fmt_percent(zero_at)}→0，{fmt_percent(full_at)}→{self.points}", rate)

    def _stepped(self, rate: Decimal, full_at: Decimal, step: Decimal, per_step: Decimal, head: str) -> Outcome:
        """``per_step`` points off for every ``step`` short of ``full_at``; the zero point follows from them."""
        below = self.zero_at < full_at if self.zero_at is not None else self.worse == "below"
        span = step * self.points / per_step  # how far from full_at the points run out
        zero = full_at - span if below else full_at + span
        if self.zero_at is not None and (self.zero_at > zero if below else self.zero_at < zero):
            zero = self.zero_at  # “80%以下不得分” cuts off before the deductions use the points up
        short = max(Decimal(0), full_at - rate if below else rate - full_at)
        past_zero = rate <= zero if below else rate >= zero
        score = Decimal(0) if past_zero else clamp(self.points - short / step * per_step, self.points)
        side = "低" if below else "高"
        working = f"{head}，每{side} {fmt_percent(step)} 扣 {fmt_score(per_step)} 分，{fmt_percent(zero)}→0"
        return Outcome(score, working, rate)
