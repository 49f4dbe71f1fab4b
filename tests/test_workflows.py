"""The CI workflows as the linters read them: actionlint and zizmor find nothing, every action is pinned.

CI cannot run here, so what protects the site is checked on the workflow files themselves: actionlint
(syntax, expressions, shell) and zizmor (security: unpinned actions, credentials left for artifacts,
dangerous triggers, template injection), both installed from PyPI by ``scripts/setup``. A finding of
medium severity or above fails the suite; the two that are deliberate carry a ``zizmor: ignore`` with
the reason beside them, and the tests below (and ``test_publish.py``) hold those reasons true.
"""

from __future__ import annotations

import re

import yaml
from conftest import BIN, ROOT, run

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job["steps"]]


def test_there_are_workflows_to_check() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "pr-comment.yml"]


def test_actionlint_finds_nothing() -> None:
    result = run(str(BIN / "actionlint"), "-no-color", *map(str, WORKFLOWS))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    result = run(str(BIN / "zizmor"), "--offline", "--min-severity", "medium", "--format", "plain", str(ROOT / ".github" / "workflows"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit() -> None:
    """A tag can be moved to other code; a full commit id cannot (the comment says which release it is)."""
    uses = [step["uses"] for name in ("ci.yml", "pr-comment.yml") for step in steps(workflow(name)) if "uses" in step]
    assert uses and all(re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", u) for u in uses), uses
    text = "".join(p.read_text(encoding="utf-8") for p in WORKFLOWS)
    assert all(re.search(rf"uses: {re.escape(u)}  # v\d+\.\d+\.\d+", text) for u in uses)


def test_jobs_that_upload_artifacts_keep_no_token_in_the_checkout() -> None:
    """A job that uploads files (the PDF shards, the site, the score diff) checks out without credentials;
    the one that keeps them (deploy, which pushes gh-pages) runs on pushes to main only and uploads nothing."""
    ci = workflow("ci.yml")
    for name, job in ci["jobs"].items():
        checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
        uploads = any(s.get("uses", "").startswith("actions/upload-artifact@") for s in job["steps"])
        if name == "deploy":
            assert not uploads and job["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
        else:
            assert uploads and checkout["with"]["persist-credentials"] is False, name
            assert "permissions" not in job  # the workflow's read-only contents permission


def test_the_deliberate_exceptions_say_why() -> None:
    """Each ``zizmor: ignore`` stands next to its reason; there are exactly these two."""
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    comment = (ROOT / ".github" / "workflows" / "pr-comment.yml").read_text(encoding="utf-8")
    ignores = re.findall(r"zizmor: ignore\[([a-z-]+)\]", ci + comment)
    assert sorted(ignores) == ["artipacked", "dangerous-triggers"]
    assert "pushes gh-pages with the checkout's token; this job uploads no artifact" in ci
    assert "This one checks out nothing and runs nothing of the pull request" in comment
