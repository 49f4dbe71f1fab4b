"""The analysts' download: every published evaluation × every indicator in one long table.

One row per indicator (一级, 二级 and 三级) of each evaluation, with who and what the
evaluation is about, so a researcher loads one file into pandas, R or Excel and asks their own
questions. Written into ``site/tongji/data/`` as:

* ``zhibiao.csv`` — UTF-8 with BOM (Excel opens the Chinese text), no cell that runs as a formula;
* ``zhibiao.xlsx`` — the same rows, figures as numbers;
* ``zhibiao.parquet`` — the same rows typed (scores as ``decimal(7, 2)``, exact), via pyarrow;
* ``datapackage.json`` — a Frictionless Data Package describing the three.

Made from the records the evaluations' parts carry (``presentation.statistics_record.record``), never by
loading an evaluation again. The same records give the same bytes: rows in id order, the
workbook dated by the newest report it holds, Parquet without a writing time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.data.spreadsheet import as_text
from jixiao.outputs.opendata import CSV_TYPE, XLSX_TYPE, save_reproducibly, xlsx_cell
from jixiao.presentation.statistics_paths import DATA

NAME = "zhibiao"
#: (column, Frictionless type, description); the Parquet types follow in ``_arrow_schema``
COLUMNS = (
    ("评价", "string", "评价的标识（网址中的 id）"),
    ("报告名称", "string", "报告标题"),
    ("被评价单位", "string", "被评价单位"),
    ("年度", "string", "被评价的预算年度（多年评价如 2021—2024）"),
    ("末年", "integer", "覆盖的最后一个年度（统计页按它计年度）"),
    ("类型", "string", "部门整体支出、项目支出或自评"),
    ("委托单位", "string", "委托单位"),
    ("委托单位级别", "string", "省、市、县……；未注明时为空"),
    ("评价机构", "string", "评价机构（自评为被评价单位）"),
    ("层级", "integer", "指标层级：1 一级、2 二级、3 三级"),
    ("指标路径", "string", "一级 › 二级 › 三级"),
    ("分值", "number", "指标分值"),
    ("得分", "number", "按评分标准复核计算的得分"),
    ("填报得分", "number", "报告或自评表所印的该指标得分（reported）；未印时为空"),
    ("报告得分", "number", "报告的得分：印有总分时为所印总分，否则为复核计算的总分"),
    ("复核总分", "number", "按评分标准复核计算的总分"),
    ("自评得分", "number", "报告概要表所印的自评得分；未印时为空"),
)
FILES = (("CSV", f"{NAME}.csv"), ("Excel", f"{NAME}.xlsx"), ("Parquet", f"{NAME}.parquet"), ("datapackage.json", "datapackage.json"))


def downloads() -> list[tuple[str, str]]:
    """The files as the statistics page links them: (label, path from the site root)."""
    return [(label, f"{DATA}/{name}") for label, name in FILES]


def rows(records: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """The long table: one row per indicator, evaluations in id order, indicators in their tree's order."""
    out = []
    for r in sorted(records, key=lambda r: r["id"]):
        head = [
            r["id"],
            r["title"],
            r["body"],
            r["year_label"],
            max(r["years"]),
            r["type"],
            r["commissioner"],
            r["level"] or "",
            r["evaluator"],
        ]
        tail = [_dec(r["score"]), _dec(r["computed"]), _dec(r["self_score"])]
        for level, path, points, score, reported in r["indicators"]:
            out.append([*head, level, " › ".join(path), _dec(points), _dec(score), _dec(reported), *tail])
    return out


def _dec(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def write_csv(path: Path, table: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([c[0] for c in COLUMNS])
        writer.writerows([as_text(_text(c)) for c in row] for row in table)


def write_xlsx(path: Path, table: list[list[Any]], day: dt.date) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("全部指标")
    sheet.append([c[0] for c in COLUMNS])
    for row in table:
        sheet.append([xlsx_cell(sheet, _text(c)) if isinstance(c, str | Decimal) else c for c in row])
    save_reproducibly(book, path, day)


def _arrow_schema() -> Any:
    import pyarrow as pa

    kinds = {"string": pa.string(), "integer": pa.int16(), "number": pa.decimal128(7, 2)}
    return pa.schema([pa.field(name, kinds[kind], nullable=True, metadata={"description": about}) for name, kind, about in COLUMNS])


def write_parquet(path: Path, table: list[list[Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(zip(*table, strict=True)) if table else [[] for _ in COLUMNS]
    arrays = pa.Table.from_arrays(
        [pa.array(list(c), type=f.type) for c, f in zip(columns, _arrow_schema(), strict=True)], schema=_arrow_schema()
    )
    buffer = io.BytesIO()
    pq.write_table(arrays, buffer, compression="zstd")
    path.write_bytes(buffer.getvalue())


def package(count: int, rows_count: int) -> dict[str, Any]:
    """The Data Package describing the three files."""
    fields = [{"name": name, "type": kind, "description": about} for name, kind, about in COLUMNS]
    return {
        "name": "jixiao-zhibiao",
        "title": "全部评价的全部指标得分（长表）",
        "description": f"本站公开的 {count} 份评价 × 各自的全部指标（一级、二级、三级），共 {rows_count} 行；一行一个指标。",
        "resources": [
            {
                "name": NAME,
                "type": "table",
                "path": f"{NAME}.csv",
                "format": "csv",
                "mediatype": CSV_TYPE,
                "encoding": "utf-8-sig",
                "dialect": {"header": True},
                "schema": {"fields": fields, "missingValues": [""]},
            },
            {
                "name": f"{NAME}-xlsx",
                "type": "file",
                "path": f"{NAME}.xlsx",
                "format": "xlsx",
                "mediatype": XLSX_TYPE,
                "title": "同一张表（Excel）",
            },
            {
                "name": f"{NAME}-parquet",
                "type": "file",
                "path": f"{NAME}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "title": "同一张表（Parquet，分值与得分为 decimal(7, 2)）",
            },
        ],
    }


def publish(records: list[dict[str, Any]], site_dir: Path) -> list[Path]:
    """Write ``site/tongji/data/``; return the files written."""
    out = site_dir / DATA
    out.mkdir(parents=True, exist_ok=True)
    table = rows(records)
    day = max((dt.date.fromisoformat(r["issued"]) for r in records), default=dt.date(2000, 1, 1))
    write_csv(out / f"{NAME}.csv", table)
    write_parquet(out / f"{NAME}.parquet", table)
    write_xlsx(out / f"{NAME}.xlsx", table, day)
    (out / "datapackage.json").write_text(
        json.dumps(package(len(records), len(table)), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return [out / name for _, name in FILES]
