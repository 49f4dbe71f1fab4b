"""What ``jixiao check`` adds to data validation, and ``jixiao preview`` (the draft build)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from jixiao.data.evaluations import evaluation_ids
from jixiao.data.symlinks import escaping_links
from jixiao.errors import DataError, Finding
from jixiao.integrity.checks import check_build, check_evaluation, check_narrative_file, check_pages
from jixiao.scoring.from_folder import sheet

DRAFTS_CONFIG = "mkdocs-drafts.yml"


def integrity_findings(root: Path, docs: Path, eval_id: str | None, narrative: Path | None) -> list[Finding]:
    """Integrity findings of one evaluation (and an imported report) or of every evaluation, its pages in ``docs``.

    Evaluations whose data does not load are skipped: their data errors are already listed.
    """
    links = escaping_links(root, docs, docs)  # those under scores/ are the data errors of their evaluation
    if links:
        return links  # no page is read
    sheets = {}
    for i in [eval_id] if eval_id else evaluation_ids(root):
        try:
            sheets[i] = sheet(root, i)
        except DataError:
            continue
    if eval_id is None:
        return check_build(root, docs, sheets)
    if eval_id not in sheets:
        return []
    findings = check_pages(root, docs, sheets) + check_evaluation(sheets[eval_id], root, docs)
    if narrative is not None:
        findings += check_narrative_file(sheets[eval_id], narrative, root)
    return findings


def preview(root: Path) -> int:
    """Build the draft preview (every evaluation, consent or not) into ``site-drafts/``."""
    config = root / DRAFTS_CONFIG
    made = not config.is_file()
    if made:
        config.write_text("INHERIT: mkdocs.yml\nsite_dir: site-drafts\nextra:\n  jixiao:\n    drafts: true\n", encoding="utf-8")
    try:
        return subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)], cwd=root)
    finally:
        if made:
            config.unlink()
