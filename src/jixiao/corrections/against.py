"""``jixiao check --against REV``: the published figures, and what changed since a git revision.

A published report is cited; a figure that silently changes breaks every citation.
So every figure a reader sees (total, grade, each indicator's score, facts, rates,
survey counts) is listed here as text, exactly as shown, and two revisions are
compared figure by figure. ``jixiao check --against REV`` fails when a figure of an
evaluation that was public at ``REV`` changed and no new ``revisions`` record (更正 or
修订) says what and why; ``jixiao diff`` shows the same changes to a reviewer.

Taking a published evaluation off the site — deleting its folder, or its consent so that it
builds only as a draft — is an error too, unless a new entry of ``scores/withdrawals.yaml``
(``jixiao.data.withdrawals``: id, title, date, why) records the withdrawal; entries of that
file, like revisions, are only ever added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jixiao.corrections.git import project_at
from jixiao.data.evaluations import evaluation_ids
from jixiao.data.model import Evaluation, Revision
from jixiao.data.money import fmt_percent, fmt_score
from jixiao.data.publication import publishable
from jixiao.data.withdrawals import WITHDRAWALS, Withdrawal, load_withdrawals
from jixiao.errors import DataError, Finding
from jixiao.presentation.numbers import fact_text
from jixiao.scoring.from_folder import sheet
from jixiao.scoring.score_sheet import LEVEL_NAMES, ScoreSheet


@dataclass(frozen=True)
class ShownFigure:
    """One figure as a reader sees it: a label and its shown text."""

    kind: str  # 总分 · 等级 · 指标 · 事实 · 比率 · 问卷
    name: str
    value: str
    level: int | None = None

    @property
    def label(self) -> str:
        if self.kind in ("总分", "等级"):
            return self.kind
        if self.kind == "指标":
            return f"{LEVEL_NAMES.get(self.level or 0, '')}指标 {self.name} 得分"
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Change:
    """A figure whose shown text differs between two revisions (``None`` = absent)."""

    kind: str
    name: str
    label: str
    old: str | None
    new: str | None
    level: int | None = None

    def __str__(self) -> str:
        return f"{self.label} {self.old or '（无）'} → {self.new or '（无）'}"


def published_figures(s: ScoreSheet) -> dict[tuple[str, str], ShownFigure]:
    """Every figure of a score sheet, keyed by (kind, name), formatted as shown."""
    items = [ShownFigure("总分", "总分", fmt_score(s.total)), ShownFigure("等级", "等级", s.grade)]
    items += [ShownFigure("指标", " › ".join(n.path), fmt_score(n.score), n.level) for n in s.walk()]
    for name, value in s.facts.items():
        fact = s.loaded.facts.get(name)
        items.append(ShownFigure("事实", name, fact_text(value, fact.unit if fact else "元", fact is None or fact.formula is None)))
    items += [ShownFigure("比率", name, fmt_percent(value)) for name, value in s.rates.items()]
    survey = s.loaded.survey
    if survey is not None:
        for audience, _, valid in survey.respondents():
            name = f"{audience}有效问卷数" if survey.groups else "有效问卷数"
            items.append(ShownFigure("问卷", name, str(valid)))
        for q in survey.questions:
            items += [ShownFigure("问卷", f"{q.id} 选项{o.key}", str(o.count)) for o in q.options]
    return {(p.kind, p.name): p for p in items}


def changes(old: ScoreSheet, new: ScoreSheet) -> list[Change]:
    """Figures that differ, in reading order: total, grade, indicators, facts, rates, survey."""
    before, after = published_figures(old), published_figures(new)
    keys = list(after) + [k for k in before if k not in after]
    found = []
    for key in keys:
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and a.value == b.value:
            continue
        ref = b or a
        assert ref is not None
        found.append(Change(ref.kind, ref.name, ref.label, a.value if a else None, b.value if b else None, ref.level))
    return found


def new_records(old: Evaluation, new: Evaluation) -> list[Revision]:
    return [r for r in new.revisions if r not in old.revisions]


def compare(old: ScoreSheet, new: ScoreSheet) -> list[Finding]:
    """What ``check --against`` reports for one evaluation present at both revisions."""
    if not publishable(old.evaluation):
        return []
    located = new.loaded.files["evaluation.yaml"]
    line = located.line(["revisions"]) or located.line(["title"])
    findings = []
    for gone in (r for r in old.evaluation.revisions if r not in new.evaluation.revisions):
        findings.append(
            Finding(
                located.display,
                line,
                f"{new.id} › 更新记录",
                f"已发布的更新记录被删除或改写：{gone.date} {gone.kind} {gone.what}",
                "更新记录只增不删；恢复原记录，另加一条新记录说明",
            )
        )
    changed = changes(old, new)
    if changed and not new_records(old.evaluation, new.evaluation):
        shown = "；".join(str(c) for c in changed[:8]) + (f"；等共 {len(changed)} 处" if len(changed) > 8 else "")
        findings.append(
            Finding(
                located.display,
                line,
                new.id,
                f"已公开的数字改了，但没有新的更新记录：{shown}",
                "在 evaluation.yaml 的 revisions 中添加一条：date、kind（更正 或 修订）、what、why",
            )
        )
    return findings


def recorded_withdrawals(base_root: Path, root: Path) -> tuple[set[str], list[Finding]]:
    """The ids whose withdrawal is newly recorded at ``root`` since ``base_root``, and what is wrong with the
    record: a file that does not load, an entry of the base removed or rewritten."""
    old, _ = load_withdrawals(base_root)
    new, findings = load_withdrawals(root)
    if findings:
        return set(), findings
    for gone in (w for w in old if w not in new):
        findings.append(
            Finding(WITHDRAWALS, None, gone.id, f"已有的撤回记录被删除或改写：{gone.date} {gone.id}", "撤回记录只增不删；恢复原记录")
        )
    return {w.id for w in new if w not in old}, findings


def withdrawn(old: ScoreSheet, new: ScoreSheet | None, recorded: set[str], rev: str) -> list[Finding]:
    """An evaluation public at ``rev`` that is gone (``new`` is ``None``) or no longer public, with no new
    withdrawal record: an error, since its readers lose it without a word."""
    if not publishable(old.evaluation) or (new is not None and publishable(new.evaluation)) or old.id in recorded:
        return []
    entry = Withdrawal(id=old.id, title=old.evaluation.title, date=dt.date.today(), why="撤回的原因")
    fix = f"撤回须在 {WITHDRAWALS} 中加一条 {_flow(entry)}（日期与原因按实填写）；不撤回则恢复原状"
    if new is None:
        return [Finding(f"scores/{old.id}", None, old.id, f"已公开的评价在 {rev} 之后被删除，但没有撤回记录", fix)]
    located = new.loaded.files["evaluation.yaml"]
    line = located.line(["publication"]) or located.line(["title"])
    message = f"已公开的评价的公开同意（publication）在 {rev} 之后被删改，它将不再公开，但没有撤回记录"
    return [Finding(located.display, line, old.id, message, fix)]


def _flow(entry: Withdrawal) -> str:
    return f"- {{id: {entry.id}, title: {entry.title}, date: {entry.date.isoformat()}, why: {entry.why}}}"


def check_against(root: Path, rev: str) -> list[Finding]:
    """Compare the project at ``root`` with itself at git revision ``rev``.

    Evaluations that fail to load on either side are left to the ordinary check (which reports
    them); an evaluation that was public at ``rev`` and is gone or no longer public now needs a
    withdrawal record (``withdrawn``).
    """
    findings: list[Finding] = []
    with project_at(root, rev) as base_root:
        recorded, findings = recorded_withdrawals(base_root, root)
        present = set(evaluation_ids(root))
        for eval_id in evaluation_ids(base_root):
            try:
                old = sheet(base_root, eval_id)
            except DataError:
                continue
            try:
                new = sheet(root, eval_id) if eval_id in present else None
            except DataError:
                continue
            findings.extend(withdrawn(old, new, recorded, rev))
            if new is not None:
                findings.extend(compare(old, new))
    return findings
