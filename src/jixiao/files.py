"""File plumbing every stage shares: writes a reader never sees half of, copies that keep time stamps,
one walk over a folder and one content digest of it.

A build is read while it is written (a server serving ``site/``, a second build reading
``.cache/``), and a rebuild must touch only what changed (a generator watching its docs
folder rebuilds what it sees change). So every file is written to a temporary name beside
its target and renamed over it, and rewritten only when its bytes differ.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_if_changed(path: Path, data: bytes) -> None:
    """``write_atomic``, skipped when ``path`` already holds ``data`` (its time stamp stays)."""
    if path.is_file() and path.read_bytes() == data:
        return
    write_atomic(path, data)


def copy_atomic(source: Path, dest: Path) -> None:
    """Copy ``source`` to ``dest`` with its time stamp (an unchanged file keeps its mtime), atomically."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        shutil.copy2(source, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def walk(folder: Path) -> Iterator[tuple[str, Path]]:
    """Every file under ``folder`` as (relative POSIX path, path), sorted; links followed, as the
    generators follow them; ``__pycache__`` left out (it is not an input of anything)."""
    if not folder.is_dir():
        return
    found = []
    for top, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            path = Path(top) / name
            found.append((path.relative_to(folder).as_posix(), path))
    yield from sorted(found)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (see ``walk``)."""
    return {name: path.read_bytes() for name, path in walk(folder)}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digests(folder: Path, label: str) -> dict[str, str]:
    """Every file under ``folder`` as ``label/relative/path`` → content hash (see ``walk``)."""
    return {f"{label}/{name}": sha256(path.read_bytes()) for name, path in walk(folder)}


def mirror(files: dict[str, bytes], folder: Path) -> None:
    """Make ``folder`` hold exactly ``files`` (relative path → content), touching only what differs."""
    for name, data in files.items():
        write_if_changed(folder / name, data)
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
