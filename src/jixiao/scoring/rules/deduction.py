"""deduction — points minus a fixed amount per finding, floored at 0."""

from decimal import Decimal
from typing import Literal

from pydantic import Field

from jixiao.data.model import circled
from jixiao.data.money import fmt_score
from jixiao.scoring.rules.base import Context, Criterion, Outcome, clamp
from jixiao.scoring.rules.registry import register


@register
class Deduction(Criterion):
    """扣分制：得分 = 分值 − 每项扣分 × 问题数，扣完为止。问题逐条列出（或只写个数）。

    ```yaml
    rule: deduction
    points: 1
    per_finding: 0.5
    findings:
      - 未按合同约定条款执行（2022年9月40号凭证）
    ```
    """

    summary = "分值 − 每项扣分 × 问题数，保底为 0"
    rule: Literal["deduction"]
    per_finding: Decimal = Field(gt=0)
    findings: list[str] | int = 0

    @property
    def count(self) -> int:
        return self.findings if isinstance(self.findings, int) else len(self.findings)

    def finding(self) -> str:
        """``发现问题2项，扣1.00分：①…；②…`` (or only the count when the problems are not listed); the points
        lost print as every score and deduction does, to 0.01 分."""
        if not self.count:
            return "未发现问题"
        lost = min(self.points, self.per_finding * self.count)
        head = f"发现问题{self.count}项，扣{fmt_score(lost)}分"
        if isinstance(self.findings, int):
            return head
        return head + "：" + "；".join(f"{circled(i)}{text}" for i, text in enumerate(self.findings, 1))

    def compute(self, ctx: Context) -> Outcome:
        score = clamp(self.points - self.per_finding * self.count, self.points)
        return Outcome(score, f"{self.points} − {self.per_finding} × {self.count}")
