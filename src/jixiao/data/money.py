"""Exact numbers and the one rounding rule.

The rounding rule, stated once: every computed value that is shown or summed is
rounded **half-up to 0.01** (``ROUND_HALF_UP``) — a criterion's score is rounded
before it is added to its indicator, and a rate is rounded to 0.01 % when shown.
Intermediate values (a rate used inside a score) are never rounded. This
reproduces every subtotal of the reference report. Money is ``Decimal``,
never ``float``.

A fact prints by its unit (``fmt_fact``): money (元, 万元, 元/人…) with separators and two decimals
(more if written with more), a percentage (``%``, held in points) and a count (户, 人…) as written or,
when a formula computed it, to 0.01. The pages (``presentation.numbers``) and the rules' working lines
use this one function.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)
#: a number in the data is smaller than 10^15 in size (a thousand trillion 元) …
MAX_INTEGER_DIGITS = 15
#: … and has at most 10 decimal places
MAX_DECIMALS = 10
#: the range, in the words of a finding's fix
RANGE_TEXT = f"数据中的数字须是有限的十进制数，绝对值小于 10^{MAX_INTEGER_DIGITS}，小数不超过 {MAX_DECIMALS} 位"


def round2(value: Decimal) -> Decimal:
    """Round half-up to 0.01: the project's only rounding rule."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: object) -> Decimal:
    """Convert data input (str, int, Decimal) to Decimal; floats are refused.

    Floats never enter the engine: YAML floats are loaded as Decimal from their
    text, so a float here is a programming error.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"not an exact number: {value!r}")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def out_of_range(value: Decimal | int) -> str | None:
    """Why ``value`` is outside the numbers data may hold (``RANGE_TEXT``), or ``None``.

    NaN and infinity have no decimal value; ``1e999999999`` is a valid Decimal that no page could print
    (formatting it writes a billion digits). Refused where the data is read, the finding names the data
    file and line instead of the page that prints it.
    """
    if isinstance(value, int):
        value = Decimal(value) if value.bit_length() < 64 else Decimal("1e20")
    if not value.is_finite():
        return "不是有限的数（NaN 或无穷大）"
    if value and value.adjusted() >= MAX_INTEGER_DIGITS:
        return f"超过 {MAX_INTEGER_DIGITS} 位整数"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        return f"小数超过 {MAX_DECIMALS} 位"
    return None


def percent(rate: Decimal) -> Decimal:
    """A rate (0.9904…) as a percentage rounded to 0.01 (99.04)."""
    return round2(rate * HUNDRED)


def fmt_percent(rate: Decimal) -> str:
    """``99.04%``; a negative rate keeps its sign (``-0.45%``)."""
    return f"{percent(rate):.2f}%"


def fmt_yuan(amount: Decimal) -> str:
    """Amount in 元 with thousands separators and two decimals: ``4,220,213.50``."""
    return f"{round2(amount):,.2f}"


def fmt_wan(amount: Decimal) -> str:
    """Amount in 万元 to two decimals, as the 概要表 shows it: ``422.02``."""
    return f"{round2(amount / TEN_THOUSAND):,.2f}"


def fmt_score(score: Decimal) -> str:
    """A score with two decimals: ``90.34``, ``2.00``."""
    return f"{round2(score):.2f}"


#: the unit of amounts in 万元
WAN = "万元"
#: the unit of a fact held in percentage points (``100`` is 100%)
PERCENT = "%"


def unit_kind(unit: str) -> str:
    """``yuan`` for money (元, 万元 and every rate of them: 元/人, 万元/公里…), ``percent`` for ``%``,
    ``count`` for any other unit (户, 人, 次…)."""
    if unit in ("元", WAN) or unit.startswith(("元/", f"{WAN}/")):
        return "yuan"
    return "percent" if unit == PERCENT else "count"


def fmt_written(value: Decimal) -> str:
    """A typed number with the digits it was typed with (``1669.70`` keeps its zero), grouped from 10,000."""
    return f"{value:,f}" if abs(value) >= 10000 else f"{value:f}"


def fmt_fact(value: Decimal, unit: str, written: bool) -> str:
    """A fact's value by its unit (without the unit); ``written``: typed in the data, not computed."""
    kind = unit_kind(unit)
    if kind == "yuan":
        # never fewer than two decimals; a written amount with more (16.453 万元) keeps every digit it has
        exponent = value.as_tuple().exponent
        return f"{value:,f}" if written and isinstance(exponent, int) and exponent < -2 else fmt_yuan(value)
    if written:
        return fmt_written(value)
    value = round2(value)
    if kind == "percent":
        return f"{value:.2f}"
    return fmt_written(value.to_integral_value() if value == value.to_integral_value() else value)
