"""Figures a reader sees, formatted once: amounts, counts, scores, rates and dates.

A ``Figure`` knows its kind, so ``{{ fact("年初预算数") }}`` prints ``4,814,130.68`` and
``{{ rate("重点支出安排率") }}`` prints ``99.04%`` without the writer choosing a format.
Filters (``yuan``, ``wan``, ``pct``, ``num``, ``int``, ``date``) change the format where
the report wants another (万元 in the 概要表).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .money import fmt_percent, fmt_score, fmt_wan, fmt_yuan
from .when import Month, cn_when

Kind = Literal["yuan", "count", "score", "rate", "number"]

#: units whose values are whole counts (户, 人, 次…) rather than money
MONEY_UNITS = {"元"}


@dataclass(frozen=True)
class Figure:
    """A computed or stored number with the way it is shown."""

    value: Decimal
    kind: Kind

    def __str__(self) -> str:
        return format_value(self.value, self.kind)


def kind_for_unit(unit: str) -> Kind:
    if unit in MONEY_UNITS:
        return "yuan"
    if unit == "%":
        return "number"
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
    return f"{value.normalize():f}"


def _value(x: Figure | Decimal | int) -> Decimal:
    return x.value if isinstance(x, Figure) else Decimal(x)


def yuan(x: Figure | Decimal | int) -> str:
    """``4,814,130.68``"""
    return fmt_yuan(_value(x))


def wan(x: Figure | Decimal | int) -> str:
    """Amount in 万元: ``481.41``"""
    return fmt_wan(_value(x))


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
