"""The state of one build: what ``start`` found and every later step reads.

A build is a few stage functions around this plain record: ``start`` fills it (each evaluation's
part, computed or restored from ``.cache/build/``; the site-wide pages), ``project`` writes it out
for a generator, ``finish`` completes the generator's site from it. It is made anew for every
build, so nothing leaks between rebuilds (``mkdocs serve``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.build.cache import Inputs, Part
from jixiao.config import Options
from jixiao.errors import Finding
from jixiao.scoring.from_folder import sheet
from jixiao.scoring.score_sheet import ScoreSheet


class OnDemand(Mapping[str, ScoreSheet]):
    """The score sheets of the published evaluations, each loaded and scored on first use.

    A part taken from the cache has no sheet; one is needed only when a generated file is
    missing from the cache (or by ``jixiao pdf``). The inputs are those of a part that passed,
    so loading cannot fail differently.
    """

    def __init__(self, root: Path, ids: list[str], loaded: dict[str, ScoreSheet]) -> None:
        self.root = root
        self.ids = ids
        self.loaded = {i: s for i, s in loaded.items() if i in ids}

    def __getitem__(self, eval_id: str) -> ScoreSheet:
        if eval_id not in self.ids:
            raise KeyError(eval_id)
        if eval_id not in self.loaded:
            self.loaded[eval_id] = sheet(self.root, eval_id)
        return self.loaded[eval_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class BuildState:
    """Each evaluation's part, every rendered page, the findings."""

    root: Path
    docs_dir: Path
    options: Options = field(default_factory=Options)
    #: every evaluation found, published or withheld
    parts: dict[str, Part] = field(default_factory=dict)
    #: the score sheets of the published evaluations (loaded on first use)
    sheets: Mapping[str, ScoreSheet] = field(default_factory=dict)
    #: rendered Markdown of every page this build publishes, by path under the docs folder
    pages: dict[str, str] = field(default_factory=dict)
    #: integrity warnings (they fail ``--strict``) and notes (why an evaluation is withheld)
    warnings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    #: each evaluation's part key (its open data, HTML and PDF are keyed from it)
    keys: dict[str, str] = field(default_factory=dict)
    #: content hashes of the input files, for the cache keys
    inputs: Inputs = field(default_factory=lambda: Inputs({}))
    #: what the site-wide step appended to evaluations' pages (part of their HTML's key)
    notes_added: dict[str, str] = field(default_factory=dict)

    def in_evaluation(self, src: str) -> bool:
        """Whether a file under the docs folder belongs to an evaluation (its first folder is one's id)."""
        return "/" in src and src.split("/", 1)[0] in self.parts

    def publishes(self, src: str) -> bool:
        """Whether a source file under the docs folder belongs in this build: not if its evaluation is withheld."""
        head = src.split("/", 1)[0]
        return "/" not in src or head not in self.parts or self.parts[head].published

    @property
    def private(self) -> set[str]:
        """Every evaluation's non-public phone numbers: the finished site must not contain one."""
        return {n for part in self.parts.values() for n in part.private}

    @property
    def pdfs(self) -> list[str]:
        """Ids of the evaluations whose PDF ``finish`` writes to ``site/<id>/<id>.pdf``."""
        return sorted(self.sheets) if self.options.pdf else []
