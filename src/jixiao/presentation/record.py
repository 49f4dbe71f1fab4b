"""The record of an evaluation's publication and corrections, as readers see it.

An evaluation's pages and its PDF end with when it was first published, when it was last
updated and every 更正 or 修订 since (``{{ revisions() }}``); the site-wide corrections page
lists them all (``{{ corrections() }}``), and every withdrawal (``scores/withdrawals.yaml``) as a
撤回, whose evaluation has no page left to link. Data text is escaped: it comes from pull requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from jixiao.data.dates import cn_when
from jixiao.data.model import Evaluation
from jixiao.data.publication import publishable
from jixiao.data.withdrawals import KIND, load_withdrawals
from jixiao.errors import DataError
from jixiao.scoring.score_sheet import ScoreSheet


def first_published(ev: Evaluation) -> dt.date | None:
    """``published`` if written, else the day the last required consent was given."""
    if ev.published:
        return ev.published
    if not publishable(ev):
        return None
    return max(c.date for c in ev.publication)


def last_updated(ev: Evaluation) -> dt.date | None:
    dates = [r.date for r in ev.revisions]
    return max(dates) if dates else first_published(ev)


def cn_date(day: dt.date | None) -> str:
    """A record's date spaced as every other date of the site and the PDF (``2025 年 7 月 1 日``)."""
    return cn_when(day) if day else "未公开发布"


def record_markdown(ev: Evaluation) -> Markup:
    """首次发布 / 最后更新 / 全部更新记录, as Markdown for a page (and so for its PDF); data text escaped."""
    head = f"**首次发布**：{cn_date(first_published(ev))}　**最后更新**：{cn_date(last_updated(ev))}\n\n"
    if not ev.revisions:
        return Markup(head + "**全部更新记录**：无（发布后未作更正或修订）\n")
    rows = "".join(
        f"| {cn_date(r.date)} | {r.kind} | {_cell(r.what)} | {_cell(r.why)} |\n" for r in sorted(ev.revisions, key=lambda r: r.date)
    )
    return Markup(head + "**全部更新记录**\n\n| 日期 | 类型 | 更新内容 | 原因 |\n| --- | --- | --- | --- |\n" + rows)


@dataclass(frozen=True)
class Correction:
    """One 更正 or 修订 as the site-wide list shows it."""

    date: str  #: ISO date
    kind: str
    eval_id: str
    title: str
    what: str
    why: str


def corrections_of(sheet: ScoreSheet) -> list[Correction]:
    """An evaluation's 更正 and 修订, for the site-wide list."""
    ev = sheet.evaluation
    return [Correction(r.date.isoformat(), r.kind, sheet.id, ev.title, r.what, r.why) for r in ev.revisions]


def withdrawals_of(root: Path) -> list[Correction]:
    """Every recorded withdrawal, for the site-wide list; a withdrawals file with errors stops the build."""
    withdrawals, findings = load_withdrawals(root)
    if findings:
        raise DataError(findings)
    return [Correction(w.date.isoformat(), KIND, w.id, w.title, "撤回公开，不再在本站发布", w.why) for w in withdrawals]


def corrections_markdown(rows: list[Correction], link: dict[str, str]) -> Markup:
    """Every 更正, 修订 and 撤回 of the site, newest first; ``link`` maps an id to its page URL; data text escaped."""
    if not rows:
        return Markup("本站公开的评价报告发布后尚无更正或修订。\n")
    out = "| 日期 | 类型 | 评价报告 | 更新内容 | 原因 |\n| --- | --- | --- | --- | --- |\n"
    for r in sorted(rows, key=lambda r: (r.date, r.eval_id), reverse=True):
        title = _cell(r.title)
        target = link.get(r.eval_id)
        name = f"[{title}]({target})" if target else title
        out += f"| {cn_date(dt.date.fromisoformat(r.date))} | {r.kind} | {name} | {_cell(r.what)} | {_cell(r.why)} |\n"
    return Markup(out)


def _cell(text: str) -> str:
    """Data text safe inside a Markdown table cell: HTML escaped, no cell break."""
    return str(escape(text)).replace("|", "\\|").replace("\n", " ")
