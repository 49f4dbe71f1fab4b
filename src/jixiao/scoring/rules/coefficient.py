"""coefficient — 得分系数 × 指标权重, as the forms that print a 得分系数 column score."""

from decimal import Decimal
from typing import Literal

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.base import Context, Criterion, Outcome, Rate, RuleProblem
from jixiao.scoring.rules.registry import register


@register
class Coefficient(Criterion):
    """得分系数计分：得分 = 指标权重（分值）× 得分系数，系数为 0–100%。

    ```yaml
    rule: coefficient
    points: 2          # 指标权重
    coefficient: 100%  # 得分系数（也可写 1、0.8）
    ```
    """

    summary = "指标权重 × 得分系数（0–100%）"
    rule: Literal["coefficient"]
    coefficient: Rate

    def compute(self, ctx: Context) -> Outcome:
        if not Decimal(0) <= self.coefficient <= Decimal(1):
            raise RuleProblem(f"得分系数 {fmt_percent(self.coefficient)} 不在 0–100% 之间", "coefficient", "改正得分系数")
        return Outcome(self.points * self.coefficient, f"得分系数 {fmt_percent(self.coefficient)} × {self.points}", self.coefficient)
