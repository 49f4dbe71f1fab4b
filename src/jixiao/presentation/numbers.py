"""Figures a reader sees, formatted once: amounts, counts, scores, rates and dates.

A ``Figure`` knows its kind, so ``{{ fact("年初预算数") }}`` prints ``4,814,130.68`` and
``{{ rate("重点支出安排率") }}`` prints ``99.04%`` without the writer choosing a format.
Filters (``yuan``, ``wan``, ``pct``, ``num``, ``int``, ``date``) change the format where
the report wants another (万元 in the 概要表). A fact's figure carries its unit, so the filters
convert rather than mislabel: ``wan`` of an amount already in 万元 keeps it, ``yuan`` of it
multiplies by 10,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from jixiao.data.dates import Month, cn_when
from jixiao.data.money import TEN_THOUSAND, fmt_percent, fmt_score, fmt_wan, fmt_yuan

Kind = Literal["yuan", "count", "score", "rate", "number"]
#: the kinds a page may name, e.g. ``calc("a / b", "rate")``
KINDS: tuple[str, ...] = get_args(Kind)

#: the unit of amounts in 万元, which the 万元 and 元 filters convert from
WAN = "万元"


@dataclass(frozen=True)
class Figure:
    """A computed or stored number with the way it is shown.

    ``unit`` is the fact's unit (empty for scores, rates and sums); ``show_unit`` appends it,
    so ``fact("人均经费", unit=True)`` reads ``43,010.75元/人``.
    """

    value: Decimal
    kind: Kind
    unit: str = ""
    show_unit: bool = False

    def __str__(self) -> str:
        text = format_value(self.value, self.kind)
        return f"{text}{self.unit}" if self.show_unit else text


def kind_for_unit(unit: str) -> Kind:
    """元 and every rate of 元 (元/人, 元/户…) are money, shown to 0.01 with separators;
    any other unit (户, 人, 万元, %…) shows the number as written."""
    if unit == "元" or unit.startswith("元/"):
        return "yuan"
    return "count"


def format_value(value: Decimal, kind: Kind) -> str:
    if kind == "yuan":
        return fmt_yuan(value)
    if kind == "score":
        return fmt_score(value)
    if kind == "rate":
        return fmt_percent(value)
    if kind == "count" and value == value.to_integral_value():
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    if kind == "count" and abs(value) >= 10000:
        return f"{value:,f}"
    return f"{value.normalize():f}"


def _value(x: Figure | Decimal | int) -> Decimal:
    return x.value if isinstance(x, Figure) else Decimal(x)


def _in_wan(x: Figure | Decimal | int) -> bool:
    return isinstance(x, Figure) and x.unit == WAN


def yuan(x: Figure | Decimal | int) -> str:
    """``4,814,130.68``; an amount in 万元 is converted (43.2 万元 → ``432,000.00``)."""
    return fmt_yuan(_value(x) * TEN_THOUSAND if _in_wan(x) else _value(x))


def wan(x: Figure | Decimal | int) -> str:
    """Amount in 万元: ``481.41``; an amount already in 万元 is only rounded (37.24 → ``37.24``)."""
    return fmt_yuan(_value(x)) if _in_wan(x) else fmt_wan(_value(x))


def pct(x: Figure | Decimal | int) -> str:
    """A fraction as a percentage: ``99.04%``"""
    return fmt_percent(_value(x))


def num(x: Figure | Decimal | int) -> str:
    """A score with two decimals: ``90.34``"""
    return fmt_score(_value(x))


def integer(x: Figure | Decimal | int) -> str:
    """A whole count: ``194``"""
    return str(int(_value(x)))


def cn_date(d: dt.date | Month) -> str:
    """``2023 年 9 月 15 日`` — the reports' own way of writing a date (``2025 年 5 月`` for a month)."""
    return cn_when(d)


FILTERS = {"yuan": yuan, "wan": wan, "pct": pct, "num": num, "int": integer, "date": cn_date}
