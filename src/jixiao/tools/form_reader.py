"""Read a filled-in 自评表 grid into the form's parts, saying cell by cell what could not be read.

Provinces print the same form with other words and layouts (全年预算数 or 调整后预算数, 实际完成值 or
完成值, 分值 or 权重, one to three indicator levels, a 得分系数 column or none), so the reader finds
each part by its headings, never by fixed positions: the title row (…自评表, with its year), the label
cells of the header (项目名称, 主管部门, 实施单位, 部门（单位）名称, 填表人, 填报日期), the 项目资金
heading row (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分) and the rows under it, 年度总体目标
(预期目标 | 实际完成情况), the indicator heading row (一级指标 … 得分) and its rows, and the 总分 row.
Template rows left blank (``指标2：``, ``……``) are skipped. A cell that must hold a number and does
not is an ``Unread`` with its reference, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from jixiao.tools.form_grids import Grid, GridCell

_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_SPACE = re.compile(r"\s+")
#: the label of the 项目资金 block itself (a merged cell down its rows), not one of its rows
_SECTION = re.compile(r"项目资金|预算执行情况|年度预算|资金情况|万元")

#: the 项目资金 columns, by their normalized headings
FUND_HEADINGS = {
    "initial": ("年初预算数", "年初预算"),
    "annual": ("全年预算数", "调整后预算数", "全年调整预算数", "全年预算", "调整后预算"),
    "executed": ("全年执行数", "预算执行数", "全年执行", "执行数"),
    "points": ("分值", "权重", "执行率权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分", "执行率得分"),
}
#: the indicator columns, by their normalized headings
INDICATOR_HEADINGS = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称"),
    "code": ("指标编码", "指标代码"),
    "unit": ("计量单位", "度量单位"),
    "nature": ("指标性质",),
    "initial_target": ("年初指标值",),
    "adjusted_target": ("调整指标值", "调整后指标值"),
    "target": ("年度指标值", "指标值", "全年指标值", "年度目标值", "目标值"),
    "actual": ("实际完成值", "完成值", "全年完成值", "全年实际完成值", "实际值"),
    "coefficient": ("得分系数",),
    "points": ("分值", "指标权重", "权重"),
    "score": ("得分", "指标得分", "自评得分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因分析及改进", "未完成原因分析", "偏差原因", "原因分析"),
    "core": ("是否核心指标", "核心指标"),
}
#: header labels and the field each names (a label may carry its value after a colon: 填表人：张三)
LABELS = {
    "项目名称": "project",
    "主管部门": "department",
    "主管部门及代码": "department",
    "实施单位": "implementer",
    "项目实施单位": "implementer",
    "部门（单位）名称": "body",
    "部门(单位)名称": "body",
    "部门名称": "body",
    "单位名称": "body",
    "填表人": "filled_by",
    "填报人": "filled_by",
    "填表日期": "filled",
    "填报日期": "filled",
    "自评等级": "grade",
}
EMPTY = {"", "—", "-", "/", "／", "——", "无", "……", "…"}


def norm(text: str) -> str:
    """A heading without spaces, line breaks and bracketed asides: ``全年预算数\n（A）`` → ``全年预算数``."""
    return _BRACKETS.sub("", _SPACE.sub("", text)).replace("：", "").replace(":", "")


def number(text: str) -> Decimal | None:
    """A cell's number (``43.2``, ``1,234.5``, ``86%`` → 86); ``None`` if the cell holds none."""
    cleaned = text.replace(",", "").replace("，", "").replace("%", "").replace("％", "").strip()
    cleaned = re.sub(r"(分|万元|元)$", "", cleaned)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


@dataclass
class Unread:
    """A cell the reader could not read: where, what it should hold, what it holds."""

    ref: str
    what: str
    text: str

    def __str__(self) -> str:
        shown = f"“{self.text}”" if self.text else "空白"
        return f"{self.ref}：{self.what}为{shown}，不是数字"


@dataclass
class Row:
    """One indicator row as printed."""

    names: list[str]  #: 一级, 二级, 三级 (as many as the form has levels), merged names repeated
    values: dict[str, str]
    refs: dict[str, str]
    points: Decimal | None = None
    score: Decimal | None = None
    coefficient: Decimal | None = None


@dataclass
class Money:
    label: str
    values: dict[str, str]
    refs: dict[str, str]


@dataclass
class ReadForm:
    """What one grid holds, as read; ``unread`` lists every cell that should have held a number and did not."""

    file: str
    sheet: str
    template: str = "项目支出"
    title: str = ""
    year: int | None = None
    unit: str = "万元"
    fields: dict[str, str] = field(default_factory=dict)
    money: list[Money] = field(default_factory=list)
    goal: tuple[str, str] = ("", "")
    levels: int = 3
    rows: list[Row] = field(default_factory=list)
    total_points: Decimal | None = None
    total: Decimal | None = None
    unread: list[Unread] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _distinct(row: list[GridCell]) -> list[tuple[int, GridCell]]:
    """A row's cells once each (a merged cell at its first column)."""
    out, seen = [], set()
    for c, cell in enumerate(row):
        if cell.origin not in seen:
            seen.add(cell.origin)
            out.append((c, cell))
    return out


def _columns(row: list[GridCell], headings: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Which column each heading of ``headings`` is in, on one heading row (the first match wins)."""
    found: dict[str, int] = {}
    for c, cell in _distinct(row):
        key = norm(cell.text)
        for name, words in headings.items():
            if name not in found and key in words:
                found[name] = c
                break
    return found


def _label_value(grid: Grid, r: int, c: int, cell: GridCell) -> str:
    """The value of a header label: after its colon in the same cell, else the next cell to its right."""
    text = cell.text
    for sep in ("：", ":"):
        if sep in text and text.split(sep, 1)[1].strip():
            return text.split(sep, 1)[1].strip()
    for _, other in _distinct(grid.rows[r][c + 1 :]):
        if other.origin == cell.origin:
            continue
        return "" if norm(other.text) in LABELS else other.text
    return ""


def read_form(grid: Grid) -> ReadForm:
    """Read ``grid`` (one sheet, one Word file) as a 自评表."""
    form = ReadForm(grid.file, grid.name)
    fund_row = indicator_row = None
    for r, row in enumerate(grid.rows):
        for c, cell in _distinct(row):
            text = cell.text
            if "自评表" in text and not form.title:
                form.title = text
                form.template = "部门整体支出" if "部门整体" in text or "整体支出" in text or "部门（单位）整体" in text else "项目支出"
            if form.year is None:
                year = re.search(r"(20\d\d)\s*年度", text) or (
                    re.search(r"[（(]\s*(20\d\d)\s*[）)]", text) if "自评表" in text or r < 3 else None
                )
                if year:
                    form.year = int(year.group(1))
            key = norm(text.split("：")[0].split(":")[0])
            if key in LABELS and LABELS[key] not in form.fields:
                value = _label_value(grid, r, c, cell)
                if value:
                    form.fields[LABELS[key]] = value
            if re.search(r"资金|预算|单位|金额", text):
                if "万元" in text:
                    form.unit = "万元"
                elif re.search(r"[（(]\s*元\s*[）)]|[：:]\s*元\b|[：:]\s*元$", text):
                    form.unit = "元"
        heads = _columns(row, FUND_HEADINGS)
        if fund_row is None and {"annual", "executed"} <= heads.keys():
            fund_row = (r, heads)
        heads = _columns(row, INDICATOR_HEADINGS)
        if (
            indicator_row is None
            and "score" in heads
            and ({"level1", "level3"} & heads.keys())
            and ("target" in heads or "actual" in heads or "coefficient" in heads)
        ):
            indicator_row = (r, heads)
    for r in range(len(grid.rows) if indicator_row is None else indicator_row[0]):
        if _read_goal(grid, form, r, len(grid.rows)):
            break
    if fund_row is not None:
        _read_money(grid, form, *fund_row, stop=indicator_row[0] if indicator_row else len(grid.rows))
    else:
        form.missing.append("项目资金（年初预算数、全年预算数、全年执行数）的表头")
    if indicator_row is not None:
        _read_indicators(grid, form, *indicator_row)
    else:
        form.missing.append("绩效指标（一级指标……得分）的表头")
    if not form.title:
        form.missing.append("表名（……自评表）")
    if form.year is None:
        form.missing.append("年度（如“2022年度”）")
    return form


def _read_money(grid: Grid, form: ReadForm, r0: int, heads: dict[str, int], stop: int) -> None:
    """The rows under the 项目资金 heading, up to 年度总体目标 (or the indicator heading)."""
    first_value = min(heads.values())
    for r in range(r0 + 1, stop):
        row = grid.rows[r]
        texts = [cell.text for cell in row]
        joined = "".join(texts)
        if "目标" in joined and "指标" not in joined:
            return  # 年度总体目标 follows the money
        labels = [cell.text for c, cell in _distinct(row) if c < first_value and cell.text and not _SECTION.search(norm(cell.text))]
        numbers = [grid.text(r, c) for c in heads.values() if norm(grid.text(r, c)) not in EMPTY]
        if not labels and not numbers:
            continue
        label = labels[-1] if labels else ("年度资金总额" if not form.money else "")
        if not label:
            continue
        values = {name: grid.text(r, c) for name, c in heads.items()}
        refs = {name: row[c].ref for name, c in heads.items() if c < len(row)}
        form.money.append(Money(label, values, refs))


def _read_goal(grid: Grid, form: ReadForm, r: int, stop: int) -> bool:
    """年度总体目标: a row naming 预期目标 (年初绩效目标, 项目年度目标) and 实际完成情况, and the row under it."""
    heads = {norm(cell.text): c for c, cell in _distinct(grid.rows[r])}
    expected = next((c for k, c in heads.items() if any(w in k for w in ("预期目标", "年初绩效目标", "项目年度目标"))), None)
    actual = next((c for k, c in heads.items() if "完成情况" in k), None)
    if expected is None or actual is None or r + 1 >= stop:
        return False
    below = grid.rows[r + 1]
    form.goal = (below[expected].text if expected < len(below) else "", below[actual].text if actual < len(below) else "")
    return True


def _read_indicators(grid: Grid, form: ReadForm, r0: int, heads: dict[str, int]) -> None:
    """The indicator rows under their heading, up to 总分 (or 合计)."""
    level_cols = [heads[k] for k in ("level1", "level2", "level3") if k in heads]
    form.levels = len(level_cols)
    for r in range(r0 + 1, len(grid.rows)):
        row = grid.rows[r]
        first = norm(row[level_cols[0]].text) if level_cols[0] < len(row) else ""
        whole = [norm(cell.text) for cell in row]
        if any(k in ("总分", "合计", "自评总分", "总计") for k in whole[: max(level_cols) + 1]) or first in ("总分", "合计"):
            _read_total(grid, form, r, heads)
            break
        names = [_indicator_name(grid.text(r, c)) for c in level_cols]
        if not names[-1] or names[-1] in EMPTY:
            continue  # a template row left blank: 指标2：, ……
        values = {name: grid.text(r, c) for name, c in heads.items() if name not in ("level1", "level2", "level3")}
        refs = {name: row[c].ref for name, c in heads.items() if c < len(row)}
        if all(norm(v) in EMPTY for k, v in values.items() if k in ("points", "score", "target", "actual")):
            continue  # a leaf the unit did not set (效益指标 › 生态效益指标: /)
        item = Row(names, values, refs)
        item.points = _need(form, values.get("points", ""), refs.get("points", ""), f"{names[-1]} 的分值")
        if "coefficient" in heads and norm(values.get("coefficient", "")) not in EMPTY:
            coefficient = number(values["coefficient"])
            if coefficient is None:
                form.unread.append(Unread(refs["coefficient"], f"{names[-1]} 的得分系数", values["coefficient"]))
            else:
                item.coefficient = coefficient / 100 if "%" in values["coefficient"] or coefficient > 1 else coefficient
        item.score = _need(
            form, values.get("score", ""), refs.get("score", ""), f"{names[-1]} 的得分", blank_ok=item.coefficient is not None
        )
        form.rows.append(item)


def _read_total(grid: Grid, form: ReadForm, r: int, heads: dict[str, int]) -> None:
    row = grid.rows[r]
    points_col, score_col = heads.get("points"), heads.get("score")
    if points_col is not None and points_col < len(row):
        form.total_points = number(row[points_col].text)
    if score_col is not None and score_col < len(row) and norm(row[score_col].text) not in EMPTY:
        form.total = _need(form, row[score_col].text, row[score_col].ref, "总分")
    for c, cell in _distinct(row):
        if "自评等级" in cell.text and "grade" not in form.fields:
            value = _label_value(grid, r, c, cell)
            if value:
                form.fields["grade"] = value


def _need(form: ReadForm, text: str, ref: str, what: str, blank_ok: bool = False) -> Decimal | None:
    """A number the form must have here; an ``Unread`` when it is not one."""
    value = number(text)
    if value is None and not (blank_ok and norm(text) in EMPTY):
        form.unread.append(Unread(ref or "（无此列）", what, text))
    return value


def _indicator_name(text: str) -> str:
    """An indicator's name without the template's numbering and points: ``指标1：工程完工率`` → ``工程完工率``,
    ``产出指标（50分）`` → ``产出指标``."""
    text = re.sub(r"^指标\s*\d+\s*[：:]\s*", "", text.strip())
    text = re.sub(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]\s*$", "", text)
    return _SPACE.sub("", text) if re.fullmatch(r"[\u4e00-\u9fff\s]+", text) else text.strip()
