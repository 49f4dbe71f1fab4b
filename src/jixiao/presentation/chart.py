"""The landing page's chart: the 一级 indicators' 得分率 as an inline SVG bar chart.

Inline SVG needs no script, font or image from elsewhere, scales with the page and
prints in the PDF. Its text alternative (``<title>``/``<desc>`` and the caption)
carries every figure, so a screen reader hears what the bars show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import jinja2
from markupsafe import Markup

from jixiao.data.money import fmt_percent, fmt_score
from jixiao.scoring.score import ScoreSheet

WIDTH = 360
ROW = 34
TOP = 8
LABEL_EM = 15  # px per character of a label at the chart's 13 px font
VALUE_W = 58


@dataclass(frozen=True)
class Bar:
    name: str
    score: str
    points: str
    percent: str
    y: int
    width: float


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("jixiao", "templates"), autoescape=True)


def chart_html(sheet: ScoreSheet) -> Markup:
    """A ``<figure>`` with the SVG chart and its caption, as one Markdown-safe HTML block."""
    tops = sheet.indicators
    label_w = 12 + LABEL_EM * max((len(t.name) for t in tops), default=2)
    plot_w = WIDTH - label_w - VALUE_W
    bars = [
        Bar(
            name=t.name,
            score=fmt_score(t.score),
            points=fmt_score(t.points),
            percent=fmt_percent(t.share),
            y=TOP + i * ROW,
            width=float(round(min(t.share, Decimal(1)) * plot_w, 1)),  # a pixel length, not money
        )
        for i, t in enumerate(tops)
    ]
    height = TOP + len(bars) * ROW + 22
    ticks = [(f"{p}%", label_w + plot_w * p / 100) for p in (0, 50, 100)]
    html = (
        _env()
        .get_template("chart.html")
        .render(
            id=sheet.id,
            bars=bars,
            width=WIDTH,
            height=height,
            label_w=label_w,
            plot_w=plot_w,
            ticks=ticks,
            axis_y=TOP + len(bars) * ROW,
            total=fmt_score(sheet.total),
            grade=sheet.grade,
            printed=fmt_score(sheet.signed.total) if sheet.signed.differs else None,
        )
    )
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))
