"""Every table of a report, built from the score sheet as rows of cells.

A ``Table`` is generator-neutral: HTML (``presentation.table_html``), CSV/XLSX downloads
(``outputs.opendata``) and the PDF all render the same object. Cells carry their
row/column spans (附件1 merges 一级/二级 like the original) and whether they hold a
figure (right-aligned). Tables are looked up by the key a page writes:
``{{ table("表3") }}``.
"""

from __future__ import annotations

from collections.abc import Callable

from jixiao.errors import DataError, Finding
from jixiao.presentation.appendix_tables import AppendixTables
from jixiao.presentation.cells import Table
from jixiao.presentation.report_tables import ReportTables
from jixiao.presentation.self_evaluation_form import form_table


class TableBuilder(ReportTables, AppendixTables):
    """Builds the tables of one sheet; text fields are rendered through the binder."""

    # -- lookup --------------------------------------------------------------------------
    def builders(self) -> dict[str, Callable[[], Table]]:
        """Table key → builder, in the report's order."""
        out: dict[str, Callable[[], Table]] = {"概要表": self.overview, "表1": self.grades, "表2": self.samples, "表3": self.level1}
        for i, top in enumerate(self.sheet.indicators):
            out[f"表{4 + i}"] = lambda top=top, n=4 + i: self.level23(top, n)
        out.update({"附件1": self.appendix1, "附件2": self.appendix2, "附件3": self.appendix3, "附件4": self.appendix4})
        out["复核差异"] = self.differences
        if self.ev.form is not None:
            out["自评表"] = lambda: form_table(self.sheet, self.folder)
        return out

    def get(self, key: str) -> Table:
        builders = self.builders()
        if key not in builders:
            raise DataError([Finding(self.file, None, key, f"没有表格“{key}”", "可用：" + "、".join(builders))])
        return builders[key]()
