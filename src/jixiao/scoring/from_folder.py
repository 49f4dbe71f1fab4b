"""Find → load → score: one evaluation's score sheet from its folder, as the CLI and every build make it."""

from __future__ import annotations

from pathlib import Path

from jixiao.data.evaluations import evaluation_ids
from jixiao.data.load import load
from jixiao.data.symlinks import escaping_links, linked_roots
from jixiao.errors import DataError, Finding
from jixiao.scoring.rules import RULES
from jixiao.scoring.score import score
from jixiao.scoring.score_sheet import ScoreSheet


def sheet(root: Path, eval_id: str) -> ScoreSheet:
    """Load and score one evaluation; raise ``DataError`` with every problem."""
    folder = root / "scores" / eval_id
    if not folder.is_dir():
        known = ", ".join(evaluation_ids(root)) or "（无）"
        raise DataError([Finding(f"scores/{eval_id}", None, "", f"没有评价 '{eval_id}'", f"已有：{known}")])
    links = escaping_links(root, root / "content", folder)
    if links:
        raise DataError(links)
    return score(load(folder, root, RULES))


def sheets(root: Path) -> tuple[list[ScoreSheet], list[Finding]]:
    """Every evaluation's sheet, plus the findings of those that fail (a linked ``scores/`` once, not once for each)."""
    refused = linked_roots(root, root / "content")
    if refused:
        return [], refused
    done, findings = [], []
    for eval_id in evaluation_ids(root):
        try:
            done.append(sheet(root, eval_id))
        except DataError as exc:
            findings.extend(exc.findings)
    return done, findings
