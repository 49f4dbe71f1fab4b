"""The catalogue of evaluations: the home page's block, static pages per year and per type, an index file.

A province publishes thousands of evaluations, so no page lists them all:

* the home page (``{{ catalogue() }}``) shows how many there are, links to one static page per
  year and per type (with counts) and lists the latest ``LATEST``;
* ``mulu/<year>.md`` and ``mulu/<type>.md`` (generated, never written by hand) list every
  evaluation of that year or type, complete HTML, so the catalogue works without JavaScript;
* ``mulu/danwei/<slug>.md`` (generated) lists one unit's 自评表 of every year, newest first; each form's page
  links it (``unit_page``: the name comes from the unit's name alone, so a page links it knowing no other
  evaluation, and an evaluation's HTML still depends on that evaluation only);
* ``catalogue.json`` holds every evaluation in a compact form; ``assets/catalogue.js`` loads it
  on the home page and filters by year, type, grade, commissioner and evaluator and sorts by
  score or date. On a static page the script filters the rows the page already has.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from jixiao.data.money import fmt_score
from jixiao.presentation.table_html import REVIEW_TITLE

if TYPE_CHECKING:
    from jixiao.scoring.score_sheet import ScoreSheet

#: the folder of the generated catalogue pages (under the docs_dir; a hand-written page there would be replaced)
FOLDER = "mulu"
#: the index file the script loads, relative to the site root
INDEX = "catalogue.json"
#: how many evaluations the home page lists (newest issued first)
LATEST = 5
#: the most evaluations one static catalogue page lists (more go on the next page)
PAGE_ROWS = 100
#: each type's page (``mulu/<slug>.md``)
TYPE_SLUGS = {"部门整体支出": "bumen", "项目支出": "xiangmu", "自评": "ziping"}
TITLE = "分类目录"
#: each unit's page of its 自评表 across the years
UNIT_FOLDER = f"{FOLDER}/danwei"
GRADES = ("优", "良", "中", "差")
#: the generated pages' front matter: a wide table needs the width of the table of contents
HIDE_TOC = "---\nhide:\n  - toc\n---\n"
#: what the script offers to filter and sort by (data-* keys and labels), in this order
FILTERS = "year:年度 type:评价类型 grade:等级 commissioner:委托单位 evaluator:评价机构"


@dataclass(frozen=True)
class Entry:
    """One evaluation as the catalogue shows it; ``href`` and ``pdf`` are relative to the site root."""

    id: str
    years: tuple[int, ...]  #: every year covered: the year filter matches any of them
    year: str  #: as shown: ``2022`` or ``2021—2024``
    body: str
    type: str
    commissioner: str
    evaluator: str
    issued: str
    score: str  #: the report's score as signed (``reported_total``), which the catalogue sorts by
    grade: str  #: the signed score's grade
    href: str | None
    pdf: str | None
    recomputed: str | None = None  #: the score recomputed from the criteria, where it is not the printed one
    review: str | None = None  #: the 复核差异 table that explains the difference, relative to the site root


def entry(sheet: ScoreSheet, href: str | None, pdf: str | None, review: str | None = None) -> Entry:
    """An evaluation's row. ``href``: its landing page relative to the home page, if it has one;
    ``pdf``: the PDF this build writes for it, relative to the site root, or ``None``; ``review``: the
    page placing its 复核差异 table (with the table's anchor), relative to the site root.

    The score is the one the report printed (``reported_total``); the recomputed one is kept beside it
    when the two differ, so a reader sees both and statistics can take either.
    """
    ev = sheet.evaluation
    signed = sheet.signed
    return Entry(
        id=sheet.id,
        years=ev.covered,
        year=ev.year_label,
        body=ev.evaluated_body,
        type=ev.type,
        commissioner=ev.commissioner,
        evaluator=ev.evaluator,
        issued=ev.issued.isoformat(),
        score=fmt_score(signed.total),
        grade=signed.grade,
        href=href,
        pdf=pdf,
        recomputed=fmt_score(signed.recomputed) if signed.differs else None,
        review=review if signed.differs else None,
    )


def ordered(items: list[Entry]) -> list[Entry]:
    """Newest (last covered) year first, then by evaluated body."""
    return sorted(items, key=lambda e: (-max(e.years, default=0), e.body, e.id))


@dataclass(frozen=True)
class Facet:
    """One static catalogue page: its source path, title and the evaluations it lists."""

    src: str
    title: str
    items: list[Entry]


def facets(items: list[Entry]) -> tuple[list[Facet], list[Facet]]:
    """The static pages: one per year (newest first) and one per type (in the order of ``TYPE_SLUGS``)."""
    years = sorted({y for e in items for y in e.years}, reverse=True)  # an evaluation of several years is on each one's page
    by_year = [Facet(f"{FOLDER}/{y}.md", f"{y} 年度", [e for e in items if y in e.years]) for y in years]
    types = [t for t in TYPE_SLUGS if any(e.type == t for e in items)]
    by_type = [Facet(f"{FOLDER}/{TYPE_SLUGS[t]}.md", t, [e for e in items if e.type == t]) for t in types]
    return by_year, by_type


def unit_slug(body: str) -> str:
    """A unit's page name from its name alone: pinyin initials (PyPI pypinyin, offline) and a short hash of the name,
    so two units never share a page and a form's page can link its unit's without knowing the other forms."""
    from pypinyin import Style, lazy_pinyin

    han = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", body)
    letters = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(han, style=Style.FIRST_LETTER)).lower())[:12] or "danwei"
    return f"{letters}-{hashlib.sha256(body.encode('utf-8')).hexdigest()[:6]}"


def unit_page(body: str) -> str:
    """The source path of a unit's page of its 自评表 of every year (``mulu/danwei/<slug>.md``)."""
    return f"{UNIT_FOLDER}/{unit_slug(body)}.md"


def unit_pages(items: list[Entry], directory_urls: bool) -> dict[str, str]:
    """One page per unit that published a 自评表: its forms of every year, newest year first."""
    out: dict[str, str] = {}
    bodies = sorted({e.body for e in items if e.type == "自评"})
    for body in bodies:
        forms = sorted((e for e in items if e.type == "自评" and e.body == body), key=lambda e: (-max(e.years, default=0), e.id))
        src = unit_page(body)
        page_dir = posixpath.splitext(src)[0] if directory_urls else UNIT_FOLDER
        years = "、".join(e.year for e in forms)
        table = listing_html(forms, Links(page_dir, directory_urls), f"{body}的自评表（{years}年度，共 {len(forms)} 份）")
        back = f"[← 评价报告目录](../../index.md) · [{TITLE}](../index.md)\n\n"
        out[src] = HIDE_TOC + f"# {body} 各年度自评表\n\n{back}{table}\n"
    return out


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("jixiao", "templates"), autoescape=True)
    env.globals["review_title"] = REVIEW_TITLE
    return env


def _html(template: str, **values: object) -> Markup:
    """Engine HTML (data escaped by the template), so a page's sandbox passes it through as it is."""
    html = _env().get_template(template).render(**values)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


class Links:
    """URLs relative to one page, for pages given by source path and files given by site path."""

    def __init__(self, page_dir: str, directory_urls: bool) -> None:
        self.page_dir = page_dir or "."
        self.directory_urls = directory_urls

    def file(self, site_path: str) -> str:
        rel = posixpath.relpath(site_path, self.page_dir)
        return rel + "/" if site_path.endswith("/") and not rel.endswith("/") else rel

    def page(self, src: str) -> str:
        """The URL of the (non-index) page ``src``: ``mulu/2022/`` or ``mulu/2022.html``."""
        stem = posixpath.splitext(src)[0]
        return self.file(stem + "/") if self.directory_urls else self.file(stem + ".html")


def _rows(items: list[Entry], links: Links) -> list[dict[str, object]]:
    return [
        {
            "e": e,
            "href": links.file(e.href) if e.href else None,
            "pdf": links.file(e.pdf) if e.pdf else None,
            "review": links.file(e.review) if e.review else None,
        }
        for e in items
    ]


def _facet_links(items: list[Entry], links: Links) -> dict[str, list[tuple[str, str, int]]]:
    by_year, by_type = facets(items)
    return {
        "年度": [(f.title.removesuffix(" 年度"), links.page(f.src), len(f.items)) for f in by_year],
        "类型": [(f.title, links.page(f.src), len(f.items)) for f in by_type],
    }


def catalogue_html(items: list[Entry], links: Links) -> Markup:
    """The home page's block: counts, the static pages, the latest evaluations, and the index for the script."""
    latest = sorted(items, key=lambda e: (e.issued, e.id), reverse=True)[:LATEST]
    return _html(
        "catalogue.html",
        total=len(items),
        rows=_rows(latest, links),
        caption=f"最新公开的 {len(latest)} 份" if len(latest) < len(items) else f"评价报告目录（共 {len(items)} 份）",
        facets=_facet_links(items, links),
        index=links.file(INDEX),
        filters=FILTERS,
        with_pdf=any(e.pdf for e in items),
    )


def listing_html(items: list[Entry], links: Links, caption: str) -> Markup:
    """A static catalogue page's table: every evaluation it is about, newest issued first."""
    ordered = sorted(items, key=lambda e: (e.issued, e.id), reverse=True)
    return _html(
        "catalogue.html",
        total=None,
        rows=_rows(ordered, links),
        caption=caption,
        facets=None,
        index=None,
        filters=FILTERS,
        with_pdf=any(e.pdf for e in items),
    )


def pages(items: list[Entry], directory_urls: bool) -> dict[str, str]:
    """The generated catalogue pages' Markdown by source path: ``mulu/index.md``, then each year's and type's.

    A year or type with more than ``PAGE_ROWS`` evaluations is split: ``mulu/2022.md`` (newest first),
    ``mulu/2022-2.md``, …, each linking the others, so no static page grows without bound.
    """
    by_year, by_type = facets(items)
    lines = [HIDE_TOC + f"# {TITLE}", "", f"本站公开评价报告共 {len(items)} 份，按年度或评价类型分页列出。", ""]
    for label, group in (("年度", by_year), ("评价类型", by_type)):
        lines += [f"## 按{label}", ""]
        lines += [f"- [{f.title}]({posixpath.basename(f.src)})（{len(f.items)} 份）" for f in group]
        lines.append("")
    out = {f"{FOLDER}/index.md": "\n".join(lines)}
    for facet in (*by_year, *by_type):
        ordered = sorted(facet.items, key=lambda e: (e.issued, e.id), reverse=True)
        parts = [ordered[i : i + PAGE_ROWS] for i in range(0, len(ordered), PAGE_ROWS)]
        stem = posixpath.splitext(facet.src)[0]
        srcs = [facet.src, *(f"{stem}-{k}.md" for k in range(2, len(parts) + 1))]
        for k, (src, part) in enumerate(zip(srcs, parts, strict=True), 1):
            page_dir = posixpath.splitext(src)[0] if directory_urls else FOLDER
            caption = f"{facet.title}评价报告（共 {len(ordered)} 份" + (f"，第 {k} / {len(parts)} 页）" if len(parts) > 1 else "）")
            table = listing_html(part, Links(page_dir, directory_urls), caption)
            pager = ""
            if len(parts) > 1:
                links = [f"**{i}**" if i == k else f"[{i}]({posixpath.basename(other)})" for i, other in enumerate(srcs, 1)]
                pager = "分页：" + " ".join(links) + "\n\n"
            back = f"[← 评价报告目录](../index.md) · [{TITLE}](index.md)\n\n"
            heading = f"{facet.title}评价报告" + (f"（第 {k} 页）" if k > 1 else "")
            out[src] = HIDE_TOC + f"# {heading}\n\n{back}{pager}{table}\n\n{pager}"
    out.update(unit_pages(items, directory_urls))
    return out


def continuation(src: str) -> bool:
    """Whether ``src`` is a later page of a split listing (``mulu/2022-2.md``) or a unit's page: reached by a
    pager or a form's link, and left out of the navigation, which would otherwise grow with the number of evaluations."""
    if src.startswith(f"{UNIT_FOLDER}/"):
        return True  # a unit's page is reached from its forms' pages, never from the navigation
    return src.startswith(f"{FOLDER}/") and re.fullmatch(r".*-\d+\.md", src) is not None


def index_json(items: list[Entry]) -> str:
    """Every evaluation for the script, compact: field names once, commissioners and evaluators as numbers.

    ``score`` is the report's printed score; ``recomputed`` the recomputed one where it differs (else null)."""
    commissioners = sorted({e.commissioner for e in items})
    evaluators = sorted({e.evaluator for e in items})
    types = list(TYPE_SLUGS)
    rows = [
        [
            e.id,
            list(e.years),
            types.index(e.type),
            commissioners.index(e.commissioner),
            evaluators.index(e.evaluator),
            e.issued,
            e.score,
            e.grade,
            e.body,
            e.href,
            e.pdf,
            e.recomputed,
            e.review,
        ]
        for e in items
    ]
    data = {
        "fields": [
            *("id", "years", "type", "commissioner", "evaluator", "issued", "score", "grade", "body", "href", "pdf"),
            *("recomputed", "review"),
        ],
        "types": types,
        "commissioners": commissioners,
        "evaluators": evaluators,
        "grades": list(GRADES),
        "rows": rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
