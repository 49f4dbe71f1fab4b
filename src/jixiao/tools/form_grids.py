"""Filled-in 自评表 files as grids of cell text: every sheet of an ``.xlsx``, every table of a ``.docx``.

A form is a grid whatever program made it. Merged cells are expanded (each covered position holds
the merged cell's text and its origin, so a reader can tell "the cell to the right" from "more of
the same cell"), and every cell keeps a reference a person can find: ``Sheet1!E12`` in Excel,
``表1 第12行第5列`` in Word. Files come from outside and are untrusted: a workbook that unpacks to
more than 50 MB is refused before parsing (``survey_import.check_workbook``), XML entity
declarations are refused (openpyxl parses with defusedxml; python-docx's lxml parser resolves no
entities and loads no network resources), and a cell holding a formula is read as its text.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.errors import DataError, Finding

#: what a Word or Excel file may unpack to before it is refused unread (a zip bomb)
MAX_UNPACKED = 50_000_000
MAX_PARTS = 1_000


@dataclass(frozen=True)
class GridCell:
    text: str
    ref: str  #: where a person finds it: Sheet1!E12, 表1 第12行第5列
    origin: tuple[int, int]  #: the top-left position of the merged cell it belongs to


@dataclass
class Grid:
    """One form's cells, row by row; ``name`` says which sheet or file it is."""

    file: str
    name: str
    rows: list[list[GridCell]] = field(default_factory=list)

    def text(self, r: int, c: int) -> str:
        row = self.rows[r]
        return row[c].text if c < len(row) else ""


def _text(value: object) -> str:
    """A cell's value as the form shows it: 10.0 stored by Excel reads ``10``, a date ``2020-01-15``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        exact = Decimal(repr(value))
        return f"{exact.normalize():f}" if exact == exact.to_integral_value() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return re.sub(r"[ \t\u3000\xa0]+", " ", str(value)).strip()


def check_archive(path: Path, kind: str) -> None:
    """Refuse a file that is no zip, or unpacks to more than ``MAX_UNPACKED`` bytes, before anything parses it."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(
            [Finding(path.name, None, "", f"无法读取{kind}文件：不是有效的文件（{exc}）", f"用 {kind} 另存为后再导入")]
        ) from None
    size = sum(p.file_size for p in parts)
    if size > MAX_UNPACKED or len(parts) > MAX_PARTS:
        message = f"文件解压后有 {size / 1e6:,.0f} MB、{len(parts)} 个部件，超过上限 {MAX_UNPACKED // 1_000_000} MB、{MAX_PARTS} 个（可能是压缩炸弹）"
        raise DataError([Finding(path.name, None, "", message, "只保留自评表所在的工作表或表格")])


def read_xlsx(path: Path) -> list[Grid]:
    """Every non-empty sheet of a workbook, merged ranges expanded."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    check_archive(path, "Excel ")
    try:
        book = openpyxl.load_workbook(path, data_only=False, read_only=False)
    except Exception as exc:  # a damaged or mislabelled file raises many types
        raise DataError(
            [
                Finding(
                    path.name,
                    None,
                    "",
                    f"无法读取 Excel 文件：{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                    "用 Excel 另存为 .xlsx",
                )
            ]
        ) from None
    grids = []
    for sheet in book.worksheets:
        origin: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    origin[(r, c)] = (merged.min_row, merged.min_col)
        grid = Grid(path.name, sheet.title)
        for r in range(1, (sheet.max_row or 0) + 1):
            row = []
            for c in range(1, (sheet.max_column or 0) + 1):
                top = origin.get((r, c), (r, c))
                value = sheet.cell(*top).value
                row.append(GridCell(_text(value), f"{sheet.title}!{get_column_letter(top[1])}{top[0]}", top))
            grid.rows.append(row)
        if any(cell.text for row in grid.rows for cell in row):
            grids.append(grid)
    return grids


def read_docx(path: Path) -> list[Grid]:
    """A Word file's tables, one after another, as one form (units split a form over several tables)."""
    import docx

    check_archive(path, "Word ")
    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise DataError(
            [
                Finding(
                    path.name,
                    None,
                    "",
                    f"无法读取 Word 文件：{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                    "用 Word 另存为 .docx",
                )
            ]
        ) from None
    grid = Grid(path.name, path.name)
    title = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    for k, line in enumerate(title[:6]):  # the form's title and year are often paragraphs above its table
        grid.rows.append([GridCell(line, f"第{k + 1}段", (-k - 1, 0))])
    for t, table in enumerate(document.tables, 1):
        seen: dict[int, tuple[int, int]] = {}
        for r, row in enumerate(table.rows):
            cells = []
            for c, cell in enumerate(row.cells):
                key = id(cell._tc)
                top = seen.setdefault(key, (t * 1000 + r, c))
                cells.append(GridCell(_text(cell.text), f"表{t} 第{top[0] - t * 1000 + 1}行第{top[1] + 1}列", top))
            grid.rows.append(cells)
    return [grid] if any(cell.text for row in grid.rows for cell in row) else []


def read_forms(path: Path) -> list[Grid]:
    """The forms in one file: one per sheet of an ``.xlsx``, one per ``.docx``."""
    if not path.is_file():
        raise DataError([Finding(str(path), None, "", "文件不存在", "检查文件路径")])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".docx":
        return read_docx(path)
    raise DataError(
        [
            Finding(
                path.name,
                None,
                "",
                f"不认识的文件类型“{path.suffix}”",
                "导入 .xlsx（Excel）或 .docx（Word）的自评表；.xls、.doc 请先另存为新格式",
            )
        ]
    )
