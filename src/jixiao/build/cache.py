"""What a build computed, kept under ``.cache/build/``, each entry keyed by what it depends on.

A rebuild should cost what changed: editing one evaluation of a thousand recomputes that one.
So a build keeps four kinds of entry here (its PDFs are kept in ``.cache/pdf/``, by
``outputs.pdf.cache``, under ``Inputs.pdf_key``):

* ``part-<id>--<key>.json`` — one evaluation as ``build.start`` found it: whether it is
  published, its section title, its rendered pages, its integrity warnings and notes, its
  non-public numbers (the finished site is searched for them) and what the site-wide pages
  show of it (its catalogue row, its corrections). Its key covers the evaluation's own
  folders (``scores/<id>/``, ``<docs>/<id>/``), every file under ``scores/`` that belongs to
  no evaluation, the options that change a page, this package's own files (code and
  templates), the installed distributions and the Python version.
* ``site-<key>.json`` — the pages outside any evaluation (home page with the catalogue,
  corrections, search) and their findings. Its key covers those pages and assets, the options
  and the keys of every evaluation's part, so it follows any change to any of them.
* ``data-<id>--<key>/`` — one evaluation's open data (CSV, XLSX, JSON), written by the process
  that computed its part (``build.workers``) and keyed like the part, so ``finish`` copies it
  without loading the evaluation again.
* ``html-<id>--<key>/`` — its folder of HTML as the generator built it (``build.html_cache``).

Only an outcome that passed is stored: bad data raises before anything is kept, so it fails again,
with the same messages, however often it is built; files that came with WeasyPrint's warnings
(which fail ``--strict``) are not kept either, so fixing the machine is enough to fix the build.
Files are hashed by content: a checkout or a ``touch`` that leaves a file as it was keeps the
cache. Entries are written to a temporary name and renamed, so a reader never sees half of one.
Every build logs, per evaluation, whether its part was computed or taken from the cache
(``jixiao.build``): the record of what a change cost.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jixiao.errors import Finding
from jixiao.files import tree_digests, write_atomic
from jixiao.outputs.pdf.environment import rendering_digest

#: entries of one kind kept per evaluation (a public build and a draft preview each keep theirs)
KEEP = 4


@cache
def code_digest() -> str:
    """This package's files, the installed distributions (by name and version) and the Python version.

    This module is one of the files, so a change to what an entry holds invalidates the old ones.
    The distributions are read from the ``*.dist-info`` folder names on ``sys.path``, which carry
    the version: upgrading any library (pydantic, Jinja, Markdown, openpyxl, WeasyPrint…) misses.
    """
    h = hashlib.sha256(f"{sys.version}\n".encode())
    for name, digest in tree_digests(Path(__file__).parent.parent, "jixiao").items():
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
    """Content hashes of every file a build reads: ``scores/…`` and ``docs/…``."""

    files: dict[str, str]

    @classmethod
    def read(cls, root: Path, docs_dir: Path) -> Inputs:
        return cls(tree_digests(root / "scores", "scores") | tree_digests(docs_dir, "docs"))

    def part_keys(self, evaluations: Iterable[str], options: dict[str, Any]) -> dict[str, str]:
        """Key of each evaluation's part: its own folders and the files under ``scores/`` no evaluation owns.

        Files are grouped by their first folder in one pass, so a thousand evaluations cost a
        thousand small hashes, not a thousand scans of every file.
        """
        ids = list(evaluations)
        own: dict[str, list[tuple[str, str]]] = {eval_id: [] for eval_id in ids}
        shared = []
        for name, digest in self.files.items():
            top, _, rest = name.partition("/")
            head = rest.split("/", 1)[0] if "/" in rest else None
            if top in ("scores", "docs") and head in own:
                own[head].append((name, digest))
            elif top == "scores":
                shared.append((name, digest))
        return {eval_id: _key("part", eval_id, options, files=sorted(own[eval_id] + shared)) for eval_id in ids}

    def site_key(self, evaluations: Iterable[str], part_keys: dict[str, str], options: dict[str, Any]) -> str:
        """Key of the site-wide pages: the docs files outside every evaluation folder and every part's key."""
        owned = set(evaluations)
        files = sorted(
            (n, d) for n, d in self.files.items() if n.startswith("docs/") and not ("/" in n[5:] and n[5:].split("/", 1)[0] in owned)
        )
        return _key("site", options, sorted(part_keys.items()), files=files)

    def pdf_key(self, part_key: str, settings: Any) -> str:
        """Key of one evaluation's PDF: its part, what the PDF takes from the configuration (``settings``:
        Markdown extensions, variant) and the rendering environment (WeasyPrint's capabilities, the
        system libraries it loads, the fonts), so another machine renders anew."""
        return _key("pdf", part_key, settings, rendering_digest(), files=())


def html_key(part_key: str, generator: str, settings: str, theme: dict[str, str]) -> str:
    """Key of one evaluation's HTML as a generator built it: its part (every input of its pages),
    the generator, the rendered configuration (``settings``, without the navigation) and the theme files."""
    return _key("html", part_key, generator, settings, files=sorted(theme.items()))


# -- what Build.start found ---------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One evaluation as ``Build.start`` found it, in plain data."""

    id: str
    published: bool  #: in this build (consented, or a draft preview)
    title: str  #: its section title
    pages: dict[str, str]  #: rendered Markdown of each of its pages (none when withheld)
    warnings: list[Finding]
    notes: list[Finding]
    private: list[str]  #: non-public phone numbers, searched for in the finished site
    entry: dict[str, Any]  #: its catalogue row (``build.catalogue.Entry`` as a dict)
    corrections: list[dict[str, str]]  #: its 更正 and 修订 (``presentation.record.Correction`` as dicts)
    search: dict[str, str]  #: what the search index files it under (year, type, grade, score)
    #: what the statistics read of it (``presentation.statistics_record.record``; empty when withheld)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Part:
        raw = json.loads(data)
        raw["warnings"] = [Finding(**f) for f in raw["warnings"]]
        raw["notes"] = [Finding(**f) for f in raw["notes"]]
        return cls(**raw)


@dataclass(frozen=True)
class SitePart:
    """The pages outside any evaluation and their findings."""

    pages: dict[str, str]
    warnings: list[Finding]
    #: text appended to evaluations' pages by source path (a landing page's link to its unit's statistics)
    notes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> SitePart:
        raw = json.loads(data)
        return cls(raw["pages"], [Finding(**f) for f in raw["warnings"]], raw["notes"])


class BuildCache:
    """The ``.cache/build/`` folder of one project."""

    def __init__(self, root: Path) -> None:
        self.folder = root / ".cache" / "build"

    def _read(self, path: Path, kind: type[Part] | type[SitePart]) -> Any:
        try:
            return kind.from_json(path.read_bytes())
        except (OSError, ValueError, TypeError, KeyError):
            return None  # absent, or written by an older layout: build anew

    def _write(self, path: Path, data: bytes, older: Iterable[Path], keep: int) -> None:
        try:
            write_atomic(path, data)
            stale = sorted((p for p in older if p != path), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in stale[keep:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout builds without a cache

    def part(self, eval_id: str, key: str) -> Part | None:
        return self._read(self.folder / f"part-{eval_id}--{key[:32]}.json", Part)

    def put_part(self, key: str, part: Part) -> None:
        """Keep ``part``; of its evaluation's older parts, keep the newest few (a draft preview keeps its own)."""
        path = self.folder / f"part-{part.id}--{key[:32]}.json"
        self._write(path, part.to_json(), self.folder.glob(f"part-{part.id}--*.json"), KEEP - 1)

    def site(self, key: str) -> SitePart | None:
        return self._read(self.folder / f"site-{key[:32]}.json", SitePart)

    def put_site(self, key: str, site: SitePart) -> None:
        path = self.folder / f"site-{key[:32]}.json"
        self._write(path, site.to_json(), self.folder.glob("site-*.json"), KEEP - 1)

    # -- one evaluation's generated files --------------------------------------------------------

    def _outputs_path(self, kind: str, eval_id: str, key: str) -> Path:
        return self.folder / f"{kind}-{eval_id}--{key[:32]}"

    def outputs(self, kind: str, eval_id: str, key: str) -> Outputs | None:
        """The stored files of ``kind`` (``data``, ``pdf``) of ``eval_id`` under ``key``, if the entry is complete."""
        folder = self._outputs_path(kind, eval_id, key)
        try:
            entry = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
            outputs = Outputs(folder / "site", entry["files"])
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return outputs if all((outputs.site / name).is_file() for name in outputs.files) else None

    def put_outputs(self, kind: str, eval_id: str, key: str, site_dir: Path, files: list[Path]) -> None:
        """Keep copies of ``files`` (paths inside ``site_dir``); drop this evaluation's older entries of ``kind``."""

        def copy(site: Path) -> list[Path]:
            for path in files:
                dest = site / path.relative_to(site_dir)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
            return [site / path.relative_to(site_dir) for path in files]

        self.store_outputs(kind, eval_id, key, copy)

    def store_outputs(self, kind: str, eval_id: str, key: str, write: Callable[[Path], list[Path]]) -> None:
        """Keep the files ``write`` puts into the site folder it is given (returning their paths).

        The entry is written under a temporary name and renamed, so it is whole or absent.
        """
        final = self._outputs_path(kind, eval_id, key)
        tmp = self.folder / f".{final.name}.{os.getpid()}.tmp"
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            site = tmp / "site"
            site.mkdir(parents=True)
            names = [path.relative_to(site).as_posix() for path in write(site)]
            (tmp / "entry.json").write_text(json.dumps({"files": names}, ensure_ascii=False), encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)
            tmp.rename(final)
            for old in self.folder.glob(f"{kind}-{eval_id}--*"):
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
