"""The landing page's chart: the 一级 indicators' 得分率, drawn by ``presentation.charts``.

The figure carries its text alternative (``<title>``/``<desc>`` with every figure), a caption
and the table of the figures beside it, so a screen reader and a reader without the picture
get what the bars show.
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from jixiao.data.money import fmt_percent, fmt_score, percent
from jixiao.presentation.charts import Chart, Series, figure_html
from jixiao.scoring.score_sheet import ScoreSheet


def chart_html(sheet: ScoreSheet) -> Markup:
    """A ``<figure>`` with the SVG chart, its caption and its table, as one Markdown-safe HTML block."""
    tops = sheet.indicators
    total, grade = fmt_score(sheet.total), sheet.grade
    printed = fmt_score(sheet.signed.total) if sheet.signed.differs else None
    parts = [f"{t.name}：得分 {fmt_score(t.score)} 分（分值 {fmt_score(t.points)} 分），得分率 {fmt_percent(t.share)}" for t in tops]
    summary = f"复核总分 {total} 分，等级{grade}（报告所印总分 {printed} 分）" if printed else f"总分 {total} 分，等级{grade}"
    chart = Chart(
        "hbar",
        "一级指标得分率",
        "；".join(parts) + f"。{summary}。",
        [t.name for t in tops],
        # a bar's length, not a printed figure: the printed one is the label, rounded by the rule
        [Series("得分率", [float(percent(min(t.share, Decimal(1)))) for t in tops])],
        unit="得分率（%）",
        limit=100,
        labels=[fmt_percent(t.share) for t in tops],
    )
    rows = [[t.name, fmt_score(t.points), fmt_score(t.score), fmt_percent(t.share)] for t in tops]
    return figure_html(
        chart,
        f"chart-{sheet.id}",
        f"一级指标得分率（得分 ÷ 分值）。按评分标准复核，总分 {total} 分，等级“{grade}”；报告所印总分 {printed} 分。"
        if printed
        else f"一级指标得分率（得分 ÷ 分值）。总分 {total} 分，等级“{grade}”。",
        ["一级指标", "分值", "得分", "得分率"],
        rows,
    )
