"""The one pipeline the CLI and the MkDocs hooks share: find → load → score.

A *project root* is the folder holding ``mkdocs.yml`` and ``scores/``. Each
sub-folder of ``scores/`` with an ``evaluation.yaml`` is one evaluation, its id the
folder name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .confine import escaping_links
from .errors import DataError, Finding

if TYPE_CHECKING:
    from .score import ScoreSheet


def evaluation_ids(root: Path) -> list[str]:
    """Ids of every evaluation under ``root/scores``, sorted."""
    scores = root / "scores"
    if not scores.is_dir():
        return []
    return sorted(p.name for p in scores.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def sheet(root: Path, eval_id: str) -> ScoreSheet:
    """Load and score one evaluation; raise ``DataError`` with every problem.

    The data model and the scorer are imported here, not above: listing the evaluations
    (a build restored from ``.cache/build/``) needs neither.
    """
    from .load import load
    from .score import score

    folder = root / "scores" / eval_id
    if not folder.is_dir():
        known = ", ".join(evaluation_ids(root)) or "（无）"
        raise DataError([Finding(f"scores/{eval_id}", None, "", f"没有评价 '{eval_id}'", f"已有：{known}")])
    links = escaping_links(root, root / "content", folder)
    if links:
        raise DataError(links)
    return score(load(folder, root))


def sheets(root: Path) -> tuple[list[ScoreSheet], list[Finding]]:
    """Every evaluation's sheet, plus the findings of those that fail."""
    done, findings = [], []
    for eval_id in evaluation_ids(root):
        try:
            done.append(sheet(root, eval_id))
        except DataError as exc:
            findings.extend(exc.findings)
    return done, findings
