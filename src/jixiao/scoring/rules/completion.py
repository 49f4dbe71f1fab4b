"""completion — a 定量 indicator: 实际完成值 against 年度指标值, as the 自评表 notes score it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem, clamp, show
from jixiao.scoring.rules.registry import register

#: a cell such as ``≥95%``, ``≤90万元``, ``=100``, ``50个``: the comparison, then the number
_CELL = re.compile(r"^\s*(?P<op>[≥≤＞＜><=＝]=?|不低于|不高于|不少于|不超过|大于等于|小于等于)?\s*(?P<num>[-+]?\d+(?:\.\d+)?)")
_LOWER_IS_BETTER = {"≤", "<", "＜", "<=", "不高于", "不超过", "小于等于"}


def read_value(text: str | None) -> tuple[str | None, Decimal] | None:
    """The comparison and number a form cell holds (``≥95%`` → (``≥``, 95)); ``None`` for words."""
    if text is None:
        return None
    match = _CELL.match(text.replace(",", "").replace("，", ""))
    if not match:
        return None
    try:
        return match.group("op"), Decimal(match.group("num"))
    except InvalidOperation:  # pragma: no cover - the pattern admits numbers only
        return None


@register
class Completion(Criterion):
    """定量指标计分（财政部项目支出绩效自评表的说明）：实际完成值达到年度指标值得满分；未达到的，
    正向指标得分 = 实际完成值 / 年度指标值 × 分值，反向指标（年度指标值写 ≤、<、不超过）
    得分 = 年度指标值 / 实际完成值 × 分值。两个值取自本指标的 ``target`` 与 ``actual``。

    ```yaml
    - name: 工程资金金额
      points: 10
      target: 43.2
      actual: 37.24
      criteria:
        - {text: 实际完成值/年度指标值×分值, points: 10, rule: completion}   # 37.24 / 43.2 × 10 = 8.62
    ```
    """

    summary = "完成值 / 指标值 × 分值（反向指标：指标值 / 完成值），达到即满分"
    rule: Literal["completion"]
    direction: Literal["正向", "反向"] | None = None

    def compute(self, ctx: Context) -> Outcome:
        ind = ctx.indicator
        if ind is None:  # pragma: no cover - the scorer always says which indicator
            raise RuleProblem("不知道是哪个指标", "rule")
        cells = {}
        for name, label in (("target", "年度指标值"), ("actual", "实际完成值")):
            if name in ind.illegible:
                raise RuleProblem(f"{label}无法辨认，无从计分", "rule", "改用 judged，写原表所印的得分")
            text = getattr(ind, name)
            value = read_value(text)
            if value is None:
                what = f"“{text}”不是数值" if text else "没有写"
                raise RuleProblem(f"{label}{what}", "rule", f"写指标的 {name}（数值）；定性指标用 qualitative 或 judged")
            cells[name] = value
        (op, target), (_, actual) = cells["target"], cells["actual"]
        lower = self.direction == "反向" or (self.direction is None and op in _LOWER_IS_BETTER)
        if lower:
            if actual <= target:
                return Outcome(self.points, f"{show(actual)} ≤ {show(target)}")
            return Outcome(
                clamp(self.points * target / actual, self.points), f"{show(target)}/{show(actual)} × {self.points}", target / actual
            )
        if actual >= target:
            return Outcome(self.points, f"{show(actual)} ≥ {show(target)}")
        if target <= 0:
            raise RuleProblem(f"年度指标值为 {show(target)}，必须大于 0", "rule", "改正年度指标值")
        return Outcome(clamp(self.points * actual / target, self.points), f"{show(actual)}/{show(target)} × {self.points}", actual / target)
