"""Where a project's evaluations are: one folder under ``scores/`` each, its name the evaluation's id.

A *project root* is the folder holding ``mkdocs.yml`` and ``scores/``. Listing the evaluations
reads no file inside them, so a build restored from ``.cache/build/`` lists them without
importing the data model.
"""

from __future__ import annotations

from pathlib import Path


def evaluation_ids(root: Path) -> list[str]:
    """Ids of every evaluation under ``root/scores``, sorted."""
    scores = root / "scores"
    if not scores.is_dir():
        return []
    return sorted(p.name for p in scores.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
