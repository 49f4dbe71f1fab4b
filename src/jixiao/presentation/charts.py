"""Charts drawn by matplotlib as static SVG, set into a page beside the table of their figures.

A chart is described as data (``Chart``: a kind, category labels, one or more series of
numbers) and drawn by matplotlib's SVG backend into text a page embeds inline:

* readable without JavaScript, and printed by WeasyPrint in a PDF, since it is plain SVG;
* its text stays text (``svg.fonttype: none``) in the Chinese font the site and the PDF use,
  with a fallback list for readers that do not have Noto CJK;
* ``<title>`` and ``<desc>`` (every figure in words) head the SVG, and the page shows the
  same figures as a table beside it, so a screen reader and a printout say what the bars show;
* nothing in it points to another host: matplotlib's metadata block (its RDF namespaces and
  link) is dropped, and ids are prefixed per chart so that several charts share a page;
* the same data gives the same bytes (fixed ``svg.hashsalt``, no date).

matplotlib is imported on the first drawing, so a build that draws nothing never loads it.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Any, Literal, Protocol

from jixiao.errors import DataError, Finding

if TYPE_CHECKING:
    from markupsafe import Markup

#: the font the charts are drawn in (Debian's fonts-noto-cjk, installed by scripts/setup; also the PDF's)
FONT = "Noto Sans CJK SC"
#: what a reader's browser uses when it has no Noto CJK
FALLBACK = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif"
#: the site's colours (the theme's red, then muted tones), one per series
COLOURS = ("#b71c1c", "#ef6c00", "#f9a825", "#558b2f", "#1565c0", "#6a1b9a")
#: grade colours, best first (优 良 中 差)
GRADE_COLOURS = ("#2e7d32", "#1565c0", "#f9a825", "#b71c1c")
#: inches per unit of the SVG's viewBox: matplotlib writes points (72 per inch)
POINTS = 72


@dataclass(frozen=True)
class Series:
    """One row of figures across the chart's categories (``None``: no figure for that category)."""

    name: str
    values: Sequence[float | None]
    colour: str | None = None


@dataclass(frozen=True)
class Chart:
    """What to draw: ``hbar`` (one bar per category, labels on the left), ``bars`` (vertical bars,
    several series side by side), ``stacked`` (vertical bars, series stacked) or ``line`` (one line
    per series across the categories, which are in order: years).

    ``title`` and ``desc`` become the SVG's ``<title>`` and ``<desc>``; ``unit`` labels the value
    axis; ``limit`` fixes its upper end (100 for a 得分率); ``labels`` are the figures printed at
    the end of each bar of the first series, as the page prints them.
    """

    kind: Literal["hbar", "bars", "stacked", "line"]
    title: str
    desc: str
    categories: Sequence[str]
    series: Sequence[Series]
    unit: str = ""
    limit: float | None = None
    labels: Sequence[str] = field(default_factory=tuple)
    #: a value-axis line to draw across (80: the 良 threshold)
    reference: float | None = None
    #: the values are counts: whole-number ticks only
    counts: bool = False


class Store(Protocol):
    """Where drawn charts are kept by their content (the build keeps them in its cache folder)."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, svg: str) -> None: ...


def key(chart: Chart) -> str:
    """What a drawing depends on: the chart's data and this module's settings (the code is the store's key)."""
    return hashlib.sha256(repr((chart, SETTINGS, FALLBACK)).encode("utf-8")).hexdigest()


def _font_missing() -> DataError:
    return DataError(
        [Finding("fonts", None, "图表", f"没有找到图表用的中文字体 {FONT}", "安装 fonts-noto-cjk（scripts/setup 会安装），再构建")]
    )


@cache
def _matplotlib() -> Any:
    """matplotlib with the SVG backend and the charts' settings; fails clearly without the Chinese font."""
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib import font_manager

    try:
        font_manager.findfont(font_manager.FontProperties(family=FONT), fallback_to_default=False)
    except ValueError:
        raise _font_missing() from None
    return matplotlib


SETTINGS = {
    "font.family": [FONT],
    "font.size": 10,
    "svg.fonttype": "none",
    "svg.hashsalt": "jixiao",
    "axes.unicode_minus": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#777777",
    "axes.titlesize": 11,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "legend.frameon": False,
}


def _layout(chart: Chart) -> tuple[tuple[float, float], dict[str, float]]:
    """The figure's size in inches and its margins (fractions of it), from the labels it prints.

    Set by hand rather than by matplotlib's layout engines, which measure every text again and
    cost twice the drawing.
    """
    n = len(chart.categories)
    pt = SETTINGS["font.size"]
    if chart.kind == "hbar":
        longest = max((len(c) for c in chart.categories), default=2)
        label = longest * pt * 1.05 + 14  # points: a CJK character is one em wide
        width = 6.4 + label / POINTS * 0.5
        height = 0.75 + 0.32 * n
        left = label / (width * POINTS)
        return (width, height), {"left": left, "right": 0.97, "bottom": 0.55 / height, "top": 1 - 0.12 / height}
    legend = 0.9 if len(chart.series) > 1 else 0.0
    per = 0.55 * (len(chart.series) if chart.kind == "bars" else 1)
    width = max(5.2, min(9.0, 1.4 + per * n)) + legend
    height = 3.0
    return (width, height), {"left": 0.75 / width, "right": 1 - (legend + 0.15) / width, "bottom": 0.55 / height, "top": 0.95}


def _draw(chart: Chart) -> str:
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(SETTINGS):
        size, margins = _layout(chart)
        fig = Figure(figsize=size)
        fig.subplots_adjust(**margins)
        ax = fig.subplots()
        cats = list(chart.categories)
        positions = list(range(len(cats)))
        if chart.kind == "hbar":
            values = [v or 0 for v in chart.series[0].values]
            bars = ax.barh(positions, values, color=chart.series[0].colour or COLOURS[0], height=0.6)
            ax.set_yticks(positions, cats)
            ax.invert_yaxis()  # the first category on top, as the table beside it lists them
            ax.set_xlabel(chart.unit)
            if chart.labels:
                ax.bar_label(bars, labels=list(chart.labels), padding=3, fontsize=9)
            if chart.limit is not None:
                ax.set_xlim(0, chart.limit * 1.12)
            ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        else:
            if chart.kind == "line":
                for i, s in enumerate(chart.series):
                    points = [(x, v) for x, v in zip(positions, s.values, strict=True) if v is not None]
                    ax.plot(
                        [p[0] for p in points],
                        [p[1] for p in points],
                        marker="o",
                        color=s.colour or COLOURS[i % len(COLOURS)],
                        label=s.name,
                    )
            elif chart.kind == "stacked":
                base = [0.0] * len(cats)
                for i, s in enumerate(chart.series):
                    values = [v or 0 for v in s.values]
                    ax.bar(positions, values, bottom=base, color=s.colour or COLOURS[i % len(COLOURS)], label=s.name, width=0.65)
                    base = [b + v for b, v in zip(base, values, strict=True)]
            else:
                width = 0.8 / max(1, len(chart.series))
                for i, s in enumerate(chart.series):
                    shifted = [p - 0.4 + width * (i + 0.5) for p in positions]
                    values = [v or 0 for v in s.values]
                    bars = ax.bar(shifted, values, width=width, color=s.colour or COLOURS[i % len(COLOURS)], label=s.name)
                    if chart.labels and i == 0:
                        ax.bar_label(bars, labels=list(chart.labels), padding=2, fontsize=9)
            ax.set_xticks(positions, cats)
            ax.set_ylabel(chart.unit)
            if chart.limit is not None:
                ax.set_ylim(min(0, ax.get_ylim()[0]), chart.limit)
            ax.grid(axis="y", color="#dddddd", linewidth=0.6)
            if len(chart.series) > 1:
                ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
        if chart.counts:
            from matplotlib.ticker import MaxNLocator

            (ax.xaxis if chart.kind == "hbar" else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
        if chart.reference is not None:
            line = ax.axvline if chart.kind == "hbar" else ax.axhline
            line(chart.reference, color="#777777", linewidth=0.8, linestyle="--")
        ax.set_axisbelow(True)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return out.getvalue()


_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_STYLE = re.compile(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", re.S)
_OPEN = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\b(width|height)="([\d.]+)pt"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def svg(chart: Chart, ident: str, store: Store | None = None) -> str:
    """The chart as an ``<svg>`` element to embed in HTML; ``ident`` prefixes its ids (unique per page).

    With a ``store``, a chart drawn before with the same data is taken from it, not drawn again.
    """
    name = f"{key(chart)}-{ident}"
    kept = store.get(name) if store is not None else None
    if kept is not None:
        return kept
    drawn = _svg(chart, ident)
    if store is not None:
        store.put(name, drawn)
    return drawn


def _svg(chart: Chart, ident: str) -> str:
    # the metadata names matplotlib's site; the style element (line joins only) is what a page may not carry
    text = _STYLE.sub("", _METADATA.sub("", _PROLOGUE.sub("", _draw(chart), count=1), count=1), count=1)
    text = _ID.sub(lambda m: f'id="{ident}-{m.group(1)}"', text)
    text = _REF.sub(lambda m: f"{m.group(1)}{ident}-{m.group(2)}", text)
    text = text.replace(f"font-family: '{FONT}'", f"font-family: {FALLBACK}")

    def head(m: re.Match[str]) -> str:
        # CSS pixels as many as the points (96 a inch), scaled down by the page's CSS on a narrow screen
        tag = _SIZE.sub(lambda s: f'{s.group(1)}="{round(float(s.group(2)) * 96 / POINTS)}"', m.group(0))
        tag = tag[:-1] + f' role="img" aria-labelledby="{ident}-title {ident}-desc">'
        return f'{tag}<title id="{ident}-title">{escape(chart.title)}</title><desc id="{ident}-desc">{escape(chart.desc)}</desc>'

    text = _OPEN.sub(head, text, count=1)
    return "\n".join(line for line in text.splitlines() if line.strip())


@cache
def _env() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("jixiao", "templates"), autoescape=True)


def figure_html(
    chart: Chart, ident: str, caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], store: Store | None = None
) -> Markup:
    """A ``<figure>``: the chart, its caption and the table of its figures (``head``, then ``rows``
    whose first cell names the row), as one block of engine HTML a page's sandbox passes through."""
    from markupsafe import Markup

    html = (
        _env()
        .get_template("chart.html")
        .render(
            ident=ident, svg=Markup(svg(chart, ident, store)), caption=caption, table_caption=f"{chart.title}（数据）", head=head, rows=rows
        )
    )
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))
