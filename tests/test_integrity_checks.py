"""Integrity checks through the real CLI: the reference report as typed, and one broken fixture per check.

Expected values are hand calculations: 61,358.00 ÷ 22,300.00 = 275.15 %; (9,178,114.41 − 4,814,130.68)
÷ 4,814,130.68 = 90.65 %; 附件2 Q8 193 ÷ 194 = 99.48 % and × 4 = 3.98; 附件1's 2021 年死亡 12 人 → 9 ÷ 12 = 75.00 %,
18 起 → 10 ÷ 18 = 55.56 %; 表2 lists 10 projects (3,000,000.00 + … + 1,800.00 = 4,220,213.50), so the “等 9 个项目”
whose 重点项目支出 is that sum miscounts them; 90.34 分 is in the band 优 (≥ 90), not 良好.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import DATA, REFERENCE, ROOT, copy_project, run

TYPED = "tests/data/reference-as-typed.md"
FIXTURES = "tests/data/integrity"


def check(*args: str, root: Path = ROOT) -> tuple[int, list[dict[str, object]]]:
    result = run("jixiao", "--root", str(root), "check", *args, "--format", "json")
    return result.returncode, json.loads(result.stdout)


def narrative(path: str) -> list[dict[str, object]]:
    _, findings = check(REFERENCE, "--narrative", path)
    return [f for f in findings if f["file"] == path]


def test_reference_as_typed_lists_every_slip_and_nothing_else() -> None:
    findings = narrative(TYPED)
    errors = {(f["line"], f["message"]) for f in findings if f["severity"] == "error"}
    evaluated_body = "“泸州市应急管理局”与被评价单位“泸水市应急管理局”相差 1 个字（州≠水）"
    assert errors == {
        (1, evaluated_body),
        (3, "“泸州市财政局”与委托单位“泸水市财政局”相差 1 个字（州≠水）"),
        (5, "“云南昆甯会计师事务所（普通合伙）”与评价机构“云南昆审会计师事务所（普通合伙）”相差 1 个字（甯≠审）"),
        *((line, evaluated_body) for line in (*range(421, 431), 435, 618, 857, 923, 925, 927)),
        (911, "“王晓琰”与项目负责人姓名“王晓瑛”相差 1 个字（琰≠瑛）"),
        (223, "175.15% 与同句数字不符：61,358.00 ÷ 22,300.00 = 275.15%"),
        (549, "102.13% 与同句数字不符：(9,178,114.41 − 4,814,130.68) ÷ 4,814,130.68 = 90.65%"),
        (853, "得分 4.00 与数据计算值 3.98 不符"),
        (853, "问卷 Q8 选项A 占比 100% 与数据计算值 99.48% 不符"),
        (518, "项目个数 9 与数据计算值 10 不符（lushui-yingji-2022/samples.csv 所列项目，支出合计 4,220,213.50 元）"),
    }
    warnings = {(f["line"], f["expected"]) for f in findings if f["severity"] == "warning" and f["where"] != "个人信息"}
    assert warnings == {(87, "优"), (465, "优"), (227, "55.56%"), (227, "75.00%"), (602, "55.56%"), (602, "75.00%")}
    phones = sorted(f["line"] for f in findings if f["where"] == "个人信息")
    assert phones == [22, 23, 911, 912]


def test_reference_lines_point_at_the_slips() -> None:
    lines = (ROOT / TYPED).read_text(encoding="utf-8").split("\n")
    assert "泸州市财政局" in lines[3 - 1]
    assert "完成预算的175.15%" in lines[223 - 1]
    assert "预算调整率 102.13%" in lines[549 - 1]
    assert "应急管理能力提升" in lines[853 - 1] and "A. 是 100%" in lines[853 - 1]
    assert "王晓琰" in lines[911 - 1]
    assert "等 9 个项目" in lines[518 - 1] and "重点项目支出 4,220,213.50 元" in lines[518 - 1]
    assert "总体评价为良好" in lines[87 - 1] and "总体评价为良好" in lines[465 - 1]


def test_github_format_annotates_the_slip() -> None:
    result = run("jixiao", "check", REFERENCE, "--narrative", TYPED, "--format", "github")
    assert result.returncode == 1
    assert f"::error file={TYPED},line=911::名称: “王晓琰”与项目负责人姓名“王晓瑛”相差 1 个字（琰≠瑛）（改为“王晓瑛”）" in result.stdout


@pytest.mark.parametrize(
    ("case", "line", "message"),
    [
        ("narrative-rate.md", 3, "预算调整率 12.34% 与数据计算值 102.13% 不符"),
        ("narrative-score.md", 3, "“投入”得分 11.98 与数据计算值 10.98 不符"),
        ("names.md", 3, "“王晓英”与项目负责人姓名“王晓瑛”相差 1 个字（英≠瑛）"),
        ("arithmetic-total.md", 7, "金额合计 4.00 与各行之和 3.00 不符"),
        ("arithmetic-percent.md", 3, "50.00% 与同句数字不符：150.00 ÷ 100.00 = 150.00%"),
        ("arithmetic-grade.md", 3, "85.00 分对应等级“良”，正文写“优”"),
    ],
)
def test_one_broken_case_per_check(case: str, line: int, message: str) -> None:
    findings = narrative(f"{FIXTURES}/{case}")
    assert [(f["line"], f["message"], f["severity"]) for f in findings] == [(line, message, "error")]


def test_pages_with_personal_data_or_unsafe_html_are_errors(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    for case in ("privacy.md", "safety.md"):
        shutil.copy(ROOT / FIXTURES / case, project / "content" / case)
    code, findings = check(root=project)
    assert code == 1
    got = {(f["file"], f["line"], f["message"]) for f in findings if f["file"].startswith("content/")}
    assert got == {
        ("content/privacy.md", 3, "手机号 139****1111 以明文出现"),
        ("content/privacy.md", 3, "身份证号 110101********4258 以明文出现"),
        ("content/privacy.md", 3, "个人邮箱 …@qq.com 以明文出现"),
        ("content/safety.md", 3, "页面含 <script> 标签，可执行脚本或嵌入外部内容"),
        ("content/safety.md", 5, "页面从第三方地址加载 <img>：http://example.com/logo.png"),
    }


def test_evaluation_without_consent_is_reported_as_draft_only(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    shutil.copytree(DATA / "xiangmu" / "scores" / "shuili-2023", project / "scores" / "shuili-2023")
    _, findings = check("shuili-2023", root=project)
    assert [(f["severity"], f["message"]) for f in findings if f["where"] == "publication"] == [
        ("warning", "未记录委托方、同级财政部门的公开同意，此评价只生成草稿预览，不进入公开站点")
    ]


def test_bound_figures_on_the_reference_pages_are_not_flagged() -> None:
    code, findings = check(REFERENCE)
    assert [f for f in findings if str(f["file"]).startswith("content/")] == []
    assert code == 0
