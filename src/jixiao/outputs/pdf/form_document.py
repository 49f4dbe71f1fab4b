"""A 自评表's print document: the form itself, on one or two A4 pages.

A unit's self-evaluation form is published as the form, not inside a third-party report's
shell: no cover (委托单位, 评价机构), no 概要表 (whose 抽查 rows a form has not), no 目录. The
page carries the grid (``presentation.self_evaluation_form``), then — when a printed score differs
from the computed one — the 复核差异 table, and the publication record, as the site's page does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from jixiao.data.dates import start_of
from jixiao.data.money import fmt_score
from jixiao.presentation.record import record_markdown
from jixiao.presentation.table_html import table_html
from jixiao.presentation.tables import TableBuilder

if TYPE_CHECKING:
    from jixiao.outputs.pdf.document import PrintJob
    from jixiao.outputs.pdf.settings import PdfSettings
    from jixiao.scoring.score import ScoreSheet


def assemble_form(sheet: ScoreSheet, base_dir: str, settings: PdfSettings) -> PrintJob:
    """The print document of a 自评表 (``type: 自评`` with ``form:``), ready to render."""
    from jixiao.outputs.pdf.document import PrintJob, _env, _markdown, attachments

    ev = sheet.evaluation
    assert ev.form is not None
    tables = TableBuilder(sheet)
    form = tables.get("自评表")
    after: list[Markup] = []
    if sheet.differences:
        after.append(Markup('<h2 id="review-title">复核差异</h2>\n') + table_html(tables.get("复核差异")))
    record = _markdown(settings, "record").convert(f"## 发布与更新记录\n\n{record_markdown(ev)}")
    after.append(Markup(record))
    html = (
        _env()
        .get_template("pdf/form.html")
        .render(
            ev=ev,
            form_title=ev.form.title,
            form=table_html(form),
            wide=form.landscape,
            after=after,
            subject=f"{ev.evaluated_body}{ev.year_label}年度{ev.form.title}",
            keywords=[
                ev.form.title,
                ev.evaluated_body,
                *(str(y) for y in ev.covered),
                ev.commissioner,
                f"{fmt_score(sheet.total)}分",
                sheet.grade,
            ],
        )
    )
    return PrintJob(sheet.id, html, base_dir, settings.variant, start_of(ev.issued), attachments(sheet))
