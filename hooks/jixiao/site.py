"""One site build, independent of the generator: data in, pages and files out.

``Build`` is created anew for every build (MkDocs' ``on_config``), so nothing leaks
between rebuilds of ``mkdocs serve``. It loads and scores every evaluation and
renders every Markdown page's bindings *before* anything is written, so bad data
fails the build with every problem listed and leaves the published ``site/`` as it was.

What a build computes is kept in ``.cache/build/`` (``jixiao.buildcache``), keyed by every
input: a rebuild whose inputs did not change restores the pages and findings, copies the
generated files, and still writes ``SHA256SUMS`` and searches the finished site for personal
numbers. The engine (data model, Jinja bindings, tables, openpyxl, WeasyPrint) is imported
inside the methods that compute, so such a rebuild loads none of it.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .buildcache import BuildCache, Inputs, State
from .checksums import write_checksums
from .errors import Collector, DataError, Finding
from .integrity import check_site
from .pdf.cache import FROM_CACHE, WEASYPRINT_WARNING
from .pdf.links import pdf_link_html, pdf_path

if TYPE_CHECKING:
    from .catalogue import Entry
    from .score import ScoreSheet

pdf_log = logging.getLogger("jixiao.pdf")

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def without_front_matter(text: str) -> str:
    """A page's Markdown body: its YAML front matter (``hide:``…) is the generator's, not ours.

    The front matter's lines become empty lines, so line numbers in findings stay those of the file.
    """
    match = FRONT_MATTER.match(text)
    return "\n" * match.group(0).count("\n") + text[match.end() :] if match else text


class OnDemand(Mapping[str, "ScoreSheet"]):
    """The score sheets of a build restored from cache, each loaded and scored on first use.

    A restored build rarely needs one (a generated file missing from the cache, ``jixiao pdf``);
    the inputs are those of the build that passed, so loading cannot fail differently.
    """

    def __init__(self, root: Path, ids: list[str]) -> None:
        self.root = root
        self.ids = ids
        self.loaded: dict[str, ScoreSheet] = {}

    def __getitem__(self, eval_id: str) -> ScoreSheet:
        if eval_id not in self.ids:
            raise KeyError(eval_id)
        if eval_id not in self.loaded:
            from .pipeline import sheet

            self.loaded[eval_id] = sheet(self.root, eval_id)
        return self.loaded[eval_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Build:
    """The state of one build: score sheets, rendered pages, generated files."""

    root: Path
    docs_dir: Path
    sheets: Mapping[str, ScoreSheet] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    #: MkDocs' ``use_directory_urls``: ``a/b.md`` is served at ``a/b/`` (links in raw HTML are not rewritten)
    directory_urls: bool = True
    #: a draft preview builds evaluations without publication consent too
    drafts: bool = False
    #: URL that opens a repository file for editing when the file's path is appended (see ``edit_base``)
    edit_base: str | None = None
    #: evaluations left out of this (public) build for want of consent, by id
    withheld: Mapping[str, ScoreSheet] = field(default_factory=dict)
    #: integrity warnings (they fail ``--strict``) and notes (why an evaluation is withheld)
    warnings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    #: section title of each published evaluation (see ``section_title``)
    titles: dict[str, str] = field(default_factory=dict)
    #: every evaluation's non-public phone numbers: the finished site must not contain one
    private: set[str] = field(default_factory=set)
    #: content hashes of the input files, for the cache keys
    inputs: Inputs = field(default_factory=lambda: Inputs({}))

    @classmethod
    def start(cls, root: Path, docs_dir: Path, directory_urls: bool = True, drafts: bool = False, edit_base: str | None = None) -> Build:
        """Load, score, check and pre-render everything (or restore it); raise ``DataError`` with all problems."""
        build = cls(root, docs_dir, directory_urls=directory_urls, drafts=drafts, edit_base=edit_base, inputs=Inputs.read(root, docs_dir))
        cache = BuildCache(root)
        key = build.inputs.state_key({**build.page_options(), "drafts": drafts})
        state = cache.state(key)
        if state is None:
            build.compute()
            cache.put_state(key, build.state())
        else:
            build.restore(state)
        return build

    def compute(self) -> None:
        """Load, score, pre-render and check every evaluation; raise ``DataError`` with all problems."""
        from . import catalogue
        from .integrity import check_build, private_numbers
        from .pipeline import evaluation_ids, sheet

        problems = Collector()
        sheets: dict[str, ScoreSheet] = {}
        for eval_id in evaluation_ids(self.root):
            try:
                sheets[eval_id] = sheet(self.root, eval_id)
            except DataError as exc:
                problems.extend(exc.findings)
        problems.raise_if_errors()
        self.private = set().union(*(private_numbers(s) for s in sheets.values()))
        self.withhold(sheets)
        self.titles = {eval_id: section_title(s) for eval_id, s in self.sheets.items()}
        for path in sorted(self.docs_dir.rglob("*.md")):
            src = path.relative_to(self.docs_dir).as_posix()
            if not self.publishes(src):
                continue
            try:
                self.pages[src] = self.render(src, without_front_matter(path.read_text(encoding="utf-8")))
            except DataError as exc:
                problems.extend(exc.findings)
        problems.raise_if_errors()
        self.pages.update(self.catalogue_sources())
        self.titles[catalogue.FOLDER] = catalogue.TITLE
        for finding in check_build(self.root, self.docs_dir, dict(self.sheets)):
            if finding.where == "publication":
                self.notes.append(finding)
            elif finding.severity == "warning":
                self.warnings.append(finding)
            else:
                problems.add(finding)
        problems.raise_if_errors()

    def withhold(self, sheets: dict[str, ScoreSheet]) -> None:
        """Take evaluations without both publication consents out of a public build."""
        from .integrity import publishable

        shown = {i: s for i, s in sheets.items() if self.drafts or publishable(s.evaluation)}
        self.sheets = shown
        self.withheld = {i: s for i, s in sheets.items() if i not in shown}

    def state(self) -> State:
        """What ``compute`` found, as the cache keeps it."""
        return State(self.pages, self.warnings, self.notes, list(self.sheets), list(self.withheld), self.titles, sorted(self.private))

    def restore(self, state: State) -> None:
        """Take up what an earlier build with the same inputs found."""
        self.pages = dict(state.pages)
        self.warnings, self.notes = list(state.warnings), list(state.notes)
        self.sheets, self.withheld = OnDemand(self.root, state.published), OnDemand(self.root, state.withheld)
        self.titles, self.private = dict(state.titles), set(state.private)

    def page_options(self) -> dict[str, Any]:
        """The options that change a page (and so the PDF made of the pages)."""
        try:
            docs = self.docs_dir.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            docs = self.docs_dir.as_posix()
        return {"docs_dir": docs, "directory_urls": self.directory_urls, "edit_base": self.edit_base, "pdf": pdf_enabled()}

    def evaluation_of(self, src: str) -> ScoreSheet | None:
        """The evaluation a page belongs to: its first folder under ``content/``."""
        head = src.split("/", 1)[0]
        return self.sheets.get(head) if "/" in src else None

    def display(self, src: str) -> str:
        try:
            return (self.docs_dir / src).relative_to(self.root).as_posix()
        except ValueError:
            return (self.docs_dir / src).as_posix()

    def render(self, src: str, markdown: str) -> str:
        """Bind a page's figures and tables to data."""
        from .bind import Binder, SiteBinder
        from .html import table_html
        from .tables import TableBuilder

        sheet_ = self.evaluation_of(src)
        if sheet_ is None:
            return SiteBinder({"catalogue": lambda: self.catalogue(src), "corrections": self.corrections}).render(
                markdown, self.display(src)
            )
        tables = TableBuilder(sheet_)
        page_dir = self.url_dir(src)

        def table(key: str) -> str:
            t = tables.get(key)
            data = f"{sheet_.id}/data/{t.slug}"
            downloads = [(fmt, posixpath.relpath(f"{data}.{fmt.lower()}", page_dir or ".")) for fmt in ("CSV", "XLSX")]
            return table_html(t, downloads, f"{self.edit_base}{t.source}" if self.edit_base else None)

        binder = Binder(sheet_, table)
        pdf_href = posixpath.relpath(self.pdf_path(sheet_.id), page_dir or ".")
        with_pdf = pdf_enabled() and self.publishes(f"{sheet_.id}/index.md")  # as ``pdfs``: no link to a PDF not written
        binder.env.globals["pdf_link"] = lambda: pdf_link_html(pdf_href, sheet_.evaluation.title) if with_pdf else ""
        tables.binder = binder
        return binder.render(markdown, self.display(src))

    def url_dir(self, src: str) -> str:
        """The folder a page's URL is in, which relative links in its raw HTML start from."""
        stem, name = posixpath.splitext(src)[0], posixpath.basename(src)
        if self.directory_urls and name not in ("index.md", "README.md"):
            return stem
        return posixpath.dirname(src)

    def catalogue_entries(self) -> list[Entry]:
        """Every published evaluation as the catalogue lists it."""
        from .catalogue import entries

        pdfs = set(self.pdfs)
        return entries(
            self.sheets,
            has_page=lambda eval_id: (self.docs_dir / eval_id / "index.md").is_file(),
            pdf=lambda eval_id: self.pdf_path(eval_id) if eval_id in pdfs else None,
        )

    def catalogue(self, src: str) -> str:
        """The home page's catalogue block (``{{ catalogue() }}``), its links relative to page ``src``."""
        from .catalogue import Links, catalogue_html

        return catalogue_html(self.catalogue_entries(), Links(self.url_dir(src), self.directory_urls))

    def catalogue_sources(self) -> dict[str, str]:
        """The generated catalogue pages (``mulu/…``, rendered Markdown) and the index file, by source path."""
        from .catalogue import INDEX, index_json, pages

        items = self.catalogue_entries()
        return {**pages(items, self.directory_urls), INDEX: index_json(items)}

    def generated(self) -> dict[str, str]:
        """The sources this build adds to the docs_dir's: the catalogue pages and its index file."""
        from .catalogue import FOLDER, INDEX

        return {src: text for src, text in self.pages.items() if src == INDEX or src.startswith(f"{FOLDER}/")}

    def corrections(self) -> str:
        """Every 更正 and 修订 of the evaluations this build publishes (``{{ corrections() }}``)."""
        from .revisions import corrections_markdown

        shown = [s for _, s in sorted(self.sheets.items())]  # withheld drafts are not in ``sheets``
        links = {s.id: f"{s.id}/index.md" for s in shown if (self.docs_dir / s.id / "index.md").is_file()}
        return corrections_markdown(shown, links)

    def publishes(self, src: str) -> bool:
        """Whether a source file under ``content/`` belongs in this build: not if its evaluation is withheld."""
        return "/" not in src or src.split("/", 1)[0] not in self.withheld

    def section_title(self, folder: str) -> str | None:
        """An evaluation's section title (its evaluated body and year), not its folder name."""
        return self.titles.get(folder)

    @property
    def pdfs(self) -> list[str]:
        """Ids of the evaluations whose PDF ``publish`` writes to ``site/<id>/<id>.pdf`` (none if ``JIXIAO_PDF=0``)."""
        if not pdf_enabled():
            return []
        return [eval_id for eval_id in sorted(self.sheets) if self.publishes(f"{eval_id}/index.md")]

    def pdf_path(self, eval_id: str) -> str:
        """An evaluation's PDF relative to the site root, for links from any page."""
        return pdf_path(eval_id)

    def publish(self, site_dir: Path) -> None:
        """Write the files generated from data (downloads, PDFs) into the built site.

        Each evaluation's files come from ``.cache/build/`` when nothing they are made of
        changed, else they are generated (and kept for the next build).
        """
        cache = BuildCache(self.root)
        evaluations = [*self.sheets, *self.withheld]
        keys = {eval_id: self.inputs.outputs_key(eval_id, evaluations, self.page_options()) for eval_id in self.sheets}
        todo = []
        for eval_id, key in keys.items():
            kept = cache.outputs(eval_id, key)
            if kept is None:
                todo.append(eval_id)
                continue
            written = kept.copy_to(site_dir)
            for message in kept.warnings:
                pdf_log.warning(WEASYPRINT_WARNING, eval_id, message)
            if site_dir / pdf_path(eval_id) in written:
                pdf_log.info(FROM_CACHE, eval_id)
        for eval_id, (files, warnings) in self.generate(site_dir, todo).items():
            cache.put_outputs(eval_id, keys[eval_id], site_dir, files, warnings)
        write_checksums(site_dir)
        self.check_published(site_dir)

    def generate(self, site_dir: Path, ids: list[str]) -> dict[str, tuple[list[Path], list[str]]]:
        """Write the open data and PDFs of ``ids``; return each one's files and WeasyPrint's warnings."""
        if not ids:
            return {}
        from . import opendata
        from .pdf.publish import publish_pdfs  # WeasyPrint is imported only when a PDF is rendered

        written = {eval_id: opendata.publish(self.sheets[eval_id], site_dir) for eval_id in ids}
        with_pdf = [eval_id for eval_id in self.pdfs if eval_id in written]
        published = {p.eval_id: p for p in publish_pdfs(self, site_dir, with_pdf)} if with_pdf else {}
        out = {}
        for eval_id, files in written.items():
            pdf = published.get(eval_id)
            out[eval_id] = ([*files, site_dir / pdf_path(eval_id)], list(pdf.warnings)) if pdf else (files, [])
        return out

    def check_published(self, site_dir: Path) -> None:
        """Grep every written file (pages, search index, downloads) for unmasked personal numbers."""
        leaks = check_site(site_dir, self.private)
        if leaks:
            raise DataError(leaks)

    def page(self, src: str, markdown: str) -> str:
        """The rendered page (pre-rendered at start; rendered now if it appeared since)."""
        if src not in self.pages:
            self.pages[src] = self.render(src, markdown)
        return without_front_matter(self.pages[src])  # a generated page's front matter is MkDocs' (see ``generated``)


def pdf_enabled() -> bool:
    """``JIXIAO_PDF=0`` builds the site without PDFs (previews, benchmarks): no PDF rendered or linked."""
    return os.environ.get("JIXIAO_PDF", "1") != "0"


def section_title(sheet: ScoreSheet) -> str:
    """An evaluation's section title: its evaluated body, year and type."""
    ev = sheet.evaluation
    return f"{ev.evaluated_body} {ev.year} 年{ev.type}"


def failure_message(exc: DataError) -> str:
    """The build-failure text: the count, then one line per finding."""
    errors = [f for f in exc.findings if f.severity == "error"]
    return f"jixiao: {len(errors)} 个数据错误，站点未生成：\n" + "\n".join(str(f) for f in exc.findings)


def edit_base(repo_url: str | None, edit_uri: str | None, docs_dir: str) -> str | None:
    """The edit URL of the repository root, from MkDocs' ``repo_url`` and ``edit_uri``.

    ``edit_uri`` points at the docs_dir (``edit/main/content/``); generated tables link to
    their data files under ``scores/``, so the docs_dir part is taken off the end.
    """
    if not repo_url or not edit_uri:
        return None
    base = edit_uri.rstrip("/")
    suffix = docs_dir.strip("/")
    if suffix and base.endswith(suffix):
        base = base[: -len(suffix)]
    return f"{repo_url.rstrip('/')}/{base.strip('/')}/" if base.strip("/") else f"{repo_url.rstrip('/')}/"
