"""统计分析: the tongji/ pages, their charts and the long table, on a built corpus of 100.

The figures are recomputed here from what the site publishes — ``catalogue.json`` and the long
CSV — with the csv and json modules and plain arithmetic, never with the engine's code, then
looked for on the pages. Smaller checks use the two real evaluations' score sheets, with
expected figures typed from the reports.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import BIN, REFERENCE, ROOT

CORPUS = ROOT / "bench" / "corpus.py"
CENT = Decimal("0.01")


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of 100 evaluations built with ``mkdocs build --strict`` (no PDFs)."""
    work = tmp_path_factory.mktemp("tongji")
    project = work / "n100"
    subprocess.run([sys.executable, str(CORPUS), "--count", "100", "--out", str(project)], check=True, capture_output=True)
    out = work / "site"
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "JIXIAO_PDF": "0", "NO_MKDOCS_2_WARNING": "1"},
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def catalogue(site: Path) -> list[dict[str, object]]:
    data = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    rows = [dict(zip(data["fields"], row, strict=True)) for row in data["rows"]]
    for row in rows:
        row["type"] = data["types"][row["type"]]
    return rows


def long_rows(site: Path) -> list[dict[str, str]]:
    with (site / "tongji" / "data" / "zhibiao.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def page_text(path: Path) -> str:
    """A page's HTML with tags dropped, entities decoded and whitespace collapsed, as a reader reads it."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<svg.*?</svg>", " ", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def table_rows(path: Path, first_header: str) -> list[list[str]]:
    """The body rows (cell texts) of the first table whose first header cell is ``first_header``."""
    raw = path.read_text(encoding="utf-8")
    for table in re.findall(r"<table.*?</table>", raw, flags=re.S):
        heads = re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)
        if heads and re.sub(r"<[^>]+>", "", heads[0]).strip() == first_header:
            body = re.search(r"<tbody>(.*?)</tbody>", table, flags=re.S).group(1)
            return [
                [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)]
                for tr in re.findall(r"<tr.*?</tr>", body, flags=re.S)
            ]
    raise AssertionError(f"{path}: no table headed {first_header}")


def test_grade_counts_by_year_and_type_are_those_of_the_catalogue(site: Path) -> None:
    counts: Counter[tuple[str, str, str]] = Counter()
    for row in catalogue(site):
        counts[(str(max(row["years"])), row["type"], row["grade"])] += 1
    assert len(counts) > 20  # the corpus spreads over years, types and grades
    shown = {(r[0], r[1]): r[2:7] for r in table_rows(site / "tongji" / "index.html", "年度") if len(r) == 8}
    expected = {}
    for year, kind, _ in counts:
        per = [counts[(year, kind, g)] for g in "优良中差"]
        expected[(year, kind)] = [*map(str, per), str(sum(per))]
    assert shown == expected


def test_the_average_gap_between_self_and_third_party_scores(site: Path) -> None:
    evaluations = {}
    for row in long_rows(site):
        evaluations[row["评价"]] = row
    rows = catalogue(site)
    forms = sorted((r for r in rows if r["type"] == "自评"), key=lambda r: r["id"])
    gaps = []
    for r in rows:
        if r["type"] == "自评":
            continue
        printed = evaluations[r["id"]]["自评得分"]
        third = Decimal(evaluations[r["id"]]["报告得分"])
        if printed:
            gaps.append(Decimal(printed) - third)
            continue
        same = [f for f in forms if f["body"] == r["body"] and max(f["years"]) == max(r["years"])]
        if same:
            gaps.append(Decimal(same[0]["score"]) - third)
    assert len(gaps) >= 20
    average = half_up(sum(gaps) / len(gaps))
    text = page_text(site / "tongji" / "index.html")
    sign = "+" if average > 0 else ""
    assert f"共 {len(gaps)} 对，平均差值 {sign}{average} 分" in text
    pairs = table_rows(site / "tongji" / "ziping" / "index.html", "被评价单位（第三方评价）")
    assert len(pairs) == len(gaps)


def test_the_five_weakest_indicators(site: Path) -> None:
    sums: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    evaluations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in long_rows(site):
        if row["层级"] == "2":
            key = tuple(row["指标路径"].split(" › "))
            sums[key][0] += Decimal(row["得分"])
            sums[key][1] += Decimal(row["分值"])
            evaluations[key].add(row["评价"])
    ranked = sorted(sums, key=lambda k: (sums[k][0] / sums[k][1], -len(evaluations[k]), k))
    expected = [
        [f"{a} › {b}", str(len(evaluations[(a, b)])), f"{half_up(sums[(a, b)][0] / sums[(a, b)][1] * 100)}%"] for a, b in ranked[:5]
    ]
    shown = [[r[0], r[1], r[4]] for r in table_rows(site / "tongji" / "index.html", "指标（一级 › 二级）")[:5]]
    assert shown == expected


def test_each_weakest_indicator_links_the_evaluations_behind_it(site: Path) -> None:
    index = site / "tongji" / "index.html"
    first = re.search(r'<a href="(zhibiao/[^"]+)">([^<]+)</a>', index.read_text(encoding="utf-8"))
    page = site / "tongji" / first.group(1) / "index.html"
    a, b = html.unescape(first.group(2)).split(" › ")
    behind = {row["评价"] for row in long_rows(site) if row["层级"] == "2" and row["指标路径"] == f"{a} › {b}"}
    table = re.search(r"<table>.*?</table>", page.read_text(encoding="utf-8"), flags=re.S).group(0)
    links = set(re.findall(r'href="\.\./\.\./\.\./([^/"]+)/"', table))
    assert links == behind


def test_a_unit_with_several_evaluations_has_a_page_linked_from_each(site: Path) -> None:
    by_body: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in catalogue(site):
        by_body[row["body"]].append(row)
    rows = next(r for _, r in sorted(by_body.items()) if len(r) >= 2)
    pages = set()
    for row in rows:
        landing = (site / row["id"] / "index.html").read_text(encoding="utf-8")
        link = re.search(r'<a href="(\.\./tongji/danwei/[^"]+)">统计分析：被评价单位的历年得分</a>', landing)
        assert link, f"{row['id']}'s landing page does not link its unit's page"
        pages.add(link.group(1))
    assert len(pages) == 1
    unit = site / row["id"] / pages.pop() / "index.html"
    shown = {(r[0], r[5]) for r in table_rows(unit.resolve(), "年度")}
    assert shown == {(str(max(r["years"])), r["score"]) for r in rows}
    alone = next(b for b, r in by_body.items() if len(r) == 1)
    assert "被评价单位的历年得分" not in (site / by_body[alone][0]["id"] / "index.html").read_text(encoding="utf-8")


def test_the_downloads_are_described_and_linked(site: Path) -> None:
    data = site / "tongji" / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == ["zhibiao.csv", "zhibiao.xlsx", "zhibiao.parquet"]
    header = next(csv.reader((data / "zhibiao.csv").open(encoding="utf-8-sig")))
    assert header == [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    index = (site / "tongji" / "index.html").read_text(encoding="utf-8")
    for name in ("zhibiao.csv", "zhibiao.xlsx", "zhibiao.parquet", "datapackage.json"):
        assert f'href="data/{name}"' in index
    frictionless = subprocess.run([str(BIN / "frictionless"), "validate", str(data / "datapackage.json")], capture_output=True, text=True)
    assert frictionless.returncode == 0, frictionless.stdout[-3000:]
    rows = long_rows(site)
    assert {r["评价"] for r in rows} == {r["id"] for r in catalogue(site)}
    sums = (site / "SHA256SUMS").read_text(encoding="utf-8")
    digest = hashlib.sha256((data / "zhibiao.xlsx").read_bytes()).hexdigest()
    assert f"{digest}  tongji/data/zhibiao.xlsx" in sums


def test_the_parquet_file_holds_the_same_rows_exactly(site: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(site / "tongji" / "data" / "zhibiao.parquet")
    rows = long_rows(site)
    assert table.num_rows == len(rows)
    scores = table.column("得分").to_pylist()
    assert [f"{s:.2f}" for s in scores] == [r["得分"] for r in rows]
    assert str(table.schema.field("得分").type) == "decimal128(7, 2)"


# -- the charts ----------------------------------------------------------------------------


def test_each_statistics_chart_is_an_svg_with_its_words_and_its_table(site: Path) -> None:
    index = (site / "tongji" / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="jx-chart" id="([^"]+)">(.*?)</figure>', index, flags=re.S)
    assert [f[0] for f in figures] == ["tongji-years", "tongji-scores", "tongji-gaps", "tongji-weakest"]
    for ident, body in figures:
        svg = re.search(r"<svg.*?</svg>", body, flags=re.S).group(0)
        assert f'aria-labelledby="{ident}-title {ident}-desc"' in svg
        assert re.search(r"<title[^>]*>[^<]+</title>", svg) and re.search(r"<desc[^>]*>[^<]+</desc>", svg)
        assert "Noto Sans CJK SC" in svg and "<text" in svg  # text kept as text, in the Chinese font
        urls = set(re.findall(r"https?://[^\"' )]+", svg))
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}  # namespaces, never fetched
        assert "<table" in body
    years = re.search(r"<desc[^>]*>(.*?)</desc>", figures[0][1], flags=re.S).group(1)
    counts: Counter[tuple[int, str]] = Counter((max(r["years"]), r["grade"]) for r in catalogue(site))
    year = max(y for y, _ in counts)
    assert f"{year} 年：" + "，".join(f"{g} {counts[(year, g)]} 份" for g in "优良中差") in years


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize(
    ("path", "charted"),
    [("/tongji/", True), ("/tongji/ziping/", False), ("/tongji/weituo/", False), ("/tongji/danwei/", False), (f"/{REFERENCE}/", True)],
)
def test_statistics_pages_in_chromium(browser, served: str, width: int, path: str, charted: bool) -> None:
    outside = []
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(served) else None)
    response = page.goto(served + path)
    assert response is not None and response.ok, path
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    charts = page.locator("figure.jx-chart svg").all()
    assert bool(charts) == charted
    for svg in charts:
        box = svg.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100 and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.close()
    assert outside == []


# -- on the real evaluations' score sheets -------------------------------------------------


def real_records() -> list[dict[str, object]]:
    from jixiao.presentation.statistics_record import record
    from jixiao.scoring.from_folder import sheet

    return [record(sheet(ROOT, i), f"{i}/") for i in (REFERENCE, "langfang-nuantong-2019")]


def test_the_reference_record_carries_its_scores() -> None:
    ref = real_records()[0]
    assert ref["score"] == "90.34" and ref["grade"] == "优" and ref["self_score"] is None  # its 概要表 leaves 自评 empty
    tops = {tuple(path): (points, score) for level, path, points, score, _ in ref["indicators"] if level == 1}
    # 表3 of the report
    assert tops == {
        ("投入",): ("13.00", "10.98"),
        ("过程",): ("27.00", "20.50"),
        ("产出",): ("28.00", "27.00"),
        ("效益",): ("32.00", "31.86"),
    }


def test_a_self_score_beside_a_third_party_score_is_a_gap() -> None:
    from jixiao.presentation.statistics import pages

    ref = real_records()[0] | {"self_score": "95.00"}  # the reference's 自评 as its reader quotes it: 95 优 → 再评价 90.34 优
    text = pages([ref], [])["tongji/index.md"]
    assert "共 1 对，平均差值 **+4.66** 分（自评平均 95.00 分，第三方平均 90.34 分）" in text


def test_names_from_the_data_are_text_on_the_pages() -> None:
    from jixiao.presentation.statistics import pages

    hostile = [
        r | {"body": "<script>alert(1)</script>*示例*单位", "id": f"x{i}", "href": f"x{i}/", "years": [2020 + i]}
        for i, r in enumerate(real_records())
    ]
    out = pages(hostile, [])
    unit = next(text for src, text in out.items() if src.startswith("tongji/danwei/") and not src.endswith("index.md"))
    assert "<script>" not in unit and "&lt;script&gt;alert\\(1\\)&lt;/script&gt;\\*示例\\*单位" in unit


def test_the_long_table_is_the_same_bytes_from_the_same_data(tmp_path: Path) -> None:
    from jixiao.outputs.long_table import publish

    records = real_records()
    first = {p.name: p.read_bytes() for p in publish(records, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in publish(records, tmp_path / "b")}
    assert first == second
    rows = list(csv.DictReader((tmp_path / "a" / "tongji" / "data" / "zhibiao.csv").open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["评价"] == REFERENCE and r["指标路径"] == "投入 › 预算配置 › 重点支出安排率")
    assert (row["分值"], row["得分"], row["报告得分"]) == ("2.00", "1.98", "90.34")  # 99.04% × 2


def test_a_chart_is_the_same_svg_from_the_same_data() -> None:
    from jixiao.presentation.charts import Chart, Series, svg

    chart = Chart("bars", "示例", "甲 1 份；乙 2 份。", ["甲", "乙"], [Series("份数", [1, 2])], unit="份数", counts=True)
    one, two = svg(chart, "a"), svg(chart, "b")
    assert one == svg(chart, "a")
    assert 'id="a-' in one and 'id="a-' not in two  # ids are the chart's own, so two charts share a page
    assert "<metadata" not in one and "<style" not in one
