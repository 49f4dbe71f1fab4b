"""``jixiao new <id> --template …``: a new evaluation that checks and builds at once, as a draft.

Scaffolds score every criterion 0 (judged, 待评价) until filled in, so the expected
total is 0.00 of 100.00 and the grade 差; their 一级 points come from their sources:
部门整体支出 from the reference report (投入 13, 过程 27, 产出 28, 效益 32), 项目支出 and
自评表 from 财预〔2020〕10号 (自评表: 预算执行率 10, 产出 50, 效益 30, 满意度 10).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_project, run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    return project


def level1(project: Path, eval_id: str) -> tuple[dict, dict[str, str]]:
    result = run("jixiao", "score", eval_id, "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return data, {i["name"]: i["points"] for i in data["indicators"] if i["level"] == 1}


@pytest.mark.parametrize(
    ("template", "points"),
    [
        ("部门整体支出", {"投入": "13.00", "过程": "27.00", "产出": "28.00", "效益": "32.00"}),
        ("项目支出", {"决策": "15.00", "过程": "15.00", "产出": "40.00", "效益": "30.00"}),
        ("自评表", {"预算执行": "10.00", "产出指标": "50.00", "效益指标": "30.00", "满意度指标": "10.00"}),
    ],
)
def test_each_template_checks_and_scores(project: Path, template: str, points: dict[str, str]) -> None:
    made = run("jixiao", "new", "demo-2024", "--template", template, cwd=project)
    assert made.returncode == 0, made.stderr
    assert "scores/demo-2024/evaluation.yaml" in made.stdout
    checked = run("jixiao", "check", "demo-2024", cwd=project)
    assert checked.returncode == 0, checked.stderr
    data, tops = level1(project, "demo-2024")
    assert tops == points
    assert (data["total"], data["grade"]) == ("0.00", "差")
    assert data["title"] == f"（待填写：被评价单位）2024年{'项目支出绩效自评表' if template == '自评表' else template + '绩效评价报告'}"


def test_department_template_keeps_the_reference_indicator_system(project: Path) -> None:
    run("jixiao", "new", "bumen-2024", "--template", "部门整体支出", cwd=project, check=True)
    new, _ = level1(project, "bumen-2024")
    reference, _ = level1(project, "lushui-yingji-2022")
    shape = [(i["level"], i["name"], i["points"]) for i in reference["indicators"]]
    assert [(i["level"], i["name"], i["points"]) for i in new["indicators"]] == shape
    assert len([s for s in shape if s[0] == 3]) == 39


def test_new_project_evaluation_builds_as_draft_only(project: Path, tmp_path: Path) -> None:
    """No consent recorded: absent from the public site, present in the draft preview."""
    made = run("jixiao", "new", "demo-2024", "--template", "项目支出", cwd=project)
    assert made.returncode == 0, made.stderr
    public, drafts = tmp_path / "public", tmp_path / "drafts"
    built = run("mkdocs", "build", "--strict", "-d", str(public), cwd=project)
    assert built.returncode == 0, built.stderr[-3000:]
    assert not (public / "demo-2024").exists()
    assert "demo-2024" not in (public / "index.html").read_text(encoding="utf-8")
    built = run("mkdocs", "build", "--strict", "-f", "mkdocs-drafts.yml", "-d", str(drafts), cwd=project)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (drafts / "demo-2024" / "index.html").read_text(encoding="utf-8")
    assert "（待填写：被评价单位）2024年项目支出绩效评价报告" in page
    for chapter in (
        "一、基本情况",
        "二、绩效评价工作开展情况",
        "三、综合评价情况及评价结论",
        "四、绩效评价指标分析",
        "七、其他需要说明的问题",
    ):
        assert chapter in page
    analysis = (drafts / "demo-2024" / "04-zhibiao-fenxi" / "index.html").read_text(encoding="utf-8")
    assert "决策指标分值 15.00 分，得分 0.00 分" in analysis
    assert "demo-2024" in (drafts / "index.html").read_text(encoding="utf-8")


def test_existing_folder_is_not_overwritten(project: Path) -> None:
    result = run("jixiao", "new", "lushui-yingji-2022", "--template", "部门整体支出", cwd=project)
    assert result.returncode == 1
    assert "scores/lushui-yingji-2022: 已存在，不覆盖（换一个 id，或先删除该文件夹）" in result.stderr


def test_unknown_template_lists_the_templates(project: Path) -> None:
    result = run("jixiao", "new", "demo-2024", "--template", "整体支出", cwd=project)
    assert result.returncode == 1
    assert "没有模板“整体支出”（可用：部门整体支出、项目支出、自评表）" in result.stderr
