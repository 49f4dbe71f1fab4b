"""What a build computed, kept under ``.cache/build/`` and keyed by everything it depends on.

A rebuild whose inputs did not change (a second ``mkdocs build``, ``mkdocs serve`` after an
edit to the theme) should cost little more than MkDocs itself, so two kinds of result are kept:

* ``state-<key>.json`` — what ``Build.start`` found: the rendered pages, the integrity warnings
  and notes, which evaluations the build publishes or withholds, their section titles and the
  non-public numbers the finished site is searched for. Its key covers every input of the build:
  each file under ``scores/`` and the docs folder, ``mkdocs.yml``, the build's options, this
  package's own files (code and templates), the installed distributions and the Python version.
* ``<id>--<key>/`` — the files ``Build.publish`` wrote for one evaluation (its open data and its
  PDF). Its key covers what those files are made of:
  the evaluation's own folders (``scores/<id>/``, ``<docs>/<id>/``), every input file that
  belongs to no other evaluation, the options that change a page, the same code, distributions
  and Python, and the rendering environment (``pdf.environment``: WeasyPrint's capabilities, its
  system libraries, the fonts). Editing one evaluation regenerates only its files.

Only an outcome that passed is stored: bad data raises before anything is kept, so it fails again,
with the same messages, however often it is built; files that came with WeasyPrint's warnings
(which fail ``--strict``) are not kept either, so fixing the machine is enough to fix the build. Files are hashed by content: a checkout or a
``touch`` that leaves a file as it was keeps the cache. Entries are written to a temporary name
and renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import Finding
from .pdf.cache import write_atomic
from .pdf.environment import rendering_digest

#: state entries kept (a public build and a draft preview of one project each keep theirs)
KEEP_STATES = 4


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digests(folder: Path, label: str) -> dict[str, str]:
    """Every file under ``folder`` (``__pycache__`` aside) as ``label/relative/path`` → content hash."""
    if not folder.is_dir():
        return {}
    return {
        f"{label}/{path.relative_to(folder).as_posix()}": _sha(path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@cache
def code_digest() -> str:
    """This package's files, the installed distributions (by name and version) and the Python version.

    This module is one of the files, so a change to what an entry holds invalidates the old ones.
    The distributions are read from the ``*.dist-info`` folder names on ``sys.path``, which carry
    the version: upgrading any library (pydantic, Jinja, Markdown, openpyxl, WeasyPrint…) misses.
    """
    h = hashlib.sha256(f"{sys.version}\n".encode())
    for name, digest in tree_digests(Path(__file__).parent, "jixiao").items():
        h.update(f"{name} {digest}\n".encode())
    distributions: set[str] = set()
    for entry in sys.path:  # the entries themselves differ with the command and folder a build starts from
        if os.path.isdir(entry or "."):
            distributions.update(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
    h.update(" ".join(sorted(distributions)).encode())
    return h.hexdigest()


def _key(*parts: Any, files: Iterable[tuple[str, str]]) -> str:
    h = hashlib.sha256(json.dumps([code_digest(), *parts], sort_keys=True, ensure_ascii=False).encode())
    for name, digest in files:
        h.update(f"\n{name} {digest}".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class Inputs:
    """Content hashes of every file a build reads: ``scores/…``, ``docs/…`` and ``mkdocs.yml``."""

    files: dict[str, str]

    @classmethod
    def read(cls, root: Path, docs_dir: Path) -> Inputs:
        files = tree_digests(root / "scores", "scores") | tree_digests(docs_dir, "docs")
        config = root / "mkdocs.yml"  # the PDF reads its Markdown extensions and variant here
        if config.is_file():
            files["mkdocs.yml"] = _sha(config.read_bytes())
        return cls(files)

    def state_key(self, options: dict[str, Any]) -> str:
        """Key of ``Build.start``'s result: every file and every option."""
        return _key("state", options, files=sorted(self.files.items()))

    def outputs_key(self, eval_id: str, evaluations: Iterable[str], options: dict[str, Any]) -> str:
        """Key of one evaluation's generated files: its own folders and every file no other evaluation owns."""
        others = tuple(f"{kind}/{other}/" for other in evaluations if other != eval_id for kind in ("scores", "docs"))
        files = sorted((name, digest) for name, digest in self.files.items() if not name.startswith(others))
        return _key("outputs", eval_id, options, rendering_digest(), files=files)


# -- Build.start's result ------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """What ``Build.start`` found, in plain data."""

    pages: dict[str, str]
    warnings: list[Finding]
    notes: list[Finding]
    published: list[str]  #: evaluation ids in this build
    withheld: list[str]  #: evaluation ids left out for want of consent
    titles: dict[str, str]  #: section title of each published evaluation
    private: list[str]  #: non-public phone numbers, searched for in the finished site

    def to_json(self) -> bytes:
        data = asdict(self)
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> State:
        raw = json.loads(data)
        raw["warnings"] = [Finding(**f) for f in raw["warnings"]]
        raw["notes"] = [Finding(**f) for f in raw["notes"]]
        return cls(**raw)


class BuildCache:
    """The ``.cache/build/`` folder of one project."""

    def __init__(self, root: Path) -> None:
        self.folder = root / ".cache" / "build"

    def _state_path(self, key: str) -> Path:
        return self.folder / f"state-{key[:32]}.json"

    def state(self, key: str) -> State | None:
        path = self._state_path(key)
        try:
            return State.from_json(path.read_bytes())
        except (OSError, ValueError, TypeError, KeyError):
            return None  # absent, or written by an older layout: build anew

    def put_state(self, key: str, state: State) -> None:
        try:
            write_atomic(self._state_path(key), state.to_json())
            older = sorted(self.folder.glob("state-*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in older[KEEP_STATES:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout builds without a cache

    # -- one evaluation's generated files --------------------------------------------------------

    def _outputs_path(self, eval_id: str, key: str) -> Path:
        return self.folder / f"{eval_id}--{key[:32]}"

    def outputs(self, eval_id: str, key: str) -> Outputs | None:
        """The stored files of ``eval_id`` under ``key``, if the entry is complete."""
        folder = self._outputs_path(eval_id, key)
        try:
            entry = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
            outputs = Outputs(folder / "site", entry["files"])
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return outputs if all((outputs.site / name).is_file() for name in outputs.files) else None

    def put_outputs(self, eval_id: str, key: str, site_dir: Path, files: list[Path]) -> None:
        """Keep copies of ``files`` (paths inside ``site_dir``); drop this evaluation's older entries."""
        final = self._outputs_path(eval_id, key)
        tmp = self.folder / f".{final.name}.{os.getpid()}.tmp"
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            names = [path.relative_to(site_dir).as_posix() for path in files]
            for name in names:
                dest = tmp / "site" / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(site_dir / name, dest)
            entry = {"files": names}
            (tmp / "entry.json").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)
            tmp.rename(final)
            for old in self.folder.glob(f"{eval_id}--*"):
                if old != final:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass  # a read-only checkout, or another build stored the same entry meanwhile
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True)
class Outputs:
    """One evaluation's stored files, laid out as in the site."""

    site: Path
    files: list[str]  #: paths relative to the site root

    def copy_to(self, site_dir: Path) -> list[Path]:
        """Copy every file into ``site_dir``, keeping time stamps (an unchanged PDF keeps its mtime)."""
        written = []
        for name in self.files:
            dest = site_dir / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.site / name, dest)
            written.append(dest)
        return written
