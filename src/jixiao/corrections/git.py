"""The project as it was at a git revision, read from the local repository only.

Corrections are judged against what was published, and a pull request is judged
against its base: both need the data of another revision beside the working tree.
``git archive`` writes that revision's project folder into a temporary directory, so
the ordinary pipeline (``scoring.from_folder``) can load and score it unchanged. No
network: the revision must already be in the local repository (CI checks out with
``fetch-depth: 0``).
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from jixiao.errors import DataError, Finding


def _git(root: Path, *args: str) -> str:
    """Run git in ``root``; a failure becomes a finding, never a traceback."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise DataError([Finding("git", None, "", "找不到 git 命令", "安装 git")]) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataError([Finding("git", None, f"git {' '.join(args)}", reason[-1] if reason else "失败", "检查版本名是否存在于本地仓库")])
    return done.stdout.decode("utf-8", "replace")


def resolve(root: Path, rev: str) -> str:
    """The commit id of ``rev`` (``HEAD~1``, a branch, a tag…), or a finding saying it is unknown."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except DataError:
        raise DataError(
            [Finding("git", None, "", f"本地仓库中没有版本 '{rev}'", "用 git log 查看可用的提交；CI 中请以 fetch-depth: 0 检出")]
        ) from None


def _prefix(root: Path) -> str:
    """The project folder's path inside its repository (``""`` at the top)."""
    return _git(root, "rev-parse", "--show-prefix").strip()


@contextmanager
def project_at(root: Path, rev: str) -> Iterator[Path]:
    """A temporary copy of the project folder ``root`` as it was at ``rev``."""
    commit = resolve(root, rev)
    prefix = _prefix(root).rstrip("/")
    tree = f"{commit}:{prefix}" if prefix else commit
    try:
        data = subprocess.run(["git", "archive", "--format=tar", tree], cwd=root, capture_output=True, check=True).stdout
    except subprocess.CalledProcessError:
        raise DataError([Finding("git", None, "", f"版本 '{rev}' 中没有项目文件夹 {prefix or '.'}", "换一个版本")]) from None
    with tempfile.TemporaryDirectory(prefix="jixiao-rev-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, members=_inside(tar.getmembers()))
        yield Path(tmp)


def _inside(members: list[tarfile.TarInfo]) -> list[tarfile.TarInfo]:
    """The archive's files, folders and links that stay inside the folder they are unpacked into.

    What ``extractall(filter="data")`` does on Python ≥ 3.11.4, written out because Debian 12's
    Python (3.11.2) has no ``filter``: a commit comes from a pull request, so an absolute name, a
    ``..`` or a link pointing out of the copy is left out, as are devices and pipes.
    """
    kept = []
    for member in members:
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir() or member.issym()):
            continue
        if member.issym():
            target = PurePosixPath(member.linkname)
            if target.is_absolute() or not _stays(name, target):
                continue
        kept.append(member)
    return kept


def _stays(name: PurePosixPath, target: PurePosixPath) -> bool:
    """Whether a link at ``name`` to the relative ``target`` resolves inside the archive's root."""
    depth = 0
    for part in (*name.parent.parts, *target.parts):
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            return False
    return True


def changed_files(root: Path, base: str, head: str | None) -> list[str]:
    """Files (relative to ``root``) that differ between ``base`` and ``head``.

    Without ``head`` the working tree is compared, untracked files included, so a
    reviewer sees the effect of an edit before committing it.
    """
    revs = [resolve(root, base)] + ([resolve(root, head)] if head else [])
    names = set(_git(root, "diff", "--name-only", "--relative", *revs, "--", ".").splitlines())
    if head is None:
        names |= set(_git(root, "ls-files", "--others", "--exclude-standard", "--", ".").splitlines())
    return sorted(n for n in names if n)
