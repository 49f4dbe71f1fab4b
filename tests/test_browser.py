"""The built site in Debian's Chromium, served on 127.0.0.1: search (Pagefind), 附件1, catalogue, phones, privacy.

Scores expected here are the reference report's (附件1 and 表4–7), not our code's output.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from conftest import BIN, REFERENCE, ROOT

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
LANDING = f"/{REFERENCE}/"
APPENDIX1 = f"/{REFERENCE}/10-fujian1/"

#: the 附件1 table as a full grid (row/col spans expanded): list of rows of cell texts
GRID_JS = """
(selector) => {
  const body = document.querySelector(selector).tBodies[0];
  const grid = [];
  Array.from(body.rows).forEach((tr, r) => {
    grid[r] = grid[r] || [];
    let c = 0;
    Array.from(tr.cells).forEach((cell) => {
      while (grid[r][c] !== undefined) c++;
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        grid[r + dr] = grid[r + dr] || [];
        for (let dc = 0; dc < cell.colSpan; dc++) grid[r + dr][c + dc] = cell.innerText.trim();
      }
      c += cell.colSpan;
    });
  });
  return grid;
}
"""


@pytest.fixture
def context(browser) -> Iterator[object]:
    ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    yield ctx
    ctx.close()


def open_page(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def settled(page, items) -> None:
    """Wait until the search UI has drawn every result: the network is idle and the count stops changing."""
    count = -1
    for _ in range(40):
        page.wait_for_load_state("networkidle")
        now = items.count()
        if now == count:
            return
        count = now
        page.wait_for_timeout(250)


def search(page, query: str, year: str | None = None) -> list[tuple[str, str]]:
    """Go to the search page by the header's link, type a query (and tick a year); every result and section as (href, text)."""
    page.locator("header a.jx-search-link").click()
    page.wait_for_load_state("networkidle")
    box = page.locator("#jx-search input.pagefind-ui__search-input")
    box.fill(query)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10000)
    if year:
        tick = page.locator(f'#jx-search input[name="年度"][value="{year}"]')
        tick.check(force=True)
        assert tick.is_checked()
        page.wait_for_timeout(500)  # Pagefind runs the query again with the filter
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10000)
    links = page.locator(".pagefind-ui__result-link")
    settled(page, links)  # each result's page and sections are fetched, and drawn, after the list
    return [(links.nth(i).get_attribute("href") or "", links.nth(i).inner_text()) for i in range(links.count())]


def test_searching_yingji_wuzi_in_2022_lists_the_output_analysis(context, site_url: str) -> None:
    page = open_page(context, site_url + "/")
    results = search(page, "应急物资", year="2022")
    assert page.locator(".pagefind-ui__message").inner_text().startswith("找到")
    hrefs = [urlparse(h).path for h, _ in results]
    assert f"/{REFERENCE}/05-qingkuang-fenxi/" in hrefs, results
    # the result names its evaluation and page; the sections under it include the 产出 analysis
    titles = [t for h, t in results if urlparse(h).path == f"/{REFERENCE}/05-qingkuang-fenxi/" and not urlparse(h).fragment]
    assert titles and titles[0].startswith("泸水市应急管理局 2022 年部门整体支出 › "), titles
    sections = [t for h, t in results if urlparse(h).path == f"/{REFERENCE}/05-qingkuang-fenxi/" and urlparse(h).fragment]
    assert any("产出" in t for t in sections), sections


def test_a_reports_rubric_in_its_appendix_is_not_searched(context, site_url: str) -> None:
    """三定方案 is in the reference's 附件1 only in its rubric (a 评分标准 line), and in the body text of the
    report: the rubric cells are left out of the index, so the body pages are found and never 附件1, while
    附件1's own columns (evidence, scores) stay searchable."""
    page = open_page(context, site_url + "/")
    hrefs = [urlparse(h).path for h, _ in search(page, "三定方案")]
    assert hrefs and APPENDIX1 not in hrefs, hrefs
    evidence = [urlparse(h).path for h, _ in search(page, "明细账")]  # 附件1's 评价依据 column
    assert APPENDIX1 in evidence, evidence


def test_search_results_sort_by_score_and_keep_the_query(context, site_url: str) -> None:
    page = open_page(context, site_url + "/")
    before = search(page, "满意度")
    page.locator(".jx-search-sort select").select_option(label="按得分从高到低")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10000)
    assert page.locator("#jx-search input.pagefind-ui__search-input").input_value() == "满意度"
    page.wait_for_load_state("networkidle")
    after = page.locator(".pagefind-ui__result-link")
    # the 廊坊 自评表 (98.00, the sum of its printed rows) before the reference evaluation (90.34, as the report prints)
    printed = {"langfang-nuantong-2019": 98.00, REFERENCE: 90.34}
    found = {urlparse(h).path.split("/")[1] for h, _ in before}
    assert found == set(printed)
    ordered = [printed[urlparse(after.nth(i).get_attribute("href")).path.split("/")[1]] for i in range(after.count())]
    assert ordered[0] == 98.00 and ordered == sorted(ordered, reverse=True)


def test_searching_wenjuan_lists_appendix2(context, site_url: str) -> None:
    page = open_page(context, site_url + "/")
    hrefs = [urlparse(h).path for h, _ in search(page, "问卷")]
    assert f"/{REFERENCE}/11-fujian2/" in hrefs


def test_appendix1_has_39_level3_rows_with_the_reports_scores(context, site_url: str) -> None:
    page = open_page(context, site_url + APPENDIX1)
    grid = page.evaluate(GRID_JS, "#appendix-1 table")
    header = page.locator("#appendix-1 thead th").all_inner_texts()
    name_col, score_col = header.index("三级指标"), header.index("得分")
    totals: dict[str, float] = {}
    for row in grid:
        totals[row[name_col]] = totals.get(row[name_col], 0.0) + float(row[score_col])
    assert len(totals) == 39
    # 附件1 / 表4–7 of the report
    expected = {"重点支出安排率": 1.98, "预算调整率": 0.00, "应急物资管理": 3.00, "社会公众满意度": 3.96}
    assert {name: round(totals[name], 2) for name in expected} == expected
    footer = page.locator("#appendix-1 tfoot td.jx-num").all_inner_texts()
    assert footer == ["100.00", "90.34"]


def test_home_page_links_to_the_evaluation_and_its_pdf(context, site_url: str) -> None:
    page = open_page(context, site_url + "/")
    row = page.locator(f'tr[data-year="2022"]:has(a[href="{REFERENCE}/"])')
    assert row.count() == 1
    pdf = row.locator("a", has_text="PDF").get_attribute("href")
    response = page.request.get(f"{site_url}/{pdf}")
    assert response.ok and response.body()[:5] == b"%PDF-"
    row.locator("a", has_text="阅读报告").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == LANDING
    assert "泸水市应急管理局" in page.locator("h1").inner_text()


def test_catalogue_filters_work_and_the_list_needs_no_script(browser, site_url: str) -> None:
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = open_page(ctx, site_url + "/")
    assert page.locator(".jx-filters").count() == 0
    assert page.locator(".jx-list tbody tr").count() >= 1
    assert page.locator(f'.jx-list a[href="{REFERENCE}/"]').is_visible()
    ctx.close()

    ctx = browser.new_context(viewport=PHONE)
    page = open_page(ctx, site_url + "/")
    form = page.locator(".jx-filters")
    assert form.is_visible()
    rows = page.locator(".jx-list tbody tr")
    total = rows.count()
    form.locator('select[name="year"]').select_option("2022")
    form.locator('select[name="type"]').select_option("部门整体支出")
    form.locator('select[name="grade"]').select_option("优")
    assert page.locator(f'.jx-list tr:has(a[href="{REFERENCE}/"])').is_visible()
    shown = sum(1 for i in range(total) if rows.nth(i).is_visible())
    assert form.locator(".jx-count").inner_text() == f"显示 {shown} / {total} 份"
    ctx.close()


@pytest.mark.parametrize("path", ["/", LANDING, APPENDIX1, "/search/"])
def test_no_page_scrolls_sideways_on_a_phone(browser, site_url: str, path: str) -> None:
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = open_page(ctx, site_url + path)
    width, client = page.evaluate("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert width <= client, f"{path}: {width}px wide in a {client}px window"
    ctx.close()


def test_a_wide_table_scrolls_inside_its_box_on_a_phone(browser, site_url: str) -> None:
    ctx = browser.new_context(viewport=PHONE)
    page = open_page(ctx, site_url + APPENDIX1)
    box = page.locator("#appendix-1 .jx-scroll")
    scroll, client = box.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert scroll > client, "附件1 is wider than a phone and scrolls inside its box"
    assert box.evaluate("(el) => getComputedStyle(el).overflowX") == "auto"
    ctx.close()


def test_page_loads_request_nothing_outside_localhost(context, site_url: str) -> None:
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    for path in ("/", LANDING, APPENDIX1):
        page = open_page(context, site_url + path)
        page.close()
    page = open_page(context, site_url + "/")
    search(page, "问卷")  # loads Pagefind's script, its WebAssembly and the index fragments
    outside = [u for u in requested if urlparse(u).hostname not in ("127.0.0.1",) and not u.startswith(("data:", "blob:"))]
    assert requested and outside == []


# -- a corpus of many evaluations (bench/corpus.py), built without PDFs ------------------------------
#: how many evaluations the corpus has; the issue asks for 100 (``JIXIAO_BROWSER_CORPUS=100``), the suite uses fewer
CORPUS_COUNT = int(os.environ.get("JIXIAO_BROWSER_CORPUS", "30"))
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` served on 127.0.0.1 as a static server would, for the length of the block."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A corpus project built with ``mkdocs build --strict`` and ``JIXIAO_PDF=0``, served on localhost."""
    project = tmp_path_factory.mktemp("corpus") / "project"
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--count", str(CORPUS_COUNT), "--out", str(project)], check=True)
    built = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-q", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, "JIXIAO_PDF": "0"},
        timeout=1800,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    with serve(project / "site") as url:
        yield project, url


def corpus_grades(project: Path) -> dict[str, tuple[str, str]]:
    """Each evaluation's type (from its data) and grade (from ``jixiao score``), by id."""
    out = {}
    for folder in sorted((project / "scores").iterdir()):
        kind = yaml.safe_load((folder / "evaluation.yaml").read_text(encoding="utf-8"))["type"]
        scored = subprocess.run(
            [str(BIN / "jixiao"), "--root", str(project), "score", folder.name, "--json"], capture_output=True, text=True
        )
        out[folder.name] = (kind, json.loads(scored.stdout)["grade"])
    return out


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_corpus_catalogue_filters_every_evaluation_and_sorts_by_score(browser, corpus_site: tuple[Path, str], viewport: str) -> None:
    project, url = corpus_site
    expected = sorted(i for i, (kind, grade) in corpus_grades(project).items() if kind == "项目支出" and grade in ("良", "中"))
    ctx = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = open_page(ctx, url + "/")
    form = page.locator(".jx-filters")
    form.locator('select[name="type"]').select_option("项目支出")
    form.locator('select[name="sort"]').select_option("score-desc")
    found: list[str] = []
    for grade in ("良", "中"):
        form.locator('select[name="grade"]').select_option(grade)
        rows = page.locator(".jx-list tbody tr:visible")
        assert form.locator(".jx-count").inner_text() == f"显示 {rows.count()} / {CORPUS_COUNT} 份"
        assert set(rows.evaluate_all("(rs) => rs.map((r) => r.dataset.type + r.dataset.grade)")) <= {f"项目支出{grade}"}
        scores = rows.evaluate_all("(rs) => rs.map((r) => parseFloat(r.dataset.score))")
        assert scores == sorted(scores, reverse=True)
        found += [
            h.split("/")[0] for h in rows.locator("a", has_text="阅读报告").evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")
        ]
    assert sorted(found) == expected
    page.locator(".jx-list a", has_text="阅读报告").first.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path.strip("/") in expected
    ctx.close()


def test_corpus_catalogue_needs_no_script_per_year(browser, corpus_site: tuple[Path, str]) -> None:
    project, url = corpus_site
    years = {yaml.safe_load((f / "evaluation.yaml").read_text(encoding="utf-8"))["year"] for f in (project / "scores").iterdir()}
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = open_page(ctx, url + "/")
    assert page.locator(".jx-filters").count() == 0
    year = max(years)
    page.locator(".jx-facets a", has_text=str(year)).click()
    page.wait_for_load_state()
    wanted = sorted(
        f.name
        for f in (project / "scores").iterdir()
        if yaml.safe_load((f / "evaluation.yaml").read_text(encoding="utf-8"))["year"] == year
    )
    hrefs = page.locator(".jx-list a", has_text="阅读报告").evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")
    assert sorted(h.strip("/").split("/")[-1] for h in hrefs) == wanted
    ctx.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_corpus_pages_fit_the_window_and_stay_on_localhost(browser, corpus_site: tuple[Path, str], viewport: str) -> None:
    project, url = corpus_site
    ctx = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone", has_touch=viewport == "phone")
    requested: list[str] = []
    ctx.on("request", lambda request: requested.append(request.url))
    other = sorted(f.name for f in (project / "scores").iterdir() if f.name != REFERENCE)[0]
    for path in (
        "/",
        "/mulu/",
        "/mulu/bumen/",
        f"/{other}/",
        f"/{other}/08-fujian/" if other.startswith("xm") else f"/{other}/",
        APPENDIX1,
    ):
        page = open_page(ctx, url + path)
        width, client = page.evaluate("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
        assert width <= client, f"{path}: {width}px wide in a {client}px window"
        if path == f"/{other}/":  # the sidebar: this evaluation's pages, none of another's
            sidebar = page.locator("nav.md-nav--primary a").evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")
            assert not [h for h in sidebar if REFERENCE in h] and any(h.startswith("../") or h == ".." for h in sidebar)
        page.close()
    outside = [u for u in requested if urlparse(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))]
    assert requested and outside == []
    ctx.close()


def test_corpus_home_lists_50_at_a_time(browser, corpus_site: tuple[Path, str]) -> None:
    _, url = corpus_site
    ctx = browser.new_context(viewport=PHONE)
    page = open_page(ctx, url + "/")
    rows = page.locator(".jx-list tbody tr:visible")
    more = page.locator(".jx-more")
    assert rows.count() == min(50, CORPUS_COUNT)
    if CORPUS_COUNT <= 50:
        assert more.is_hidden()
    else:
        assert more.inner_text() == f"再显示 {min(50, CORPUS_COUNT - 50)} 份"
        more.click()
        assert rows.count() == min(100, CORPUS_COUNT)
    assert page.locator(".jx-count").inner_text() == f"显示 {CORPUS_COUNT} / {CORPUS_COUNT} 份"
    ctx.close()
