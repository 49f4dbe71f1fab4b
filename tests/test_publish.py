"""Editions with mike: ``jixiao publish`` deploys versions into a git branch, locally, no network.

A temporary repository holds a copy of the project, its ``origin`` a bare repository
beside it; 2023 is deployed locally, then 2024 as ``latest`` and the default with
``--push``, as CI does on main. The gh-pages branch must then hold both editions, with
``latest`` → 2024, the root redirecting to it, and the older edition still browsable.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, git, run

from jixiao.corrections.diff import MARKER


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("editions")
    remote = tmp_path_factory.mktemp("remote")
    git(remote, "init", "-q", "--bare")
    copy_project(repo)
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "edition 2023")
    git(repo, "remote", "add", "origin", str(remote))
    first = run("jixiao", "publish", "2023", "--not-latest", cwd=repo)
    assert first.returncode == 0, first.stderr[-3000:]
    second = run("jixiao", "publish", "2024", "--push", cwd=repo)
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


def test_push_reaches_the_remote_and_main_is_untouched(deployed: Path) -> None:
    remote = git(deployed, "remote", "get-url", "origin").strip()
    pushed = json.loads(git(Path(remote), "show", "gh-pages:versions.json"))
    assert {v["version"] for v in pushed} == {"2023", "2024"}
    assert git(deployed, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(deployed, "status", "--porcelain").strip() == ""


def test_config_declares_mike_and_edit_links() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert config["extra"]["version"] == {"provider": "mike", "default": "latest", "alias": True}
    assert config["repo_url"].startswith("https://git.example.org/")
    assert config["edit_uri"] == "edit/main/content/"
    assert "content.action.edit" in config["theme"]["features"]


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def runs(steps: list[dict]) -> list[str]:
    """The commands of a job's steps, one per line (the ``git config`` of the checkout aside)."""
    return [line.strip() for s in steps if "run" in s for line in s["run"].splitlines() if not line.strip().startswith("git config")]


def test_workflow_runs_only_commands_the_tests_run() -> None:
    """CI cannot run here, so its steps are the commands exercised above and in test_diff/test_revisions."""
    ci = workflow("ci.yml")
    site, deploy = ci["jobs"]["site"], ci["jobs"]["deploy"]
    for job in (site, deploy):
        assert job["container"].startswith("debian:")  # the machine the README's commands are for
        steps = job["steps"]
        assert steps[0]["run"] == "apt-get update -qq && apt-get install -y -qq git ca-certificates"  # before the checkout: history
        assert steps[1]["uses"].startswith("actions/checkout@") and steps[1]["with"]["fetch-depth"] == 0
    assert runs(site["steps"][1:]) == [
        "scripts/setup --browser",
        "mkdir -p score-diff",
        '.venv/bin/jixiao diff "$BASE" --full score-diff/diff-full.md > score-diff/comment.md',
        'echo "$PR" > score-diff/pr',
        "scripts/test",
        ".venv/bin/jixiao check --format github",
        '.venv/bin/jixiao check --format github --against "$BASE"',
        ".venv/bin/mkdocs build --strict",
    ]
    assert runs(deploy["steps"][1:]) == ["scripts/setup", '.venv/bin/jixiao publish "${EDITION:-$(date +%Y)}" --push']
    uploads = {s["with"]["name"]: s["with"]["path"] for s in site["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads == {"site": "site/", "score-diff": "score-diff/"}
    comment = workflow("pr-comment.yml")["jobs"]["comment"]
    script = next(s for s in comment["steps"] if s.get("uses", "").startswith("actions/github-script@"))["with"]["script"]
    assert MARKER in script and "updateComment" in script


def test_pull_requests_build_without_secrets_or_write_access() -> None:
    """The pull request's code runs read-only and without credentials; the writing job runs none of it."""
    ci, comment = workflow("ci.yml"), workflow("pr-comment.yml")
    text = "".join((ROOT / ".github" / "workflows" / n).read_text(encoding="utf-8") for n in ("ci.yml", "pr-comment.yml"))
    assert "pull_request_target" not in text and "secrets." not in text
    assert ci["permissions"] == {"contents": "read"}
    site = ci["jobs"]["site"]
    assert "permissions" not in site and site["steps"][1]["with"]["persist-credentials"] is False
    deploy = ci["jobs"]["deploy"]  # the only writer in ci.yml: reviewed code on main
    assert deploy["permissions"] == {"contents": "write"}
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert comment[True] == {"workflow_run": {"workflows": ["ci"], "types": ["completed"]}}  # YAML 1.1 reads the key `on` as True
    assert comment["permissions"] == {}
    job = comment["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert not any("run" in s or s.get("uses", "").startswith("actions/checkout@") for s in job["steps"])
    script = job["steps"][-1]["with"]["script"]
    assert "pull.head.sha !== context.payload.workflow_run.head_sha" in script and "body.startsWith(marker)" in script


def test_workflow_renders_the_pdfs_in_shards_and_the_site_takes_them_from_the_merged_cache() -> None:
    """The shard command is tested in test_pdf_shards.py; here, that the workflow wires it up as a matrix."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    pdf, site = workflow["jobs"]["pdf"], workflow["jobs"]["site"]
    assert site["needs"] == "pdf" and pdf["container"].startswith("debian:")
    shards = pdf["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and pdf["env"] == {
        "SHARD": "${{ matrix.shard }}",
        "SHARDS": "${{ strategy.job-total }}",
    }
    runs = [s["run"] for s in pdf["steps"] if "run" in s]
    assert runs[1:] == ["scripts/setup", '.venv/bin/jixiao pdf --all --shard "$SHARD/$SHARDS"']
    cached = next(s for s in pdf["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cached["with"]["path"] == ".cache/pdf" and "matrix.shard" in cached["with"]["key"]
    upload = next(s for s in pdf["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    download = next(s for s in site["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert upload["with"]["path"] == ".cache/pdf/" and upload["with"]["name"] == "pdf-shard-${{ matrix.shard }}"
    assert download["with"] == {"pattern": "pdf-shard-*", "path": ".cache/pdf", "merge-multiple": True}
    build = next(i for i, s in enumerate(site["steps"]) if s.get("run") == ".venv/bin/mkdocs build --strict")
    assert site["steps"].index(download) < build
