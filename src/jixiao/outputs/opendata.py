"""Open data: every table as CSV, all of them in one XLSX workbook, the whole evaluation as JSON, one datapackage.json.

Files go to ``site/<id>/data/`` where the table HTML links them. Tables are written
from ``Table.grid()`` (spanned cells repeated, so every row stands alone in a
spreadsheet). Numbers lose their thousands separators so a program reads them as
numbers; everything else is the text the reader sees on the page. The JSON keeps
decimals as strings so no amount passes through a binary float.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.data.contacts import mask_phone
from jixiao.data.dates import start_of
from jixiao.data.money import percent, round2
from jixiao.data.spreadsheet import as_text, formula_like
from jixiao.errors import writing
from jixiao.outputs.score_json import difference_dict
from jixiao.presentation.bindings import Binder
from jixiao.presentation.tables import Table, TableBuilder
from jixiao.scoring.score_sheet import IndicatorScore, ScoreSheet

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

#: a figure as the tables print it: ``4,814,130.68``, ``-0.45``, ``12``
PRINTED_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")
BARE_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
MISSING = ["", "-"]
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_value(text: str) -> str:
    """A printed figure without thousands separators; any other text unchanged."""
    return text.replace(",", "") if PRINTED_NUMBER.fullmatch(text) else text


def table_rows(table: Table) -> tuple[list[str], list[list[str]]]:
    """Header (column names, or ``列1…`` for form-like tables without one) and values."""
    grid = [[cell_value(c) for c in row] for row in table.grid()]
    width = max((len(r) for r in grid), default=len(table.columns))
    header = list(table.columns) or [f"列{i}" for i in range(1, width + 1)]
    return header, grid


def column_types(header: list[str], grid: list[list[str]]) -> list[str]:
    """``number`` for a column whose every filled cell is a bare number, else ``string``."""
    types = []
    for i in range(len(header)):
        values = [row[i] for row in grid if i < len(row) and row[i] not in MISSING]
        types.append("number" if values and all(BARE_NUMBER.fullmatch(v) for v in values) else "string")
    return types


def write_csv(path: Path, header: list[str], grid: list[list[str]], with_header: bool) -> None:
    """UTF-8 with BOM: Excel on Windows then opens the Chinese text correctly; no cell runs as a formula."""
    with writing(path), path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        if with_header:
            writer.writerow([as_text(h) for h in header])
        writer.writerows([as_text(c) for c in row] for row in grid)


def add_sheet(book: Any, table: Table, header: list[str], grid: list[list[str]]) -> None:
    """One sheet named after the table key; figures are numbers shown as printed (``1.00``, ``3,000,000.00``)."""
    sheet = book.create_sheet(table.key[:31])
    if table.columns:
        sheet.append(header)
    for row in grid:
        sheet.append([xlsx_cell(sheet, text) for text in row])


def xlsx_cell(sheet: Any, text: str) -> WriteOnlyCell | str:
    """A bare number becomes a numeric cell with as many decimals as the page shows; text that
    would be a formula (``=HYPERLINK(…)``) becomes a text cell, which a spreadsheet never runs."""
    from openpyxl.cell import WriteOnlyCell

    if formula_like(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl reads a leading "=" as a formula
        return cell
    if not BARE_NUMBER.fullmatch(text):
        return text

    cell = WriteOnlyCell(sheet, value=Decimal(text))
    decimals = len(text.split(".")[1]) if "." in text else 0
    cell.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
    return cell


def table_resource(table: Table, out: Path, book: Any) -> dict[str, Any]:
    """Write one table's CSV and its sheet of the workbook; return the CSV's data-package resource."""
    header, grid = table_rows(table)
    types = column_types(header, grid)
    with_header = bool(table.columns)
    write_csv(out / f"{table.slug}.csv", header, grid, with_header)
    add_sheet(book, table, header, grid)
    schema = {"fields": [{"name": n, "type": t} for n, t in zip(header, types, strict=True)], "missingValues": MISSING}
    return {
        "name": table.slug,
        "type": "table",
        "path": f"{table.slug}.csv",
        "title": table.caption,
        "description": "；".join(filter(None, [table.unit, table.note, f"数据来源：{table.source}"])),
        "format": "csv",
        "mediatype": CSV_TYPE,
        "encoding": "utf-8-sig",
        "dialect": {"header": with_header},
        "schema": schema,
    }


# -- the whole evaluation as JSON ---------------------------------------------------------


def _dec(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"


def _score(value: Decimal) -> str:
    return f"{round2(value):.2f}"


TEXT_FIELDS = ("text", "explanation", "summary", "basis", "reason")


def _rendered(item: dict[str, Any], render: Callable[[str], str]) -> dict[str, Any]:
    """Text fields as published: their bound figures rendered, as the pages show them."""
    for key in TEXT_FIELDS:
        value = item.get(key)
        if isinstance(value, str):
            item[key] = render(value)
        elif isinstance(value, list):
            item[key] = [render(v) if isinstance(v, str) else v for v in value]
    return item


def _indicator(node: IndicatorScore, render: Callable[[str], str]) -> dict[str, Any]:
    ind = node.indicator
    out: dict[str, Any] = {
        "level": node.level,
        "name": node.name,
        "points": _score(node.points),
        "score": _score(node.score),
        "share_percent": f"{percent(node.share):.2f}",
    }
    for key in ("explanation", "summary", "basis"):
        if getattr(ind, key):
            out[key] = render(getattr(ind, key))
    if node.children:
        out["children"] = [_indicator(c, render) for c in node.children]
    if node.criteria:
        out["criteria"] = [
            {
                **_rendered(c.criterion.model_dump(mode="json", exclude_none=True), render),
                "no": c.no,
                "score": _score(c.score),
                "working": c.working,
                **({"rate_percent": f"{percent(c.rate):.2f}"} if c.rate is not None else {}),
            }
            for c in node.criteria
        ]
    return out


def evaluation_document(sheet: ScoreSheet) -> dict[str, Any]:
    """Metadata, facts with sources, indicators with criteria and scores, rates, survey, samples.

    Phone numbers of contacts not declared public are masked as on the pages.
    """
    loaded, ev = sheet.loaded, sheet.evaluation
    binder = Binder(sheet)
    source = loaded.files["evaluation.yaml"].display

    def render(text: str) -> str:
        return binder.render(text, source)

    meta = ev.model_dump(mode="json", exclude={"indicators", "contacts", "rates", "overview"}, exclude_none=True)
    contacts = []
    for c in ev.contacts:
        item = c.model_dump(mode="json", exclude_none=True)
        if c.phone and not c.public:
            item["phone"] = mask_phone(c.phone)
        contacts.append(item)
    survey = None
    if loaded.survey:
        survey = loaded.survey.model_dump(mode="json", exclude_none=True)
        for q, question in zip(survey["questions"], loaded.survey.questions, strict=True):
            valid = loaded.survey.share_base(question)
            for o in q.get("options", []):
                if valid:
                    o["share_percent"] = f"{percent(Decimal(o['count']) / valid):.2f}"
    doc: dict[str, Any] = {
        "id": sheet.id,
        **meta,
        "contacts": contacts,
        "total": _score(sheet.total),
        "total_points": _score(sheet.total_points),
        "grade": sheet.grade,
        "signed": {"total": _score(sheet.signed.total), "grade": sheet.signed.grade},
        "facts": [
            {"name": name, **fact.model_dump(mode="json", exclude_none=True, exclude={"value"}), "value": _dec(sheet.facts[name])}
            for name, fact in loaded.facts.items()
            if name in sheet.facts
        ],
        "rates": [
            {"name": name, "formula": ev.rates.get(name, ""), "percent": f"{percent(value):.2f}"} for name, value in sheet.rates.items()
        ],
        "indicators": [_indicator(top, render) for top in sheet.indicators],
        "survey": survey,
        "samples": [{"unit": s.unit, "name": s.name, "amount": _dec(s.amount)} for s in loaded.samples],
        "feedback": loaded.feedback.model_dump(mode="json", exclude_none=True, exclude={"contact"}) if loaded.feedback else None,
        "differences": [difference_dict(d) for d in sheet.differences],
    }
    return doc


def write_json(path: Path, data: dict[str, Any]) -> None:
    with writing(path):
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def absent(sheet: ScoreSheet, key: str) -> bool:
    """Tables of data an evaluation does not have (no survey: no 附件2; no feedback: no 附件3/4;
    no printed score to review: no 复核差异)."""
    if key == "复核差异":
        return not sheet.compared
    if key == "附件2":
        return sheet.loaded.survey is None
    return key in ("附件3", "附件4") and sheet.loaded.feedback is None


class _StampedZip(zipfile.ZipFile):
    """A zip archive whose members all carry one date (a zip member otherwise carries the time it was written)."""

    def __init__(self, path: Path, stamp: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.stamp = stamp

    def writestr(self, info: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kwargs: Any) -> None:
        member = zipfile.ZipInfo(info.filename if isinstance(info, zipfile.ZipInfo) else info, self.stamp)
        member.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(member, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        self.writestr(str(arcname or filename), Path(filename).read_bytes())


def save_reproducibly(book: Workbook, path: Path, day: dt.date) -> None:
    """Save ``book`` dated ``day`` (its document properties and every zip member), so the same data makes
    the same bytes: ``SHA256SUMS`` stays the same from build to build, and a changed checksum means changed data."""
    from openpyxl.writer.excel import ExcelWriter

    stamp = dt.datetime(day.year, day.month, day.day)
    book.properties.created = book.properties.modified = stamp
    with _StampedZip(path, (day.year, day.month, day.day, 0, 0, 0)) as archive:
        ExcelWriter(book, archive).write_data()


def _abandon(book: Workbook) -> None:
    """After a refused write, finish each sheet's row writer quietly; left open, each would print a
    traceback when collected (it writes its closing tag into a file that is gone)."""
    for worksheet in book.worksheets:
        with contextlib.suppress(Exception):
            worksheet.close()


def workbook_name(eval_id: str) -> str:
    """The evaluation's workbook: every table, one sheet each (one file, not a dozen: a build writes
    a thousand of them, and a reader who wants one table's figures in Excel usually wants the rest)."""
    return f"{eval_id}.xlsx"


def publish(sheet: ScoreSheet, site_dir: Path) -> list[Path]:
    """Write ``site/<id>/data/``: tables, ``<id>.json`` and ``datapackage.json``; return the files written."""
    from openpyxl import Workbook  # imported here: a build that takes its files from the cache never loads it

    out = site_dir / sheet.id / "data"
    out.mkdir(parents=True, exist_ok=True)
    builder = TableBuilder(sheet)
    book = Workbook(write_only=True)
    resources: list[dict[str, Any]] = []
    with writing(out / workbook_name(sheet.id)):  # the sheets' rows go to temporary files as they are added
        try:
            for key, build_table in builder.builders().items():
                if not absent(sheet, key):
                    resources.append(table_resource(build_table(), out, book))
            save_reproducibly(book, out / workbook_name(sheet.id), start_of(sheet.evaluation.issued))
        except OSError:
            _abandon(book)
            raise
    resources.append(
        {
            "name": f"{sheet.id}-xlsx",
            "type": "file",
            "path": workbook_name(sheet.id),
            "title": f"{sheet.evaluation.title}（全部表格，Excel）",
            "description": "每张表格一个工作表，以表名命名（概要表、表1…、附件1…）",
            "format": "xlsx",
            "mediatype": XLSX_TYPE,
        }
    )
    write_json(out / f"{sheet.id}.json", evaluation_document(sheet))
    resources.append(
        {
            "name": sheet.id,
            "type": "json",
            "path": f"{sheet.id}.json",
            "title": f"{sheet.evaluation.title}（全部数据与得分）",
            "description": "元数据、事实及来源、指标体系与评分标准、得分、比率、问卷、抽样项目；数值以字符串保存以保持精确",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }
    )
    ev = sheet.evaluation
    package = {
        "name": sheet.id,
        "title": ev.title,
        "description": f"{ev.evaluated_body} {ev.year_label} 年{ev.type}绩效评价：{ev.evaluator}"
        + (f"，{ev.report_number}" if ev.report_number else ""),
        "version": ev.issued.isoformat(),
        "resources": resources,
    }
    write_json(out / "datapackage.json", package)
    return [out / r["path"] for r in resources] + [out / "datapackage.json"]
