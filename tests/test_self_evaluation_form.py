"""A 自评表 publishes as the form itself: on its page, at a phone's width and a desk's, and in its PDF.

Expected figures are those the 廊坊 form prints (``scores/langfang-nuantong-2019/source.md``):
年度资金总额 43.2 / 43.2 / 37.24 万元, 分值 10, 得分 9; 工程资金金额 43.2 → 37.24, 得分 9; every
other row 100 → 100, 10 of 10; total 98.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

SECOND = "langfang-nuantong-2019"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

#: the form as a grid of cell texts (spans expanded), read from the page as a reader sees it
GRID_JS = """
(selector) => {
  const table = document.querySelector(selector);
  const rows = [...table.tBodies[0].rows, ...(table.tFoot ? table.tFoot.rows : [])];
  const grid = [];
  rows.forEach((tr, r) => {
    grid[r] = grid[r] || [];
    let c = 0;
    Array.from(tr.cells).forEach((cell) => {
      while (grid[r][c] !== undefined) c++;
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        grid[r + dr] = grid[r + dr] || [];
        for (let dc = 0; dc < cell.colSpan; dc++) grid[r + dr][c + dc] = cell.textContent.trim();
      }
      c += cell.colSpan;
    });
  });
  return grid;
}
"""


@pytest.fixture(scope="module")
def pdf(built_site: Path) -> Path:
    path = built_site / SECOND / f"{SECOND}.pdf"
    assert path.is_file()
    return path


def test_the_pdf_is_the_form_on_at_most_two_pages(pdf: Path) -> None:
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 2
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = re.sub(r"\s+", "", text)
    for heading in ("项目支出绩效自评表", "年度总体目标", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "总分", "自评等级：优"):
        assert heading in compact, heading
    assert "抽查" not in compact  # no 概要表 抽查 rows
    assert "委托单位名称" not in compact  # no third-party cover
    # 年度资金总额's row as printed, left to right: 43.2 43.2 37.24 10 86.20% 9.00
    assert re.search(r"年度资金总额\s+43\.2\s+43\.2\s+37\.24\s+10\s+86\.20%\s+9\.00", text)
    assert re.search(r"43\.2\s+37\.24\s+10\s+9\.00", text)  # 工程资金金额: 年度指标值, 实际完成值, 分值, 得分


def test_the_pdf_has_no_cover_and_no_table_of_contents(pdf: Path) -> None:
    first = PdfReader(pdf).pages[0].extract_text()
    assert "项目支出绩效自评表" in first and "年度资金总额" in first  # the form starts on page one
    assert "委托单位名称" not in first and "目　录" not in first and "概要表" not in first


def page_grid(page) -> list[list[str]]:
    return page.evaluate(GRID_JS, "#self-evaluation-form table")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_the_page_is_the_same_form_at_375_and_1280_px(browser, site_url: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_url}/{SECOND}/")
    width, client = page.evaluate("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert width <= client, f"the page scrolls sideways at {viewport['width']} px ({width} > {client})"
    form = page.locator("#self-evaluation-form table")
    box = form.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1
    grid = page_grid(page)
    assert ["年度资金总额", "43.2", "43.2", "37.24", "10", "86.20%", "9.00"] == grid[3][-7:]
    rows = {row[3]: row[4:8] for row in grid if len(row) > 8 and row[0] == "绩效指标"}
    assert rows["工程资金金额"] == ["43.2", "37.24", "10", "9.00"]
    assert rows["学生满意度"] == ["100", "100", "10", "10.00"]
    assert grid[-1][-4:-2] == ["100", "98.00"] and grid[-1][-1] == "自评等级：优"
    # what a reader sees: the form's parts and every column's heading — on a phone beside each value
    visible = page.locator("#self-evaluation-form").inner_text()
    for words in ("项目资金（万元）", "年度总体目标", "绩效指标", "工程资金金额", "已完工，剩余3%尾款未付", "自评等级：优"):
        assert words in visible
    reason = page.locator('#self-evaluation-form td[data-label="偏差原因分析及改进措施"]', has_text="已完工").first
    if viewport is PHONE:
        label = reason.evaluate("(el) => getComputedStyle(el, '::before').content")
        assert "偏差原因分析及改进措施" in label and reason.bounding_box()["width"] <= 375
    else:
        assert "偏差原因分析及改进措施" in visible  # the column heading
        assert reason.evaluate("(el) => getComputedStyle(el, '::before').content") in ("none", "normal")
    context.close()


def test_a_units_forms_of_every_year_are_linked_from_each_form(built_site: Path) -> None:
    """The form's page links its unit's page (mulu/danwei/…), which lists the unit's 自评表 with their years."""
    page = (built_site / SECOND / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="([^"]*mulu/danwei/[^"]+)">本单位各年度的自评表</a>', page)
    assert link, "the form's page links its unit's page"
    unit = (built_site / SECOND / link.group(1)).resolve() / "index.html"
    listing = unit.read_text(encoding="utf-8")
    assert "廊坊市食品工程学校 各年度自评表" in listing and "2019" in listing and "98.00" in listing
    assert f"../../../{SECOND}/" in listing  # back to the form


def test_two_years_of_one_unit_share_its_page() -> None:
    """Two forms of one unit (2022, 2023) land on one unit page, newest year first; another unit gets its own."""
    from jixiao.build.catalogue import Entry, pages, unit_page

    def form(eval_id: str, body: str, year: int) -> Entry:
        return Entry(
            eval_id, (year,), str(year), body, "自评", "示例县人民政府", body, f"{year + 1}-03-01", "95.00", "优", f"{eval_id}/", None
        )

    made = pages([form("a-2022", "示例县民政局", 2022), form("a-2023", "示例县民政局", 2023), form("b-2023", "示例县水利局", 2023)], True)
    page = made[unit_page("示例县民政局")]
    assert page.index("a-2023") < page.index("a-2022") and "b-2023" not in page
    assert "示例县民政局的自评表（2023、2022年度，共 2 份）" in page
    assert unit_page("示例县民政局") != unit_page("示例县水利局") and "b-2023" in made[unit_page("示例县水利局")]
