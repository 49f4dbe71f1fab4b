"""What real reports beyond the reference need (issue 13, points 1–7), seen as a user sees them.

``tests/data/duonian`` is a made-up evaluation shaped like such reports: 2021—2024 (several years),
commissioned by a 省财政厅, no 报告编号, dates given to the month only, two groups of respondents
(108 and 1,330 valid questionnaires), a satisfaction rate over two questions, checklist weights of
1/3, a year with nothing planned, a band written as “每低1%扣5%”, 评价意见 printed in 附件1 and 表4–7,
and the report's own scores at every level. Every expected figure is worked out by hand here:

- 立项依据充分性  checklist 2 × (1/3 + 1/3 + 0) = 1.333… → 1.33 (the report rounded each 要点: 0.67 + 0.67 = 1.34)
- 立项程序规范性  deduction 3 − 1 × 2 = 1.00;  绩效目标合理性  tier 部分达成 7.00      决策 9.33 (report 9.34)
- 预算执行率      19,000,000 / 20,000,000 = 95 %, 5 steps of 1 % short × 5 % of 15 = 15 × 0.75 = 11.25
- 资金使用合规性  judged 6.00                                                        过程 17.25 (report 17.25)
- 改造工程完成率  per year: 2021 9 of 10 keeps 0.9, 2022 nothing planned (dropped), 2023 and 2024 keep 1:
                  30 × (0.9 + 1 + 1) / 3 = 29.00                                     产出 29.00
- 受益农户满意度  A1 60/30/10/5/3 (108 answers) and A2 50/30/12/5/3 (100 answers):
                  (8,875 + 7,975) / (208 × 100) = 81.0096 % × 15 = 12.1514 → 12.15
- 社会公众满意度  1,000 / 1,330 × 15 = 11.278 → 11.28                               效益 23.43
- total 9.33 + 17.25 + 29.00 + 23.43 = 79.01 (report 79.02) → 中 (60 ≤ 79.01 < 80)
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from conftest import DATA, REFERENCE, ROOT, run

from jixiao.errors import DataError
from jixiao.presentation.tables import TableBuilder
from jixiao.scoring.from_folder import sheet

DUONIAN = DATA / "duonian"
ID = "yinshui-2021-2024"
EVAL = f"scores/{ID}/evaluation.yaml"


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pdf_text(pdf: Path) -> str:
    return compact(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)


def project(dest: Path) -> Path:
    """A throw-away copy of the fixture project (assets copied, not linked), to change or build."""
    shutil.copytree(DUONIAN, dest)
    return dest


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "scores" / ID / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        sheet(root, ID)
    return [str(f) for f in caught.value.findings]


def rows(root: Path, key: str) -> list[list[str]]:
    """A table's body and footer as the CSV download holds it (spanned cells repeated)."""
    return TableBuilder(sheet(root, ID)).get(key).grid()


@pytest.fixture(scope="module")
def scored() -> dict:
    result = run("jixiao", "--root", str(DUONIAN), "score", ID, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built with ``mkdocs build --strict`` together with a one-year evaluation (xiangmu's 2023)."""
    root = project(tmp_path_factory.mktemp("duonian") / "p")
    shutil.copytree(DATA / "xiangmu" / "scores" / "shuili-2023", root / "scores" / "shuili-2023")
    shutil.copytree(DATA / "xiangmu" / "content" / "shuili-2023", root / "content" / "shuili-2023")
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8").replace("../../../hooks/", f"{ROOT.as_posix()}/hooks/"), encoding="utf-8"
    )
    out = root / "site"
    result = run("mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    return out


@pytest.fixture(scope="module")
def pdf(site: Path) -> str:
    return pdf_text(site / ID / f"{ID}.pdf")


# -- 1. reported scores at every level ------------------------------------------------------------
DIFFERENCES = [
    f"{EVAL}:16: 总分: 填报 79.02，复核 79.01",
    f"{EVAL}:22: 决策: 填报 9.34，复核 9.33",
    f"{EVAL}:25: 决策 › 项目立项: 填报 9.34，复核 9.33",
    f"{EVAL}:29: 决策 › 项目立项 › 立项依据充分性: 填报 1.34，复核 1.33",
    f"{EVAL}:34: 决策 › 项目立项 › 立项依据充分性 › 评分标准①: 填报 1.34，复核 1.33",
]


def test_score_lists_every_difference_at_every_level_with_file_and_line() -> None:
    result = run("jixiao", "--root", str(DUONIAN), "score", ID)
    assert result.returncode == 0, result.stderr
    tail = result.stdout.splitlines()[-len(DIFFERENCES) - 1 :]
    assert tail == ["复核差异（填报 ≠ 复核）", *(f"  {line}" for line in DIFFERENCES)]
    assert "过程: 填报" not in result.stdout  # 过程 was printed as 17.25, as computed: no difference


def test_score_json_lists_the_differences_with_level_file_and_line(scored: dict) -> None:
    assert (scored["total"], scored["grade"]) == ("79.01", "中")
    assert scored["differences"] == [
        {"level": "总分", "indicator": None, "criterion": None, "reported": "79.02", "computed": "79.01", "file": EVAL, "line": 16},
        {"level": "一级", "indicator": "决策", "criterion": None, "reported": "9.34", "computed": "9.33", "file": EVAL, "line": 22},
        {
            "level": "二级",
            "indicator": "决策 › 项目立项",
            "criterion": None,
            "reported": "9.34",
            "computed": "9.33",
            "file": EVAL,
            "line": 25,
        },
        {
            "level": "三级",
            "indicator": "决策 › 项目立项 › 立项依据充分性",
            "criterion": None,
            "reported": "1.34",
            "computed": "1.33",
            "file": EVAL,
            "line": 29,
        },
        {
            "level": "评分标准",
            "indicator": "决策 › 项目立项 › 立项依据充分性",
            "criterion": 1,
            "reported": "1.34",
            "computed": "1.33",
            "file": EVAL,
            "line": 34,
        },
    ]


def test_every_indicator_scores_as_worked_out_by_hand(scored: dict) -> None:
    got = {i["name"]: i["score"] for i in scored["indicators"]}
    assert got == {
        "决策": "9.33", "项目立项": "9.33", "立项依据充分性": "1.33", "立项程序规范性": "1.00", "绩效目标合理性": "7.00",
        "过程": "17.25", "资金管理": "17.25", "预算执行率": "11.25", "资金使用合规性": "6.00",
        "产出": "29.00", "产出数量": "29.00", "改造工程完成率": "29.00",
        "效益": "23.43", "满意度": "23.43", "受益农户满意度": "12.15", "社会公众满意度": "11.28",
    }  # fmt: skip


REVIEW_ROWS = [
    ["总分", "总分", "79.02", "79.01", "-0.01"],
    ["决策", "一级", "9.34", "9.33", "-0.01"],
    ["决策 › 项目立项", "二级", "9.34", "9.33", "-0.01"],
    ["决策 › 项目立项 › 立项依据充分性", "三级", "1.34", "1.33", "-0.01"],
    ["决策 › 项目立项 › 立项依据充分性 › 评分标准①", "评分标准", "1.34", "1.33", "-0.01"],
]


def test_review_page_and_pdf_show_the_differences(site: Path, pdf: str) -> None:
    html = (site / ID / "03-fuhe" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", html[html.index('id="review-differences"') :])
    assert "复核差异表（填报得分与复核得分不一致之处）" in html
    assert cells[5 : 5 + 5 * len(REVIEW_ROWS)] == [cell for row in REVIEW_ROWS for cell in row]  # after the header row
    # a label that wraps onto two lines is read after the figures beside it: look at both apart
    assert all(compact("".join(row[1:])) in pdf and compact(row[0]) in pdf for row in REVIEW_ROWS)
    assert (site / ID / "data" / "review-differences.csv").is_file()


def test_pdf_appends_the_differences_when_no_page_places_them(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    (root / "content" / ID / "03-fuhe.md").unlink()
    result = run("jixiao", "--root", str(root), "pdf", ID, "-o", str(tmp_path / "r.pdf"))
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "r.pdf")
    appended = text[text.rindex("复核差异表") :]
    assert "评分标准1.341.33-0.01" in appended and "立项依据充分性›评分标准①" in appended
    assert text.index("附件2") < text.rindex("复核差异表") < text.rindex("发布与更新记录")


def test_an_evaluation_without_reported_scores_has_no_review_table_download(site: Path) -> None:
    assert not (site / "shuili-2023" / "data" / "review-differences.csv").exists()
    assert (site / "shuili-2023" / "data" / "table-3.csv").is_file()


# -- 2. several years --------------------------------------------------------------------------------
def test_years_covered_show_on_cover_overview_titles_and_nav(site: Path, pdf: str) -> None:
    overview = rows(DUONIAN, "概要表")
    assert overview[0][4:] == ["开展评价年度", "2021—2024年", "2021—2024年"]
    landing = (site / ID / "index.html").read_text(encoding="utf-8")
    assert "示例省水利厅 2021—2024 年项目支出" in landing  # the section title in the navigation
    assert "评价年度：2021—2024 年" in landing  # {{ meta.year_label }}
    assert compact("示例省水利厅 2021—2024 年项目支出绩效评价指标体系及评分表") in pdf
    assert pdf.startswith(compact("示例省2021—2024年农村饮水安全巩固提升项目绩效评价报告"))
    meta = pypdf.PdfReader(site / ID / f"{ID}.pdf").metadata
    assert meta is not None and "2021, 2022, 2023, 2024" in str(meta["/Keywords"])


def test_catalogue_row_carries_every_year_covered(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<tr data-year="2021 2022 2023 2024" data-type="项目支出" data-grade="中"[^>]*>', home)
    assert '<td data-label="年度" class="jx-num">2021—2024</td>' in home
    # newest last year first: 2021—2024 before 2023
    listed = home[home.index('class="jx-list"') :]
    assert listed.index('href="yinshui-2021-2024/"') < listed.index('href="shuili-2023/"')


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(("year", "shown"), [("2022", ["yinshui-2021-2024/"]), ("2023", ["yinshui-2021-2024/", "shuili-2023/"])])
def test_catalogue_year_filter_matches_any_year_covered(browser, served: str, year: str, shown: list[str]) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(served + "/")
    choices = page.locator('select[name="year"] option').all_inner_texts()
    assert choices == ["全部", "2024", "2023", "2022", "2021"]
    page.locator('select[name="year"]').select_option(year)
    rows = page.locator(".jx-list tbody tr").all()
    visible = [row.locator('[data-label="报告"] a').get_attribute("href") for row in rows if row.is_visible()]
    assert visible == shown
    assert page.locator(".jx-count").inner_text() == f"显示 {len(shown)} / 2 份"
    ctx.close()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "years: 2021-2024",
            "years: 2021-2024\nyear: 2024",
            f"{EVAL}:7: year: year 与 years 都写了（一年的评价写 year: 2022；多年的写 years: 2021-2024 或逐年列出）",
        ),
        ("years: 2021-2024\n", "", f"{EVAL}:4: year: 缺少被评价的年度（一年的评价写 year: 2022；多年的写 years: 2021-2024 或逐年列出）"),
        (
            "years: 2021-2024",
            "years: [2023, 2021]",
            f"{EVAL}:6: years: years [2023, 2021] 应为从早到晚、不重复的年度（如 years: [2021, 2022, 2023, 2024] 或 years: 2021-2024）",
        ),
    ],
)
def test_year_or_years_problems_are_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    root = project(tmp_path / "p")
    edit(root, "evaluation.yaml", old, new)
    assert findings(root) == [expected]


def test_years_listed_one_by_one_that_leave_a_gap(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    edit(root, "evaluation.yaml", "years: 2021-2024", "years: [2021, 2023]")
    assert rows(root, "概要表")[0][5] == "2021、2023年"


# -- 3. facts the source does not give ------------------------------------------------------------
def test_no_report_number_and_month_dates_are_printed_as_the_report_has_them(site: Path, pdf: str) -> None:
    cover = pdf[: pdf.index("概要表")]
    assert "报告编号" not in cover
    assert "项目评价起止时间：2025年3月至2025年4月" in cover
    assert "评价报告出具时间：2025年5月评价分值" in cover  # no invented day after 5月
    meta = pypdf.PdfReader(site / ID / f"{ID}.pdf").metadata
    assert meta is not None and meta["/CreationDate"] == "D:202505"
    data = json.loads((site / ID / "data" / f"{ID}.json").read_text(encoding="utf-8"))
    assert (data["issued"], data["period"], "report_number" in data) == ("2025-05", {"start": "2025-03", "end": "2025-04"}, False)


def test_a_month_that_does_not_exist_is_named(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    edit(root, "evaluation.yaml", "issued: 2025-05", "issued: 2025-13")
    result = run("jixiao", "--root", str(root), "check", ID)
    assert (
        f"{EVAL}:11: issued: '2025-13' 不是有效日期（写成存在的日期 YYYY-MM-DD，如 2024-05-20；报告只写到月份时写 YYYY-MM，如 2025-05）"
        in result.stderr
    )


# -- 4. the commissioner's level -------------------------------------------------------------------
def labels(root: Path, eval_id: str) -> tuple[str, str]:
    overview = TableBuilder(sheet(root, eval_id)).overview().rows
    return overview[1][2].text, overview[2][0].text


def test_overview_labels_follow_the_level_of_the_commissioner(tmp_path: Path) -> None:
    assert labels(DUONIAN, ID) == ("省财政厅资金管理处室", "省级预算部门(单位)")  # 示例省财政厅
    assert labels(ROOT, REFERENCE) == ("市财政局资金管理科室", "市级预算部门(单位)")  # 泸水市财政局, as the report prints
    assert labels(DATA / "xiangmu", "shuili-2023") == ("县财政局资金管理股室", "县级预算部门(单位)")  # 示例县财政局
    root = project(tmp_path / "p")
    edit(root, "evaluation.yaml", "commissioner: 示例省财政厅", "commissioner: 示例评估委托中心")
    assert labels(root, ID) == ("财政部门资金管理科室", "预算部门(单位)")  # level unknown: no level is claimed
    edit(root, "evaluation.yaml", "commissioner: 示例评估委托中心", "commissioner: 示例评估委托中心\nlevel: 州")
    assert labels(root, ID) == ("州财政局资金管理科室", "州级预算部门(单位)")


# -- 5. several groups of respondents ----------------------------------------------------------------
def test_appendix2_shows_each_group_with_its_own_valid_count() -> None:
    grid = rows(DUONIAN, "附件2")
    assert grid[0] == ["受益农户问卷（发放110份，有效问卷108份）"] * 4
    assert grid[1] == ["1、您对供水水质是否满意？", "A. 非常满意", "60", "55.56%"]  # 60 / 108
    assert grid[6] == ["2、您对供水稳定性是否满意？（回答100份）", "A. 非常满意", "50", "46.30%"]  # 50 / 108; 8 skipped it
    assert grid[11] == ["社会公众问卷（发放1,400份，有效问卷1,330份）"] * 4
    assert grid[12] == ["3、您对农村饮水安全工作总体是否满意？", "A. 满意", "1,000", "75.19%"]  # 1,000 / 1,330
    assert grid[15:] == [
        ["受益农户满意度：第1、2题合计满意度", "回答总数", "208", "-"],
        ["受益农户满意度：第1、2题合计满意度", "有效问卷数", "108", "-"],
        ["受益农户满意度：第1、2题合计满意度", "满意度（加权）", "-", "81.01%"],  # 16,850 / 20,800
    ]
    table = TableBuilder(sheet(DUONIAN, ID)).get("附件2")
    assert table.note == "受益农户：问卷发放数：110；有效问卷数：108。社会公众：问卷发放数：1,400；有效问卷数：1,330"


def test_overview_counts_every_group() -> None:
    last = rows(DUONIAN, "概要表")[-1]
    assert last[:6] == ["有效问卷数", "受益农户问卷108份、社会公众问卷1,330份", "达到满意以上份数", "1,000份", "占比(%)", "75.19%"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "{key: A, text: 非常满意, count: 60}",
            "{key: A, text: 非常满意, count: 109}",
            f"scores/{ID}/survey.yaml:11: A1 选项A: 份数 109 多于有效问卷数 108（改正份数；若是几道题合计的份数，写 pooled: 题数）",
        ),
        (
            "    group: 公众\n",
            "    group: 群众\n",
            f"scores/{ID}/survey.yaml:25: B1: 题目没有所属的调查对象组（group: 群众）（写 group，可用：农户、公众）",
        ),
        (
            "{id: 农户, audience: 受益农户, distributed: 110, valid: 108}",
            "{id: 农户, audience: 受益农户, distributed: 100, valid: 108}",
            f"scores/{ID}/survey.yaml:3: 调查对象 农户: 有效问卷数 108 多于发放数 100（改正有效问卷数或发放数）",
        ),
    ],
)
def test_survey_group_problems_are_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    root = project(tmp_path / "p")
    edit(root, "survey.yaml", old, new)
    assert expected in findings(root)


def test_graded_questions_of_different_groups_are_not_added_up(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    edit(root, "evaluation.yaml", "questions: [A1, A2]", "questions: [A1, B1]")
    assert findings(root) == [
        f"{EVAL}:92: 效益 › 满意度 › 受益农户满意度 › 评分标准①: 题目 A1、B1 属于不同的调查对象组（只合计同一组调查对象的题目）"
    ]


# -- 6. rule edges in the fixture (each rule's edges: tests/test_rules.py) ------------------------------
def test_rule_edges_show_their_working(scored: dict) -> None:
    working = {i["name"]: i["criteria"][0]["working"] for i in scored["indicators"] if i["level"] == 3}
    assert working["立项依据充分性"] == "要点得分比例 1 / 1 / 0"
    assert working["预算执行率"] == "95.00%，每低 1.00% 扣 0.75 分，80.00%→0"  # the zero point derived, not typed
    assert working["改造工程完成率"] == (
        "2021年 偏离度 10.00%（9 对 10）；2022年 计划为 0，不适用（不计此要点，分值由其余要点分摊）；"
        "2023年 偏离度 0.00%（20 对 20）；2024年 偏离度 0.00%（15 对 15）"
    )
    assert working["受益农户满意度"] == "满意度 81.01%（回答总数 208） × 15"


# -- 7. 评价意见 ---------------------------------------------------------------------------------------
OPINIONS = {
    "立项依据充分性": "符合发展规划：达到；与部门职责相符：达到；与其他项目不重复：未达到，与县级供水项目部分重复",
    "立项程序规范性": "发现问题2项，扣2.00分：①2022年度实施方案未经集体决策；②2023年度项目未按规定公示",
    "绩效目标合理性": "部分达成：2024年目标未细化",
    "资金使用合规性": "部分县市挪用资金用于日常办公",
}


def test_appendix1_and_tables_4_to_7_print_each_criterions_finding(pdf: str) -> None:
    table = TableBuilder(sheet(DUONIAN, ID)).get("附件1")
    assert table.columns[-2:] == ["评价意见", "得分"]
    found = {row[2]: row[-2] for row in table.grid()[:-1]}
    assert {name: found[name] for name in OPINIONS} == OPINIONS
    table4 = TableBuilder(sheet(DUONIAN, ID)).get("表4")
    assert table4.columns == ["二级指标", "三级指标", "分值", "得分", "评分依据", "评价意见"]
    assert [row[5] for row in table4.grid()[:-1]] == [OPINIONS["立项依据充分性"], OPINIONS["立项程序规范性"], OPINIONS["绩效目标合理性"]]
    for text in OPINIONS.values():
        assert pdf.count(compact(text)) == 2  # in 表4–5 and in 附件1


def test_the_reference_prints_no_finding_column_it_never_had() -> None:
    assert TableBuilder(sheet(ROOT, REFERENCE)).get("附件1").columns[-2:] == ["评价依据", "得分"]
