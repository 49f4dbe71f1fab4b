"""Write N filled-in 自评表 files in the layouts units fill in, for ``jixiao import 自评表``.

Five layouts, each following a published template (the headings and their order as printed):

* ``caizhengbu`` — 财政部 项目支出绩效自评表 (财预〔2020〕10号 附1) as 河北 units fill it in (the bundled
  廊坊 form): Excel, three levels, merged 一级/二级 cells, 万元;
* ``anhui`` — 安徽's version (天长市水利局 2022): Word, 全年预算数（A）/全年执行数（B）/执行率（B/A）,
  一级 cells carrying their points (产出指标（50分）), rows numbered 指标1：…, blank ……rows left in;
* ``sichuan`` — 四川's 部门预算项目支出绩效自评表 (青神县 2023): Excel, 预算执行情况 年初预算/调整后预算数/
  预算执行数/预算执行率/权重/得分, indicators 指标性质（≥ ≤ =）/指标值/度量单位/完成值/权重/得分/未完成原因分析, 合计;
* ``chongqing`` — 重庆's 部门整体绩效自评表 (2021): Word, one level (指标名称), 计量单位, 指标性质,
  年初/调整指标值, 全年完成值, 得分系数 × 指标权重, 是否核心指标;
* ``bumen`` — 部门整体支出绩效自评表 in 元, two units' forms on two sheets of one workbook.

``python bench/ziping_forms.py --count 300 --out forms/`` writes 300 files (the same seed, the same
files); ``make_spec`` and ``write`` are what the tests use to write one form with figures they choose.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

LAYOUTS = ("caizhengbu", "anhui", "sichuan", "chongqing", "bumen")
D = Decimal


@dataclass
class IRow:
    names: tuple[str, ...]  #: 一级, 二级, 三级 (or the one 指标名称)
    target: str
    actual: str
    points: Decimal
    score: str  #: as printed (text, so a test can print something unreadable)
    reason: str = ""
    unit: str = ""
    nature: str = ""
    coefficient: str = ""
    core: str = ""
    initial_target: str = ""


@dataclass
class Spec:
    layout: str
    body: str
    department: str
    year: int
    project: str | None = None
    unit: str = "万元"
    funds: list[tuple[str, str, str, str]] = field(default_factory=list)  #: label, 年初, 全年, 执行
    budget_points: Decimal = Decimal(10)
    budget_score: str = "10"
    goal: tuple[str, str] = ("", "")
    rows: list[IRow] = field(default_factory=list)
    total: str = ""
    filled_by: str = ""
    filled: dt.date | None = None
    grade: str = ""


PLACES = ["廊坊市", "天长市", "青神县", "北碚区", "宣州区", "荆门市", "岳阳县", "临沧市", "泸水市", "百色市", "安溪县", "红河县"]
UNITS = ["水利局", "教育局", "卫生健康局", "应急管理局", "农业农村局", "文化旅游局", "自然资源局", "民政局", "交通运输局", "城市管理局"]
PROJECTS = [
    "水旱灾害防御经费",
    "农村饮水安全维修养护",
    "校舍维修改造",
    "基层医疗设备购置",
    "应急物资储备",
    "高标准农田建设",
    "公共文化服务",
    "道路养护",
]
OUTPUTS = [
    ("数量指标", "完成项目数量", "个"),
    ("质量指标", "工程验收合格率", "%"),
    ("时效指标", "资金支付及时率", "%"),
    ("成本指标", "项目总成本", "万元"),
]
EFFECTS = [("社会效益指标", "受益群众覆盖率", "%"), ("可持续影响指标", "设施持续使用年限", "年")]


def make_spec(layout: str, rng: random.Random, k: int) -> Spec:
    """One plausible form: a unit, a year, money that adds up, indicators mostly met, the printed scores."""
    place = PLACES[k % len(PLACES)]
    body = place + UNITS[(k // len(PLACES)) % len(UNITS)]
    year = 2019 + k % 6
    project = PROJECTS[k % len(PROJECTS)] if layout in ("caizhengbu", "anhui", "sichuan") else None
    unit = "元" if layout == "bumen" else "万元"
    annual = D(rng.randrange(200, 90000)) / D(10)  # 万元
    executed = (annual * D(rng.randrange(80, 101)) / D(100)).quantize(D("0.01"))
    if unit == "元":
        annual, executed = annual * 10000, executed * 10000
    spec = Spec(layout, body, place + "人民政府", year, project, unit)
    spec.funds = [
        ("年度资金总额", f"{annual}", f"{annual}", f"{executed}"),
        ("其中：当年财政拨款", f"{annual}", f"{annual}", f"{executed}"),
        ("上年结转资金", "", "", ""),
        ("其他资金", "", "", ""),
    ]
    rate = executed / annual
    spec.budget_points = D(10)
    spec.budget_score = f"{(rate * 10).quantize(D('0.01'))}"
    spec.goal = (f"完成{project or '年度履职'}任务", "已按计划完成年度任务")
    rows = []
    flat = layout == "chongqing"
    for second, name, measure in OUTPUTS:
        target = rng.choice(["≥95%", "100%", "≥10", "≤90"]) if measure != "万元" else f"≤{annual}"
        op = "≤" if target.startswith("≤") else "≥"
        base = D(target.lstrip("≥≤").rstrip("%"))
        met = rng.random() < 0.8
        actual = base if met else (base * D("0.9") if op == "≥" else base * D("1.1")).quantize(D("0.01"))
        points = D(12) if layout != "chongqing" else D(15)
        score = points if met else (points * (actual / base if op == "≥" else base / actual)).quantize(D("0.01"))
        rows.append(
            IRow(
                ("产出指标", second, name) if not flat else (name,),
                target,
                f"{actual}{'%' if target.endswith('%') else ''}",
                points,
                f"{score}",
                "" if met else "受天气影响，部分任务顺延",
                measure,
                "定量",
                "100%" if met else f"{(score / points * 100).quantize(D('0.01'))}%",
                "是" if second == "数量指标" else "否",
            )
        )
    for second, name, measure in EFFECTS:
        points = D(11) if layout != "chongqing" else D(15)
        rows.append(
            IRow(("效益指标", second, name) if not flat else (name,), "≥90%", "95%", points, f"{points}", "", measure, "定量", "100%", "否")
        )
    rows.append(
        IRow(
            ("满意度指标", "服务对象满意度指标", "服务对象满意度") if not flat else ("服务对象满意度",),
            "≥90%",
            "96%",
            D(10) if layout != "chongqing" else D(20),
            "10" if layout != "chongqing" else "20",
            "",
            "%",
            "定量",
            "100%",
            "是",
        )
    )
    if layout == "chongqing":
        rows = rows[:6]  # six indicators of 15 points each: 90, with 预算执行率's 10
        for r in rows:
            r.points = D(15)
            r.score = f"{(D(r.coefficient.rstrip('%')) / 100 * 15).quantize(D('0.01'))}"
    spec.rows = rows
    total = D(spec.budget_score) + sum(D(r.score) for r in rows)
    spec.total = f"{total}"
    spec.filled_by = "张敏"
    spec.filled = dt.date(year + 1, 3, 1 + k % 28)
    return spec


# -- Excel ---------------------------------------------------------------------------------------------


def _sheet_caizhengbu(ws, spec: Spec) -> None:
    """财政部 2020 项目支出绩效自评表: 10 columns, merged labels."""
    ws.append(["项目支出绩效自评表"])
    ws.merge_cells("A1:J1")
    ws.append([f"（{spec.year}年度）"])
    ws.merge_cells("A2:J2")
    ws.append(["项目名称", spec.project or spec.body])
    ws.merge_cells("B3:J3")
    ws.append(["主管部门", spec.department, None, None, None, "实施单位", spec.body])
    ws.merge_cells("B4:E4")
    ws.merge_cells("G4:J4")
    ws.append([f"项目资金（{spec.unit}）", None, None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    start = ws.max_row
    for i, (label, a, b, c) in enumerate(spec.funds):
        rate = f"{(D(c) / D(b) * 100).quantize(D('0.01'))}%" if b and c else ""
        ws.append(
            [
                None,
                label,
                None,
                None,
                _num(a),
                _num(b),
                _num(c),
                int(spec.budget_points) if i == 0 else "—",
                rate if i == 0 else "",
                _num(spec.budget_score) if i == 0 else "—",
            ]
        )
        ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=4)
    ws.merge_cells(start_row=start, start_column=1, end_row=ws.max_row, end_column=1)
    ws.merge_cells(start_row=start, start_column=2, end_row=start, end_column=4)
    ws.append(["年度总体目标", "预期目标", None, None, None, "实际完成情况"])
    ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=5)
    ws.merge_cells(start_row=ws.max_row, start_column=6, end_row=ws.max_row, end_column=10)
    ws.append([None, spec.goal[0], None, None, None, spec.goal[1]])
    ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=5)
    ws.merge_cells(start_row=ws.max_row, start_column=6, end_row=ws.max_row, end_column=10)
    ws.merge_cells(start_row=ws.max_row - 1, start_column=1, end_row=ws.max_row, end_column=1)
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    ws.merge_cells(start_row=ws.max_row, start_column=9, end_row=ws.max_row, end_column=10)
    head = ws.max_row
    _rows_merged(ws, spec.rows, lambda r: [None, *r.names, r.target, r.actual, _num(r.points), _num(r.score), r.reason], first_col=2)
    ws.merge_cells(start_row=head, start_column=1, end_row=ws.max_row, end_column=1)
    ws.append(["总分", None, None, None, None, None, 100, _num(spec.total), f"自评等级：{spec.grade}" if spec.grade else ""])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
    ws.append([f"填表人：{spec.filled_by}", None, None, None, None, f"填报日期：{spec.filled.isoformat() if spec.filled else ''}"])


def _rows_merged(ws, rows: list[IRow], values, first_col: int) -> None:
    """Indicator rows with their 一级 and 二级 names merged down, as the forms print them."""
    start = ws.max_row + 1
    for r in rows:
        ws.append(values(r))
    depth = len(rows[0].names) - 1
    for level in range(depth):
        col = first_col + level
        run_start = start
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i].names[: level + 1] != rows[run_start - start].names[: level + 1]:
                end = start + i - 1
                if end > run_start:
                    for row in range(run_start + 1, end + 1):
                        ws.cell(row, col).value = None
                    ws.merge_cells(start_row=run_start, start_column=col, end_row=end, end_column=col)
                run_start = start + i


def _sheet_sichuan(ws, spec: Spec) -> None:
    """四川 部门预算项目支出绩效自评表 (青神县 2023)."""
    ws.append(["部门预算项目支出绩效自评表" + f"（{spec.year}年度）"])
    ws.append(["项目名称", spec.project])
    ws.append(["主管部门", spec.department])
    ws.append(["实施单位（盖章）", spec.body])
    ws.append(["项目年度目标", None, None, "年度目标完成情况"])
    ws.append([spec.goal[0], None, None, spec.goal[1]])
    ws.append(
        [
            f"预算执行情况（{int(spec.budget_points)}分）",
            f"年度预算数（{spec.unit}）",
            "年初预算",
            "调整后预算数",
            "预算执行数",
            "预算执行率",
            "权重",
            "得分",
            "原因",
        ]
    )
    for i, (label, a, b, c) in enumerate(spec.funds):
        rate = f"{(D(c) / D(b) * 100).quantize(D('0.01'))}%" if b and c else ""
        ws.append(
            [
                None,
                "总额" if i == 0 else label,
                _num(a),
                _num(b),
                _num(c),
                rate,
                int(spec.budget_points) if i == 0 else "/",
                _num(spec.budget_score) if i == 0 else "/",
            ]
        )
    ws.append(
        [
            f"绩效指标（{100 - int(spec.budget_points)}分）",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
            "未完成原因分析",
        ]
    )
    for r in spec.rows:
        op = r.target[0] if r.target[0] in "≥≤" else "="
        ws.append(
            [None, *r.names, op, r.target.lstrip("≥≤").rstrip("%"), r.unit, r.actual.rstrip("%"), _num(r.points), _num(r.score), r.reason]
        )
    ws.append(["合计", None, None, None, None, None, None, None, 100, _num(spec.total)])
    ws.append(["项目负责人：", None, None, f"填报人：{spec.filled_by}"])


def _sheet_bumen(ws, spec: Spec) -> None:
    """部门整体支出绩效自评表 (财政部 style), amounts in 元."""
    ws.append([f"部门整体支出绩效自评表（{spec.year}年度）"])
    ws.append(["部门（单位）名称", spec.body])
    ws.append(["主管部门", spec.department, None, None, "实施单位", spec.body])
    ws.append([f"年度预算执行情况（{spec.unit}）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    for i, (label, a, b, c) in enumerate(spec.funds):
        ws.append(
            [
                None,
                label,
                _num(a),
                _num(b),
                _num(c),
                int(spec.budget_points) if i == 0 else "—",
                "",
                _num(spec.budget_score) if i == 0 else "—",
            ]
        )
    ws.append(["年度总体目标", "预期目标", None, None, "实际完成情况"])
    ws.append([None, spec.goal[0], None, None, spec.goal[1]])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    _rows_merged(ws, spec.rows, lambda r: [None, *r.names, r.target, r.actual, _num(r.points), _num(r.score), r.reason], first_col=2)
    ws.append(["总分", None, None, None, None, None, 100, _num(spec.total)])
    ws.append([f"填表人：{spec.filled_by}", None, None, None, f"填报日期：{spec.filled.isoformat() if spec.filled else ''}"])


def _num(text) -> object:
    """A figure as a unit types it into Excel: a number where it is one, else the text."""
    if isinstance(text, Decimal):
        return int(text) if text == text.to_integral_value() else float(text)
    try:
        value = Decimal(str(text))
    except Exception:
        return text
    return int(value) if value == value.to_integral_value() else float(value)


def write_xlsx(path: Path, specs: list[Spec]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for i, spec in enumerate(specs, 1):
        ws = book.create_sheet(f"自评表{i}")
        {"caizhengbu": _sheet_caizhengbu, "sichuan": _sheet_sichuan, "bumen": _sheet_bumen}[spec.layout](ws, spec)
    book.save(path)


# -- Word ------------------------------------------------------------------------------------------------


def _table(document, rows: list[list[str]], merges: list[tuple[int, int, int, int]] = ()) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = str(text)
    for r0, c0, r1, c1 in merges:
        keep = table.cell(r0, c0).text
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        merged.text = keep


def write_anhui(path: Path, spec: Spec) -> None:
    """安徽 项目支出绩效自评表 (天长市水利局 2022 as published)."""
    import docx

    document = docx.Document()
    document.add_paragraph("项目支出绩效自评表")
    document.add_paragraph(f"（{spec.year}年度）")
    rows: list[list[str]] = [
        ["项目名称", spec.project or "", "", "", "", "", "", "", "", ""],
        ["主管部门", spec.department, "", "", "", "实施单位", spec.body, "", "", ""],
        [f"项目资金\n（{spec.unit}）", "", "", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
    ]
    merges = [(0, 1, 0, 9), (1, 1, 1, 4), (1, 6, 1, 9), (2, 1, 2, 3)]
    for i, (label, a, b, c) in enumerate(spec.funds):
        rate = f"{(D(c) / D(b) * 100).quantize(D('0.01'))}%" if b and c and i == 0 else ("-" if i else "")
        rows.append(
            [
                "",
                ("年度资金总额：" if i == 0 else label),
                "",
                "",
                a,
                b,
                c,
                f"{spec.budget_points}" if i == 0 else "-",
                rate,
                spec.budget_score if i == 0 else "-",
            ]
        )
        merges.append((len(rows) - 1, 1, len(rows) - 1, 3))
    merges.append((2, 0, len(rows) - 1, 0))
    rows.append(["年度总体目标完成情况", "预期目标", "", "", "", "实际完成情况", "", "", "", ""])
    rows.append(["", spec.goal[0], "", "", "", spec.goal[1], "", "", "", ""])
    merges += [
        (len(rows) - 2, 0, len(rows) - 1, 0),
        (len(rows) - 2, 1, len(rows) - 2, 4),
        (len(rows) - 2, 5, len(rows) - 2, 9),
        (len(rows) - 1, 1, len(rows) - 1, 4),
        (len(rows) - 1, 5, len(rows) - 1, 9),
    ]
    rows.append(
        [
            "年度绩效指标完成情况",
            "一级\n指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
            "",
        ]
    )
    head = len(rows) - 1
    merges.append((head, 8, head, 9))
    points = {}
    for r in spec.rows:
        points[r.names[0]] = points.get(r.names[0], D(0)) + r.points
    counters: dict[tuple[str, str], int] = {}
    for r in spec.rows:
        n = counters[r.names[:2]] = counters.get(r.names[:2], 0) + 1
        rows.append(
            [
                "",
                f"{r.names[0]}\n（{points[r.names[0]]}分）",
                r.names[1],
                f"指标{n}：{r.names[2]}",
                r.target,
                r.actual,
                f"{r.points}",
                r.score,
                r.reason,
                "",
            ]
        )
        merges.append((len(rows) - 1, 8, len(rows) - 1, 9))
    rows.append(
        ["", f"{spec.rows[-1].names[0]}\n（{points[spec.rows[-1].names[0]]}分）", spec.rows[-1].names[1], "……", "", "", "", "", "", ""]
    )  # the template's blank row, left in
    merges.append((head, 0, len(rows) - 1, 0))
    rows.append(["总分", "", "", "", "", "", "100", spec.total, "", ""])
    merges.append((len(rows) - 1, 0, len(rows) - 1, 5))
    # merge each 一级 name down its rows
    start = head + 1
    for i in range(head + 2, len(rows)):
        if rows[i][1] != rows[start][1] or i == len(rows) - 1:
            if i - 1 > start:
                merges.append((start, 1, i - 1, 1))
            start = i
    _table(document, rows, merges)
    document.add_paragraph(f"填表人：{spec.filled_by}　　填报日期：{spec.filled.isoformat() if spec.filled else ''}")
    document.save(str(path))


def write_chongqing(path: Path, spec: Spec) -> None:
    """重庆 部门整体绩效自评表 (2021): one level, 得分系数 × 指标权重."""
    import docx

    document = docx.Document()
    document.add_paragraph(f"部门整体绩效自评表（{spec.year}年度）")
    a, b, c = spec.funds[0][1:]
    rate = f"{(D(c) / D(b) * 100).quantize(D('0.01'))}%"
    rows = [
        ["部门（单位）名称", spec.body, "", "", "", "", "", "", "", ""],
        ["主管部门", spec.department, "", "", "自评总分（分）", spec.total, "", "", "", ""],
        [
            "部门预算执行情况（万元）",
            "年初预算数",
            "全年（调整）预算数",
            "全年执行数",
            "执行率（%）",
            "执行率权重",
            "执行率得分（分）",
            "",
            "",
            "",
        ],
        ["", a, b, c, rate, f"{spec.budget_points}", spec.budget_score, "", "", ""],
        ["当年绩效目标", "年初绩效目标", "", "", "", "全年目标实际完成情况", "", "", "", ""],
        ["", spec.goal[0], "", "", "", spec.goal[1], "", "", "", ""],
        [
            "指标名称",
            "计量单位",
            "指标性质",
            "年初指标值",
            "调整指标值",
            "全年完成值",
            "得分系数（%）",
            "指标权重（分）",
            "指标得分（分）",
            "是否核心指标",
        ],
    ]
    for r in spec.rows:
        rows.append([r.names[0], r.unit, f"{r.nature}指标", r.target, "", r.actual, r.coefficient, f"{r.points}", r.score, r.core])
    rows.append(["合计", "", "", "", "", "", "", "100", spec.total, ""])
    _table(document, rows, [(0, 1, 0, 9), (2, 0, 3, 0), (4, 0, 5, 0), (4, 1, 4, 4), (5, 1, 5, 4), (4, 5, 4, 9), (5, 5, 5, 9)])
    document.add_paragraph(f"填表人：{spec.filled_by}　填报日期：{spec.filled.isoformat() if spec.filled else ''}")
    document.save(str(path))


def write(spec: Spec, folder: Path, name: str) -> Path:
    """One form file in the spec's layout."""
    if spec.layout == "anhui":
        path = folder / f"{name}.docx"
        write_anhui(path, spec)
    elif spec.layout == "chongqing":
        path = folder / f"{name}.docx"
        write_chongqing(path, spec)
    else:
        path = folder / f"{name}.xlsx"
        write_xlsx(path, [spec])
    return path


def write_forms(count: int, out: Path, seed: int = 23) -> list[Path]:
    """``count`` forms over the five layouts (the ``bumen`` files hold two units each, on two sheets)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    k = 0
    while k < count:
        layout = LAYOUTS[k % len(LAYOUTS)]
        if layout == "bumen" and k + 1 < count:
            specs = [make_spec(layout, rng, k), make_spec(layout, rng, k + 1)]
            path = out / f"form-{k:04d}.xlsx"
            write_xlsx(path, specs)
            k += 2
        else:
            path = write(make_spec(layout, rng, k), out, f"form-{k:04d}")
            k += 1
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    paths = write_forms(args.count, args.out, args.seed)
    print(f"{args.count} 张自评表，{len(paths)} 个文件 → {args.out}")


if __name__ == "__main__":
    main()
