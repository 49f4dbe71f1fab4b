"""One evaluation as one print HTML document: cover, 概要表, 目录, narrative, 附件1–4.

The narrative is the site's own: every ``content/<id>/*.md`` page except the landing
page (the cover takes its place), in file-name order, with its bindings resolved by the
build and converted by Python-Markdown with the extensions of ``mkdocs.yml``.
Everything the render needs travels in a ``PrintJob`` (plain data, so a worker process can
take it); nothing here touches WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import jinja2
import markdown
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup

from jixiao.data.dates import cn_span, cn_when, start_of
from jixiao.data.money import fmt_score
from jixiao.errors import DataError
from jixiao.outputs import opendata
from jixiao.outputs.pdf.form_document import form_html
from jixiao.outputs.pdf.settings import PdfSettings
from jixiao.presentation.record import record_markdown
from jixiao.presentation.table_base import REVIEW_SLUG
from jixiao.presentation.table_html import table_html
from jixiao.presentation.tables import TableBuilder
from jixiao.scoring.score_sheet import ScoreSheet

#: Tables the PDF places itself (概要表 before the 目录; 附件 after the chapters).
MIME = {".csv": "text/csv", ".json": "application/json", ".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}
_OVERVIEW_FIGURE = re.compile(r'<figure class="jx-table[^"]*" id="overview">.*?</figure>', re.S)
_PAGE_LINK = re.compile(r'<a href="(?!#)[^"]*"([^>]*)>')


@dataclass(frozen=True)
class Attachment:
    """A data file embedded in the PDF (PDF/A-3 associated file)."""

    name: str
    data: bytes
    mime: str
    description: str


class PrintSource(Protocol):
    """What a print document is assembled from: a build's rendered pages and its score sheets."""

    @property
    def docs_dir(self) -> Path: ...

    @property
    def pages(self) -> Mapping[str, str]: ...

    @property
    def sheets(self) -> Mapping[str, ScoreSheet]: ...


@dataclass(frozen=True)
class PrintJob:
    """Everything one PDF depends on besides fonts and installed packages."""

    eval_id: str
    html: str
    base_dir: str  #: ``<docs>/<id>/``: where the pages' relative image paths start; its parent, the docs folder, is the only place resources may come from
    variant: str
    issued: dt.date  #: the file stamp of the attachments (a month-precision issue date: its first day)
    attachments: tuple[Attachment, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Section:
    """One narrative page (or one appendix) as HTML; ``wide`` sections print landscape."""

    html: Markup
    wide: bool


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("jixiao", "templates"), autoescape=True, keep_trailing_newline=True)


def narrative_pages(source: PrintSource, eval_id: str) -> list[str]:
    """The evaluation's narrative pages in file-name order, without the landing page."""
    prefix = f"{eval_id}/"
    return sorted(src for src in source.pages if src.startswith(prefix) and src.endswith(".md") and src != f"{prefix}index.md")


def _markdown(settings: PdfSettings, prefix: str) -> markdown.Markdown:
    """Python-Markdown as the site configures it; heading ids get a per-page prefix."""
    configs = {name: dict(options) for name, options in settings.extension_configs.items()}
    toc = configs.setdefault("toc", {})
    toc.update(permalink=False, slugify=lambda value, sep: f"{prefix}-{slugify_unicode(value, sep)}")
    names = list(settings.extensions)
    if "toc" not in names:
        names.append("toc")
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _headings(tokens: list[dict], depth: int = 2) -> list[Heading]:
    """目录 entries: chapters and their sections; the 摘要 is listed without its parts, as on the original."""
    out: list[Heading] = []
    for token in tokens:
        text = html.unescape(re.sub(r"<[^>]+>", "", token["name"]))
        if token["level"] <= depth:
            out.append(Heading(token["level"], token["id"], text))
        if re.sub(r"\s", "", text) != "摘要":
            out.extend(_headings(token["children"], depth))
    return out


def _sections(source: PrintSource, eval_id: str, settings: PdfSettings) -> tuple[list[Section], list[Heading], str]:
    sections: list[Section] = []
    headings: list[Heading] = []
    for i, src in enumerate(narrative_pages(source, eval_id), 1):
        md = _markdown(settings, f"s{i}")
        html = md.convert(source.pages[src])
        html = _OVERVIEW_FIGURE.sub("", html)  # the 概要表 has its own page before the 目录
        html = _PAGE_LINK.sub(r"<a\1>", html)  # links to other pages of the site mean nothing on paper
        headings.extend(_headings(getattr(md, "toc_tokens", [])))
        sections.append(Section(Markup(html), 'class="jx-table jx-wide"' in html))
    return sections, headings, "".join(s.html for s in sections)


def _appendices(sheet: ScoreSheet, narrative: str) -> tuple[list[Section], list[Heading]]:
    """附件1–4 and the 复核差异 table that the narrative does not place itself and the data has.

    A printed score that differs from the computed one is never left off the paper: the
    复核差异 table follows the 附件 whenever there is a difference.
    """
    tables = TableBuilder(sheet)
    sections: list[Section] = []
    headings: list[Heading] = []
    for key, build_table in tables.builders().items():
        if not key.startswith("附件") and not (key == "复核差异" and sheet.differences):
            continue
        try:
            table = build_table()
        except DataError:
            continue  # e.g. no feedback.yaml: this evaluation has no 附件3/4
        if f'id="{table.slug}"' in narrative:
            continue  # the narrative places it itself
        anchor = f"{table.slug}-title"
        html = Markup(f'<h1 class="appendix-label" id="{anchor}">{key}</h1>\n') + Markup(table_html(table))
        sections.append(Section(html, table.landscape))
        headings.append(Heading(1, anchor, key))
    return sections, headings


def attachments(sheet: ScoreSheet) -> tuple[Attachment, ...]:
    """The evaluation's open data, as the site publishes it: ``<id>.json`` and every table as CSV.

    Not the raw ``scores/`` files: those hold contacts' phone numbers, which the public
    files mask; these files are byte for byte the site's downloads under ``<id>/data/``.
    """
    files: list[Attachment] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        opendata.write_json(out / f"{sheet.id}.json", opendata.evaluation_document(sheet))
        files.append(
            Attachment(
                f"{sheet.id}.json",
                (out / f"{sheet.id}.json").read_bytes(),
                "application/json",
                f"{sheet.evaluation.title}（全部数据与得分）",
            )
        )
        for key, build_table in TableBuilder(sheet).builders().items():
            if opendata.absent(sheet, key):
                continue
            table = build_table()
            header, grid = opendata.table_rows(table)
            path = out / f"{table.slug}.csv"
            opendata.write_csv(path, header, grid, bool(table.columns))
            files.append(Attachment(path.name, path.read_bytes(), "text/csv", table.caption))
    return tuple(files)


def cover_title(title: str) -> list[str]:
    """The cover's title lines: the report kind on a line of its own, as on the original."""
    for tail in ("绩效评价报告", "评价报告"):
        if title.endswith(tail) and len(title) > len(tail):
            return [title[: -len(tail)], tail]
    return [title]


def assemble(source: PrintSource, eval_id: str, settings: PdfSettings) -> PrintJob:
    """The print document of one evaluation, ready to render."""
    sheet = source.sheets[eval_id]
    ev = sheet.evaluation
    if ev.form is not None:  # a 自评表 prints as the form itself
        record = Markup(_markdown(settings, "record").convert(f"## 发布与更新记录\n\n{record_markdown(ev)}"))
        html = form_html(sheet, record)
        return PrintJob(eval_id, html, str(source.docs_dir / eval_id), settings.variant, start_of(ev.issued), attachments(sheet))
    sections, headings, narrative = _sections(source, eval_id, settings)
    appendix_sections, appendix_headings = _appendices(sheet, narrative)
    record = _markdown(settings, "record")
    record_html = record.convert(f"# 发布与更新记录\n\n{record_markdown(ev)}")
    appendix_sections.append(Section(Markup(record_html), False))  # the PDF carries the page's update record
    appendix_headings.extend(_headings(getattr(record, "toc_tokens", [])))
    signed = sheet.signed
    review = f"#{REVIEW_SLUG}" if signed.differs else None  # the 复核差异 table is always in the PDF then
    overview = Markup(table_html(TableBuilder(sheet, review_href=review).get("概要表")))
    re_eval = "再" if ev.kind and "再评价" in ev.kind else ""
    html = (
        _env()
        .get_template("pdf/report.html")
        .render(
            ev=ev,
            title_lines=cover_title(ev.title),
            score_label=f"{re_eval}评价分值",
            grade_label=f"{re_eval}评价等级",
            total=fmt_score(signed.total),
            grade=signed.grade,
            recomputed=fmt_score(signed.recomputed) if signed.differs else None,
            recomputed_grade=signed.recomputed_grade if signed.grade != signed.recomputed_grade else None,
            review=review,
            period=cn_span(ev.period.start, ev.period.end),
            issued=cn_when(ev.issued),
            overview=overview,
            toc=[*headings, *appendix_headings],
            sections=sections,
            appendices=appendix_sections,
            subject=f"{ev.evaluated_body}{ev.year_label}年{ev.type}绩效评价报告" + (f"（{ev.report_number}）" if ev.report_number else ""),
            keywords=[
                "预算绩效评价",
                ev.type,
                ev.evaluated_body,
                *(str(y) for y in ev.covered),
                ev.commissioner,
                f"{fmt_score(signed.total)}分",
                signed.grade,
            ],
        )
    )
    return PrintJob(eval_id, html, str(source.docs_dir / eval_id), settings.variant, start_of(ev.issued), attachments(sheet))
