"""A build reads only the repository: no symbolic link under ``scores/`` or the docs folder leads out of it.

A pull request can add a symbolic link (git stores it as such): ``scores/x/samples.csv`` →
``/etc/passwd`` would be read as data, ``content/x/a.txt`` → ``../../.git/config`` (where CI keeps
its credentials) would be copied into the published site. Every link is checked before any file
is read; one that resolves outside the repository (the nearest folder above the project holding
``.git``, else the project itself), into one of its hidden folders, or nowhere, is an error naming
the link. Links within the repository (a fixture project sharing ``content/assets``) are fine.

The folders and the file that say what a build reads — ``scores/``, the docs folder and
``mkdocs.yml`` — may not be links themselves, wherever they point: every command refuses them
(``linked_roots``, checked first by ``escaping_links``), so no data or page is read through them.

The build cache (``.cache/``) is the machine's own: a pull request that commits entries there could
have a build publish its pages as they are, past every check, so a committed ``.cache/`` fails the build.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from jixiao.errors import Finding


def repository(root: Path) -> Path:
    """The work tree ``root`` belongs to: the nearest folder holding ``.git``, else ``root``."""
    root = root.resolve()
    return next((p for p in [root, *root.parents] if (p / ".git").exists()), root)


def linked_roots(root: Path, docs_dir: Path) -> list[Finding]:
    """``scores/``, ``docs_dir`` or ``mkdocs.yml`` where each is a symbolic link, wherever it leads."""
    findings = []
    for path, what in ((root / "scores", "文件夹"), (docs_dir, "文件夹"), (root / "mkdocs.yml", "文件")):
        if path.is_symlink():
            message = f"{_display(path, root)} 本身是符号链接（指向 {os.readlink(path)}），任何命令都不经它读取"
            findings.append(Finding(_display(path, root), None, "符号链接", message, f"把{what}本身放进仓库，不用符号链接"))
    return findings


def escaping_links(root: Path, docs_dir: Path, under: Path | None = None) -> list[Finding]:
    """Each symbolic link under ``under`` (default: ``scores/`` and ``docs_dir``) leading out of the repository;
    before them, the linked roots (``linked_roots``), in whose presence nothing else is looked at."""
    findings = linked_roots(root, docs_dir)
    if findings:
        return findings
    top = repository(root)
    for folder in [under] if under else [root / "scores", docs_dir]:
        if folder.is_symlink():  # an evaluation folder that is itself a link: not entered
            paths = [folder]
        elif folder.is_dir():
            paths = [Path(d) / n for d, dirs, files in os.walk(folder) for n in sorted([*dirs, *files])]  # links listed, never entered
        else:
            paths = []
        for path in paths:
            if path.is_symlink() and not _leads_into(path, top):
                message = f"指向仓库之外或其隐藏文件夹（{os.readlink(path)}），构建不读取它"
                findings.append(Finding(_display(path, root), None, "符号链接", message, "把文件本身放进仓库，不用符号链接"))
    return findings


def committed_cache(root: Path) -> list[Finding]:
    """Files under ``root/.cache`` that git tracks (none outside a git checkout, or without git)."""
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", ".cache"], cwd=root, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return []
    files = [f for f in done.stdout.decode("utf-8", "replace").split("\0") if f] if done.returncode == 0 else []
    if not files:
        return []
    message = f".cache/ 中有 {len(files)} 个文件提交在仓库里，构建会原样采用其中的页面与 PDF"
    return [Finding(files[0], None, "构建缓存", message, "从仓库中删除：git rm -r --cached .cache（.cache/ 只属于本机）")]


def _leads_into(link: Path, top: Path) -> bool:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return False
    return target.is_relative_to(top) and not any(part.startswith(".") for part in target.relative_to(top).parts)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
