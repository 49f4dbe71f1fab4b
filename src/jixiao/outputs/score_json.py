"""The score sheet as plain data (JSON), for the CLI and the open-data downloads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.data.money import percent, round2
from jixiao.scoring.score_sheet import Difference, ScoreSheet


def _num(value: Decimal) -> str:
    return f"{round2(value):.2f}"


def difference_dict(d: Difference) -> dict[str, Any]:
    """One 复核差异 with where the reported figure is written (``file``, ``line``)."""
    return {
        "level": d.level,
        "indicator": " › ".join(d.path) or None,
        "criterion": d.no,
        "reported": _num(d.reported),
        "computed": _num(d.computed),
        "file": d.file,
        "line": d.line,
    }


def sheet_dict(sheet: ScoreSheet) -> dict[str, Any]:
    """``{"id", "total", "grade", "signed", "indicators": [...], "rates": {...}, "differences": [...]}``.

    ``total`` and ``grade`` are recomputed; ``signed`` is the report's own (``reported_total`` where
    written, else the same). Decimals are strings with two decimals (rates in percent), in tree order.
    """
    return {
        "id": sheet.id,
        "title": sheet.evaluation.title,
        "total": _num(sheet.total),
        "grade": sheet.grade,
        "signed": {"total": _num(sheet.signed.total), "grade": sheet.signed.grade},
        "indicators": [
            {
                "level": node.level,
                "name": node.name,
                "parent": node.parent,
                "points": _num(node.points),
                "score": _num(node.score),
                **(
                    {
                        "criteria": [
                            {
                                "no": c.no,
                                "points": _num(c.criterion.points),
                                "score": _num(c.score),
                                "rule": c.criterion.rule,
                                "working": c.working,
                            }
                            for c in node.criteria
                        ]
                    }
                    if node.is_leaf
                    else {}
                ),
            }
            for node in sheet.walk()
        ],
        "rates": {name: f"{percent(value):.2f}" for name, value in sheet.rates.items()},
        "differences": [difference_dict(d) for d in sheet.differences],
    }
