"""qualitative — a 定性 indicator's grade (达成, 基本达成…) times that grade's coefficient."""

from typing import Literal

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem
from jixiao.scoring.rules.registry import register


@register
class Qualitative(Criterion):
    """定性分档计分：得分 = 分值 × 所评档次的得分系数。各档的系数由本地的自评办法规定，写在
    ``form.grade_coefficients``（如 达成 1、基本达成 0.8、部分达成 0.6、未达成 0），不由引擎假定。

    ```yaml
    rule: qualitative
    points: 10
    grade: 基本达成
    reason: 宣传覆盖面未达预期
    ```
    """

    summary = "分值 × 档次的得分系数（form.grade_coefficients）"
    rule: Literal["qualitative"]
    grade: str
    reason: str | None = None

    def compute(self, ctx: Context) -> Outcome:
        table = ctx.form.grade_coefficients if ctx.form else {}
        if self.grade not in table:
            known = "、".join(table) or "（尚未写）"
            raise RuleProblem(
                f"form.grade_coefficients 中没有“{self.grade}”档的得分系数（已有：{known}）",
                "grade",
                "在 form.grade_coefficients 中写明各档系数（按本地自评办法），或改正档次",
            )
        coefficient = table[self.grade]
        if not 0 <= coefficient <= 1:
            raise RuleProblem(f"“{self.grade}”档的得分系数 {coefficient} 不在 0 到 1 之间", "grade", "改正 form.grade_coefficients")
        return Outcome(self.points * coefficient, f"{self.grade}，系数 {fmt_percent(coefficient)} × {self.points}", coefficient)

    def finding(self) -> str:
        return self.grade + (f"：{self.reason}" if self.reason else "")
