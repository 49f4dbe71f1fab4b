"""The catalogue's static pages: one per year and per type, split when long, each row linked from its page."""

from __future__ import annotations

import re

from jixiao.build.catalogue import Entry, pages


def entry(i: int, year: int, kind: str) -> Entry:
    return Entry(
        f"e{i:04d}-{year}",
        (year,),
        str(year),
        f"单位{i}",
        kind,
        "某县财政局",
        "某事务所",
        f"{year + 1}-03-{i % 28 + 1:02d}",
        "85.00",
        "良",
        f"e{i:04d}-{year}/",
        None,
    )


def rows(markdown: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)">阅读报告</a>', markdown)


def test_a_year_of_250_evaluations_is_three_pages_of_100_100_and_50() -> None:
    items = [entry(i, 2022, "项目支出") for i in range(250)] + [entry(900, 2021, "自评")]
    out = pages(items, directory_urls=True)
    assert [len(rows(out[src])) for src in ("mulu/2022.md", "mulu/2022-2.md", "mulu/2022-3.md")] == [100, 100, 50]
    assert "mulu/2022-4.md" not in out and len(rows(out["mulu/2021.md"])) == 1
    # every evaluation exactly once, linked from mulu/2022/, mulu/2022-2/… two folders below the site root
    linked = [h for src in ("mulu/2022.md", "mulu/2022-2.md", "mulu/2022-3.md") for h in rows(out[src])]
    assert sorted(linked) == sorted(f"../../{e.id}/" for e in items if 2022 in e.years)
    assert "分页：[1](2022.md) **2** [3](2022-3.md)" in out["mulu/2022-2.md"]
    assert "第 3 / 3 页" in out["mulu/2022-3.md"] and "# 2022 年度评价报告（第 3 页）" in out["mulu/2022-3.md"]
    assert "[2022 年度](2022.md)（250 份）" in out["mulu/index.md"] and "[项目支出](xiangmu.md)（250 份）" in out["mulu/index.md"]


def test_without_directory_urls_links_start_from_the_folder() -> None:
    out = pages([entry(1, 2020, "部门整体支出")], directory_urls=False)
    assert rows(out["mulu/2020.md"]) == ["../e0001-2020/"] and rows(out["mulu/bumen.md"]) == ["../e0001-2020/"]
