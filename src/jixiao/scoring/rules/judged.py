"""judged — the evaluator's score, with the reason stated."""

from decimal import Decimal
from typing import Literal

from jixiao.scoring.rules.base import Context, Criterion, Outcome
from jixiao.scoring.rules.registry import register


@register
class Judged(Criterion):
    """评价人打分：评价人依据证据给出的得分，0 ≤ score ≤ points，并写明理由。

    ```yaml
    rule: judged
    points: 1
    score: 0.5
    reason: 三个指挥部划归后，人员匹配严重不足
    ```
    """

    summary = "评价人给分（0 ≤ score ≤ points），写明理由"
    rule: Literal["judged"]
    score: Decimal
    reason: str | None = None

    def compute(self, ctx: Context) -> Outcome:
        return Outcome(self.score, f"评价打分 {self.score}")

    def finding(self) -> str:
        return self.reason or ""
