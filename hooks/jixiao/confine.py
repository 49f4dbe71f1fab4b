"""A build reads only the project: no symbolic link under ``scores/`` or the docs folder leads out of them.

A pull request can add a symbolic link (git stores it as such): ``scores/x/samples.csv`` →
``/etc/passwd`` would be read as data, ``content/x/a.txt`` → ``../../.git/config`` would be copied
into the published site. Every link is checked before any file is read; one that resolves outside
``scores/`` and the docs folder (or does not resolve) is an error naming the link.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Finding


def escaping_links(root: Path, docs_dir: Path, under: Path | None = None) -> list[Finding]:
    """Each symbolic link under ``under`` (default: ``scores/`` and ``docs_dir``) leading outside both."""
    folders = [root / "scores", docs_dir]
    inside = [f.resolve() for f in folders if f.is_dir()]
    findings = []
    for folder in [under] if under else folders:
        if folder.is_symlink():  # an evaluation folder that is itself a link: not entered
            paths = [folder]
        else:
            paths = [Path(d) / n for d, dirs, files in os.walk(folder) for n in sorted([*dirs, *files])]  # links listed, never entered
        for path in paths:
            if path.is_symlink() and not _leads_into(path, inside):
                message = f"指向 scores/ 与 content/ 之外（{os.readlink(path)}），构建不读取它"
                findings.append(Finding(_display(path, root), None, "符号链接", message, "把文件本身放进仓库，不用符号链接"))
    return findings


def _leads_into(link: Path, folders: list[Path]) -> bool:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return False
    return any(target.is_relative_to(f) for f in folders)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
