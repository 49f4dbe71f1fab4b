"""A 自评表's print document: the form itself, on one or two A4 pages.

A unit's self-evaluation form is published as the form, not inside a third-party report's
shell: no cover (委托单位, 评价机构), no 概要表 (whose 抽查 rows a form has not), no 目录. The
page carries the grid (``presentation.self_evaluation_form``), then — when a printed score differs
from the computed one — the 复核差异 table, and the publication record, as the site's page does.
``document.assemble`` turns this HTML into the print job like any report's.
"""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from jixiao.data.money import fmt_score
from jixiao.presentation.table_html import table_html
from jixiao.presentation.tables import TableBuilder
from jixiao.scoring.score_sheet import ScoreSheet


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("jixiao", "templates"), autoescape=True, keep_trailing_newline=True)


def form_html(sheet: ScoreSheet, record: Markup) -> str:
    """The print HTML of a 自评表 (``type: 自评`` with ``form:``); ``record`` is its publication record as HTML."""
    ev = sheet.evaluation
    assert ev.form is not None
    tables = TableBuilder(sheet)
    form = tables.get("自评表")
    after: list[Markup] = []
    if sheet.differences:
        after.append(Markup('<h2 id="review-title">复核差异</h2>\n') + table_html(tables.get("复核差异")))
    after.append(record)
    return (
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
