"""Binding narrative to data: Markdown (and text fields) rendered as Jinja templates.

Every figure in a page is written as a call, never typed: ``{{ score("重点支出安排率") }}``,
``{{ fact("年初预算数") }}``, ``{{ rate("预算调整率") }}``, ``{{ total() }}``, ``{{ grade() }}``,
``{{ meta.evaluated_body }}``, ``{{ table("表3") }}``, ``{{ chart() }}``. A name that does not exist is an
error naming the file and line — never an empty string.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
from types import TracebackType

import jinja2

from jixiao.errors import DataError, Finding
from jixiao.presentation.chart import chart_html
from jixiao.presentation.numbers import KINDS, Figure, kind_for_unit
from jixiao.presentation.record import record_markdown
from jixiao.presentation.sandbox import PageSandbox, environment, refusals
from jixiao.presentation.sandbox import render as sandbox_render
from jixiao.scoring.formula import FormulaError, evaluate
from jixiao.scoring.score_sheet import ScoreSheet


class BindError(Exception):
    """A binding that names something the data does not have."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


class Templates:
    """A sandboxed Jinja environment (``presentation.sandbox``) whose errors become findings with file and line."""

    env: PageSandbox
    #: the names a page may call here, for the hint of an unknown-name error
    available = "可用：fact、score、rate、calc、meta… 见 README"
    #: the hint of a name the sandbox refuses (``None``: call a binding function)
    hint: str | None = None

    # -- rendering ---------------------------------------------------------------
    def render(self, text: str, file: str, first_line: int = 1, where: str = "", html: bool = False) -> str:
        """Render ``text``; raise ``DataError`` pointing at ``file`` and the line.

        A page (``html=True``) escapes the data values it shows. What the sandbox refuses is
        reported before anything runs.
        """
        if "{{" not in text and "{%" not in text:
            return text
        refused = refusals(text, self.env.globals, self.hint)
        if refused:
            raise DataError([Finding(file, first_line + r.line - 1, where, r.message, r.fix) for r in refused])
        try:
            return sandbox_render(self.env, text, html)
        except BindError as exc:
            line = first_line + _template_line(sys.exc_info()[2]) - 1
            raise DataError([Finding(file, line, where, exc.message, exc.fix)]) from None
        except jinja2.UndefinedError as exc:
            line = first_line + _template_line(sys.exc_info()[2]) - 1
            raise DataError([Finding(file, line, where, f"未定义的名称：{exc.message}", self.available)]) from None
        except jinja2.exceptions.SecurityError as exc:
            line = first_line + _template_line(sys.exc_info()[2]) - 1
            raise DataError(
                [Finding(file, line, where, f"页面模板中不允许：{exc}", "只引用数据字段和绑定函数（见 README“安全”）")]
            ) from None
        except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, RecursionError) as exc:
            line = first_line + _template_line(sys.exc_info()[2]) - 1
            raise DataError([Finding(file, line, where, f"模板无法计算：{exc}", "检查 {{ }} 中的写法；算术用 calc(“…”)")]) from None


class SiteBinder(Templates):
    """Bindings of pages outside any evaluation (the home page): site-wide lists only."""

    def __init__(self, functions: dict[str, Callable[[], str]]) -> None:
        self.env = environment()
        self.env.globals.update(functions)
        names = "、".join(f"{name}()" for name in functions)
        self.available = self.hint = f"此页可用：{names}；评价的数据只能在 content/<id>/ 的页面中引用"


class Binder(Templates):
    """The functions a page may call, all reading one ``ScoreSheet``."""

    def __init__(self, sheet: ScoreSheet, table_html: Callable[[str], str] | None = None) -> None:
        self.sheet = sheet
        self._table_html = table_html
        self.env = environment()
        self.env.globals.update(
            fact=self.fact,
            score=self.score,
            points=self.points,
            share=self.share,
            rate=self.rate,
            calc=self.calc,
            total=self.total,
            grade=self.grade,
            survey=self.survey,
            samples_total=self.samples_total,
            table=self.table,
            chart=self.chart,
            revisions=self.revisions,
            meta=sheet.evaluation,
        )

    # -- the functions -----------------------------------------------------------
    def revisions(self) -> str:
        """首次发布 / 最后更新 / 全部更新记录 (``evaluation.yaml`` ``revisions``), as Markdown."""
        return record_markdown(self.sheet.evaluation)

    def fact(self, name: str, unit: bool = False) -> Figure:
        """A fact's value, formatted by its unit; ``unit=True`` appends the unit (``43.20万元``).

        The figure keeps the exact value: an amount prints to 0.01 (元 and 万元 alike), a written count
        or percentage as written, a derived one (``formula``) rounded half-up to 0.01 only when printed,
        since a quotient such as 元/人 has no end (43010.7526881… → ``43,010.75``) and a filter such
        as ``pct`` must see the exact value, not a rounded one.
        """
        if name not in self.sheet.facts:
            raise BindError(f"未定义的事实 '{name}'", "在 facts.yaml 中添加它，或改正名称")
        fact = self.sheet.loaded.facts[name]
        return Figure(self.sheet.facts[name], kind_for_unit(fact.unit), fact.unit, unit, written=fact.formula is None)

    def _indicator(self, name: str, level: int | None):
        try:
            return self.sheet.find(name, level)
        except KeyError:
            raise BindError(f"没有名为“{name}”的指标", "改正指标名（见 evaluation.yaml）") from None

    def score(self, name: str, level: int | None = None) -> Figure:
        """An indicator's score (``90.34`` style)."""
        return Figure(self._indicator(name, level).score, "score")

    def points(self, name: str, level: int | None = None) -> Figure:
        """An indicator's points (分值)."""
        return Figure(self._indicator(name, level).points, "score")

    def share(self, name: str, level: int | None = None) -> Figure:
        """An indicator's 得分率 (score / points)."""
        return Figure(self._indicator(name, level).share, "rate")

    def rate(self, name: str) -> Figure:
        """A rate defined in ``rates:`` as a percentage."""
        if name not in self.sheet.rates:
            raise BindError(f"未定义的比率 '{name}'", "在 evaluation.yaml 的 rates 中定义它")
        return Figure(self.sheet.rates[name], "rate")

    def calc(self, expr: str, kind: str = "number") -> Figure:
        """Arithmetic over facts, e.g. ``calc("(全年预算数 - 年初预算数) / 年初预算数", "rate")``."""
        if kind not in KINDS:
            raise BindError(f"calc(“{expr}”, “{kind}”)：没有“{kind}”这种格式", f"第二个参数写 {'、'.join(KINDS)} 之一")
        try:
            return Figure(evaluate(expr, self.sheet.facts), kind)  # type: ignore[arg-type]
        except FormulaError as exc:
            raise BindError(f"calc(“{expr}”)：{exc}", "改正公式") from None

    def total(self) -> Figure:
        """The total score (``90.34``)."""
        return Figure(self.sheet.total, "score")

    def grade(self) -> str:
        """The grade of the total (``优``)."""
        return self.sheet.grade

    def survey(self, question: str, option: str = "A", what: str = "share") -> Figure:
        """A survey option's ``count`` or ``share`` of valid questionnaires."""
        survey = self.sheet.loaded.survey
        q = survey.question(question) if survey else None
        o = q.option(option) if q else None
        if survey is None or q is None or o is None:
            raise BindError(f"问卷中没有 {question} 选项 {option}", "改正题号或选项")
        if what not in ("count", "share"):
            raise BindError(
                f"survey(“{question}”, “{option}”, “{what}”)：第三个参数只能是 count 或 share", "写 count（份数）或 share（占比，默认）"
            )
        if what == "count":
            return Figure(Decimal(o.count), "count")
        valid = survey.share_base(q)
        if valid == 0:
            raise BindError("有效问卷数为 0", "填写有效问卷数")
        return Figure(Decimal(o.count) / Decimal(valid), "rate")

    def samples_total(self) -> Figure:
        """The sum of ``samples.csv`` 支出金额 (表2 合计), in 元."""
        return Figure(sum((s.amount for s in self.sheet.loaded.samples), Decimal(0)), "yuan")

    def chart(self) -> str:
        """The 一级 indicators' 得分率 as an inline SVG bar chart with a text alternative."""
        return chart_html(self.sheet)

    def table(self, key: str) -> str:
        """A generated table (``概要表``, ``表1``–``表7``, ``附件1``–``附件4``) as HTML with its downloads."""
        if self._table_html is None:
            raise BindError("此处不能插入表格", "表格只能放在页面正文中")
        return self._table_html(key)


def _template_line(tb: TracebackType | None) -> int:
    """The template line of the innermost template frame in a Jinja traceback."""
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
