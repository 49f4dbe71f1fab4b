"""graded_survey — a five-level scale weighted into a satisfaction rate, then banded."""

from decimal import Decimal
from typing import Literal

from ..money import fmt_percent
from . import register
from .base import Context, Criterion, Outcome, Rate, RuleProblem, clamp

DEFAULT_WEIGHTS = {"A": Decimal(100), "B": Decimal(75), "C": Decimal(50), "D": Decimal(25), "E": Decimal(0)}


@register
class GradedSurvey(Criterion):
    """分级满意度：五级量表按 100/75/50/25/0 加权，满意度 = Σ份数×权重 / (回答总数×100)；
    写了 full_at、zero_at 时再按区间计分，否则得分 = 分值 × 满意度。

    ```yaml
    rule: graded_survey
    points: 10
    question: Q3
    weights: {A: 100, B: 75, C: 50, D: 25, E: 0}   # 默认
    full_at: 90%
    zero_at: 60%
    ```
    """

    summary = "五级量表加权得满意度，可再按区间计分"
    rule: Literal["graded_survey"]
    question: str
    weights: dict[str, Decimal] = DEFAULT_WEIGHTS
    full_at: Rate | None = None
    zero_at: Rate | None = None

    def compute(self, ctx: Context) -> Outcome:
        if ctx.survey is None:
            raise RuleProblem("该评价没有问卷数据", "question", "添加 survey.yaml")
        question = ctx.survey.question(self.question)
        if question is None:
            raise RuleProblem(f"问卷中没有题目 '{self.question}'", "question", "改正题号")
        answered = sum(o.count for o in question.options)
        if answered == 0:
            raise RuleProblem(f"题目 {self.question} 没有回答，无法计算满意度", "question", "填写各选项份数")
        weighted = Decimal(0)
        for option in question.options:
            if option.key not in self.weights:
                raise RuleProblem(f"选项 {option.key} 没有权重", "weights", "为每个选项写权重")
            weighted += option.count * self.weights[option.key]
        rate = weighted / (Decimal(answered) * 100)
        if (self.full_at is None) != (self.zero_at is None):
            raise RuleProblem("full_at 与 zero_at 要同时写明或同时省略", "full_at", "补齐另一端点")
        if self.full_at is None or self.zero_at is None:
            return Outcome(clamp(self.points * rate, self.points), f"满意度 {fmt_percent(rate)} × {self.points}", rate)
        if self.full_at == self.zero_at:
            raise RuleProblem("full_at 与 zero_at 相同，区间为空", "full_at", "让两个端点不同")
        fraction = min(Decimal(1), max(Decimal(0), (rate - self.zero_at) / (self.full_at - self.zero_at)))
        return Outcome(clamp(self.points * fraction, self.points), f"满意度 {fmt_percent(rate)}", rate)
