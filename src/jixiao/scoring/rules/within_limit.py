"""within_limit — full points if a value does not exceed its limit."""

from decimal import Decimal
from typing import Literal

from jixiao.data.money import fmt_yuan
from jixiao.scoring.rules.base import Context, Criterion, NumberOrFact, Outcome
from jixiao.scoring.rules.registry import register


@register
class WithinLimit(Criterion):
    """限额内得分：value ≤ limit 得满分，否则 0 分。value、limit 可写数字或事实名。

    ```yaml
    rule: within_limit
    points: 2
    value: 公用经费实际支出    # 409,509.51
    limit: 公用经费预算数      # 377,697.14 → 0 分
    ```
    """

    summary = "value ≤ limit 得满分，否则 0"
    rule: Literal["within_limit"]
    value: NumberOrFact
    limit: NumberOrFact

    def compute(self, ctx: Context) -> Outcome:
        value = ctx.number(self.value, "value")
        limit = ctx.number(self.limit, "limit")
        ok = value <= limit
        sign = "≤" if ok else ">"
        return Outcome(self.points if ok else Decimal(0), f"{fmt_yuan(value)} {sign} {fmt_yuan(limit)}")
