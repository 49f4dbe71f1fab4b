"""Dates as precise as the report gives them: a day (2023-09-15) or only a month (2025-05).

A report that says “2025年5月” is entered as ``2025-05`` and shown as 2025 年 5 月 everywhere;
no day is invented for it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer
from pydantic_core import PydanticCustomError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    """A month of a year, when the source gives no day."""

    year: int
    month: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def first_day(self) -> dt.date:
        """Where a full date is unavoidable (a PDF file stamp), the month's first day."""
        return dt.date(self.year, self.month, 1)


def _parse(value: Any) -> dt.date | Month:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | Month):
        return value
    text = str(value).strip()
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return Month(int(match.group(1)), int(match.group(2)))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("day_or_month", "not a date or month") from None


Day = Annotated[dt.date | Month, BeforeValidator(_parse), PlainSerializer(lambda d: d.isoformat(), return_type=str)]
"""A day (``2023-09-15``) or a month (``2025-05``) in the data."""


def start_of(value: dt.date | Month) -> dt.date:
    """The earliest day a value may mean, for ordering and file stamps."""
    return value.first_day() if isinstance(value, Month) else value


def cn_when(value: dt.date | Month) -> str:
    """``2023 年 9 月 15 日`` or, for a month, ``2025 年 5 月`` — as precise as the data."""
    if isinstance(value, Month):
        return f"{value.year} 年 {value.month} 月"
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


def cn_span(start: dt.date | Month, end: dt.date | Month) -> str:
    """``2021 年 1 月至 2024 年 12 月``: a span as the reports print it, a space on each side of every figure."""
    return f"{cn_when(start)}至 {cn_when(end)}"
