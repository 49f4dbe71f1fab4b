"""survey_share — points × share of chosen options among valid questionnaires."""

from decimal import Decimal
from typing import Literal

from pydantic import Field

from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem, clamp
from jixiao.scoring.rules.registry import register


@register
class SurveyShare(Criterion):
    """问卷占比：得分 = 分值 × 所选选项份数 / 有效问卷数（该题所属调查对象组的）。

    ```yaml
    rule: survey_share
    points: 4
    question: Q1
    options: [A]             # 默认 [A]
    ```
    192 / 194 × 4 = 3.96。
    """

    summary = "分值 × 选项份数 / 有效问卷数"
    rule: Literal["survey_share"]
    question: str
    options: list[str] = Field(default_factory=lambda: ["A"])

    def compute(self, ctx: Context) -> Outcome:
        if ctx.survey is None:
            raise RuleProblem("该评价没有问卷数据", "question", "添加 survey.yaml")
        question = ctx.survey.question(self.question)
        if question is None:
            raise RuleProblem(f"问卷中没有题目 '{self.question}'", "question", "改正题号")
        if ctx.survey.groups and ctx.survey.group_of(question) is None:
            raise RuleProblem(f"题目 {self.question} 没有所属的调查对象组", "question", reported=True)  # survey.yaml says so
        count = 0
        for key in self.options:
            option = question.option(key)
            if option is None:
                raise RuleProblem(f"题目 {self.question} 没有选项 '{key}'", "options", "改正选项字母")
            count += option.count
        valid = ctx.survey.share_base(question)  # a pooled count: of every answer to the questions it adds up
        if valid == 0:
            raise RuleProblem("有效问卷数为 0，无法计算占比", "question", "填写有效问卷数")
        share = Decimal(count) / Decimal(valid)
        return Outcome(clamp(self.points * share, self.points), f"{count}/{valid} × {self.points}", share)
