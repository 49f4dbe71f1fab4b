"""The 自评表 laid out as the form units fill in: one grid, as 财政部 and the provinces print it.

项目支出绩效自评表 (财预〔2020〕10号 附1) and 部门整体支出绩效自评表 share one shape: the header
(项目名称 or 部门（单位）名称, 主管部门, 实施单位), the money (年初预算数, 全年预算数, 全年执行数,
分值, 执行率, 得分 for 年度资金总额, then its 其中 rows), 年度总体目标 (预期目标 | 实际完成情况),
the indicator rows (一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施,
with the columns a province adds — 计量单位, 指标性质, 年初/调整指标值, 得分系数, 是否核心指标 — when
the data has them), 总分 with 自评等级, and who filled it in and when.

The grid is a ``Table`` like every other (one object for the page, the PDF and the downloads).
Every score in it is the computed one; where the form printed another, the cell says so beside it.
Each cell carries its column heading (``Cell.label``), so a narrow screen lays a row out as a card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.data.dates import cn_when
from jixiao.data.form import BUDGET_NAMES, ILLEGIBLE, Form, FundsRow, funds_value
from jixiao.data.money import fmt_percent, fmt_score, round2
from jixiao.presentation.cells import Cell, Table
from jixiao.scoring.rules.coefficient import Coefficient
from jixiao.scoring.rules.execution import Execution
from jixiao.scoring.rules.qualitative import Qualitative

if TYPE_CHECKING:
    from jixiao.scoring.score_sheet import IndicatorScore, ScoreSheet

DASH = "—"
LEVEL_HEADINGS = {1: ["指标名称"], 2: ["一级指标", "二级指标"], 3: ["一级指标", "二级指标", "三级指标"]}


def execution_leaf(sheet: ScoreSheet) -> IndicatorScore | None:
    """The indicator the form prints in its 项目资金 rows (分值, 执行率, 得分): ``form.budget_indicator``,
    else the one scored by the ``execution`` rule, else a 一级 leaf named as the templates name it."""
    form = sheet.evaluation.form
    leaves = sheet.leaves()
    if form is not None and form.budget_indicator:
        return next((leaf for leaf in leaves if leaf.name == form.budget_indicator), None)
    by_rule = next((leaf for leaf in leaves if any(isinstance(c.criterion, Execution) for c in leaf.criteria)), None)
    return by_rule or next((leaf for leaf in leaves if leaf.level == 1 and leaf.name in BUDGET_NAMES), None)


def amount(sheet: ScoreSheet, row: FundsRow, field: str) -> str:
    """A 项目资金 cell as written (``43.2``, ``4,814,130.68``; a fact's value), ``（原表无法辨认）`` or empty."""
    if field in row.illegible:
        return ILLEGIBLE
    value = funds_value(row, field, sheet.facts)
    return "" if value is None else f"{value:,f}"


def scored(node: IndicatorScore) -> str:
    """The computed score, and the form's own figure beside it where it printed another."""
    text = fmt_score(node.score)
    reported = node.indicator.reported
    if "reported" in node.indicator.illegible:
        return f"{text}\n原表得分无法辨认"
    if reported is not None and round2(reported) != node.score:
        return f"{text}\n原表印 {fmt_score(reported)}"
    return text


@dataclass(frozen=True)
class Column:
    """One column of the indicator rows: its heading, how a leaf fills it, and its relative width."""

    heading: str
    value: Callable[[IndicatorScore], str]
    numeric: bool = False
    weight: float = 1.0


def _cell(node: IndicatorScore, field: str) -> str:
    ind = node.indicator
    if field in ind.illegible:
        return ILLEGIBLE
    value = getattr(ind, field)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value or ""


def _coefficient(node: IndicatorScore, form: Form) -> str:
    for crit in node.criteria:
        if isinstance(crit.criterion, Coefficient):
            return fmt_percent(crit.criterion.coefficient)
        if isinstance(crit.criterion, Qualitative) and crit.criterion.grade in form.grade_coefficients:
            return fmt_percent(form.grade_coefficients[crit.criterion.grade])
    return ""


def _columns(leaves: list[IndicatorScore], form: Form) -> list[Column]:
    """The value columns after the level columns: the required ones, and each optional one some row fills."""

    def has(field: str) -> bool:
        return any(getattr(leaf.indicator, field) is not None or field in leaf.indicator.illegible for leaf in leaves)

    weighted = any(_coefficient(leaf, form) for leaf in leaves)
    columns: list[Column] = []
    optional = (
        ("unit", "计量单位", 0.7),
        ("nature", "指标性质", 0.8),
        ("initial_target", "年初指标值", 1.0),
        ("adjusted_target", "调整指标值", 1.0),
    )
    for field, heading, weight in optional:
        if has(field):
            columns.append(Column(heading, lambda n, f=field: _cell(n, f), weight=weight))
    columns += [
        Column("年度指标值", lambda n: _cell(n, "target"), weight=1.1),
        Column("实际完成值", lambda n: _cell(n, "actual"), weight=1.1),
    ]
    if weighted:
        columns.append(Column("得分系数", lambda n: _coefficient(n, form), numeric=True, weight=0.9))
    columns += [
        Column("指标权重" if weighted else "分值", lambda n: f"{n.points.normalize():f}", numeric=True, weight=0.8),
        Column("得分", scored, numeric=True, weight=0.9),
        Column("偏差原因分析及改进措施", lambda n: _cell(n, "deviation_reason"), weight=2.2),
    ]
    if has("core"):
        columns.append(Column("是否核心指标", lambda n: _cell(n, "core"), weight=0.7))
    return columns


def _spread(total: int, parts: int) -> list[int]:
    """``total`` columns shared by ``parts`` cells as evenly as possible, the earlier ones wider."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def form_table(sheet: ScoreSheet, folder: str) -> Table:
    """The whole form of ``sheet`` as one grid (``{{ table("自评表") }}``); ``folder`` is its data folder (``scores/<id>``)."""
    ev = sheet.evaluation
    form = ev.form
    assert form is not None  # the builder offers this table only for an evaluation with a form
    budget = execution_leaf(sheet)
    leaves = [leaf for leaf in sheet.leaves() if leaf is not budget]
    depth = max((leaf.level for leaf in leaves), default=1)
    code = any(leaf.indicator.code for leaf in leaves)
    levels = LEVEL_HEADINGS[depth]
    columns = _columns(leaves, form)
    width = max(10, 1 + code + len(levels) + len(columns))
    h = lambda text, **kw: Cell(text, header=True, css="jx-colhead", **kw)  # noqa: E731  (a column heading)
    section = lambda text, **kw: Cell(text, header=True, css="jx-section", **kw)  # noqa: E731  (a part of the form)
    rows: list[list[Cell]] = []

    # -- header ----------------------------------------------------------------------------
    if form.template == "项目支出":
        name = ILLEGIBLE if "name" in form.illegible else (form.name or ev.evaluated_body)
        rows.append([h("项目名称"), Cell(name, colspan=width - 1, label="项目名称")])
    else:
        rows.append([h("部门（单位）名称"), Cell(ev.evaluated_body, colspan=width - 1, label="部门（单位）名称")])
    left, right = _spread(width - 2, 2)
    rows.append(
        [
            h("主管部门"),
            Cell(ev.commissioner, colspan=left, label="主管部门"),
            h("实施单位"),
            Cell(ev.evaluator, colspan=right, label="实施单位"),
        ]
    )

    # -- 项目资金 ----------------------------------------------------------------------------
    money = [("年初预算数", "initial"), ("全年预算数", "annual"), ("全年执行数", "executed")]
    label_span = width - 1 - 6
    money_title = f"{'项目资金' if form.template == '项目支出' else '年度预算执行情况'}（{form.unit}）"
    funds = form.funds or [FundsRow(label="年度资金总额")]
    rows.append(
        [
            section(money_title, rowspan=len(funds) + 1),
            h("", colspan=label_span),
            *[h(title) for title, _ in money],
            h("分值"),
            h("执行率"),
            h("得分"),
        ]
    )
    for i, row in enumerate(funds):
        rate = ""
        annual, executed = funds_value(row, "annual", sheet.facts), funds_value(row, "executed", sheet.facts)
        if annual and executed is not None:
            rate = fmt_percent(executed / annual)
        first = i == 0
        points = f"{budget.points.normalize():f}" if first and budget else DASH
        score = scored(budget) if first and budget else DASH
        rows.append(
            [
                Cell(row.label, colspan=label_span, header=True, css="jx-row"),
                *[Cell(amount(sheet, row, field), numeric=True, label=title) for title, field in money],
                Cell(points, numeric=True, label="分值"),
                Cell(rate, numeric=True, label="执行率"),
                Cell(score, numeric=True, label="得分"),
            ]
        )

    # -- 年度总体目标 -------------------------------------------------------------------------
    expected_span, actual_span = _spread(width - 1, 2)
    goal = form.goal
    rows.append([section("年度总体目标", rowspan=2), h("预期目标", colspan=expected_span), h("实际完成情况", colspan=actual_span)])
    rows.append(
        [
            Cell(ILLEGIBLE if "expected" in goal.illegible else goal.expected or "", colspan=expected_span, label="预期目标"),
            Cell(ILLEGIBLE if "actual" in goal.illegible else goal.actual or "", colspan=actual_span, label="实际完成情况"),
        ]
    )

    # -- 绩效指标 ----------------------------------------------------------------------------
    last_span = width - (1 + code + len(levels) + len(columns)) + 1  # the last column takes what is left
    headings = [*(["指标编码"] if code else []), *levels, *(c.heading for c in columns)]
    head_row = [section("绩效指标", rowspan=len(leaves) + 1)]
    head_row += [h(text, colspan=last_span if k == len(headings) - 1 else 1) for k, text in enumerate(headings)]
    rows.append(head_row)
    for leaf in leaves:
        row: list[Cell] = []
        if code:
            row.append(Cell(_cell(leaf, "code"), label="指标编码"))
        for k, ancestor in enumerate(_ancestors(sheet, leaf)):
            if _first_leaf(ancestor, leaves) is leaf:
                span = sum(1 for other in leaves if ancestor.path == other.path[: len(ancestor.path)])
                row.append(Cell(ancestor.name, rowspan=span, header=True, label=levels[k], css="jx-group"))
        row.append(Cell(leaf.name, colspan=depth - leaf.level + 1, header=True, label=levels[leaf.level - 1], css="jx-row"))
        for k, column in enumerate(columns):
            span = last_span if k == len(columns) - 1 else 1
            row.append(Cell(column.value(leaf), numeric=column.numeric, colspan=span, label=column.heading))
        rows.append(row)

    # -- 总分, 自评等级, 填表 ----------------------------------------------------------------------
    before = 1 + code + len(levels) + len(columns) - 3 - (1 if has_core(columns) else 0)
    grade = sheet.grade
    if form.reported_grade and form.reported_grade != grade:
        grade += f"（原表印“{form.reported_grade}”）"
    total = fmt_score(sheet.total)
    if ev.reported_total is not None and round2(ev.reported_total) != sheet.total:
        total += f"\n原表印 {fmt_score(ev.reported_total)}"
    foot = [
        [
            Cell("总分", colspan=before, header=True, css="jx-row"),
            Cell(f"{sheet.total_points.normalize():f}", numeric=True, label="分值"),
            Cell(total, numeric=True, label="总分"),
            Cell(f"自评等级：{grade}", colspan=width - before - 2, label="自评等级"),
        ]
    ]
    filled = []
    if form.filled_by or "filled_by" in form.illegible:
        filled.append(f"填表人：{ILLEGIBLE if 'filled_by' in form.illegible else form.filled_by}")
    if form.filled or "filled" in form.illegible:
        filled.append(f"填表日期：{ILLEGIBLE if 'filled' in form.illegible else cn_when(form.filled)}")
    if filled:
        foot.append([Cell("　　".join(filled), colspan=width)])
    weights = [1.5, *([0.9] if code else []), *([1.1] * (len(levels) - 1)), 1.5]
    weights += [c.weight for c in columns[:-1]] + [columns[-1].weight / last_span] * last_span
    widths = [round(100 * w / sum(weights), 2) for w in weights]
    year = f"（{ev.year_label}年度）"
    return Table(
        "自评表",
        "self-evaluation-form",
        f"{form.title}{year}",
        [],
        rows,
        foot,
        unit=f"金额单位：{form.unit}",
        source=f"{folder}/evaluation.yaml",
        note=form.note,
        landscape=width > 10,
        widths=widths,
    )


def has_core(columns: list[Column]) -> bool:
    return bool(columns) and columns[-1].heading == "是否核心指标"


def _ancestors(sheet: ScoreSheet, leaf: IndicatorScore) -> list[IndicatorScore]:
    """The indicators above ``leaf``, 一级 first."""
    out = []
    for depth in range(1, len(leaf.path)):
        out.append(next(n for n in sheet.walk() if n.path == leaf.path[:depth]))
    return out


def _first_leaf(node: IndicatorScore, leaves: list[IndicatorScore]) -> IndicatorScore | None:
    """The first of ``leaves`` under ``node``: the row whose cells open ``node``'s merged cell."""
    return next((leaf for leaf in leaves if leaf.path[: len(node.path)] == node.path), None)
