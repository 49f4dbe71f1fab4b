"""The second bundled evaluation: a real 项目支出绩效自评表, another indicator system than the reference.

廊坊市食品工程学校, 办公宿舍楼、食堂及餐厅暖通改造经费, 2019年度 (source: ``scores/<id>/source.md``).
Expected figures are those printed in the public form: 预算执行率 10 分 得 9, 产出指标 50 分
(工程资金金额 9, four more at 10), 效益指标 30 分 (three at 10), 满意度指标 10 分 (10). The form as
published ends before its 总分 row; its row scores add up to 9 + 49 + 30 + 10 = 98, grade 优 (≥ 90).
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

#: (三级指标, 分值, 原表得分) as printed, in the form's order
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
    level3 = [(i["name"], i["points"], i["score"]) for i in data["indicators"] if i["level"] == 3]
    assert level3 == PRINTED
    tops = {i["name"]: (i["points"], i["score"]) for i in data["indicators"] if i["level"] == 1}
    assert tops == {
        "预算执行": ("10.00", "9.00"),
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
    assert [i["name"] for i in score_json()["indicators"] if i["level"] == 1] == ["预算执行", "产出指标", "效益指标", "满意度指标"]


def html(site: Path, page: str) -> str:
    return (site / SECOND / page).read_text(encoding="utf-8")


def test_pages_are_in_the_public_site(built_site: Path) -> None:
    landing = html(built_site, "index.html")
    assert TITLE in landing
    assert re.search(r"<td>自评得分</td>\s*<td>98\.00</td>", landing)
    assert re.search(r"<td>自评等级</td>\s*<td>优</td>", landing)
    # amounts print with two decimals (README “显示精度”): the form's 43.2 万元 reads 43.20万元, as in its 概要表
    assert "全年预算数 43.20万元" in landing and "全年执行数 37.24万元" in landing and "执行率 86.20%" in landing
    form = html(built_site, "01-zipingbiao/index.html")
    table = re.search(r'<figure class="jx-table[^"]*" id="appendix-1">.*?</figure>', form, re.S).group(0)
    assert '合计</th><td class="jx-num">100.00</td><td colspan="3"></td><td class="jx-num">98.00</td>' in table
    for name, _, _ in PRINTED:
        assert name in table
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<tr data-year="2019" data-type="自评" data-grade="优"[^>]*>.*?98\.00.*?</tr>', home, re.S)


def test_overview_shows_the_form_amounts_in_wan(built_site: Path) -> None:
    """The form keeps its amounts in 万元; the 概要表 (万元) shows them unchanged, not divided again."""
    landing_pdf = built_site / SECOND / f"{SECOND}.pdf"
    page2 = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(landing_pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "概要表" in page2 and "金额单位：万元" in page2 and "43.20" in page2 and "37.24" in page2


@pytest.fixture(scope="module")
def pdf_text(built_site: Path) -> str:
    pdf = built_site / SECOND / f"{SECOND}.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 0
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_has_the_cover_figures_and_every_indicator(pdf_text: str) -> None:
    compact = re.sub(r"\s+", "", pdf_text)
    assert "评价分值：98.00" in compact and "评价等级：优" in compact
    for name, _, _ in PRINTED:
        assert name in compact


def test_a_line_break_in_chinese_prose_is_no_space(built_site: Path, pdf_text: str) -> None:
    """01-zipingbiao.md breaks its last paragraph after “37.24。”: the reader sees “。已完工”, no space."""
    source = (ROOT / "content" / SECOND / "01-zipingbiao.md").read_text(encoding="utf-8")
    assert "。\n已完工" in source
    page = html(built_site, "01-zipingbiao/index.html")
    assert "37.24。已完工，剩余3%尾款未付" in page
    assert not re.search(r"。\s+已完工", page)
    assert "37.24。已完工" in pdf_text.replace("\n", "") and not re.search(r"。 +已完工", pdf_text)
