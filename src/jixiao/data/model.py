"""The evaluation as data: what the files under ``scores/<id>/`` hold once loaded.

Field names are the YAML keys. Models forbid unknown fields, so a typo is an error
with its line, not a silently ignored key. Nothing computed is stored here: scores,
subtotals, rates and grades come from ``scoring.score``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from jixiao.data.dates import Day
from jixiao.data.form import ILLEGIBLE_INDICATOR_FIELDS, Form
from jixiao.data.money import out_of_range


def year_range(text: str) -> list[int] | None:
    """``2021-2024`` (also with — or –) means every year from the first to the last; ``None`` if it is no range."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-–—~～至]\s*(\d{4})\s*年?\s*", text)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        return list(range(first, last + 1)) if first <= last else None
    return None


def _years(value: object) -> object:
    return (year_range(value) or value) if isinstance(value, str) else value


def _as_text(value: object) -> object:
    """A form's cell as printed: ``100`` and ``43.2`` in YAML are the text ``100`` and ``43.2``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    return value


CellText = Annotated[str, BeforeValidator(_as_text)]
"""A 自评表 cell written as printed (``≥95%``, ``43.2``, ``按期完成``): numbers in YAML are kept as their text."""

Years = Annotated[list[int], BeforeValidator(_years)]
"""The years an evaluation covers: a list (``[2021, 2022, 2023, 2024]``) or a range (``2021-2024``)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*")
    @classmethod
    def _in_range(cls, value: object) -> object:
        """A number written as text (``value: "1e999999999"``) keeps to the range that YAML numbers do."""
        problem = out_of_range(value) if isinstance(value, Decimal) else None
        if problem:
            raise PydanticCustomError("number_range", "{problem}", {"problem": problem})
        return value


class Period(Strict):
    """评价起止时间, each a day or, where the report gives only the month, a month."""

    start: Day
    end: Day


class GradeBand(Strict):
    """One grade: scores ``min ≤ total < below`` get it (``below`` omitted = no upper bound)."""

    grade: str
    min: Decimal = Decimal(0)
    below: Decimal | None = None


DEFAULT_GRADES = [
    GradeBand(grade="优", min=Decimal(90)),
    GradeBand(grade="良", min=Decimal(80), below=Decimal(90)),
    GradeBand(grade="中", min=Decimal(60), below=Decimal(80)),
    GradeBand(grade="差", min=Decimal(0), below=Decimal(60)),
]


class Contact(Strict):
    """A contact person. Phone numbers are masked everywhere unless ``public`` is true."""

    role: str
    name: str
    organisation: str | None = None
    phone: str | None = None
    public: bool = False


class Consent(Strict):
    """Consent to publish (财监〔2021〕4号): who agreed and when.

    ``原文已公开`` records instead that the document's owner has already published it (a 自评表 a
    unit put on its own website): no consent is asked for what is public, but where it was
    published (``url``) and when it was found there (``date``) are written down, never invented.
    """

    party: Literal["委托方", "同级财政部门", "原文已公开"]
    by: str
    date: dt.date
    url: str | None = Field(default=None, description="原文已公开：原文所在的网址")

    @model_validator(mode="after")
    def _url_with_public_source(self) -> Consent:
        if (self.party == "原文已公开") != (self.url is not None):
            raise PydanticCustomError("public_source_url", "url only and always with 原文已公开")
        return self


class Revision(Strict):
    """A change made after publication. Disclosure must stay citable, so every change
    to a published figure or text is recorded: 更正 fixes an error, 修订 updates content."""

    date: dt.date = Field(description="更新日期")
    kind: Literal["更正", "修订"] = Field(description="更正（改错）或 修订（更新内容）")
    what: str = Field(description="改了什么，如 “预算调整率”得分 0.00 → 0.50")
    why: str = Field(description="为什么改")


class SelfEvaluation(Strict):
    method: str = "部门自评"
    score: Decimal | None = None
    grade: str | None = None


class Overview(Strict):
    """Which facts fill the 概要表's money cells (values in 万元). ``null`` shows “-”."""

    project_funds: str | None = Field(default=None, description="项目支出资金（事实名）")
    funds_total: str | None = Field(default=None, description="资金情况·合计（事实名）")
    funds_by_source: dict[str, str | None] = Field(
        default={"中央资金": None, "省级资金": None, "州(市)资金": None, "县(市、区)资金": None, "其他资金": None},
        description="资金情况的各来源列（事实名或 null）",
    )
    sampled_funds: str | None = Field(default=None, description="抽查资金（事实名）")
    project_types: int | None = Field(default=None, description="项目类数")
    sampled_types: int | None = Field(default=None, description="抽查类数")


class Opinions(Strict):
    """Where the 评价意见 (each criterion's finding) is printed, as the report prints it."""

    tables: list[Literal["附件1", "表4-7"]] = Field(default=["附件1"], description="印在哪些表：附件1、表4-7")
    title: str = Field(default="评价意见", description="该列的表头，如 评价意见、扣分原因、得分说明")


#: what a 三级 indicator's criteria are: the scoring rules' models (``jixiao.scoring.rules``), which the
#: scorer hands to ``load``; the data model describes the tree and knows no rule
C = TypeVar("C")


class Indicator(Strict, Generic[C]):
    """An indicator at any level: 一级 and 二级 have ``children``, 三级 have ``criteria``."""

    name: str
    points: Decimal | None = Field(default=None, description="分值；一级、三级必填，二级可省略")
    explanation: str | None = Field(default=None, description="指标解释")
    summary: str | None = Field(default=None, description="评分依据（表4–7 的简述）")
    basis: str | None = Field(default=None, description="评价依据（本指标所有评分标准共用时写在这里）")
    caption: str | None = Field(
        default=None, description="一级指标得分表（表4–表7）的标题，如 部门决策指标得分表；省略时为“<名称>指标得分表”"
    )
    reported: Decimal | None = Field(default=None, description="原报告或自评填报的本指标得分，用于复核")
    children: list[Indicator[C]] = []
    criteria: list[C] = []
    # -- a 自评表 row's own columns (jixiao.data.form.INDICATOR_FIELDS) ------------------------------
    code: str | None = Field(default=None, description="指标编码，如 A101")
    unit: str | None = Field(default=None, description="计量单位，如 %、个、万元")
    nature: Literal["定量", "定性"] | None = Field(default=None, description="指标性质")
    initial_target: CellText | None = Field(default=None, description="年初指标值")
    adjusted_target: CellText | None = Field(default=None, description="调整指标值")
    target: CellText | None = Field(default=None, description="年度指标值（全年指标值）")
    actual: CellText | None = Field(default=None, description="实际完成值（全年完成值）")
    deviation_reason: str | None = Field(default=None, description="偏差原因分析及改进措施")
    core: bool | None = Field(default=None, description="是否核心指标")
    illegible: list[str] = Field(default=[], description="原表中无法辨认的字段，如 [actual, reported]")

    @model_validator(mode="after")
    def _illegible(self) -> Indicator[C]:
        for name in self.illegible:
            if name not in ILLEGIBLE_INDICATOR_FIELDS:
                raise PydanticCustomError(
                    "illegible_field",
                    "illegible: '{name}' 不是可标为无法辨认的字段（可用：{fields}）",
                    {"name": name, "fields": "、".join(ILLEGIBLE_INDICATOR_FIELDS)},
                )
            if getattr(self, name) is not None:
                raise PydanticCustomError("illegible_with_value", "illegible: '{name}' 既写了值又标为无法辨认", {"name": name})
        return self


class Evaluation(Strict, Generic[C]):
    """``evaluation.yaml``: metadata, grade bands, rates and the indicator tree."""

    title: str = Field(description="报告名称")
    type: Literal["部门整体支出", "项目支出", "自评"] = Field(description="评价类型")
    kind: str | None = Field(default=None, description="概要表的评价类型，如 部门整体支出绩效再评价")
    year: int | None = Field(default=None, description="被评价的预算年度（一年）；与 years 二选一")
    years: Years | None = Field(default=None, description="多年评价所覆盖的年度：逐年列出，或写成区间 2021-2024；与 year 二选一")
    evaluated_body: str = Field(description="被评价单位")
    commissioner: str = Field(description="委托单位")
    level: Literal["省", "自治区", "直辖市", "市", "州", "盟", "县", "区", "旗"] | None = Field(
        default=None, description="委托单位的行政级别；省略时从委托单位名（如 云南省财政厅、示例县财政局）看出"
    )
    finance_section: str | None = Field(default=None, description="财政部门资金管理科室（概要表）")
    evaluator: str = Field(description="评价机构")
    report_number: str | None = Field(default=None, description="报告编号；报告没有编号时省略")
    period: Period = Field(description="项目评价起止时间")
    issued: Day = Field(description="评价报告出具时间（日期，或只写到月份）")
    method: str = Field(default="第三方评价", description="评价方式")
    self_evaluation: SelfEvaluation | None = None
    scope: str | None = Field(default=None, description="抽查区域")
    grades: list[GradeBand] = DEFAULT_GRADES
    total_points: Decimal = Decimal(100)
    contacts: list[Contact] = []
    publication: list[Consent] = Field(default=[], description="公开同意记录")
    published: dt.date | None = Field(default=None, description="首次发布日期；省略时取最后一份公开同意的日期")
    revisions: list[Revision] = Field(default=[], description="发布后的更新记录（更正、修订），只增不删")
    rates: dict[str, str] = Field(default={}, description="比率名 → 对事实的公式")
    sampling_base: str | None = Field(default=None, description="表2 抽样占比的分母：部门项目总支出（事实名）")
    overview: Overview = Overview()
    opinions: Opinions | None = Field(default=None, description="评价意见（每条评分标准的结论与理由）印在哪些表中")
    reported_total: Decimal | None = Field(default=None, description="原报告或自评填报的总分，用于复核")
    form: Form | None = Field(default=None, description="自评表（type: 自评）：表头、项目资金、年度总体目标、填表人与日期")
    indicators: list[Indicator[C]]

    @model_validator(mode="after")
    def _form_is_a_self_evaluation(self) -> Evaluation[C]:
        if self.form is not None and self.type != "自评":
            raise PydanticCustomError("form_type", "form 只用于 type: 自评 的评价", {})
        return self

    @property
    def covered(self) -> tuple[int, ...]:
        """Every budget year the evaluation covers, ascending (one for a one-year evaluation)."""
        if self.years:
            return tuple(self.years)
        return (self.year,) if self.year is not None else ()

    @property
    def year_label(self) -> str:
        """The years as reports print them before 年: ``2022``, ``2021—2024`` (a run) or ``2021、2023``."""
        years = self.covered
        if len(years) > 1 and list(years) == list(range(years[0], years[-1] + 1)):
            return f"{years[0]}—{years[-1]}"
        return "、".join(str(y) for y in years)


class Fact(Strict):
    """A named amount or count with its source (``facts.yaml``).

    Either ``value`` (a number) or ``formula`` (computed from other facts and tables).
    """

    label: str
    unit: str = "元"
    value: Decimal | None = None
    formula: str | None = None
    source: str | None = None


class Option(Strict):
    key: str
    text: str
    count: int = Field(ge=0)


class Question(Strict):
    id: str
    text: str
    type: Literal["single", "multiple", "open"] = "single"
    group: str | None = Field(default=None, description="所属的调查对象组（groups 的 id）；只有一组时省略")
    pooled: int | None = Field(
        default=None, ge=1, description="报告只给出几道题合计的份数时：合计的题数（各选项的 count 是这些题的回答之和）"
    )
    options: list[Option] = []
    answers: list[str] = []

    @property
    def answered(self) -> int:
        """回答总数 of the question: the counts of its options added up."""
        return sum(o.count for o in self.options)

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


class SurveyGroup(Strict):
    """One group of respondents (调查对象) with its own questionnaires and valid count."""

    id: str = Field(description="组名，题目的 group 引用它")
    title: str | None = None
    audience: str | None = Field(default=None, description="调查对象，如 受益农户")
    channel: str | None = None
    distributed: int | None = Field(default=None, ge=0)
    valid: int = Field(ge=0)


class Survey(Strict):
    """``survey.yaml``: questionnaire counts (附件2); one group of respondents or several (``groups``)."""

    title: str | None = None
    audience: str | None = Field(default=None, description="调查对象，如 社会公众（概要表“社会公众问卷194份”）")
    channel: str | None = Field(default=None, description="发放方式，如 问卷星")
    distributed: int | None = Field(default=None, ge=0, description="问卷发放数")
    valid: int | None = Field(default=None, ge=0, description="有效问卷数（只有一组调查对象时必填）")
    groups: list[SurveyGroup] = Field(default=[], description="几组调查对象，各有自己的有效问卷数")
    satisfied: list[str] = Field(default=[], description="“达到满意以上”所在题号与选项，如 [Q1, A]")
    questions: list[Question]

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def group_of(self, question: Question) -> SurveyGroup | None:
        return next((g for g in self.groups if g.id == question.group), None)

    def valid_for(self, question: Question) -> int:
        """有效问卷数 of the group the question was asked of: its share's denominator."""
        group = self.group_of(question)
        if group is not None:
            return group.valid
        return self.valid or 0

    def share_base(self, question: Question) -> int:
        """What an option's share is taken of: the group's 有效问卷数, times the questions a pooled
        count adds up (108 questionnaires × 4 questions = 432 answers)."""
        return self.valid_for(question) * (question.pooled or 1)

    def respondents(self) -> list[tuple[str | None, int | None, int]]:
        """Each group as (调查对象, 发放数, 有效问卷数); the whole survey when it has no groups."""
        if self.groups:
            return [(g.audience or g.id, g.distributed, g.valid) for g in self.groups]
        return [(self.audience, self.distributed, self.valid or 0)]


class FeedbackItem(Strict):
    opinion: str = Field(description="部门（单位）意见")
    response: str = Field(description="中介机构采纳意见")


class Feedback(Strict):
    """``feedback.yaml``: 附件3 意见反馈 and 附件4 采纳情况."""

    contact: str | None = None
    signed: dt.date | None = Field(default=None, description="部门签章日期")
    filled: dt.date | None = Field(default=None, description="采纳情况填表时间")
    items: list[FeedbackItem]


class Sample(Strict):
    """A row of ``samples.csv`` (表2 项目支出抽样)."""

    unit: str
    name: str
    amount: Decimal


def circled(n: int) -> str:
    """①…⑳: the circled numbers reports number criteria and listed problems with; (21) and on beyond."""
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"
