"""The public site as built by ``mkdocs build --strict``: pages, catalogue, downloads, search, no third party.

Figures expected here come from the reference report (or, for the 项目支出 fixture, from the
hand calculation in tests/test_second_evaluation.py), never from running our code.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DATA, REFERENCE, ROOT, run

LANDING = f"{REFERENCE}/index.html"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside chosen elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def elements(path: Path) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def page_url_dir(site: Path, html: Path) -> str:
    """The folder of a page's URL (``a/b/index.html`` is served as ``a/b/``)."""
    return html.parent.relative_to(site).as_posix()


def resolve(site: Path, html: Path, href: str) -> Path:
    target = posixpath.normpath(posixpath.join(page_url_dir(site, html), href.split("#")[0]))
    path = site / target
    return path / "index.html" if path.is_dir() else path


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# -- the reference evaluation ----------------------------------------------------------------


def test_landing_page_shows_score_and_grade_from_data(built_site: Path) -> None:
    html = text_of(built_site / LANDING)
    assert "90.34" in html and "优" in html
    assert "LSCP-KS-2023-003" in html  # 报告编号
    assert "云南昆审会计师事务所（普通合伙）" in html


def test_landing_page_chart_is_inline_svg_with_a_text_alternative(built_site: Path) -> None:
    html = text_of(built_site / LANDING)
    figure = re.search(r'<figure class="jx-chart".*?</figure>', html, re.S)
    assert figure, "no chart on the landing page"
    chart = figure.group(0)
    assert re.search(r'<svg[^>]*role="img"', chart)
    assert "<title" in chart and "<figcaption>" in chart
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)
    # 表3 of the report: 10.98/13 84.46%, 20.50/27 75.93%, 27.00/28 96.43%, 31.86/32 99.56%
    for part in ("投入：得分 10.98 分（分值 13.00 分），得分率 84.46%", "过程：得分 20.50", "75.93%", "产出：得分 27.00", "96.43%"):
        assert part in desc
    assert "效益：得分 31.86 分（分值 32.00 分），得分率 99.56%" in desc


def test_table3_shows_the_four_level1_scores(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html") if 'id="table-3"' in text_of(p)]
    assert pages, "no page carries 表3"
    table = re.search(r'<figure class="jx-table[^"]*" id="table-3">.*?</figure>', text_of(pages[0]), re.S).group(0)
    for figure in ("10.98", "20.50", "27.00", "31.86", "90.34"):
        assert f'<td class="jx-num">{figure}</td>' in table
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table


def test_no_score_is_typed_into_the_narrative() -> None:
    typed = [p for p in (ROOT / "content").rglob("*.md") if "90.34" in p.read_text(encoding="utf-8")]
    assert typed == []


def test_home_page_catalogue_lists_the_reference_evaluation(built_site: Path) -> None:
    home = built_site / "index.html"
    row = re.search(r'<tr data-year="2022" data-type="部门整体支出" data-grade="优"[^>]*>(.*?)</tr>', text_of(home), re.S)
    assert row, "the reference evaluation is not in the catalogue"
    cells = row.group(1)
    for value in ("泸水市应急管理局", "云南昆审会计师事务所（普通合伙）", "90.34"):
        assert value in cells
    links = re.findall(r'href="([^"]+)"', cells)
    assert f"{REFERENCE}/" in links
    assert resolve(built_site, home, f"{REFERENCE}/").is_file()
    pdf = f"{REFERENCE}/{REFERENCE}.pdf"
    assert pdf in links, "the PDF is built, so the catalogue links it"
    assert resolve(built_site, home, pdf).stat().st_size > 0


def test_catalogue_filters_are_a_local_script(built_site: Path) -> None:
    scripts = [a["src"] for tag, a in elements(built_site / "index.html") if tag == "script" and a.get("src")]
    assert "assets/catalogue.js" in scripts
    assert (built_site / "assets" / "catalogue.js").is_file()
    assert 'data-filters="year:年度 type:评价类型 grade:等级 commissioner:委托单位 evaluator:评价机构"' in text_of(
        built_site / "index.html"
    )


def test_catalogue_has_a_static_page_per_year_and_per_type(built_site: Path) -> None:
    """Without JavaScript a reader browses by year and by type: the home page links both pages."""
    home = built_site / "index.html"
    links = re.findall(r'href="([^"]+)"', text_of(home))
    sidebar = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', text_of(home), re.S).group(0)
    assert "分类目录" in sidebar and ">mulu<" not in sidebar and "mulu\n" not in sidebar
    for page in ("mulu/2022/", "mulu/bumen/"):
        assert page in links
        listing = text_of(resolve(built_site, home, page))
        row = re.search(r"<tr data-year=\"2022\"[^>]*>(.*?)</tr>", listing, re.S)
        assert row and "泸水市应急管理局" in row.group(1) and "90.34" in row.group(1)
        assert resolve(built_site, resolve(built_site, home, page), f"../../{REFERENCE}/").is_file()
    index = json.loads(text_of(built_site / "catalogue.json"))
    rows = [dict(zip(index["fields"], r, strict=True)) for r in index["rows"]]
    assert [(r["id"], r["years"], index["types"][r["type"]], r["score"], r["grade"]) for r in rows] == [
        (REFERENCE, [2022], "部门整体支出", "90.34", "优"),  # newest year first
        ("langfang-nuantong-2019", [2019], "自评", "98.00", "优"),
    ]


def test_an_evaluations_sidebar_lists_its_own_pages_and_the_way_back(built_site: Path) -> None:
    page = built_site / REFERENCE / "05-qingkuang-fenxi" / "index.html"
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', text_of(page), re.S).group(0)
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert "../.." in hrefs or "../../" in hrefs, "a link back to the catalogue"
    assert "评价报告目录" in nav
    assert "../10-fujian1/" in hrefs and "../../corrections/" not in hrefs


def test_previous_and_next_stay_inside_one_evaluation(built_site: Path) -> None:
    """The 廊坊 form (one page) leads nowhere; the reference's landing page leads on to its 摘要, not back to 廊坊."""

    def neighbours(page: Path) -> dict[str, str]:
        html = text_of(page)
        footer = re.search(r'<footer class="md-footer">.*?</footer>', html, re.S).group(0)
        links = {kind: href for href, kind in re.findall(r'<a href="([^"]+)" class="md-footer__link md-footer__link--(prev|next)"', footer)}
        heads = {kind: href for kind, href in re.findall(r'<link rel="(prev|next)" href="([^"]+)"', html)}
        assert links == heads  # the footer and the page's metadata agree
        return links

    assert neighbours(built_site / "langfang-nuantong-2019" / "index.html") == {}
    assert neighbours(built_site / REFERENCE / "index.html") == {"next": "01-zhaiyao/"}
    assert neighbours(built_site / REFERENCE / "13-fujian4" / "index.html") == {"prev": "../12-fujian3/"}
    assert neighbours(built_site / "corrections" / "index.html") == {}


def test_the_home_page_links_the_catalogue_pages_through_one_entry(built_site: Path) -> None:
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', text_of(built_site / "index.html"), re.S).group(0)
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert "mulu/" in hrefs and not any(h.startswith("mulu/") and h != "mulu/" for h in hrefs)
    assert not any(h.startswith(REFERENCE) for h in hrefs)


@pytest.mark.parametrize("site_fixture", ["built_site", "xiangmu_site"])
def test_every_table_download_link_resolves(site_fixture: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_fixture)
    links = []
    for html in site.rglob("*.html"):
        for tag, attrs in elements(html):
            if tag == "a" and "download" in attrs and not attrs["href"].endswith(".pdf"):
                links.append((html, attrs["href"]))
    assert links, "no download links found"
    assert {Path(h).suffix for _, h in links} == {".csv", ".xlsx", ".parquet", ".json"}  # tables; 统计分析's long table
    missing = [(str(p.relative_to(site)), h) for p, h in links if not resolve(site, p, h).is_file()]
    assert missing == []


def test_reference_pages_link_each_table_download(built_site: Path) -> None:
    """附件1 in the page links ../data/appendix-1.csv and the evaluation's workbook, relative to its URL."""
    page = built_site / REFERENCE / "10-fujian1" / "index.html"
    hrefs = [a["href"] for tag, a in elements(page) if tag == "a" and "download" in a]
    assert "../data/appendix-1.csv" in hrefs and f"../data/{REFERENCE}.xlsx" in hrefs


# -- search (found in a browser: tests/test_browser.py) ---------------------------------------


def test_search_is_pagefinds_index_of_the_chinese_pages_and_the_generators_own_is_off(built_site: Path) -> None:
    entry = json.loads(text_of(built_site / "pagefind" / "pagefind-entry.json"))
    assert list(entry["languages"]) == ["zh"]
    # the home page, corrections, the reference evaluation's landing page and 13 chapters, the 廊坊 自评表's
    # form (one page), the catalogue pages mulu/, 2019, 2022, bumen, ziping, and the 廊坊 school's page of its
    # 自评表 of every year (mulu/danwei/…; not the search page)
    assert entry["languages"]["zh"]["page_count"] == 2 + 14 + 1 + 5 + 1
    assert (built_site / "pagefind" / "pagefind-ui.js").is_file() and (built_site / "pagefind" / "pagefind-ui.css").is_file()
    assert not (built_site / "search" / "search_index.json").exists()


def test_evaluation_pages_are_filed_by_year_type_grade_and_score(built_site: Path) -> None:
    html = text_of(built_site / REFERENCE / "05-qingkuang-fenxi" / "index.html")
    for attribute in ('data-pagefind-filter="年度:2022"', 'data-pagefind-filter="类型:部门整体支出"', 'data-pagefind-filter="等级:优"'):
        assert attribute in html
    assert 'data-pagefind-sort="score:90.34"' in html
    assert 'data-pagefind-meta="evaluation:泸水市应急管理局 2022 年部门整体支出"' in html
    assert "<div data-pagefind-body>" in html, "only the article is indexed, not the navigation"


def test_only_a_third_party_reports_rubric_is_kept_out_of_the_index(built_site: Path) -> None:
    """附件1's 指标解释 and 评分标准 cells of the reference are not indexed, its evidence is; a 自评表 is the report itself,
    so the whole form is indexed."""
    report = text_of(built_site / REFERENCE / "10-fujian1" / "index.html")
    assert "<td data-pagefind-ignore>①符合国家法律法规" in report
    assert "<td>2022年度部门整体支出绩效自评表</td>" in report
    form = text_of(built_site / "langfang-nuantong-2019" / "index.html")
    assert "<table" in form and "data-pagefind-ignore" not in form


# -- nothing from a third party -----------------------------------------------------------------

#: a resource the browser would load: src=, <link href>, CSS url(), @import
RESOURCE = re.compile(r"""(?:\bsrc\s*=\s*|<link\b[^>]*\bhref\s*=\s*|url\(\s*|@import\s+)["']?((?:https?:)?//[^"')\s>]+)""", re.I)
LOCAL = re.compile(r"^(?:https?:)?//(?:127\.0\.0\.1|localhost)(?::\d+)?(?:/|$)")


@pytest.mark.parametrize("site_fixture", ["built_site", "xiangmu_site"])
def test_no_resource_is_loaded_from_another_host(site_fixture: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_fixture)
    external = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            for url in RESOURCE.findall(path.read_text(encoding="utf-8", errors="replace")):
                if not LOCAL.match(url):
                    external.append((str(path.relative_to(site)), url))
    assert external == []


def test_theme_loads_no_web_font(built_site: Path) -> None:
    html = text_of(built_site / "index.html")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    css = text_of(built_site / "assets" / "jixiao.css")
    assert '"Noto Sans CJK SC"' in css and '"Microsoft YaHei"' in css


# -- the 项目支出 fixture ----------------------------------------------------------------------


def test_fixture_catalogue_lists_its_evaluation(xiangmu_site: Path) -> None:
    home = xiangmu_site / "index.html"
    row = re.search(r'<tr data-year="2023" data-type="项目支出" data-grade="良"[^>]*>(.*?)</tr>', text_of(home), re.S)
    assert row
    # 决策 9.83 + 过程 20.75 + 产出 22.50 + 效益 30.58 = 83.66 (hand calculation)
    assert "83.66" in row.group(1) and "示例县水利局" in row.group(1) and "示例会计师事务所" in row.group(1)
    assert resolve(xiangmu_site, home, "shuili-2023/").is_file()


def test_home_page_cannot_read_an_evaluations_data(tmp_path: Path) -> None:
    """Figures belong to an evaluation's folder; the home page says which names it may call."""
    project = tmp_path / "xiangmu"
    shutil.copytree(DATA / "xiangmu", project, symlinks=True)
    (project / "mkdocs.yml").write_text(
        text_of(project / "mkdocs.yml").replace("../../../hooks/", f"{(ROOT / 'hooks').as_posix()}/"), encoding="utf-8"
    )
    assets = project / "content" / "assets"
    assets.unlink()
    shutil.copytree(ROOT / "content" / "assets", assets)
    (project / "content" / "index.md").write_text("# 首页\n\n总分 {{ total() }}\n", encoding="utf-8")
    result = run("mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "content/index.md:3" in result.stderr
    assert "此页可用：catalogue()" in result.stderr
    assert "Traceback" not in result.stderr


def test_generated_tables_link_to_the_data_file_behind_them(built_site: Path) -> None:
    """A reviewer who wants to correct 表2 or 表3 is sent to the data file, not to the page."""
    page = (built_site / REFERENCE / "03-pingjia-gongzuo" / "index.html").read_text(encoding="utf-8")
    conclusions = (built_site / REFERENCE / "04-pingjia-jielun" / "index.html").read_text(encoding="utf-8")
    edit_links = re.findall(r'class="jx-edit" href="([^"]+)"', page + conclusions)
    assert any(link.endswith(f"/edit/main/scores/{REFERENCE}/samples.csv") for link in edit_links), edit_links
    assert any(link.endswith(f"/edit/main/scores/{REFERENCE}/evaluation.yaml") for link in edit_links), edit_links
