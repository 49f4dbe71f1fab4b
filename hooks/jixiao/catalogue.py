"""The home page's catalogue: one row per evaluation, filterable by year, type and grade.

The list is complete HTML; ``assets/catalogue.js`` only reveals the filters and hides
rows, so without JavaScript a reader still sees every evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from .money import fmt_score
from .score import ScoreSheet


@dataclass(frozen=True)
class Entry:
    """One evaluation as the catalogue shows it; links are relative to the home page."""

    id: str
    years: tuple[int, ...]  #: every year covered: the year filter matches any of them
    year: str  #: as shown: ``2022`` or ``2021—2024``
    body: str
    type: str
    evaluator: str
    score: str
    grade: str
    href: str | None
    pdf: str | None


def entry(sheet: ScoreSheet, href: str | None, pdf: str | None) -> Entry:
    """An evaluation's row. ``href``: its landing page relative to the home page, if it has one;
    ``pdf``: the PDF this build writes for it, relative to the site root, or ``None``."""
    ev = sheet.evaluation
    return Entry(
        id=sheet.id,
        years=ev.covered,
        year=ev.year_label,
        body=ev.evaluated_body,
        type=ev.type,
        evaluator=ev.evaluator,
        score=fmt_score(sheet.total),
        grade=sheet.grade,
        href=href,
        pdf=pdf,
    )


def ordered(items: list[Entry]) -> list[Entry]:
    """Newest (last covered) year first, then by evaluated body."""
    return sorted(items, key=lambda e: (-max(e.years, default=0), e.body, e.id))


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("jixiao", "templates"), autoescape=True)


def catalogue_html(items: list[Entry]) -> Markup:
    """The table as one HTML block; the script builds the filters from the rows' ``data-*``."""
    html = _env().get_template("catalogue.html").render(items=items, with_pdf=any(e.pdf for e in items))
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))
