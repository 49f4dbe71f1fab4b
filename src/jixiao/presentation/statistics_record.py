"""Each evaluation's statistics *record*: who and what it is about, the report's score, the 自评 score it
prints, every indicator's points and score — the plain data a build keeps in the evaluation's part, so
the statistics (``presentation.statistics``) never load an evaluation again. Scores are whole cents."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.data.admin_levels import level_of
from jixiao.data.dates import start_of
from jixiao.data.money import round2
from jixiao.scoring.grades import grade_for
from jixiao.scoring.score_sheet import ScoreSheet

if TYPE_CHECKING:
    pass


def record(sheet: ScoreSheet, href: str | None) -> dict[str, Any]:
    """What the statistics need of one evaluation, in plain data (kept in its part).

    ``score`` is the report's score: the total it printed (``reported_total``) where one is
    written, else the computed total; ``grade`` is that score's grade.
    """
    ev = sheet.evaluation
    reported = round2(ev.reported_total) if ev.reported_total is not None else None
    score = reported if reported is not None else sheet.total
    selfev = ev.self_evaluation
    return {
        "id": sheet.id,
        "title": ev.title,
        "body": ev.evaluated_body,
        "years": list(ev.covered),
        "year_label": ev.year_label,
        "type": ev.type,
        "commissioner": ev.commissioner,
        "level": level_of(ev),
        "evaluator": ev.evaluator,
        "issued": start_of(ev.issued).isoformat(),
        "href": href,
        "computed": f"{sheet.total:.2f}",
        "reported": f"{reported:.2f}" if reported is not None else None,
        "score": f"{score:.2f}",
        "grade": grade_for(score, ev.grades),
        "self_score": f"{round2(selfev.score):.2f}" if selfev and selfev.score is not None else None,
        "indicators": [
            [node.level, list(node.path), f"{node.points:.2f}", f"{node.score:.2f}", _reported(node.indicator.reported)]
            for node in sheet.walk()
        ],
    }


def _reported(value: Decimal | None) -> str | None:
    return f"{round2(value):.2f}" if value is not None else None


def normalized(name: str) -> str:
    """A name as matched across evaluations: full-width forms folded (NFKC), spaces dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def cents(text: str) -> int:
    """``"90.34"`` → 9034: a score to two decimals as whole cents, exact."""
    return int(Decimal(text) * 100)


def figure(cents_sum: int, count: int = 1) -> Decimal:
    """The points ``cents_sum / count / 100``, rounded half-up to 0.01 (an average of scores)."""
    return round2(Decimal(cents_sum) / Decimal(count) / 100)


def share(score: int, points: int) -> Decimal:
    """得分率 in percent, rounded half-up to 0.01: ``score / points × 100``."""
    return round2(Decimal(score) / Decimal(points) * 100)
