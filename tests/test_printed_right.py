"""What a real report prints, printed right (issue 20), on a 2021–2024 省级 项目支出 report entered from the README.

``tests/data/shengji`` is shaped like that report: amounts in 万元 as the report writes them (7455, 1669.7),
a share derived by formula in %, two groups of respondents given only as totals over all their questions
(108 questionnaires × 4 questions = 432 answers; 1,330 × 7 = 9,310), bands worded “每低1%扣…”, a formula
over two rates, and the report's own total 65.00 that the recomputation puts at 64.99. Worked by hand:

- 资金总额        7,455 + 1,669.7 + 4,410 = 13,534.70 万元
- 养护完成比例    813 / 2,000 = 0.4065 → 40.65 %  (rounded first, it printed 0.41 % and 41.00 %)
- 资金到位率      12,858 / 13,534.7 = 0.950002… → 95.00 %;  5 × 0.950002 = 4.75
- 预算执行率      11,679.4 / 12,858 = 0.908337… → 90.83 %;  10 − 9.166 steps × 0.25 = 7.708 → 7.71
- 资金使用合规性  10 − 2 × 3 = 4.00
- 养护任务完成率  15 × 40.65 / 100 = 6.0975 → 6.10
- 资金使用效率    15 × (0.950002 + 0.908337) / 2 = 13.9375 → 13.94
- 受益群众满意度  (360 × 100 + 50 × 75 + 9 × 50) / (432 × 100) = 40,200 / 43,200 = 93.0556 % → 93.06 %;
                  95 % − 93.0556 % = 1.944 steps × 0.50 (5 % of 10) = 0.972 → 9.03
- 社会公众满意度  (7,800 × 100 + 900 × 75 + 100 × 50 + 4 × 25) / (9,310 × 100) = 852,600 / 931,000 = 91.5789 % → 91.58 %;
                  3.421 steps × 0.20 = 0.684 → 9.32 (the report printed 9.33)
- 通行条件改善    10 × 514 / 1,000 = 5.14
- 决策 5.00, 过程 16.46, 产出 20.04, 效益 23.49 (report 23.50): total 64.99 (report 65.00), 中 (60 ≤ x < 80)
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

import pytest
from conftest import DATA, ROOT, copy_project, git, run

from jixiao.build.evaluation import evaluation_binder
from jixiao.config import Options
from jixiao.errors import DataError
from jixiao.presentation.record import record_markdown
from jixiao.presentation.tables import TableBuilder
from jixiao.scoring.from_folder import sheet

SHENGJI = DATA / "shengji"
ID = "gonglu-2021-2024"
EVAL = f"scores/{ID}/evaluation.yaml"


def project(dest: Path) -> Path:
    """A throw-away copy of the fixture (assets copied, hooks pointed at this checkout), to change or build."""
    shutil.copytree(SHENGJI, dest, symlinks=False)
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../hooks/", f"{ROOT.as_posix()}/hooks/"), encoding="utf-8")
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


def render(root: Path, text: str, eval_id: str = ID) -> str:
    """``text`` bound as the build binds a page of ``eval_id``."""
    return evaluation_binder(f"{eval_id}/index.md", sheet(root, eval_id), Options()).render(text, "page.md")


def grid(root: Path, key: str) -> list[list[str]]:
    return TableBuilder(sheet(root, ID)).get(key).grid()


def text_of(html: str) -> str:
    """A page's article as a reader reads it: tags dropped, white space collapsed."""
    body = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&amp;", "&")


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built with ``mkdocs build --strict``, PDFs included."""
    root = project(tmp_path_factory.mktemp("shengji") / "p")
    out = root / "site"
    result = run("mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    return out


@pytest.fixture(scope="module")
def scored() -> dict:
    result = run("jixiao", "--root", str(SHENGJI), "score", ID, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_score_is_the_one_worked_out_by_hand(scored: dict) -> None:
    got = {i["name"]: i["score"] for i in scored["indicators"] if i["level"] != 2}
    assert got == {
        "决策": "5.00", "立项依据充分性": "2.00", "绩效目标合理性": "3.00",
        "过程": "16.46", "资金到位率": "4.75", "预算执行率": "7.71", "资金使用合规性": "4.00",
        "产出": "20.04", "养护任务完成率": "6.10", "资金使用效率": "13.94",
        "效益": "23.49", "受益群众满意度": "9.03", "社会公众满意度": "9.32", "通行条件改善": "5.14",
    }  # fmt: skip
    assert (scored["total"], scored["grade"]) == ("64.99", "中")
    assert scored["signed"] == {"total": "65.00", "grade": "中"}
    assert scored["rates"] == {"资金到位率": "95.00", "预算执行率": "90.83"}


# -- 1. a percentage is scaled before it is rounded ------------------------------------------------
def test_a_percentage_derived_by_formula_prints_40_65_in_every_form() -> None:
    assert render(SHENGJI, '{{ fact("养护完成比例", unit=True) }}') == "40.65%"  # was 0.41%
    assert render(SHENGJI, '{{ fact("养护完成比例") | pct }}') == "40.65%"  # was 41.00%
    assert render(SHENGJI, '{{ fact("养护完成比例") }}') == "40.65"
    assert render(SHENGJI, '{{ calc("完成养护里程 / 计划养护里程", "rate") }}') == "40.65%"


def test_a_percentage_prints_40_65_in_prose_and_in_a_table(site: Path) -> None:
    html = (site / ID / "01-zhaiyao" / "index.html").read_text(encoding="utf-8")
    assert "完成养护里程 813公里，占计划的 40.65%（40.65%）。" in text_of(html)
    row = re.search(r"<tr>\s*<td>养护里程</td>(.*?)</tr>", html, re.S)
    assert row is not None
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1)) == ["2000公里", "813公里", "40.65%"]


def test_a_written_percentage_is_not_scaled_again(tmp_path: Path) -> None:
    # a form writes 100 for 100%: | pct keeps it (it printed 10000.00% before)
    project = tmp_path / "shengji"
    shutil.copytree(SHENGJI, project, ignore=shutil.ignore_patterns(".cache"))
    facts = project / "scores" / ID / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + '路面完好率: {value: 100, unit: "%", label: 路面完好率, source: 检测报告}\n', encoding="utf-8")
    assert render(project, '{{ fact("路面完好率", unit=True) }}') == "100%"
    assert render(project, '{{ fact("路面完好率") | pct }}') == "100.00%"


TYPED = """\
# 手写的报告

养护完成比例为41.00%。

养护完成比例为0.41%。

| 指标 | 完成比例 |
| --- | --- |
| 养护完成比例 | 41.00% |

养护完成比例为40.65%。

养护完成比例为41%。

本次评价综合得分为65.00分。

本次评价综合得分为66.00分。
"""


def test_the_check_compares_a_typed_percentage_at_its_printed_precision(tmp_path: Path) -> None:
    typed = tmp_path / "typed.md"
    typed.write_text(TYPED, encoding="utf-8")
    result = run("jixiao", "--root", str(SHENGJI), "check", ID, "--narrative", str(typed))
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if "养护完成比例" in line]
    where = typed.as_posix()
    fix = '（改为 {{ fact("养护完成比例", unit=True) }}）'
    assert problems == [
        f"{where}:3: 养护完成比例: “养护完成比例” 41.00% 与数据计算值 40.65% 不符{fix}",
        f"{where}:5: 养护完成比例: “养护完成比例” 0.41% 与数据计算值 40.65% 不符{fix}",
        f"{where}:9: 养护完成比例: “养护完成比例” 41.00% 与数据计算值 40.65% 不符{fix}",
    ]  # 40.65% and 41% (compared as a whole number) agree
    # the total as the report printed it (65.00) is the report's own; 66.00 is neither it nor the recomputed 64.99
    assert [line for line in result.stderr.splitlines() if "得分" in line or "总分" in line] == [
        f"{where}:17: 总分: 总分 66.00 与数据计算值 64.99 不符（改为 {{{{ total() }}}}）"
    ]


def test_the_check_compares_what_a_binding_prints_too(tmp_path: Path) -> None:
    # a figure the page does not type but prints wrong (a filter that scales twice, or not at all) is an error
    root = project(tmp_path / "p")
    page = root / "content" / ID / "06-wrong.md"
    page.write_text(
        "# 错误的绑定\n\n"
        '资金到位率 {{ rate("资金到位率") | num }}%。\n\n'  # 0.95%: a ratio printed as a number
        '养护完成比例为{{ fact("养护完成比例").value | pct }}。\n\n'  # 4065.00%: points scaled again
        '资金到位率 {{ rate("资金到位率") }}，养护完成比例为{{ fact("养护完成比例", unit=True) }}。\n',  # right
        encoding="utf-8",
    )
    result = run("jixiao", "--root", str(root), "check", ID)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "06-wrong.md" in line]
    where = f"content/{ID}/06-wrong.md"
    assert [line.split("（这个数字由绑定印出")[0] for line in lines] == [
        f"{where}:3: 资金到位率: 绑定印出的资金到位率 0.95% 与数据计算值 95.00% 不符",
        f"{where}:5: 养护完成比例: 绑定印出的“养护完成比例” 4065.00% 与数据计算值 40.65% 不符",
    ]


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        (
            "完成养护里程 / 计划养护里程 * 100",
            "公式“完成养护里程 / 计划养护里程 * 100”乘了 100：比例由引擎换算成百分数"
            "（去掉“* 100”，写成比例（如 实际支出 / 到位资金），显示为 40.65%）",
        ),
        (
            "实际支出 / 完成养护里程",
            "单位为 % 的事实的公式“实际支出 / 完成养护里程”算出的单位是 万元/公里，不是比例或百分数"
            "（写成两个同单位的数之比（元比元，万元比万元），或单位为 % 的事实的组合）",
        ),
        (
            "完成养护里程 / 计划养护里程 + 实际支出",
            "加减两边的单位不同：比例（无单位） 与 万元（只加减、比较同一单位的数（元与万元也要先换算））",
        ),
    ],
)
def test_a_percentage_whose_formula_is_not_a_ratio_is_named(tmp_path: Path, formula: str, message: str) -> None:
    root = project(tmp_path / "p")
    edit(root, "facts.yaml", "formula: 完成养护里程 / 计划养护里程", f"formula: {formula}")
    assert findings(root) == [f"scores/{ID}/facts.yaml:10: 养护完成比例: {message}"]


def test_a_percentage_of_percentages_stays_in_points(tmp_path: Path) -> None:
    # (40.65 + 50) / 2 = 45.325 points → 45.33%: facts in % average as points, not scaled by 100 again
    root = project(tmp_path / "p")
    extra = (
        '目标比例: {value: 50, unit: "%", label: 目标比例}\n'
        '平均比例: {formula: (养护完成比例 + 目标比例) / 2, unit: "%", label: 平均比例}\n'
    )
    facts = root / "scores" / ID / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert render(root, '{{ fact("平均比例", unit=True) }}') == "45.33%"


# -- 2. amounts print with the precision of their unit -------------------------------------------
def test_amounts_in_wan_print_two_decimals_in_prose_and_in_the_overview(site: Path) -> None:
    prose = text_of((site / ID / "01-zhaiyao" / "index.html").read_text(encoding="utf-8"))
    assert (
        "项目资金共计 13,534.70万元，其中中央车购税资金 7,455.00万元、省级财政资金 1,669.70万元、市县配套资金 4,410.00万元；"
        "到位资金 12,858.00万元，资金到位率 95.00%，预算执行率 90.83%。"
    ) in prose  # written 7455 and 1669.7; before, 7455万元 and 1669.7 beside 13,534.70
    overview = grid(SHENGJI, "概要表")
    assert overview[6][:2] == ["项目支出资金", "13,534.70"]
    assert overview[9] == ["资金情况", "13,534.70", "7,455.00", "1,669.70", "-", "4,410.00", "-"]  # 合计, 中央, 省级, 州(市), 县, 其他


# -- 3. deductions in one table with one precision ------------------------------------------------
def test_deductions_print_to_the_hundredth_in_every_row() -> None:
    opinions = {row[2]: row[-2] for row in grid(SHENGJI, "附件1")[:-1]}
    assert opinions["预算执行率"] == "90.83%，每低 1.00% 扣 0.25 分，60.00%→0"
    assert opinions["受益群众满意度"] == "满意度 93.06%（回答总数 432），每低 1.00% 扣 0.50 分，75.00%→0"
    assert opinions["社会公众满意度"] == "满意度 91.58%（回答总数 9,310），每低 1.00% 扣 0.20 分，45.00%→0"  # was 扣 0.2 分
    assert opinions["资金使用合规性"].startswith("发现问题3项，扣6.00分：①2022年部分县挤占养护资金用于办公楼维修")
    deducted = re.findall(r"扣 ?(\d+(?:\.\d+)?) ?分", " ".join(opinions.values()))
    assert deducted == ["0.25", "6.00", "0.50", "0.20"]


# -- 4. pooled survey counts -------------------------------------------------------------------------
def test_appendix2_prints_pooled_counts_with_their_shares_and_rates() -> None:
    rows = grid(SHENGJI, "附件2")
    first = "1、受益群众对农村公路养护的满意程度（4题合计，回答总数432）"
    second = "2、社会公众对农村公路养护的满意程度（7题合计，回答总数9,310）"
    assert rows[:7] == [
        ["受益群众问卷（发放110份，有效问卷108份）"] * 4,
        [first, "A. 非常满意", "360", "83.33%"],  # 360 / 432
        [first, "B. 满意", "50", "11.57%"],
        [first, "C. 一般", "9", "2.08%"],
        [first, "D. 不满意", "0", "0.00%"],
        [first, "E. 非常不满意", "13", "3.01%"],
        ["社会公众问卷（发放1,400份，有效问卷1,330份）"] * 4,
    ]
    assert rows[7] == [second, "A. 非常满意", "7,800", "83.78%"]  # 7,800 / 9,310
    assert rows[12:] == [
        ["受益群众满意度：第1题满意度（4题合计）", "回答总数", "432", "-"],
        ["受益群众满意度：第1题满意度（4题合计）", "有效问卷数", "108", "-"],
        ["受益群众满意度：第1题满意度（4题合计）", "满意度（加权）", "-", "93.06%"],
        ["社会公众满意度：第2题满意度（7题合计）", "回答总数", "9,310", "-"],
        ["社会公众满意度：第2题满意度（7题合计）", "有效问卷数", "1,330", "-"],
        ["社会公众满意度：第2题满意度（7题合计）", "满意度（加权）", "-", "91.58%"],
    ]


def test_pooled_counts_reach_the_page_the_pdf_and_the_open_data(site: Path) -> None:
    page = text_of((site / ID / "05-fujian2" / "index.html").read_text(encoding="utf-8"))
    assert "1、受益群众对农村公路养护的满意程度（4题合计，回答总数432） A. 非常满意 360 83.33%" in page
    pdf = re.sub(r"\s+", "", pdf_text(site / ID / f"{ID}.pdf"))
    # a label that wraps is read after the figures beside it: look for its lines and the figures apart
    assert "1、受益群众对农村公路养护的满意程度（4题" in pdf and "合计，回答总数432）" in pdf
    assert "回答总数432-有效问卷数108--93.06%" in pdf and "回答总数9,310-有效问卷数1,330--91.58%" in pdf
    data = json.loads((site / ID / "data" / f"{ID}.json").read_text(encoding="utf-8"))
    question = data["survey"]["questions"][0]
    assert (question["pooled"], question["options"][0]["share_percent"]) == (4, "83.33")
    overview = grid(SHENGJI, "概要表")[-1]
    assert overview[:6] == ["有效问卷数", "受益群众问卷108份、社会公众问卷1,330份", "达到满意以上份数", "7,800人次", "占比(%)", "83.78%"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (  # the counts of 4 questions entered as if they were one: the error says what to write
            "    pooled: 4\n",
            "",
            f"scores/{ID}/survey.yaml:8: A: 单选题各选项份数之和 432 多于有效问卷数 108"
            "（改正份数；多选题把题型改为 multiple；几道题合计的份数写 pooled: 题数）",
        ),
        (
            "{key: A, text: 非常满意, count: 360}",
            "{key: A, text: 非常满意, count: 430}",
            f"scores/{ID}/survey.yaml:8: A: 单选题各选项份数之和 502 多于 4 题 × 有效问卷数 108 = 432（改正份数）",
        ),
    ],
)
def test_pooled_count_problems_are_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    root = project(tmp_path / "p")
    edit(root, "survey.yaml", old, new)
    assert expected in findings(root)


# -- 5. graded_survey takes band's step and deduct -----------------------------------------------------
def test_graded_survey_deducts_per_step_as_band_does(scored: dict) -> None:
    working = {i["name"]: i["criteria"][0]["working"] for i in scored["indicators"] if i["level"] == 3}
    assert working["受益群众满意度"] == "满意度 93.06%（回答总数 432），每低 1.00% 扣 0.50 分，75.00%→0"  # 5% of 10
    assert working["社会公众满意度"] == "满意度 91.58%（回答总数 9,310），每低 1.00% 扣 0.20 分，45.00%→0"


# -- 6. formulas over rates; the opinion is a sentence, not the expression -----------------------------
FORMULA_OPINION = "15 × (95.00% + 90.83%) ÷ 2 = 13.94（资金到位率 95.00%，预算执行率 90.83%）"


def test_a_formula_opinion_reads_the_bound_values(site: Path) -> None:
    opinions = {row[2]: row[-2] for row in grid(SHENGJI, "附件1")[:-1]}
    assert opinions["资金使用效率"] == FORMULA_OPINION
    assert opinions["养护任务完成率"] == "15 × 40.65 ÷ 100 = 6.10（养护完成比例 40.65%）"
    assert not any("points" in text or "资金到位率 +" in text for text in opinions.values())
    table6 = {row[1]: row[5] for row in grid(SHENGJI, "表6")[:-1]}
    assert table6["资金使用效率"] == FORMULA_OPINION
    page = text_of((site / ID / "04-fujian1" / "index.html").read_text(encoding="utf-8"))
    assert FORMULA_OPINION in page and "points *" not in page


def test_a_formula_opinion_written_in_reason_is_printed_instead(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    edit(
        root,
        "evaluation.yaml",
        'expr: "points * (资金到位率 + 预算执行率) / 2"}',
        'expr: "points * (资金到位率 + 预算执行率) / 2", reason: "到位率{{ rate(\\"资金到位率\\") }}，执行率偏低"}',
    )
    opinions = {row[2]: row[-2] for row in grid(root, "附件1")[:-1]}
    assert opinions["资金使用效率"] == "到位率95.00%，执行率偏低"


def test_a_name_that_is_both_a_fact_and_a_rate_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    facts = root / "scores" / ID / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "资金到位率: {value: 1, unit: 个, label: 同名的事实}\n", encoding="utf-8")
    assert findings(root) == [
        f"{EVAL}:76: 产出 › 产出数量 › 资金使用效率 › 评分标准①: “资金到位率”既是事实又是比率，公式中无法区分（把其中一个改名）"
    ]


# -- 7. the signed score ----------------------------------------------------------------------------------
def test_the_overview_shows_the_printed_score_with_the_recomputed_one_linked(site: Path) -> None:
    html = (site / ID / "01-zhaiyao" / "index.html").read_text(encoding="utf-8")
    cell = re.search(r'<th scope="row">评价分值</th><td class="jx-num">(.*?)</td>', html)
    assert cell is not None
    assert cell.group(1) == (
        '65.00<a class="jx-review" href="../03-fuhe/#review-differences" title="报告所印得分与按评分标准复核的得分不同，见复核差异表">'
        "（复核 64.99）</a>"
    )
    target = (site / ID / "03-fuhe" / "index.html").read_text(encoding="utf-8")
    assert 'id="review-differences"' in target
    assert grid(SHENGJI, "概要表")[5][2:4] == ["评价分值", "65.00（复核 64.99）"]  # the CSV says it too


def test_the_cover_shows_the_printed_score_and_says_where_the_recomputed_one_is(site: Path) -> None:
    text = pdf_text(site / ID / f"{ID}.pdf", layout=True)
    cover = text[: text.index("\f")]
    assert re.search(r"评价分值：65\.00（复核 64\.99）\s+评价等级：中", cover)
    assert "报告所印总分为 65.00 分；按评分标准复核为 64.99 分，见复核差异表。" in cover
    assert "项目评价起止时间：2025 年 3 月至 2025 年 5 月" in cover  # a space on each side of 至's dates
    overview = text.split("\f")[1]  # the 概要表 page: the recomputed score on a line under the printed one
    assert re.search(r"\n\s*65\.00\n.*\n\s*（复核 64\.99）\n", overview) and "评价等级" in overview


def test_every_date_is_spaced_the_same_way() -> None:
    ev = sheet(SHENGJI, ID).evaluation
    assert render(SHENGJI, "{{ meta.period | date }}；{{ meta.issued | date }}") == "2025 年 3 月至 2025 年 5 月；2025 年 6 月"
    assert record_markdown(ev).startswith("**首次发布**：2025 年 7 月 1 日　**最后更新**：2025 年 7 月 1 日")  # was 2025年7月1日


def test_the_cover_link_leads_to_the_review_table(site: Path) -> None:
    import pypdf

    reader = pypdf.PdfReader(site / ID / f"{ID}.pdf")
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert [a["/Dest"] for a in links] == ["review-differences", "review-differences"]  # （复核 64.99） and 复核差异表
    page = reader.get_destination_page_number(reader.named_destinations["review-differences"])
    assert "复核差异表（填报得分与复核得分不一致之处）" in re.sub(r"\s+", "", reader.pages[page].extract_text())


def test_the_catalogue_lists_the_printed_score_and_links_the_recomputed_one(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<tr data-year="2021 2022 2023 2024" data-type="项目支出" data-grade="中"[^>]*data-score="65.00"', home)
    assert ('<td data-label="得分" class="jx-num">65.00<a class="jx-review" href="gonglu-2021-2024/03-fuhe/#review-differences"') in home
    index = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    row = dict(zip(index["fields"], index["rows"][0], strict=True))
    assert (row["score"], row["grade"], row["recomputed"], row["review"]) == (
        "65.00",
        "中",
        "64.99",
        "gonglu-2021-2024/03-fuhe/#review-differences",
    )


def test_without_a_page_for_the_review_table_the_check_warns(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    (root / "content" / ID / "03-fuhe.md").unlink()
    result = run("jixiao", "--root", str(root), "check", ID)
    assert (
        f"{EVAL}:18: 复核差异: 报告所印总分 65.00 与复核总分 64.99 不同，但没有页面列出复核差异表"
        '（在评价的一个页面（如“复核”一章）写 {{ table("复核差异") }}：封面、概要表和目录中的复核得分链接到它） [warning]'
    ) in result.stdout + result.stderr


def test_a_printed_grade_that_differs_is_shown_with_the_recomputed_one(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    edit(root, "evaluation.yaml", "reported_total: 65.00", "reported_total: 80.00")  # 良, recomputed 64.99 中
    overview = grid(root, "概要表")[5]
    assert overview[2:] == ["评价分值", "80.00（复核 64.99）", "评价等级", "良（复核 中）", "良（复核 中）"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture with a second evaluation (xiangmu's shuili-2023, 83.66) and the printed total raised to
    90.00 (recomputed 64.99): sorted by the printed score it comes first, by the recomputed one it would not.
    Built without PDFs and served."""
    root = project(tmp_path_factory.mktemp("two") / "p")
    edit(root, "evaluation.yaml", "reported_total: 65.00", "reported_total: 90.00")
    shutil.copytree(DATA / "xiangmu" / "scores" / "shuili-2023", root / "scores" / "shuili-2023")
    shutil.copytree(DATA / "xiangmu" / "content" / "shuili-2023", root / "content" / "shuili-2023")
    consents = "publication:\n  - {party: 委托方, by: 示例县财政局, date: 2024-05-01}\n  - {party: 同级财政部门, by: 示例县财政局, date: 2024-05-01}\n"
    path = root / "scores" / "shuili-2023" / "evaluation.yaml"
    path.write_text(path.read_text(encoding="utf-8") + consents, encoding="utf-8")
    out = root / "site"
    result = run("mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(out), env={"JIXIAO_PDF": "0"})
    assert result.returncode == 0, result.stderr[-4000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_home_page_sorts_by_the_printed_score_and_links_the_recomputed_one(browser, two: str, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.goto(two + "/")
    page.locator('select[name="sort"]').select_option("score-desc")
    rows = page.locator(".jx-list tbody tr")
    scores = [re.sub(r"\s+", "", rows.nth(i).locator('[data-label="得分"]').inner_text()) for i in range(rows.count())]
    assert scores == ["90.00（复核64.99）", "83.66"]  # 90.00 printed first, though 64.99 < 83.66
    page.locator(".jx-list tbody tr").first.locator("a.jx-review").click()
    page.wait_for_load_state()
    assert page.url.endswith("/gonglu-2021-2024/03-fuhe/#review-differences")
    assert page.locator("#review-differences caption").inner_text() == "复核差异表（填报得分与复核得分不一致之处）"
    ctx.close()


# -- 8. new --years, diff of an added evaluation -------------------------------------------------------
def test_new_takes_a_range_of_years(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    copy_project(root)
    made = run("jixiao", "new", "gonglu-2021-2024", "--years", "2021-2024", cwd=root)
    assert made.returncode == 0, made.stderr
    assert "\nyears: 2021-2024\n" in (root / "scores" / "gonglu-2021-2024" / "evaluation.yaml").read_text(encoding="utf-8")
    checked = run("jixiao", "check", "gonglu-2021-2024", cwd=root)
    assert checked.returncode == 0, checked.stderr
    data = json.loads(run("jixiao", "score", "gonglu-2021-2024", "--json", cwd=root, check=True).stdout)
    assert data["title"] == "（待填写：被评价单位）2021—2024年项目支出绩效评价报告"
    # a range given to --year is taken as the years it spans, not refused as "not a valid integer"
    assert run("jixiao", "new", "other-2021-2024", "--year", "2021-2024", cwd=root).returncode == 0
    both = run("jixiao", "new", "x-2024", "--year", "2024", "--years", "2021-2024", cwd=root)
    assert both.returncode == 1
    assert "jixiao new: --year 与 --years 只写一个（一年写 --year 2024；多年写 --years 2021-2024）" in both.stderr


def test_diff_lists_the_review_differences_of_an_added_evaluation(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    copy_project(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "published edition")
    shutil.copytree(SHENGJI / "scores" / ID, root / "scores" / ID)
    shutil.copytree(SHENGJI / "content" / ID, root / "content" / ID, ignore=shutil.ignore_patterns("assets"))
    result = run("jixiao", "diff", "HEAD", cwd=root)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "新增的评价。" in out and "**总分** 64.99　**等级** 中" in out
    section = out[out.index("**复核差异**（报告所印得分与复核得分不同）") :]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[:6] == [
        ["指标", "填报得分", "复核得分"],
        [f"总分（`{EVAL}:18`）", "65.00", "64.99"],
        [f"效益（`{EVAL}:79`）", "23.50", "23.49"],
        [f"效益 › 满意度（`{EVAL}:82`）", "18.36", "18.35"],
        [f"效益 › 满意度 › 社会公众满意度（`{EVAL}:90`）", "9.33", "9.32"],
        [f"效益 › 满意度 › 社会公众满意度 › 评分标准①（`{EVAL}:92`）", "9.33", "9.32"],
    ]
