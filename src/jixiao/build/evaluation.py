"""One evaluation's part: load, score, render its pages and check them, in plain data a cache can keep.

An evaluation's pages depend on its own data and pages and on nothing of another evaluation, so
each part is computed alone (``build.workers`` computes many at once) and kept under a key of its
own inputs (``build.cache``). Its pages are Jinja templates bound in the sandbox to its score
sheet: its figures, its tables (with their downloads and edit links) and its PDF link.
"""

from __future__ import annotations

import posixpath
from dataclasses import asdict
from pathlib import Path

from jixiao.build.cache import Part
from jixiao.build.catalogue import entry
from jixiao.build.urls import display, link_dir, url
from jixiao.config import Options
from jixiao.data.publication import publishable
from jixiao.errors import Collector, DataError
from jixiao.integrity.checks import check_evaluation, check_pages
from jixiao.integrity.privacy import private_numbers
from jixiao.integrity.review import review_href, review_page
from jixiao.outputs.opendata import workbook_name
from jixiao.outputs.pdf.links import pdf_link_html, pdf_path
from jixiao.presentation.bindings import Binder
from jixiao.presentation.page_source import without_front_matter
from jixiao.presentation.record import corrections_of
from jixiao.presentation.statistics_record import record
from jixiao.presentation.table_html import table_html
from jixiao.presentation.tables import TableBuilder
from jixiao.scoring.from_folder import sheet as load_sheet
from jixiao.scoring.score_sheet import ScoreSheet


def section_title(sheet: ScoreSheet) -> str:
    """An evaluation's section title: its evaluated body, year and type."""
    ev = sheet.evaluation
    return f"{ev.evaluated_body} {ev.year_label} 年{ev.type}"


def evaluation_binder(src: str, sheet: ScoreSheet, options: Options, review: str | None = None) -> Binder:
    """An evaluation page's bindings: its data, its tables (with downloads and edit links), its PDF link.

    ``review`` is the page placing the 复核差异 table, which a recomputed score beside a printed one links to.
    """
    page_dir = link_dir(src, options) or "."
    tables = TableBuilder(sheet, review_href=review_href(url(review, options), page_dir) if review else None)

    def table(key: str) -> str:
        t = tables.get(key)
        data = f"{sheet.id}/data"
        downloads = [
            ("CSV", posixpath.relpath(f"{data}/{t.slug}.csv", page_dir)),
            ("Excel（全部表格）", posixpath.relpath(f"{data}/{workbook_name(sheet.id)}", page_dir)),
        ]
        edit = options.edit_base
        return table_html(t, downloads, f"{edit}{t.source}" if edit else None)

    binder = Binder(sheet, table)
    pdf_href = posixpath.relpath(pdf_path(sheet.id), page_dir)
    binder.env.globals["pdf_link"] = lambda: pdf_link_html(pdf_href, sheet.evaluation.title) if options.pdf else ""
    tables.binder = binder
    return binder


def compute(root: Path, docs_dir: Path, options: Options, eval_id: str) -> tuple[Part, ScoreSheet]:
    """Load, score, render and check one evaluation; raise ``DataError`` with all its problems."""
    sheet = load_sheet(root, eval_id)
    published = options.drafts or publishable(sheet.evaluation)
    private = sorted(private_numbers(sheet))
    title = section_title(sheet)
    if not published:
        return Part(eval_id, False, title, {}, [], [], private, {}, [], {}), sheet
    problems = Collector()
    pages = {}
    folder = docs_dir / eval_id
    paths = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    sources = {path.relative_to(docs_dir).as_posix(): without_front_matter(path.read_text(encoding="utf-8")) for path in paths}
    review = review_page(sources.items())
    for src, text in sources.items():
        try:
            pages[src] = evaluation_binder(src, sheet, options, review).render(text, display(root, docs_dir, src), html=True)
        except DataError as exc:
            problems.extend(exc.findings)
    problems.raise_if_errors()
    warnings, notes = [], []
    for finding in check_pages(root, docs_dir, {eval_id: sheet}, paths) + check_evaluation(sheet, root, docs_dir):
        if finding.where == "publication":
            notes.append(finding)
        elif finding.severity == "warning":
            warnings.append(finding)
        else:
            problems.add(finding)
    problems.raise_if_errors()
    has_page = f"{eval_id}/index.md" in pages
    row = entry(
        sheet,
        f"{eval_id}/" if has_page else None,
        pdf_path(eval_id) if options.pdf else None,
        review_href(url(review, options), "") if review else None,
    )
    ev = sheet.evaluation
    search = {"year": ",".join(map(str, ev.covered)), "type": ev.type, "grade": row.grade, "score": row.score}  # the signed score
    corrections = [asdict(c) for c in corrections_of(sheet)]
    stats = record(sheet, f"{eval_id}/" if has_page else None)
    return Part(eval_id, True, title, pages, warnings, notes, private, asdict(row), corrections, search, stats), sheet
