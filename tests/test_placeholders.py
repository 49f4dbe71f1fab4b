"""Template text never reaches the public: a published evaluation still holding “（待填写）” fails.

``jixiao new`` marks every place to fill in with 待填写 and every criterion's reason with 待评价.
As a draft that is fine (``test_scaffold``); once both publication consents are written, each
marker left in a page or a data file is an error at its file and line, in ``jixiao check`` and
in the public build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, run

FIX = "换成报告的内容；尚未完成的评价请去掉 publication，只在草稿预览中构建"

CONSENTS = """publication:
  - {party: 委托方, by: 示例县教育局, date: 2025-03-01}
  - {party: 同级财政部门, by: 示例县财政局, date: 2025-03-01}
"""


@pytest.fixture
def published_scaffold(tmp_path: Path) -> Path:
    """A 自评表 made by ``jixiao new`` and published with nothing filled in."""
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    run("jixiao", "new", "demo-2024", "--template", "自评表", cwd=project, check=True)
    data = project / "scores" / "demo-2024" / "evaluation.yaml"
    data.write_text(data.read_text(encoding="utf-8") + CONSENTS, encoding="utf-8")
    return project


def test_check_lists_every_placeholder_of_a_published_evaluation(published_scaffold: Path) -> None:
    result = run("jixiao", "check", "demo-2024", cwd=published_scaffold)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    # the landing page: the draft notice (line 3) and the 项目名称 cell (line 7)
    assert f"content/demo-2024/index.md:3: 模板文字: 已公开的评价仍有模板文字“待填写”（{FIX}）" in lines
    assert f"content/demo-2024/index.md:7: 模板文字: 已公开的评价仍有模板文字“（待填写）”（{FIX}）" in lines
    # the data: metadata fields and the criteria scored “待评价”
    assert f"scores/demo-2024/evaluation.yaml:9: 模板文字: 已公开的评价仍有模板文字“（待填写：主管部门及实施单位）”（{FIX}）" in lines
    assert f"scores/demo-2024/evaluation.yaml:12: 模板文字: 已公开的评价仍有模板文字“（待填写：编号）”（{FIX}）" in lines
    assert f"scores/demo-2024/evaluation.yaml:30: 模板文字: 已公开的评价仍有模板文字“待填写”（{FIX}）" not in lines
    assert f"scores/demo-2024/evaluation.yaml:30: 模板文字: 已公开的评价仍有模板文字“待评价”（{FIX}）" in lines
    # YAML comments (“# 待填写：自评起止时间”) are not published and not reported
    assert not any(":14: " in line or ":15: " in line for line in lines)
    assert lines[-1] == "检查了 1 个评价：28 个错误，0 个警告"


def test_public_build_fails_on_a_placeholder(published_scaffold: Path) -> None:
    result = run("mkdocs", "build", "--strict", cwd=published_scaffold)
    assert result.returncode != 0
    assert f"scores/demo-2024/evaluation.yaml:12: 模板文字: 已公开的评价仍有模板文字“（待填写：编号）”（{FIX}）" in result.stderr
    assert not (published_scaffold / "site" / "demo-2024").exists()


def test_a_filled_in_evaluation_publishes(published_scaffold: Path) -> None:
    """Once the markers are replaced, the same evaluation checks clean of template text."""
    for path in [*(published_scaffold / "scores" / "demo-2024").iterdir(), *(published_scaffold / "content" / "demo-2024").iterdir()]:
        text = path.read_text(encoding="utf-8")
        lines = [
            line.replace("待填写", "示例").replace("待评价", "示例") if not line.lstrip().startswith("#") else line
            for line in text.split("\n")
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
    result = run("jixiao", "check", "demo-2024", cwd=published_scaffold)
    assert "模板文字" not in result.stderr + result.stdout
