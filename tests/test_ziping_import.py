"""``jixiao import 自评表``: filled-in forms in five provinces' layouts, Excel and Word, read cell by cell.

Each form is written here (``bench/ziping_forms.py`` lays it out as the published template does) with
figures typed by hand; the expected scores are worked by hand from the form's own rules:
预算执行率 = 全年执行数 / 全年预算数 × 分值, a 定量 row 实际完成值 / 年度指标值 × 分值 (达到即满分),
a 得分系数 row 系数 × 指标权重, a 定性 row the printed score.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run

sys.path.insert(0, str(ROOT / "bench"))
from ziping_forms import IRow, Spec, write, write_xlsx

from jixiao.scoring.from_folder import sheet

FUNDS_RMB = [("其中：当年财政拨款", "", "", ""), ("上年结转资金", "", "", ""), ("其他资金", "", "", "")]


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "scores").mkdir(parents=True)
    (root / "content").mkdir()
    return root


def imported(root: Path, *files: Path, partial: bool = False) -> tuple[list[str], str]:
    args = ["jixiao", "--root", str(root), "import", "自评表", *map(str, files), *(["--partial"] if partial else [])]
    result = run(*args)
    ids = sorted(p.name for p in (root / "scores").iterdir())
    return ids, result.stdout + result.stderr


def leaves(root: Path, eval_id: str) -> dict[str, tuple]:
    """Each leaf: (年度指标值, 实际完成值, 分值, 原表得分, 复核得分)."""
    s = sheet(root, eval_id)
    return {
        leaf.name: (
            leaf.indicator.target,
            leaf.indicator.actual,
            f"{leaf.points.normalize():f}",
            leaf.indicator.criteria[0].reported,
            f"{leaf.score}",
        )
        for leaf in s.leaves()
    }


def test_caizhengbu_excel_form(tmp_path: Path) -> None:
    """财政部 2020 layout (as 河北 units fill it in), Excel, merged 一级/二级 cells, 万元."""
    spec = Spec("caizhengbu", "廊坊市食品工程学校", "廊坊市发改委", 2019, project="办公宿舍楼暖通改造经费")
    spec.funds = [("年度资金总额", "43.2", "43.2", "37.24"), *FUNDS_RMB]
    spec.budget_points, spec.budget_score = D(10), "9"
    spec.goal = ("完成暖通改造", "已完工，剩余3%尾款未付")
    spec.rows = [
        IRow(("产出指标", "数量指标", "工程资金金额"), "43.2", "37.24", D(20), "18", "剩余3%尾款未付"),
        IRow(("产出指标", "质量指标", "工程完工率"), "100", "100", D(30), "30"),
        IRow(("效益指标", "社会效益指标", "学校发展能力"), "明显提升", "明显提升", D(30), "28"),
        IRow(("满意度指标", "服务对象满意度指标", "学生满意度"), "≥90%", "95%", D(10), "10"),
    ]
    spec.total, spec.filled_by, spec.filled, spec.grade = "95", "李红", dt.date(2020, 1, 15), "优"
    root = project(tmp_path)
    ids, out = imported(root, write(spec, tmp_path, "langfang"))
    assert ids == ["langfang-sspgcxx-bgsslntg-2019"], out
    # 37.24 / 43.2 = 86.2037…%: 预算执行率 8.62 (printed 9), 工程资金金额 20 × 0.862037 = 17.24 (printed 18)
    assert leaves(root, ids[0]) == {
        "预算执行率": (None, None, "10", D(9), "8.62"),
        "工程资金金额": ("43.2", "37.24", "20", D(18), "17.24"),
        "工程完工率": ("100", "100", "30", D(30), "30.00"),
        "学校发展能力": ("明显提升", "明显提升", "30", D(28), "28.00"),
        "学生满意度": ("≥90%", "95%", "10", D(10), "10.00"),
    }
    assert "总分：原表 95.00，复核 93.86（优），相差 -1.14；3 处复核差异" in out
    data = yaml.safe_load((root / "scores" / ids[0] / "evaluation.yaml").read_text(encoding="utf-8"))
    assert data["form"]["funds"][0] == {"label": "年度资金总额", "initial": 43.2, "annual": 43.2, "executed": 37.24}
    assert data["form"]["goal"] == {"expected": "完成暖通改造", "actual": "已完工，剩余3%尾款未付"}
    assert (data["form"]["filled_by"], data["form"]["filled"], data["issued"]) == ("李红", dt.date(2020, 1, 15), dt.date(2020, 1, 15))
    assert data["commissioner"] == "廊坊市发改委" and data["evaluator"] == "廊坊市食品工程学校"
    source = (root / "scores" / ids[0] / "source.md").read_text(encoding="utf-8")
    assert "langfang.xlsx（工作表 自评表1）" in source
    assert (root / "content" / ids[0] / "index.md").read_text(encoding="utf-8").count('table("自评表")') == 1


def test_anhui_word_form_with_numbered_rows_and_blank_template_rows(tmp_path: Path) -> None:
    """安徽 (天长市水利局 2022): Word, 全年预算数（A）, 一级 with its points, 指标1： numbering, a …… row left blank."""
    spec = Spec("anhui", "天长市水利局", "天长市人民政府", 2022, project="水旱灾害防御经费")
    spec.funds = [("年度资金总额", "880", "880", "880"), *FUNDS_RMB]
    spec.budget_points, spec.budget_score = D(10), "10"
    spec.goal = ("完成年度防汛工作", "完成年度目标。")
    spec.rows = [
        IRow(("产出指标", "数量指标", "完成中型灌区节水改造项目数量"), "1", "1", D(25), "25"),
        IRow(("产出指标", "时效指标", "年度资金支付完成率"), "100%", "100%", D(25), "25"),
        IRow(("效益指标", "社会效益指标", "保护全市人口财产不受损失"), "效果明显", "达成预期指标", D(30), "30"),
        IRow(("满意度指标", "服务对象满意度指标", "服务对象满意度"), "90%", "100%", D(10), "10"),
    ]
    spec.total = "100"
    root = project(tmp_path)
    ids, out = imported(root, write(spec, tmp_path, "tianchang"))
    assert len(ids) == 1 and ids[0].endswith("-2022"), out
    assert leaves(root, ids[0]) == {
        "预算执行率": (None, None, "10", D(10), "10.00"),
        "完成中型灌区节水改造项目数量": ("1", "1", "25", D(25), "25.00"),
        "年度资金支付完成率": ("100%", "100%", "25", D(25), "25.00"),
        "保护全市人口财产不受损失": ("效果明显", "达成预期指标", "30", D(30), "30.00"),
        "服务对象满意度": ("90%", "100%", "10", D(10), "10.00"),
    }
    assert "总分：原表 100.00，复核 100.00（优），一致" in out
    tops = [t.name for t in sheet(root, ids[0]).indicators]
    assert tops == ["预算执行率", "产出指标", "效益指标", "满意度指标"]  # （50分） taken off the names


def test_sichuan_excel_form_with_comparisons_in_their_own_column(tmp_path: Path) -> None:
    """四川 (青神县 2023): 预算执行情况 with 调整后预算数, 指标性质 holding ≥/=, 度量单位, 完成值, 权重, 合计."""
    spec = Spec("sichuan", "青神县发展和改革局", "青神县发展和改革局本级", 2023, project="工资性支出")
    spec.funds = [("总额", "238.93", "251.89", "251.89"), ("其中：财政资金", "238.93", "251.89", "251.89")]
    spec.budget_points, spec.budget_score = D(10), "10"
    spec.goal = ("保障工资及时、足额发放", "工资按月足额发放")
    spec.rows = [
        IRow(("产出指标", "数量指标", "发放(缴纳)覆盖率"), "100%", "100%", D(60), "60", unit="%"),
        IRow(("效益指标", "社会效益指标", "足额保障率(参保率)"), "≥100%", "98%", D(30), "29.4", "两人年中调入，次月补缴", unit="%"),
    ]
    spec.total = "99.4"
    root = project(tmp_path)
    ids, out = imported(root, write(spec, tmp_path, "qingshen"))
    assert len(ids) == 1, out
    # 足额保障率: 98 / 100 × 30 = 29.40
    assert leaves(root, ids[0]) == {
        "预算执行率": (None, None, "10", D(10), "10.00"),
        "发放(缴纳)覆盖率": ("100", "100", "60", D(60), "60.00"),
        "足额保障率(参保率)": ("≥100", "98", "30", D("29.4"), "29.40"),
    }
    s = sheet(root, ids[0])
    assert s.find("足额保障率(参保率)").indicator.unit == "%"
    assert s.find("足额保障率(参保率)").indicator.deviation_reason == "两人年中调入，次月补缴"
    assert "总分：原表 99.40，复核 99.40（优），一致" in out


def test_chongqing_word_form_one_level_with_coefficients(tmp_path: Path) -> None:
    """重庆 部门整体绩效自评表 (2021): 指标名称 only, 年初指标值, 全年完成值, 得分系数 × 指标权重, 是否核心指标."""
    spec = Spec("chongqing", "重庆高新区融媒体中心", "重庆高新区党工委宣传部", 2021)
    spec.funds = [("部门预算资金", "480", "500", "380")]
    spec.budget_points, spec.budget_score = D(10), "7.6"
    spec.goal = ("保障融媒体中心正常运转", "较好地完成了履职任务")
    spec.rows = [
        IRow(("财政供养人员控制率",), "100%", "92%", D(2), "2", unit="%", nature="定量", coefficient="100%", core="否"),
        IRow(("播发稿件数量",), "2200篇", "2859篇", D(10), "10", unit="篇", nature="定量", coefficient="100%", core="是"),
        IRow(("资金使用合规性",), "好", "好", D(5), "5", nature="定性", coefficient="100%", core="否"),
        IRow(("业务保障能力提升",), "90%", "95%", D(73), "58.4", unit="%", nature="定量", coefficient="80%", core="否"),
    ]
    spec.total = "83"
    root = project(tmp_path)
    ids, out = imported(root, write(spec, tmp_path, "chongqing"))
    assert len(ids) == 1 and ids[0].endswith("-2021"), out
    s = sheet(root, ids[0])
    assert [leaf.level for leaf in s.leaves()] == [1] * 5  # a one-level tree, as printed
    got = {
        leaf.name: (
            leaf.indicator.initial_target,
            leaf.indicator.actual,
            f"{leaf.points}",
            leaf.indicator.criteria[0].reported,
            f"{leaf.score}",
        )
        for leaf in s.leaves()
    }
    # 380 / 500 × 10 = 7.60; 73 × 80% = 58.40
    assert got == {
        "预算执行率": (None, None, "10", D("7.6"), "7.60"),
        "财政供养人员控制率": ("100%", "92%", "2", D(2), "2.00"),
        "播发稿件数量": ("2200篇", "2859篇", "10", D(10), "10.00"),
        "资金使用合规性": ("好", "好", "5", D(5), "5.00"),
        "业务保障能力提升": ("90%", "95%", "73", D("58.4"), "58.40"),
    }
    assert s.find("播发稿件数量").indicator.core is True and s.find("资金使用合规性").indicator.nature == "定性"
    assert "总分：原表 83.00，复核 83.00（良），一致" in out


def test_bumen_excel_two_forms_on_two_sheets_in_yuan(tmp_path: Path) -> None:
    """部门整体支出绩效自评表 in 元: one workbook, one unit's forms of two years on two sheets, two ids."""
    first = Spec("bumen", "示例县民政局", "示例县人民政府", 2022, unit="元")
    first.funds = [("年度资金总额", "1234567.89", "1300000", "1250000"), *FUNDS_RMB]
    first.budget_points, first.budget_score = D(10), "9.6"
    first.rows = [
        IRow(("产出指标", "数量指标", "救助对象覆盖人数"), "≥1200", "1180", D(40), "39.33"),
        IRow(("效益指标", "社会效益指标", "困难群众生活改善"), "有效改善", "有效改善", D(40), "40"),
        IRow(("满意度指标", "服务对象满意度指标", "救助对象满意度"), "≥90%", "93%", D(10), "10"),
    ]
    first.total = "98.93"
    second = Spec("bumen", "示例县民政局", "示例县人民政府", 2023, unit="元")
    second.funds = [("年度资金总额", "1300000", "1300000", "1300000"), *FUNDS_RMB]
    second.rows = [IRow(r.names, r.target, r.target.lstrip("≥"), r.points, f"{r.points}") for r in first.rows]
    second.total = "100"
    path = tmp_path / "minzheng.xlsx"
    write_xlsx(path, [first, second])
    root = project(tmp_path)
    ids, out = imported(root, path)
    assert [i[-4:] for i in ids] == ["2022", "2023"] and ids[0][:-5] == ids[1][:-5], out
    # 1,250,000 / 1,300,000 × 10 = 9.62 (printed 9.6); 1180 / 1200 × 40 = 39.33
    assert leaves(root, ids[0]) == {
        "预算执行率": (None, None, "10", D("9.6"), "9.62"),
        "救助对象覆盖人数": ("≥1200", "1180", "40", D("39.33"), "39.33"),
        "困难群众生活改善": ("有效改善", "有效改善", "40", D(40), "40.00"),
        "救助对象满意度": ("≥90%", "93%", "10", D(10), "10.00"),
    }
    assert "总分：原表 98.93，复核 98.95（优），相差 0.02；2 处复核差异" in out
    assert "总分：原表 100.00，复核 100.00（优），一致" in out
    data = yaml.safe_load((root / "scores" / ids[0] / "evaluation.yaml").read_text(encoding="utf-8"))
    assert data["form"]["template"] == "部门整体支出" and data["form"]["unit"] == "元"


def unreadable(tmp_path: Path) -> Path:
    spec = Spec("caizhengbu", "廊坊市食品工程学校", "廊坊市发改委", 2019, project="暖通改造经费")
    spec.funds = [("年度资金总额", "43.2", "43.2", "37.24"), *FUNDS_RMB]
    spec.budget_score = "9"
    spec.rows = [
        IRow(("产出指标", "质量指标", "工程完工率"), "100", "100", D(45), "45"),
        IRow(("效益指标", "社会效益指标", "学校发展能力"), "明显提升", "明显提升", D(45), "优秀"),
    ]
    spec.total = "99"
    return write(spec, tmp_path, "smudged")


def test_a_form_with_an_unreadable_score_writes_nothing(tmp_path: Path) -> None:
    root = project(tmp_path)
    ids, out = imported(root, unreadable(tmp_path))
    assert ids == [] and list((root / "content").iterdir()) == []
    assert "未能读取 自评表1!H14：学校发展能力 的得分为“优秀”，不是数字" in out
    assert "未写入" in out and "导入 0 张自评表，1 张未写入" in out


def test_partial_imports_what_it_read_and_marks_the_rest(tmp_path: Path) -> None:
    root = project(tmp_path)
    ids, out = imported(root, unreadable(tmp_path), partial=True)
    assert len(ids) == 1, out
    s = sheet(root, ids[0])
    leaf = s.find("学校发展能力")
    assert leaf.indicator.illegible == ["reported"] and "待填写" in leaf.indicator.criteria[0].reason
    assert s.evaluation.publication == []  # a draft until someone completes it


@pytest.mark.parametrize("name", ["notes.txt", "old.xls"])
def test_a_file_that_is_no_form_writes_nothing(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("不是自评表", encoding="utf-8")
    root = project(tmp_path)
    ids, out = imported(root, path)
    assert ids == [] and "不认识的文件类型" in out
