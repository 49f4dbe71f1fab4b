"""What a change does to the published reports, as Markdown for a pull-request comment.

A reviewer of a correction must see its effect on scores without building anything:
per changed evaluation the total and grade old → new, every indicator whose score
moved (三级, then the 二级 and 一级 subtotals it carries), changed facts, rates and
survey counts, the printed scores that the recomputation does not reproduce (复核差异:
all of an added evaluation's, the new ones of a changed one), the data and narrative
files touched, whether an update record was added, and the validation findings (a
published evaluation removed without a withdrawal record among them). A change to build code is said first and plainly (``build_code``),
so the reviewer reads it as code. The comment is kept short; ``full`` has no limits and
goes to a file the CI uploads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jixiao.corrections.against import Change, changes, compare, new_records, recorded_withdrawals, withdrawn
from jixiao.corrections.build_code import build_code_changes
from jixiao.corrections.git import changed_files, project_at, resolve
from jixiao.data.evaluations import evaluation_ids
from jixiao.data.model import Revision
from jixiao.data.money import fmt_score
from jixiao.errors import DataError, Finding
from jixiao.scoring.from_folder import sheet
from jixiao.scoring.score_sheet import LEVEL_NAMES, Difference, ScoreSheet

#: marks the bot's comment so CI updates it instead of adding another
MARKER = "<!-- jixiao-diff -->"
#: rows per table in the short form
SHORT_ROWS = 12


@dataclass
class EvaluationDiff:
    """One evaluation's side-by-side: sheets (or the findings that stopped them)."""

    id: str
    old: ScoreSheet | None
    new: ScoreSheet | None
    old_failed: bool = False
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: the evaluation's folder is gone at the compared revision
    gone: bool = False

    @property
    def title(self) -> str:
        s = self.new or self.old
        return s.evaluation.title if s else self.id

    @property
    def changes(self) -> list[Change]:
        return changes(self.old, self.new) if self.old and self.new else []

    @property
    def records(self) -> list[Revision]:
        if self.new is None:
            return []
        return new_records(self.old.evaluation, self.new.evaluation) if self.old else list(self.new.evaluation.revisions)

    @property
    def touched(self) -> bool:
        return bool(self.files or self.findings or self.changes) or (self.old is None) != (self.new is None)


@dataclass
class Report:
    base: str
    head: str
    evaluations: list[EvaluationDiff]
    other_files: list[str]
    #: the changed files that are build code, as the comment names them
    build_code: list[str] = field(default_factory=list)
    #: findings of the project rather than of one evaluation (the withdrawals file)
    findings: list[Finding] = field(default_factory=list)

    def markdown(self, full: bool = False) -> str:
        return render(self, full)


def _load(root: Path, eval_id: str) -> tuple[ScoreSheet | None, list[Finding]]:
    if eval_id not in evaluation_ids(root):
        return None, []
    try:
        return sheet(root, eval_id), []
    except DataError as exc:
        return None, exc.findings


def diff(root: Path, base: str, head: str | None = None) -> Report:
    """Compare the project at ``base`` with ``head`` (a revision, or the working tree)."""
    files = changed_files(root, base, head)
    base_label = resolve(root, base)[:7]
    head_label = resolve(root, head)[:7] if head else "工作区"
    with project_at(root, base) as old_root:
        if head is None:
            return _compare(old_root, root, files, base_label, head_label)
        with project_at(root, head) as new_root:
            return _compare(old_root, new_root, files, base_label, head_label)


def _compare(old_root: Path, new_root: Path, files: list[str], base: str, head: str) -> Report:
    ids = sorted(set(evaluation_ids(old_root)) | set(evaluation_ids(new_root)))
    recorded, project_findings = recorded_withdrawals(old_root, new_root)
    found = []
    for eval_id in ids:
        old, old_problems = _load(old_root, eval_id)
        new, problems = _load(new_root, eval_id)
        own = [f for f in files if f.startswith((f"scores/{eval_id}/", f"content/{eval_id}/"))]
        d = EvaluationDiff(eval_id, old, new, bool(old_problems), problems, own, eval_id not in evaluation_ids(new_root))
        if old and new:
            d.findings += compare(old, new)
        if old and (new or d.gone):
            d.findings += withdrawn(old, new, recorded, base)
        if d.touched:
            found.append(d)
    owned = {f for d in found for f in d.files}
    other = [f for f in files if f not in owned and not any(f.startswith((f"scores/{i}/", f"content/{i}/")) for i in ids)]
    return Report(base, head, found, other, build_code_changes(files, old_root, new_root), project_findings)


# -- Markdown -------------------------------------------------------------------------


def _table(header: tuple[str, str, str], rows: list[tuple[str, str, str]], limit: int | None) -> str:
    shown = rows if limit is None else rows[:limit]
    out = f"| {header[0]} | {header[1]} | {header[2]} |\n| --- | ---: | ---: |\n"
    out += "".join(f"| {a} | {b} | {c} |\n" for a, b, c in shown)
    if len(shown) < len(rows):
        out += f"\n…另有 {len(rows) - len(shown)} 处，见完整明细。\n"
    return out


def _evaluation(d: EvaluationDiff, full: bool) -> str:
    limit = None if full else SHORT_ROWS
    out = f"### {d.title}（`{d.id}`）\n\n"
    if d.old is None and not d.old_failed:
        out += "新增的评价。\n\n"
    if d.gone:
        out += "评价已删除。\n\n"
    if d.old and d.new:
        old, new = d.old, d.new
        total = (
            f"**总分** {fmt_score(old.total)} → **{fmt_score(new.total)}**"
            if old.total != new.total
            else f"**总分** {fmt_score(new.total)}（不变）"
        )
        grade = f"**等级** {old.grade} → **{new.grade}**" if old.grade != new.grade else f"**等级** {new.grade}（不变）"
        out += f"{total}　{grade}\n\n"
        moved = [c for c in d.changes if c.kind == "指标"]
        moved.sort(key=lambda c: -(c.level or 0))
        if moved:
            rows = [(f"{LEVEL_NAMES.get(c.level or 0, '')} {c.name}", c.old or "—", c.new or "—") for c in moved]
            out += "**得分变化的指标**\n\n" + _table(("指标", "原得分", "新得分"), rows, limit) + "\n"
        inputs = [c for c in d.changes if c.kind in ("事实", "比率", "问卷")]
        if inputs:
            rows = [(f"{c.kind} {c.name}", c.old or "（无）", c.new or "（无）") for c in inputs]
            out += "**改动的事实、比率与问卷数**\n\n" + _table(("项目", "原值", "新值"), rows, limit) + "\n"
    elif d.new:
        out += f"**总分** {fmt_score(d.new.total)}　**等级** {d.new.grade}\n\n"
    review = _differences(d)
    if review:
        rows = [(f"{x.label}（`{x.file}:{x.line}`）", fmt_score(x.reported), fmt_score(x.computed)) for x in review]
        title = "复核差异" if d.old is None else "新的复核差异"
        out += f"**{title}**（报告所印得分与复核得分不同）\n\n" + _table(("指标", "填报得分", "复核得分"), rows, limit) + "\n"
    data = [f for f in d.files if f.startswith("scores/")]
    prose = [f for f in d.files if f.startswith("content/")]
    if data:
        out += "**改动的数据文件**：" + "、".join(f"`{f}`" for f in data) + "\n\n"
    if prose:
        out += "**改动的叙述文件**：" + "、".join(f"`{f}`" for f in prose) + "\n\n"
    if d.records:
        out += "**新增的更新记录**：\n\n" + "".join(f"- {r.date} {r.kind}：{r.what}（{r.why}）\n" for r in d.records) + "\n"
    errors = [f for f in d.findings if f.severity == "error"]
    warnings = [f for f in d.findings if f.severity != "error"]
    if errors or warnings:
        shown = d.findings if full else d.findings[:5]
        out += f"**校验**：{len(errors)} 个错误，{len(warnings)} 个警告\n\n" + "".join(f"- {f}\n" for f in shown)
        if len(shown) < len(d.findings):
            out += f"- …另有 {len(d.findings) - len(shown)} 条，见完整明细\n"
        out += "\n"
    else:
        out += "**校验**：通过\n\n"
    return out


def _differences(d: EvaluationDiff) -> list[Difference]:
    """The 复核差异 a reviewer has not seen yet: all of an added evaluation's, else those new or changed."""
    if d.new is None:
        return []
    if d.old is None:
        return list(d.new.differences)
    seen = {(x.label, x.reported, x.computed) for x in d.old.differences}
    return [x for x in d.new.differences if (x.label, x.reported, x.computed) not in seen]


def render(report: Report, full: bool = False) -> str:
    """The comment (short) or the full detail, both Markdown."""
    out = f"{MARKER}\n## jixiao：本次改动对评价报告的影响\n\n对比 `{report.base}` → `{report.head}`。\n\n"
    if report.build_code:
        shown = report.build_code if full else report.build_code[:SHORT_ROWS]
        more = f"等共 {len(report.build_code)} 个" if len(shown) < len(report.build_code) else ""
        out += (
            f"> **本 PR 改动了构建代码**：{'、'.join(shown)}{more}。它们在 CI 中运行、合并后在每次构建中运行，"
            "不受页面沙箱与数据检查的约束：请按代码审阅，合并前逐行阅读。\n\n"
        )
    for f in report.findings:
        out += f"- {f}\n"
    if report.findings:
        out += "\n"
    if not report.evaluations:
        out += "没有评价的数据、得分或叙述发生变化。\n\n"
    for d in report.evaluations:
        out += _evaluation(d, full)
    if report.other_files:
        shown = report.other_files if full else report.other_files[:SHORT_ROWS]
        out += "### 其他改动的文件\n\n" + "".join(f"- `{f}`\n" for f in shown)
        if len(shown) < len(report.other_files):
            out += f"- …另有 {len(report.other_files) - len(shown)} 个\n"
        out += "\n"
    return out
