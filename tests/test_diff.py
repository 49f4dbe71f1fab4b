"""``jixiao diff``: what a pull request does to the published scores, as a PR comment.

Changed in a temporary clone: 在用固定资产总额 1,000,821.00 → 990,821.00 元, so
固定资产利用率 (1 point, full only at 100 %) drops to 99.00 % and scores 0. By hand:
三级 固定资产利用率 1.00 → 0.00, 二级 资产管理 5.00 → 4.00, 一级 过程 20.50 → 19.50,
total 90.34 → 89.34, grade 优 → 良.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REFERENCE, copy_project, git, run


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of a repository holding a copy of the project, with one fact changed and committed."""
    origin = tmp_path / "origin"
    origin.mkdir()
    copy_project(origin)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "published edition")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    clone = tmp_path / "clone"
    facts = clone / "scores" / REFERENCE / "facts.yaml"
    text, n = re.subn(r"^(在用固定资产总额: \{value: )[0-9.]+", r"\g<1>990821.00", facts.read_text(encoding="utf-8"), flags=re.M)
    assert n == 1
    facts.write_text(text, encoding="utf-8")
    git(clone, "commit", "-q", "-am", "在用固定资产总额 corrected")
    return clone


def rows(markdown: str) -> list[list[str]]:
    """Table rows of a Markdown text, as lists of stripped cells."""
    return [[c.strip() for c in line.strip("|").split("|")] for line in markdown.splitlines() if line.startswith("| ")]


def test_diff_shows_indicator_subtotals_total_and_grade(clone: Path) -> None:
    result = run("jixiao", "diff", "HEAD~1", cwd=clone)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("<!-- jixiao-diff -->")
    assert f"（`{REFERENCE}`）" in out
    assert "**总分** 90.34 → **89.34**" in out
    assert "**等级** 优 → **良**" in out
    table = rows(out)
    assert ["三级 过程 › 资产管理 › 固定资产利用率", "1.00", "0.00"] in table
    assert ["二级 过程 › 资产管理", "5.00", "4.00"] in table
    assert ["一级 过程", "20.50", "19.50"] in table
    assert ["事实 在用固定资产总额", "1,000,821.00 元", "990,821.00 元"] in table
    assert ["比率 固定资产利用率", "100.00%", "99.00%"] in table
    assert f"`scores/{REFERENCE}/facts.yaml`" in out
    assert "已公开的数字改了，但没有新的更新记录" in out


def test_diff_between_two_revisions_and_full_detail_file(clone: Path, tmp_path: Path) -> None:
    full = tmp_path / "diff-full.md"
    result = run("jixiao", "diff", "HEAD~1", "HEAD", "--full", str(full), cwd=clone)
    assert result.returncode == 0, result.stderr
    assert "**总分** 90.34 → **89.34**" in result.stdout
    assert "**总分** 90.34 → **89.34**" in full.read_text(encoding="utf-8")


def test_unchanged_project_says_so(clone: Path) -> None:
    result = run("jixiao", "diff", "HEAD", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert "没有评价的数据、得分或叙述发生变化" in result.stdout


def test_narrative_change_is_listed_without_score_change(clone: Path) -> None:
    page = clone / "content" / REFERENCE / "note.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# 说明\n\n补充说明。\n", encoding="utf-8")
    result = run("jixiao", "diff", "HEAD", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert f"**改动的叙述文件**：`content/{REFERENCE}/note.md`" in result.stdout
    assert "**总分** 89.34（不变）" in result.stdout


def test_a_committed_link_out_of_the_project_is_not_unpacked(tmp_path: Path) -> None:
    """``check --against``/``diff`` unpack an old commit; a link in it that leads out of the copy is left out."""
    from jixiao.corrections.git import project_at

    repo = tmp_path / "repo"
    (repo / "scores").mkdir(parents=True)
    (repo / "scores" / "facts.yaml").write_text("a: 1\n", encoding="utf-8")
    (repo / "scores" / "passwd").symlink_to("../../../../../../etc/passwd")
    (repo / "scores" / "near").symlink_to("facts.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "links")
    with project_at(repo, "HEAD") as copy:
        assert (copy / "scores" / "facts.yaml").read_text(encoding="utf-8") == "a: 1\n"
        assert (copy / "scores" / "near").read_text(encoding="utf-8") == "a: 1\n"
        assert not (copy / "scores" / "passwd").exists() and not (copy / "scores" / "passwd").is_symlink()
