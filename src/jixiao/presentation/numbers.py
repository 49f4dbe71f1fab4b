"""Figures a reader sees, formatted once: amounts, counts, percentages, scores, rates and dates.

A ``Figure`` knows its kind, so ``{{ fact("年初预算数") }}`` prints ``4,814,130.68`` and
``{{ rate("重点支出安排率") }}`` prints ``99.04%`` without the writer choosing a format.
Filters (``yuan``, ``wan``, ``pct``, ``num``, ``int``, ``date``) change the format where
the report wants another (万元 in the 概要表). A fact's figure carries its unit, so the filters
convert rather than mislabel: ``wan`` of an amount already in 万元 keeps it, ``yuan`` of it
multiplies by 10,000, ``pct`` of a figure already in % does not multiply by 100 again.

A figure keeps its **exact** value; it is rounded only where it is printed, once, at the
precision of its kind (README “显示精度” lists them). A ratio is scaled
to a percentage before it is rounded, so 0.4065 prints ``40.65%`` whichever way it is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from jixiao.data.dates import Month, cn_span, cn_when
from jixiao.data.model import Period
from jixiao.data.money import PERCENT, TEN_THOUSAND, WAN, fmt_fact, fmt_percent, fmt_score, fmt_wan, fmt_yuan, round2, unit_kind

Kind = Literal["yuan", "count", "percent", "score", "rate", "number"]
#: the kinds a page may name, e.g. ``calc("a / b", "rate")``
KINDS: tuple[str, ...] = ("yuan", "count", "score", "rate", "number")


@dataclass(frozen=True)
class Figure:
    """A computed or stored number, kept exact, with the way it is shown.

    ``unit`` is the fact's unit (empty for scores, rates and sums); ``show_unit`` appends it,
    so ``fact("人均经费", unit=True)`` reads ``43,010.75元/人``. ``written`` marks a value typed
    in the data, which a count or a percentage shows as typed.
    """

    value: Decimal
    kind: Kind
    unit: str = ""
    show_unit: bool = False
    written: bool = False

    def __str__(self) -> str:
        text = format_value(self.value, self.kind, self.written)
        return f"{text}{self.unit}" if self.show_unit else text


def kind_for_unit(unit: str) -> Kind:
    """How a fact in ``unit`` prints (``money.unit_kind``): money, a percentage or a count."""
    return unit_kind(unit)  # type: ignore[return-value]


def format_value(value: Decimal, kind: Kind, written: bool = False) -> str:
    """``value`` as a reader sees it, rounded half-up once at the precision of ``kind``."""
    if kind in ("yuan", "percent", "count"):
        return fmt_fact(value, {"yuan": "元", "percent": PERCENT, "count": ""}[kind], written)
    if kind == "score":
        return fmt_score(value)
    if kind == "rate":
        return fmt_percent(value)
    return f"{value.normalize():f}"


def fact_text(value: Decimal, unit: str, written: bool) -> str:
    """A fact as pages print it with its unit: ``4,814,130.68 元``, ``40.65 %``, ``8 户``."""
    return f"{fmt_fact(value, unit, written)} {unit}".strip()


def _value(x: Figure | Decimal | int) -> Decimal:
    return x.value if isinstance(x, Figure) else Decimal(x)


def _unit(x: Figure | Decimal | int) -> str:
    return x.unit if isinstance(x, Figure) else ""


def yuan(x: Figure | Decimal | int) -> str:
    """``4,814,130.68``; an amount in 万元 is converted (43.2 万元 → ``432,000.00``)."""
    return fmt_yuan(_value(x) * TEN_THOUSAND if _unit(x) == WAN else _value(x))


def wan(x: Figure | Decimal | int) -> str:
    """Amount in 万元: ``481.41``; an amount already in 万元 is only rounded (37.24 → ``37.24``)."""
    return fmt_yuan(_value(x)) if _unit(x) == WAN else fmt_wan(_value(x))


def pct(x: Figure | Decimal | int) -> str:
    """A fraction as a percentage, scaled before it is rounded: ``99.04%``, 0.4065 → ``40.65%``;
    a fact already in % (``value: 93.06, unit: "%"``) is not scaled again: ``93.06%``."""
    if _unit(x) == PERCENT:
        return f"{round2(_value(x)):.2f}%"
    return fmt_percent(_value(x))


def num(x: Figure | Decimal | int) -> str:
    """A score with two decimals: ``90.34``"""
    return fmt_score(_value(x))


def integer(x: Figure | Decimal | int) -> str:
    """A whole count, rounded half-up (never cut off): ``194``, 2.5 → ``3``."""
    return f"{_value(x).quantize(Decimal(1), rounding=ROUND_HALF_UP):f}"


def cn_date(d: dt.date | Month | Period) -> str:
    """``2023 年 9 月 15 日`` — the reports' own way of writing a date (``2025 年 5 月`` for a month);
    a period (``meta.period``) reads ``2023 年 6 月 30 日至 2023 年 8 月 31 日``, spaced the same way."""
    if isinstance(d, Period):
        return cn_span(d.start, d.end)
    return cn_when(d)


FILTERS = {"yuan": yuan, "wan": wan, "pct": pct, "num": num, "int": integer, "date": cn_date}
