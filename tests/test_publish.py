"""Editions with mike: ``jixiao publish`` deploys versions into a git branch, locally, no network.

A temporary repository holds a copy of the project; 2023 is deployed, then 2024 as
``latest`` and the default. The gh-pages branch must then hold both editions, with
``latest`` → 2024, the root redirecting to it, and the older edition still browsable.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, run


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("editions")
    copy_project(repo)
    shutil.copytree(ROOT / "overrides", repo / "overrides")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "edition 2023")
    first = run("jixiao", "publish", "2023", "--not-latest", cwd=repo)
    assert first.returncode == 0, first.stderr[-3000:]
    second = run("jixiao", "publish", "2024", cwd=repo)
    assert second.returncode == 0, second.stderr[-3000:]
    return repo


def test_both_editions_listed_with_latest_on_2024(deployed: Path) -> None:
    listed = run("mike", "list", "--json", cwd=deployed)
    assert listed.returncode == 0, listed.stderr
    versions = {v["version"]: v["aliases"] for v in json.loads(listed.stdout)}
    assert versions == {"2024": ["latest"], "2023": []}
    on_branch = json.loads(git(deployed, "show", "gh-pages:versions.json"))
    assert {v["version"]: v["aliases"] for v in on_branch} == versions


def test_default_is_latest_and_older_edition_stays(deployed: Path) -> None:
    files = set(git(deployed, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert {"2023/index.html", "2024/index.html", "2023/lushui-yingji-2022/index.html", "index.html"} <= files
    root = git(deployed, "show", "gh-pages:index.html")
    assert "latest/" in root
    assert "90.34" in git(deployed, "show", "gh-pages:2023/lushui-yingji-2022/index.html")


def test_nothing_pushed_and_main_untouched(deployed: Path) -> None:
    assert git(deployed, "remote").strip() == ""
    assert git(deployed, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(deployed, "status", "--porcelain").strip() == ""


def test_config_declares_mike_and_edit_links() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert config["extra"]["version"] == {"provider": "mike", "default": "latest", "alias": True}
    assert config["repo_url"].startswith("https://git.example.org/")
    assert config["edit_uri"] == "edit/main/content/"
    assert "content.action.edit" in config["theme"]["features"]
