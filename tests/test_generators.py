"""The same site from MkDocs and from Zensical: ``jixiao render`` → the generator → ``jixiao finish``.

Both generators build the rendered project of a copy of this repository (as ``scripts/build
--generator …`` does) and each site is checked in Chromium. Expected figures are the reference
report's: total 90.34, grade 优, 一级 subtotals 10.98 / 20.50 / 27.00 / 31.86 (表3), 39 三级
indicators in 附件1.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import REFERENCE, _QuietHandler, copy_project, run
from test_browser import DESKTOP, GRID_JS, search

GENERATORS = ("mkdocs", "zensical")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project: its build cache is shared by both generators' builds."""
    return copy_project(tmp_path_factory.mktemp("project"))


def render(project: Path, generator: str) -> Path:
    """``jixiao render`` of the project for ``generator``: the rendered project's folder."""
    out = project / ".cache" / "render" / generator
    result = run("jixiao", "--root", str(project), "render", "--out", str(out), "--generator", generator, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module", params=GENERATORS)
def site(request: pytest.FixtureRequest, project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The site built by one generator and finished, served on localhost: (generator, URL)."""
    generator = request.param
    out = render(project, generator)
    site_dir = tmp_path_factory.mktemp(f"site-{generator}") / "site"
    if generator == "mkdocs":
        built = run("mkdocs", "build", "--strict", "-f", str(out / "mkdocs.yml"), "-d", str(site_dir), cwd=out)
    else:
        shutil.rmtree(out / "site", ignore_errors=True)
        built = run("zensical", "build", "--strict", "-f", str(out / "mkdocs.yml"), cwd=out)
        shutil.move(out / "site", site_dir)
    assert built.returncode == 0, built.stderr[-3000:]
    finished = run("jixiao", "--root", str(project), "finish", str(site_dir), "--generator", generator, cwd=project)
    assert finished.returncode == 0, finished.stderr[-3000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield generator, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser, site: tuple[str, str]) -> Iterator[object]:
    """A page of a fresh Chromium context; afterwards, no request may have left localhost and no script of ours failed."""
    ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    requested: list[str] = []
    ctx.on("request", lambda r: requested.append(r.url))
    tab = ctx.new_page()
    errors: list[str] = []
    # errors in our scripts and Pagefind's (the theme's inline version-banner script fails on any page not served by mike)
    tab.on("pageerror", lambda error: errors.append(error.stack) if re.search(r"/(assets|pagefind)/", error.stack or "") else None)
    yield tab
    outside = [u for u in requested if urlparse(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))]
    ctx.close()
    assert outside == [], f"{site[0]}: requests to another host"
    assert errors == [], f"{site[0]}: script errors"


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("generator", GENERATORS)
def test_the_rendered_project_has_no_binding_left_and_no_hooks(project: Path, generator: str) -> None:
    out = render(project, generator)
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "enabled: false" in config
    leftovers = [p.name for p in (out / "docs").rglob("*.md") if "{{" in p.read_text(encoding="utf-8")]
    assert leftovers == []


def test_landing_page_shows_the_total_grade_and_level1_subtotals(page, site: tuple[str, str]) -> None:
    _, url = site
    visit(page, f"{url}/{REFERENCE}/")
    facts = page.locator("article table").first
    assert facts.locator("tr", has_text="再评价分值").locator("td").last.inner_text() == "90.34"
    assert facts.locator("tr", has_text="再评价等级").locator("td").last.inner_text() == "优"
    chart = page.locator("figure.jx-chart").evaluate("(el) => el.textContent")
    for subtotal in ("投入：得分 10.98", "过程：得分 20.50", "产出：得分 27.00", "效益：得分 31.86"):
        assert subtotal in chart


def test_appendix1_has_the_39_level3_indicators(page, site: tuple[str, str]) -> None:
    _, url = site
    visit(page, f"{url}/{REFERENCE}/10-fujian1/")
    grid = page.evaluate(GRID_JS, "#appendix-1 table")
    header = page.locator("#appendix-1 thead th").all_inner_texts()
    names = {row[header.index("三级指标")] for row in grid}
    assert len(names) == 39
    assert page.locator("#appendix-1 tfoot td.jx-num").all_inner_texts() == ["100.00", "90.34"]


def test_catalogue_links_the_report_its_pdf_and_the_tables_download(page, site: tuple[str, str]) -> None:
    generator, url = site
    visit(page, f"{url}/")
    row = page.locator(f'.jx-list tr[data-year="2022"][data-grade="优"]:has(a[href="{REFERENCE}/"])')
    assert row.count() == 1, generator
    pdf = page.request.get(f"{url}/{row.locator('a', has_text='PDF').get_attribute('href')}")
    assert pdf.ok and pdf.body()[:5] == b"%PDF-"
    row.locator("a", has_text="阅读报告").click()
    page.wait_for_load_state("networkidle")
    assert page.request.get(urljoin(page.url, page.locator("p.jx-pdf a").get_attribute("href"))).body()[:5] == b"%PDF-"
    visit(page, f"{url}/{REFERENCE}/10-fujian1/")
    for fmt in ("CSV", "Excel"):
        href = page.locator("#appendix-1 a[download]", has_text=fmt).get_attribute("href")
        response = page.request.get(f"{url}/{REFERENCE}/10-fujian1/{href}")
        assert response.ok and len(response.body()) > 100, (generator, fmt)


def test_edit_links_open_the_source_in_content(page, site: tuple[str, str]) -> None:
    _, url = site
    visit(page, f"{url}/{REFERENCE}/05-qingkuang-fenxi/")
    edit = page.locator('a[href*="/edit/"]').first.get_attribute("href")
    assert edit.endswith(f"/edit/main/content/{REFERENCE}/05-qingkuang-fenxi.md")


def test_a_chinese_search_finds_yingji_wuzi_in_the_output_analysis(page, site: tuple[str, str]) -> None:
    generator, url = site
    visit(page, f"{url}/")
    results = search(page, "应急物资", year="2022")
    hrefs = {urlparse(h).path for h, _ in results}
    assert f"/{REFERENCE}/05-qingkuang-fenxi/" in hrefs, (generator, results)
    sections = [t for h, t in results if urlparse(h).path == f"/{REFERENCE}/05-qingkuang-fenxi/" and urlparse(h).fragment]
    assert any(re.search("产出", t) for t in sections), (generator, sections)
