"""execution — 预算执行率 × 分值, from the 自评表's own 项目资金."""

from typing import Literal

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem, clamp, show
from jixiao.scoring.rules.registry import register


@register
class Execution(Criterion):
    """预算执行率计分：得分 = 分值 × 全年执行数 / 全年预算数，封顶为分值。两个数取自自评表
    ``form.funds`` 的第一行（年度资金总额），执行率不另写。

    ```yaml
    rule: execution
    points: 10        # 全年预算数 43.2、全年执行数 37.24 万元：86.20% × 10 = 8.62
    ```
    """

    summary = "分值 × 全年执行数 / 全年预算数（自评表的年度资金总额）"
    rule: Literal["execution"]

    def compute(self, ctx: Context) -> Outcome:
        total = ctx.form.total if ctx.form else None
        if total is None:
            raise RuleProblem("没有自评表的项目资金（form.funds）", "rule", "在 form.funds 的第一行写年度资金总额的全年预算数与全年执行数")
        for name, label in (("annual", "全年预算数"), ("executed", "全年执行数")):
            if name in total.illegible:
                raise RuleProblem(f"年度资金总额的{label}无法辨认，执行率无从计算", "rule", "改用 judged，写原表所印的得分")
            if getattr(total, name) is None:
                raise RuleProblem(f"年度资金总额没有{label}", "rule", f"在 form.funds 第一行写 {name}")
        annual = ctx.number(total.annual, "rule")  # type: ignore[arg-type]  # checked above
        executed = ctx.number(total.executed, "rule")  # type: ignore[arg-type]
        if annual <= 0:
            raise RuleProblem(f"全年预算数为 {show(annual)}，执行率无从计算", "rule", "改正全年预算数，或改用 judged")
        rate = executed / annual
        return Outcome(clamp(self.points * rate, self.points), f"执行率 {fmt_percent(rate)} × {self.points}", rate)
