"""The second bundled evaluation: a real 项目支出绩效自评表, another indicator system than the reference.

廊坊市食品工程学校, 办公宿舍楼、食堂及餐厅暖通改造经费, 2019年度 (source: ``scores/<id>/source.md``).
Expected figures are those printed in the public form: 预算执行率 10 分 得 9 (in the 项目资金 rows),
产出指标 50 分 (工程资金金额 9, four more at 10), 效益指标 30 分 (three at 10), 满意度指标 10 分 (10).
The form as published ends before its 总分 row; its row scores add up to 9 + 49 + 30 + 10 = 98,
grade 优 (≥ 90). The tree is the form's own: 预算执行率 is a 一级 indicator with no invented levels.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run

SECOND = "langfang-nuantong-2019"
TITLE = "办公宿舍楼、食堂及餐厅暖通改造经费项目支出绩效自评表（2019年度）"

#: (末级指标, 分值, 原表得分) as printed, in the form's order
PRINTED = [
    ("预算执行率", "10.00", "9.00"),
    ("工程资金金额", "10.00", "9.00"),
    ("工程完工率", "10.00", "10.00"),
    ("工程验收合格率", "10.00", "10.00"),
    ("项目完成及时率", "10.00", "10.00"),
    ("成本控制率", "10.00", "10.00"),
    ("安全率", "10.00", "10.00"),
    ("学校发展能力", "10.00", "10.00"),
    ("长期使用性", "10.00", "10.00"),
    ("学生满意度", "10.00", "10.00"),
]


def score_json() -> dict:
    result = run("jixiao", "score", SECOND, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_printed_score_is_reproduced_and_recorded() -> None:
    data = score_json()
    leaves = [(i["name"], i["points"], i["score"]) for i in data["indicators"] if "criteria" in i]
    assert leaves == PRINTED
    tops = {i["name"]: (i["points"], i["score"]) for i in data["indicators"] if i["level"] == 1}
    assert tops == {
        "预算执行率": ("10.00", "9.00"),
        "产出指标": ("50.00", "49.00"),
        "效益指标": ("30.00", "30.00"),
        "满意度指标": ("10.00", "10.00"),
    }
    assert (data["total"], data["grade"]) == ("98.00", "优")
    assert data["differences"] == []  # every criterion carries the form's score as `reported`, and none differs
    assert data["rates"] == {"预算执行率": "86.20"}  # 37.24 / 43.2; the form prints 86%


def test_every_criterion_records_the_printed_score() -> None:
    text = (ROOT / "scores" / SECOND / "evaluation.yaml").read_text(encoding="utf-8")
    assert text.count("reported:") == len(PRINTED)


def test_the_source_is_cited() -> None:
    source = (ROOT / "scores" / SECOND / "source.md").read_text(encoding="utf-8")
    for part in ("廊坊市食品工程学校", "http://www.lfsp.cn/newsinfo/1158053.html", "2019年度", "录入"):
        assert part in source


def test_the_two_indicator_systems_differ() -> None:
    """The reference is a 部门整体支出 re-evaluation (投入/过程/产出/效益); this one a 自评表."""
    reference = json.loads(run("jixiao", "score", "lushui-yingji-2022", "--json").stdout)
    assert [i["name"] for i in reference["indicators"] if i["level"] == 1] == ["投入", "过程", "产出", "效益"]
    assert [i["name"] for i in score_json()["indicators"] if i["level"] == 1] == ["预算执行率", "产出指标", "效益指标", "满意度指标"]


def html(site: Path, page: str) -> str:
    return (site / SECOND / page).read_text(encoding="utf-8")


def test_pages_are_in_the_public_site(built_site: Path) -> None:
    landing = html(built_site, "index.html")
    assert TITLE in landing
    form = re.search(r'<figure class="jx-table[^"]*" id="self-evaluation-form">.*?</figure>', landing, re.S).group(0)
    assert "项目支出绩效自评表（2019年度）" in form
    assert re.search(r'data-label="项目名称">办公宿舍楼、食堂及餐厅暖通改造经费</td>', form)
    # 年度资金总额: 43.2 / 43.2 / 37.24, 分值 10, 执行率 37.24 / 43.2 = 86.20%, 得分 9.00 (printed 9)
    assert re.search(
        r'年度资金总额</th><td class="jx-num" data-label="年初预算数">43\.2</td><td class="jx-num" data-label="全年预算数">43\.2</td>'
        r'<td class="jx-num" data-label="全年执行数">37\.24</td><td class="jx-num" data-label="分值">10</td>'
        r'<td class="jx-num" data-label="执行率">86\.20%</td><td class="jx-num" data-label="得分">9\.00</td>',
        form,
    )
    assert re.search(r'data-label="总分">98\.00</td><td colspan="\d+" data-label="自评等级">自评等级：优</td>', form)
    for name, _, _ in PRINTED[1:]:
        assert name in form
    assert "执行率 86.20%" in landing
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<tr data-year="2019" data-type="自评" data-grade="优"[^>]*>.*?98\.00.*?</tr>', home, re.S)


@pytest.fixture(scope="module")
def pdf_text(built_site: Path) -> str:
    pdf = built_site / SECOND / f"{SECOND}.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 0
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_is_the_form_with_every_indicator(pdf_text: str) -> None:
    compact = re.sub(r"\s+", "", pdf_text)
    assert "项目支出绩效自评表" in compact and "自评等级：优" in compact and "98.00" in compact
    assert "委托单位名称" not in compact and "概要表" not in compact  # no third-party cover, no 概要表
    assert "执行率" in compact  # 预算执行率 is printed in the 项目资金 rows, as on the form
    for name, _, _ in PRINTED[1:]:
        assert name in compact


def test_a_line_break_in_chinese_prose_is_no_space(built_site: Path) -> None:
    """The landing page breaks a sentence after “注明；”: the reader sees “注明；出处见”, no space."""
    source = (ROOT / "content" / SECOND / "index.md").read_text(encoding="utf-8")
    assert "注明；\n出处见" in source
    page = html(built_site, "index.html")
    assert "注明；出处见" in page and not re.search(r"注明；\s+出处见", page)
