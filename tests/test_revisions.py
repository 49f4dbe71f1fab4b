"""Corrections after publication: ``jixiao check --against REV`` and the update record.

The data change is made in a temporary clone of a copy of the project: the
reference report's 在用固定资产总额 drops from 1,000,821.00 to 990,821.00, so 固定资产利用率
is no longer 100 % and its 1 point is lost (hand calculation: 过程 20.50 → 19.50,
total 90.34 → 89.34, grade 优 → 良).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REFERENCE, copy_project, git, run

FACTS = f"scores/{REFERENCE}/facts.yaml"
EVALUATION = f"scores/{REFERENCE}/evaluation.yaml"


def clone_of_project(tmp_path: Path) -> Path:
    """A git repository holding a copy of the project, cloned as a reviewer would."""
    (tmp_path / "origin").mkdir()
    origin = copy_project(tmp_path / "origin")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "published edition")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    return tmp_path / "clone"


def change_fact(project: Path, name: str, value: str) -> None:
    facts = project / FACTS
    text, n = re.subn(rf"^({re.escape(name)}: \{{value: )[0-9.]+", rf"\g<1>{value}", facts.read_text(encoding="utf-8"), flags=re.M)
    assert n == 1, f"{name} not found as a value fact"
    facts.write_text(text, encoding="utf-8")


def add_record(project: Path, record: str) -> None:
    ev = project / EVALUATION
    ev.write_text(ev.read_text(encoding="utf-8") + f"\nrevisions:\n  - {record}\n", encoding="utf-8")


@pytest.fixture
def corrected(tmp_path: Path) -> Path:
    """The clone after one committed change to a published fact, with no record."""
    clone = clone_of_project(tmp_path)
    change_fact(clone, "在用固定资产总额", "990821.00")
    git(clone, "commit", "-q", "-am", "在用固定资产总额 corrected")
    return clone


def test_unrecorded_change_to_published_figure_fails(corrected: Path) -> None:
    result = run("jixiao", "check", "--against", "HEAD~1", cwd=corrected)
    assert result.returncode == 1
    assert "已公开的数字改了，但没有新的更新记录" in result.stderr
    assert "事实 在用固定资产总额 1,000,821.00 元 → 990,821.00 元" in result.stderr
    assert "总分 90.34 → 89.34" in result.stderr
    assert "等级 优 → 良" in result.stderr
    assert f"scores/{REFERENCE}/evaluation.yaml" in result.stderr


def test_recorded_change_passes(corrected: Path) -> None:
    add_record(corrected, '{date: 2024-03-01, kind: 更正, what: "在用固定资产总额改为 990,821.00 元", why: 资产年报更正}')
    git(corrected, "commit", "-q", "-am", "record the correction")
    result = run("jixiao", "check", "--against", "HEAD~2", cwd=corrected)
    assert result.returncode == 0, result.stderr
    assert "0 个错误" in result.stdout


def test_github_format_annotates_the_evaluation_file(corrected: Path) -> None:
    result = run("jixiao", "check", "--format", "github", "--against", "HEAD~1", cwd=corrected)
    assert result.returncode == 1
    assert f"::error file=scores/{REFERENCE}/evaluation.yaml" in result.stdout


def test_published_record_cannot_be_deleted(tmp_path: Path) -> None:
    clone = clone_of_project(tmp_path)
    add_record(clone, "{date: 2024-03-01, kind: 修订, what: 补充附件, why: 委托方要求}")
    git(clone, "commit", "-q", "-am", "record")
    ev = clone / EVALUATION
    ev.write_text(ev.read_text(encoding="utf-8").replace("kind: 修订, what: 补充附件", "kind: 修订, what: 补充附件二"), encoding="utf-8")
    git(clone, "commit", "-q", "-am", "rewrite the record")
    result = run("jixiao", "check", "--against", "HEAD~1", cwd=clone)
    assert result.returncode == 1
    assert "已发布的更新记录被删除或改写：2024-03-01 修订 补充附件" in result.stderr


def test_unknown_revision_is_a_message_not_a_traceback(corrected: Path) -> None:
    result = run("jixiao", "check", "--against", "no-such-branch", cwd=corrected)
    assert result.returncode == 1
    assert "本地仓库中没有版本 'no-such-branch'" in result.stderr
    assert "Traceback" not in result.stderr


def test_draft_changes_need_no_record(tmp_path: Path) -> None:
    """Before consent the report is not public, so its figures may still change freely."""
    clone = clone_of_project(tmp_path)
    ev = clone / EVALUATION
    text = ev.read_text(encoding="utf-8")
    ev.write_text(re.sub(r"^publication:\n(  .*\n)+", "", text, flags=re.M), encoding="utf-8")
    git(clone, "commit", "-q", "-am", "back to draft")
    change_fact(clone, "在用固定资产总额", "990821.00")
    git(clone, "commit", "-q", "-am", "draft figure changed")
    result = run("jixiao", "check", "--against", "HEAD~1", cwd=clone)
    assert result.returncode == 0, result.stderr
