"""A build that fails on bad data leaves the published site exactly as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import REFERENCE, copy_project, run


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_bad_data_fails_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert run("mkdocs", "build", "--strict", "-d", str(site), cwd=project).returncode == 0
    before = digest(site)
    assert f"{REFERENCE}/{REFERENCE}.pdf" in before

    evaluation = project / "scores" / REFERENCE / "evaluation.yaml"
    text = evaluation.read_text(encoding="utf-8")
    # 岗位设置及职责分工 ① is worth 1 point; the evaluator types 5 by mistake
    broken = text.replace(
        "                score: 0.5\n                reason: 财务人员岗位职责分工明确",
        "                score: 5\n                reason: 财务人员岗位职责分工明确",
        1,
    )
    assert broken != text
    evaluation.write_text(broken, encoding="utf-8")

    result = run("mkdocs", "build", "--strict", "-d", str(site), cwd=project)
    assert result.returncode != 0
    assert "岗位设置及职责分工 › 评分标准①: 得分 5.00 超过分值 1" in result.stderr
    assert digest(site) == before  # not cleaned, not half-written: the last good site stays published
