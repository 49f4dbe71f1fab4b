"""graded_survey — a five-level scale weighted into a satisfaction rate, then banded (as ``band`` does)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from jixiao.data.money import fmt_percent
from jixiao.scoring.rules.banding import Banded
from jixiao.scoring.rules.base import Context, Outcome, RuleProblem, clamp
from jixiao.scoring.rules.registry import register

if TYPE_CHECKING:
    from jixiao.data.model import Survey

DEFAULT_WEIGHTS = {"A": Decimal(100), "B": Decimal(75), "C": Decimal(50), "D": Decimal(25), "E": Decimal(0)}


@dataclass(frozen=True)
class Tally:
    """The questions of one graded criterion added up: 附件2 prints these figures."""

    questions: tuple[str, ...]
    answered: int  #: 回答总数: every answer to these questions
    valid: int  #: 有效问卷数 of the group they were asked of
    weighted: Decimal  #: Σ 份数 × 权重
    pooled: bool = False  #: a question's counts are themselves the sum over several questions

    @property
    def rate(self) -> Decimal:
        return self.weighted / (Decimal(self.answered) * 100)

    @property
    def added_up(self) -> bool:
        """Whether the rate is over the answers to several questions (附件2 prints its 回答总数)."""
        return len(self.questions) > 1 or self.pooled


@register
class GradedSurvey(Banded):
    """分级满意度：五级量表按 100/75/50/25/0 加权，满意度 = Σ份数×权重 / (回答总数×100)；
    几道题合计时写 questions，回答总数是这些题的回答之和（不是有效问卷数）；报告只给出几道题合计的份数时，
    题目写 pooled（见 survey.yaml）。写了 full_at 等区间字段时再按 band 的方式计分
    （full_at、zero_at 之间线性，或“每低1%扣5%”：step 与 deduct / deduct_points），否则得分 = 分值 × 满意度。

    ```yaml
    rule: graded_survey
    points: 10
    question: Q3
    weights: {A: 100, B: 75, C: 50, D: 25, E: 0}   # 默认
    full_at: 90%
    zero_at: 60%
    ```
    """

    summary = "五级量表加权得满意度，可再按区间或每差 step 扣分"
    rule: Literal["graded_survey"]
    question: str | None = None
    questions: list[str] = Field(default_factory=list, description="几道题合计时的题号")
    weights: dict[str, Decimal] = DEFAULT_WEIGHTS

    def tally(self, survey: Survey | None) -> Tally:
        """Add up the answers of the question(s); a problem names what is missing."""
        if survey is None:
            raise RuleProblem("该评价没有问卷数据", "question", "添加 survey.yaml")
        if (self.question is None) == (not self.questions):
            raise RuleProblem("写 question（一道题）或 questions（几道题合计），二者选一", "question", "删去其中一个")
        ids = [self.question] if self.question else list(self.questions)
        answered, weighted, valid = 0, Decimal(0), set()
        for qid in ids:
            question = survey.question(qid)
            if question is None:
                raise RuleProblem(f"问卷中没有题目 '{qid}'", "questions" if self.questions else "question", "改正题号")
            if survey.groups and survey.group_of(question) is None:
                raise RuleProblem(f"题目 {qid} 没有所属的调查对象组", "questions", reported=True)  # survey.yaml says so
            valid.add(survey.valid_for(question))
            for option in question.options:
                if option.key not in self.weights:
                    raise RuleProblem(f"选项 {option.key} 没有权重", "weights", "为每个选项写权重")
                weighted += option.count * self.weights[option.key]
            answered += question.answered
        if answered == 0:
            raise RuleProblem(f"题目 {'、'.join(ids)} 没有回答，无法计算满意度", "question", "填写各选项份数")
        if len(valid) > 1:
            raise RuleProblem(f"题目 {'、'.join(ids)} 属于不同的调查对象组", "questions", "只合计同一组调查对象的题目")
        pooled = any(q.pooled for q in (survey.question(qid) for qid in ids) if q is not None)
        return Tally(tuple(ids), answered, valid.pop(), weighted, pooled)

    def compute(self, ctx: Context) -> Outcome:
        if self.banded:
            self.check_band()
        tally = self.tally(ctx.survey)
        rate = tally.rate
        counted = f"（回答总数 {tally.answered:,}）" if tally.added_up else ""
        if not self.banded:
            return Outcome(clamp(self.points * rate, self.points), f"满意度 {fmt_percent(rate)}{counted} × {self.points}", rate)
        return self.band(rate, "满意度 ", counted)
