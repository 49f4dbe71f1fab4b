"""The publication gate's finding: an evaluation without both consents is withheld, and the check says why."""

from __future__ import annotations

from jixiao.data.publication import missing_consents
from jixiao.errors import Finding
from jixiao.scoring.score_sheet import ScoreSheet


def check_publication(sheet: ScoreSheet) -> list[Finding]:
    """A warning saying the evaluation is withheld from the public site, and why."""
    missing = missing_consents(sheet.evaluation)
    if not missing:
        return []
    located = sheet.loaded.files["evaluation.yaml"]
    line = located.line(["publication"]) or located.line(["title"])
    return [
        Finding(
            located.display,
            line,
            "publication",
            f"未记录{'、'.join(missing)}的公开同意，此评价只生成草稿预览，不进入公开站点",
            "取得同意后在 publication 中写明 party、by、date",
            "warning",
        )
    ]
