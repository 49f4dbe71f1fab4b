"""The signed score's explanation: a printed total that the recomputation does not reproduce must be
explained on the site, by the 复核差异 table on one of the evaluation's pages.

The cover, the 概要表 and the catalogue show the report's printed score with the recomputed one beside
it, linked to that table (``review_page`` finds the page). The PDF always carries the table; on the site
it is where a page writes ``{{ table("复核差异") }}``, and an evaluation whose printed total differs
without such a page is a warning: the mark beside its score would have nowhere to lead.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from jixiao.data.money import fmt_score
from jixiao.errors import Finding
from jixiao.presentation.table_base import REVIEW_SLUG
from jixiao.scoring.score_sheet import ScoreSheet

#: a page placing the 复核差异 table: ``{{ table("复核差异") }}`` (either quotes, any spacing)
_PLACES_REVIEW = re.compile(r"""\btable\(\s*["']复核差异["']\s*\)""")


def review_page(pages: Iterable[tuple[str, str]]) -> str | None:
    """The first of ``pages`` (source path, Markdown) that places the 复核差异 table, in file-name order."""
    return next((src for src, text in sorted(pages) if _PLACES_REVIEW.search(text)), None)


def review_href(page_url: str, from_dir: str) -> str:
    """The link to the 复核差异 table on the page served at ``page_url`` (relative to the site root), from a
    page whose links start at ``from_dir``: ``../03-fuhe/#review-differences``."""
    rel = posixpath.relpath(page_url or ".", from_dir or ".")
    rel = "" if rel == "." else rel + ("/" if page_url.endswith("/") else "")
    return f"{rel}#{REVIEW_SLUG}"


def check_review(sheet: ScoreSheet, pages: Iterable[tuple[str, str]]) -> list[Finding]:
    """A warning when the printed total differs from the recomputed one and no page shows why."""
    signed = sheet.signed
    if not signed.differs or review_page(pages) is not None:
        return []
    located = sheet.loaded.files["evaluation.yaml"]
    return [
        Finding(
            located.display,
            located.line(["reported_total"]),
            "复核差异",
            f"报告所印总分 {fmt_score(signed.total)} 与复核总分 {fmt_score(signed.recomputed)} 不同，但没有页面列出复核差异表",
            '在评价的一个页面（如“复核”一章）写 {{ table("复核差异") }}：封面、概要表和目录中的复核得分链接到它',
            "warning",
        )
    ]
