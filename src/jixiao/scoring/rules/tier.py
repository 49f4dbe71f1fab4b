"""tier — a judged score that must fall in its qualitative tier's range."""

from decimal import Decimal
from typing import Literal

from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem
from jixiao.scoring.rules.registry import register

#: tier → (lowest share, highest share, highest share included?)
TIERS: dict[str, tuple[Decimal, Decimal, bool]] = {
    "达成": (Decimal("0.8"), Decimal(1), True),
    "部分达成": (Decimal("0.6"), Decimal("0.8"), False),
    "未达成": (Decimal(0), Decimal("0.6"), False),
}


@register
class Tier(Criterion):
    """定性分档：评价人给分，但须落在所选档次的区间内：
    达成 80%–100%（含两端），部分达成 60%–80%（不含 80%），未达成 0–60%（不含 60%）。

    ```yaml
    rule: tier
    points: 5
    tier: 部分达成
    score: 3.5
    reason: 目标部分实现
    ```
    """

    summary = "达成 80–100%、部分达成 60–80%、未达成 0–60% 的分值内给分"
    rule: Literal["tier"]
    tier: Literal["达成", "部分达成", "未达成"]
    score: Decimal
    reason: str | None = None

    def compute(self, ctx: Context) -> Outcome:
        low, high, closed = TIERS[self.tier]
        lo, hi = self.points * low, self.points * high
        inside = lo <= self.score <= hi if closed else lo <= self.score < hi
        if not inside:
            bracket = "]" if closed else ")"
            raise RuleProblem(
                f"“{self.tier}”档的得分须在 [{lo.normalize():f}, {hi.normalize():f}{bracket} 内，实际为 {self.score}",
                "score",
                "改正得分或档次",
            )
        return Outcome(self.score, f"{self.tier}，评价打分 {self.score}")

    def finding(self) -> str:
        return self.tier + (f"：{self.reason}" if self.reason else "")
