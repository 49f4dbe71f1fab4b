"""``jixiao publish <version>``: deploy one edition of the site with mike.

A cited page must keep saying what it said, so each publication is a version (an
edition such as ``2024``) that mike builds and commits to a git branch (``gh-pages``)
beside the earlier ones, which stay browsable with a banner pointing to the latest.
This wraps the two mike commands so they are always run the same way:
``mike deploy --update-aliases <version> latest`` and ``mike set-default latest``.
Nothing is pushed unless asked (``--push``); the build itself is MkDocs' strict build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from jixiao.errors import DataError, Finding

LATEST = "latest"


def _bin(name: str) -> str:
    """A program of this Python environment (``mike``, ``mkdocs``), else the one on PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise DataError([Finding(name, None, "", f"找不到 {name} 命令", "运行 scripts/setup 安装依赖")])
    return found


def mike(root: Path, *args: str) -> str:
    """Run mike in the project root; its failure (e.g. a failed build) becomes a finding."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])  # mike runs `mkdocs build`
    done = subprocess.run([_bin("mike"), *args], cwd=root, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise DataError([Finding("mike", None, " ".join(args[:2]), f"mike 失败：\n{tail}", "先运行 mkdocs build --strict 修正站点错误")])
    return done.stdout


def publish(
    root: Path, version: str, *, latest: bool = True, title: str | None = None, branch: str = "gh-pages", push: bool = False
) -> str:
    """Deploy ``version`` to ``branch``; as ``latest`` (and the default) unless told otherwise."""
    options = ["--branch", branch] + (["--push"] if push else [])
    deploy = ["deploy", *options, "--update-aliases"] + (["--title", title] if title else []) + [version]
    if latest:
        deploy.append(LATEST)
    mike(root, *deploy)
    if latest:
        mike(root, "set-default", *options, LATEST)
    return mike(root, "list", "--branch", branch)
