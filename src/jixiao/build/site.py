"""One site build, independent of the generator: data in, rendered pages out, the built site finished.

A build is two steps around whatever generator turns Markdown into HTML (MkDocs, Zensical):

1. ``Build.start`` loads, scores, checks and renders every evaluation, then the site-wide pages
   (catalogue, corrections, search). Bad data raises ``DataError`` with every problem *before*
   anything is written, so a failed build leaves the published ``site/`` as it was.
   ``jixiao.render.write_project`` writes the result as a plain project (``jixiao render``).
2. After the generator, ``Build.finish`` writes what is made from data rather than Markdown —
   each evaluation's open data and PDF —, indexes the site for search (Pagefind), writes
   ``SHA256SUMS`` and searches the finished site for personal numbers (``jixiao finish``).

Each evaluation is a *part* kept in ``.cache/build/`` under a key of its own inputs
(``jixiao.buildcache``): editing one evaluation of many loads, scores and renders that one, and
regenerates only its files. The engine (data model, Jinja bindings, tables, openpyxl,
WeasyPrint) is imported inside the methods that compute, so a build with nothing to compute
loads none of it. ``Build`` is made anew for every build, so nothing leaks between rebuilds.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.build.cache import BuildCache, Inputs, Part, SitePart
from jixiao.data.symlinks import committed_cache, escaping_links
from jixiao.errors import Collector, DataError, Finding
from jixiao.outputs.pdf.cache import FROM_CACHE
from jixiao.outputs.pdf.links import pdf_link_html, pdf_path

if TYPE_CHECKING:
    from markupsafe import Markup

    from jixiao.build.catalogue import Entry
    from jixiao.build.project import Handover
    from jixiao.presentation.bindings import Binder, SiteBinder, Templates
    from jixiao.scoring.score import ScoreSheet

log = logging.getLogger("jixiao.build")
pdf_log = logging.getLogger("jixiao.pdf")

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
#: the log lines saying what a build computed: the record a rebuild's cost is read from
RECORD = "jixiao：%d 个评价重新计算（%s），%d 个输入未变、取自缓存"
DATA = "jixiao：%d 个评价的开放数据在完成步骤中生成（%s）"
PDFS = "jixiao：%d 个评价的 PDF 重新生成（%s），%d 个取自缓存"


def without_front_matter(text: str) -> str:
    """A page's Markdown body: its YAML front matter (``hide:``…) is the generator's, not ours.

    The front matter's lines become empty lines, so line numbers in findings stay those of the file.
    """
    match = FRONT_MATTER.match(text)
    return "\n" * match.group(0).count("\n") + text[match.end() :] if match else text


def pdfs_enabled() -> bool:
    """``JIXIAO_PDF=0`` builds the site without PDFs (previews, benchmarks); any other value, or none, with them."""
    return os.environ.get("JIXIAO_PDF", "1").strip() != "0"


@dataclass(frozen=True)
class Options:
    """What changes a rendered page besides the data and the pages themselves."""

    #: the generator's ``use_directory_urls``: ``a/b.md`` is served at ``a/b/`` (links in raw HTML are not rewritten)
    directory_urls: bool = True
    #: a draft preview builds evaluations without publication consent too
    drafts: bool = False
    #: URL that opens a repository file for editing when the file's path is appended (see ``edit_base``)
    edit_base: str | None = None
    #: whether this build writes each evaluation's PDF (and so links to it)
    pdf: bool = True
    #: the generator that builds the rendered project: MkDocs leaves links in raw HTML as they are
    #: (relative to the page's URL), Zensical resolves them like Markdown links (relative to the file)
    generator: str = "mkdocs"


class OnDemand(Mapping[str, "ScoreSheet"]):
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
            from jixiao.scoring.sheets import sheet

            self.loaded[eval_id] = sheet(self.root, eval_id)
        return self.loaded[eval_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Build:
    """The state of one build: each evaluation's part, every rendered page, the findings."""

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
    #: each evaluation's part key (its open data and PDF are keyed from it)
    keys: dict[str, str] = field(default_factory=dict)
    #: content hashes of the input files, for the cache keys
    inputs: Inputs = field(default_factory=lambda: Inputs({}))
    #: each evaluation's page placing its 复核差异 table (None: no page does), found on first use
    reviews: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def start(cls, root: Path, docs_dir: Path, options: Options | None = None) -> Build:
        """Load, score, check and render everything (or restore it); raise ``DataError`` with all problems.

        Symbolic links leading out of the repository, and a build cache committed to it, fail the
        build before any file is read. Only parts that pass are kept: one with warnings (which fail
        ``--strict``) is computed again by the next build.
        """
        from jixiao.build.workers import Job, compute_all
        from jixiao.data.evaluations import evaluation_ids

        refused = escaping_links(root, docs_dir) or committed_cache(root)
        if refused:
            raise DataError(refused)
        build = cls(root, docs_dir, options or Options(), inputs=Inputs.read(root, docs_dir))
        cache = BuildCache(root)
        ids = evaluation_ids(root)
        keys = build.inputs.part_keys(ids, build.page_options())
        found = {eval_id: part for eval_id in ids if (part := cache.part(eval_id, keys[eval_id])) is not None}
        todo = [Job(root, docs_dir, build.options, eval_id, keys[eval_id]) for eval_id in ids if eval_id not in found]
        problems = Collector()
        loaded: dict[str, ScoreSheet] = {}
        for outcome in compute_all(todo):
            if outcome.part is None:
                problems.extend(outcome.findings)
                continue
            if not outcome.part.warnings:
                cache.put_part(keys[outcome.eval_id], outcome.part)
            if outcome.sheet is not None:
                loaded[outcome.eval_id] = outcome.sheet
            found[outcome.eval_id] = outcome.part
        problems.raise_if_errors()
        computed = [job.eval_id for job in todo]
        log.info(RECORD, len(computed), listed(computed), len(found) - len(computed))
        build.parts = {eval_id: found[eval_id] for eval_id in ids}
        build.keys = keys
        build.sheets = OnDemand(root, [i for i, p in build.parts.items() if p.published], loaded)
        for part in build.parts.values():
            build.pages.update(part.pages)
            build.warnings += part.warnings
            build.notes += part.notes
        site_key = build.inputs.site_key(ids, build.keys, build.page_options())
        site = cache.site(site_key)
        if site is None:
            site = build.compute_site()
            if not site.warnings:
                cache.put_site(site_key, site)
        build.pages.update(site.pages)
        build.warnings += site.warnings
        return build

    # -- one evaluation ------------------------------------------------------------------------

    def compute(self, eval_id: str) -> tuple[Part, ScoreSheet]:
        """Load, score, render and check one evaluation; raise ``DataError`` with all its problems."""
        from jixiao.build.catalogue import entry
        from jixiao.data.publication import publishable
        from jixiao.integrity import check_evaluation, check_pages, private_numbers
        from jixiao.integrity.review import review_href
        from jixiao.presentation.record import corrections_of
        from jixiao.scoring.sheets import sheet as load_sheet

        sheet = load_sheet(self.root, eval_id)
        published = self.options.drafts or publishable(sheet.evaluation)
        private = sorted(private_numbers(sheet))
        title = section_title(sheet)
        if not published:
            return Part(eval_id, False, title, {}, [], [], private, {}, [], {}), sheet
        problems = Collector()
        pages = {}
        folder = self.docs_dir / eval_id
        paths = sorted(folder.rglob("*.md")) if folder.is_dir() else []
        for path in paths:
            src = path.relative_to(self.docs_dir).as_posix()
            try:
                pages[src] = self.render(src, without_front_matter(path.read_text(encoding="utf-8")), sheet)
            except DataError as exc:
                problems.extend(exc.findings)
        problems.raise_if_errors()
        warnings, notes = [], []
        for finding in check_pages(self.root, self.docs_dir, {eval_id: sheet}, paths) + check_evaluation(sheet, self.root, self.docs_dir):
            if finding.where == "publication":
                notes.append(finding)
            elif finding.severity == "warning":
                warnings.append(finding)
            else:
                problems.add(finding)
        problems.raise_if_errors()
        has_page = f"{eval_id}/index.md" in pages
        review = self.review_source(eval_id)
        row = entry(
            sheet,
            f"{eval_id}/" if has_page else None,
            pdf_path(eval_id) if self.options.pdf else None,
            review_href(self.url(review), "") if review else None,
        )
        ev = sheet.evaluation
        search = {"year": ",".join(map(str, ev.covered)), "type": ev.type, "grade": sheet.grade, "score": row.score}
        corrections = [asdict(c) for c in corrections_of(sheet)]
        return Part(eval_id, True, title, pages, warnings, notes, private, asdict(row), corrections, search), sheet

    def render(self, src: str, markdown: str, sheet: ScoreSheet) -> str:
        """Bind an evaluation page's figures and tables to its data, in the sandbox; data values reach the page escaped."""
        return self.evaluation_binder(src, sheet).render(markdown, self.display(src), html=True)

    def binder_for(self, src: str) -> Templates:
        """The bindings a page may call: its evaluation's (``content/<id>/``) or the site-wide ones."""
        head = src.split("/", 1)[0]
        if "/" in src and head in self.sheets:
            return self.evaluation_binder(src, self.sheets[head])
        return self.site_binder(src)

    def evaluation_binder(self, src: str, sheet: ScoreSheet) -> Binder:
        """An evaluation page's bindings: its data, its tables (with downloads and edit links), its PDF link."""
        from jixiao.integrity.review import review_href
        from jixiao.outputs.opendata import workbook_name
        from jixiao.presentation.bindings import Binder
        from jixiao.presentation.table_html import table_html
        from jixiao.presentation.tables import TableBuilder

        page_dir = self.link_dir(src)
        review = self.review_source(sheet.id)
        tables = TableBuilder(sheet, review_href=review_href(self.url(review), page_dir) if review else None)

        def table(key: str) -> str:
            t = tables.get(key)
            data = f"{sheet.id}/data"
            downloads = [
                ("CSV", posixpath.relpath(f"{data}/{t.slug}.csv", page_dir or ".")),
                ("Excel（全部表格）", posixpath.relpath(f"{data}/{workbook_name(sheet.id)}", page_dir or ".")),
            ]
            edit = self.options.edit_base
            return table_html(t, downloads, f"{edit}{t.source}" if edit else None)

        binder = Binder(sheet, table)
        pdf_href = posixpath.relpath(pdf_path(sheet.id), page_dir or ".")
        binder.env.globals["pdf_link"] = lambda: pdf_link_html(pdf_href, sheet.evaluation.title) if self.options.pdf else ""
        tables.binder = binder
        return binder

    def review_source(self, eval_id: str) -> str | None:
        """The evaluation's page that places its 复核差异 table: a recomputed score beside a printed one links there."""
        from jixiao.integrity.review import review_page

        if eval_id not in self.reviews:
            folder = self.docs_dir / eval_id
            paths = sorted(folder.rglob("*.md")) if folder.is_dir() else []
            self.reviews[eval_id] = review_page((p.relative_to(self.docs_dir).as_posix(), p.read_text(encoding="utf-8")) for p in paths)
        return self.reviews[eval_id]

    def site_binder(self, src: str) -> SiteBinder:
        """A page outside the evaluations: the catalogue, the corrections, the search box."""
        from jixiao.build.search import search_box
        from jixiao.integrity.templating import SITE_FUNCTIONS
        from jixiao.presentation.bindings import SiteBinder

        functions = {
            "catalogue": partial(self.catalogue, src),
            "corrections": self.corrections,
            "search_box": partial(search_box, self.url_dir(src)),
        }
        assert tuple(functions) == SITE_FUNCTIONS  # what `jixiao check` allows on these pages
        return SiteBinder(functions)

    # -- the site-wide pages -------------------------------------------------------------------

    def compute_site(self) -> SitePart:
        """The pages outside every published evaluation's folder, bound to the parts; and their checks."""
        from jixiao.integrity import check_pages

        problems = Collector()
        pages = {}
        paths = [p for p in sorted(self.docs_dir.rglob("*.md")) if not self.in_evaluation(p.relative_to(self.docs_dir).as_posix())]
        for path in paths:
            src = path.relative_to(self.docs_dir).as_posix()
            if not self.publishes(src):
                continue
            try:
                pages[src] = self.site_binder(src).render(
                    without_front_matter(path.read_text(encoding="utf-8")), self.display(src), html=True
                )
            except DataError as exc:
                problems.extend(exc.findings)
        problems.raise_if_errors()
        pages.update(self.catalogue_sources())  # generated: mulu/… and the script's index file
        warnings = []
        for finding in check_pages(self.root, self.docs_dir, self.sheets, paths):
            if finding.severity == "warning":
                warnings.append(finding)
            else:
                problems.add(finding)
        problems.raise_if_errors()
        return SitePart(pages, warnings)

    def corrections(self) -> str:
        """Every 更正 and 修订 of the evaluations this build publishes (``{{ corrections() }}``)."""
        from jixiao.presentation.record import Correction, corrections_markdown

        rows = [Correction(**c) for i in self.sheets for c in self.parts[i].corrections]
        links = {i: f"{i}/index.md" for i in self.sheets if f"{i}/index.md" in self.pages}
        return corrections_markdown(rows, links)

    # -- where things are ----------------------------------------------------------------------

    def page_options(self) -> dict[str, Any]:
        """The options that change a page (and so the PDF made of the pages)."""
        try:
            docs = self.docs_dir.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            docs = self.docs_dir.as_posix()
        return {"docs_dir": docs, **asdict(self.options)}

    def display(self, src: str) -> str:
        try:
            return (self.docs_dir / src).relative_to(self.root).as_posix()
        except ValueError:
            return (self.docs_dir / src).as_posix()

    def url_dir(self, src: str) -> str:
        """The folder a page's URL is in, which relative links in its raw HTML start from."""
        stem, name = posixpath.splitext(src)[0], posixpath.basename(src)
        if self.options.directory_urls and name not in ("index.md", "README.md"):
            return stem
        return posixpath.dirname(src)

    def url(self, src: str) -> str:
        """The URL of a page relative to the site's root: ``a/b.md`` → ``a/b/``, or ``a/b.html`` without directory URLs."""
        if self.options.directory_urls:
            folder = self.url_dir(src)
            return f"{folder}/" if folder else ""
        stem = posixpath.splitext(src)[0]
        return (stem[: -len("README")] + "index" if posixpath.basename(stem) == "README" else stem) + ".html"

    def link_dir(self, src: str) -> str:
        """The folder the generator resolves a relative link in a page's raw HTML from (see ``Options.generator``)."""
        return posixpath.dirname(src) if self.options.generator == "zensical" else self.url_dir(src)

    def in_evaluation(self, src: str) -> bool:
        """Whether a file under the docs folder belongs to an evaluation (its first folder is one's id)."""
        return "/" in src and src.split("/", 1)[0] in self.parts

    def catalogue_entries(self) -> list[Entry]:
        """Every published evaluation as the catalogue lists it (rows kept in each evaluation's part)."""
        from jixiao.build.catalogue import Entry, ordered

        return ordered([Entry(**self.parts[i].entry) for i in self.sheets])

    def catalogue(self, src: str) -> Markup:
        """The home page's catalogue block (``{{ catalogue() }}``), its links relative to page ``src``."""
        from jixiao.build.catalogue import Links, catalogue_html

        return catalogue_html(self.catalogue_entries(), Links(self.url_dir(src), self.options.directory_urls))

    def catalogue_sources(self) -> dict[str, str]:
        """The generated catalogue pages (``mulu/…``, rendered Markdown) and the index file, by source path."""
        from jixiao.build.catalogue import INDEX, index_json, pages

        items = self.catalogue_entries()
        return {**pages(items, self.options.directory_urls), INDEX: index_json(items)}

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

    # -- after the generator -------------------------------------------------------------------

    def finish(self, site_dir: Path, handover: Handover) -> None:
        """Complete a built site: the kept evaluations' HTML, generated files, sitemap, search index,
        ``SHA256SUMS``, the personal-data scan."""
        from jixiao.build import html_cache
        from jixiao.build.checksums import write_checksums
        from jixiao.build.search import index_site
        from jixiao.build.sitemap import write_sitemap
        from jixiao.integrity import check_site

        html_cache.collect(self, site_dir, handover.html_keys)
        self.publish(site_dir)
        write_sitemap(site_dir, handover.site_url, [self.url(src) for src in self.pages if src.endswith(".md")])
        index_site(site_dir)
        write_checksums(site_dir)
        leaks = check_site(site_dir, self.private)
        if leaks:
            raise DataError(leaks)

    def publish(self, site_dir: Path) -> None:
        """Write the files generated from data (downloads, PDFs) into the built site.

        Each evaluation's open data was kept in ``.cache/build/`` by the process that computed
        it; its PDF is kept there too once rendered. What is missing (a read-only cache, a part
        computed by an older build) is generated here, and kept for the next build.
        """
        cache = BuildCache(self.root)
        missing_data = []
        for eval_id in self.sheets:
            kept = cache.outputs("data", eval_id, self.keys[eval_id])
            if kept is None:
                missing_data.append(eval_id)
            else:
                kept.copy_to(site_dir)
        if missing_data:
            from jixiao.outputs import opendata

            for eval_id in missing_data:
                files = opendata.publish(self.sheets[eval_id], site_dir)
                cache.put_outputs("data", eval_id, self.keys[eval_id], site_dir, files)
            log.info(DATA, len(missing_data), listed(missing_data))
        if self.pdfs:
            self.publish_pdfs(site_dir, cache)

    def publish_pdfs(self, site_dir: Path, cache: BuildCache) -> None:
        """Each evaluation's PDF, from ``.cache/build/`` when nothing it is made of changed, else rendered."""
        from jixiao.outputs.pdf.publish import publish_pdfs  # WeasyPrint is imported only when a PDF is rendered

        keys = {eval_id: self.inputs.outputs_key(self.keys[eval_id]) for eval_id in self.pdfs}
        todo = []
        for eval_id, key in keys.items():
            kept = cache.outputs("pdf", eval_id, key)
            if kept is None:
                todo.append(eval_id)
            else:
                kept.copy_to(site_dir)
                pdf_log.info(FROM_CACHE, eval_id)
        for published in publish_pdfs(self, site_dir, todo) if todo else []:
            if not published.warnings:  # a PDF that came with warnings failed a strict build: never replay it
                cache.put_outputs("pdf", published.eval_id, keys[published.eval_id], site_dir, [site_dir / pdf_path(published.eval_id)])
        log.info(PDFS, len(todo), listed(todo), len(keys) - len(todo))


def listed(ids: list[str], shown: int = 10) -> str:
    """Evaluation ids for a log line: all of a few, the first ``shown`` of many (a log line stays a line)."""
    if not ids:
        return "无"
    return "、".join(ids) if len(ids) <= shown else "、".join(ids[:shown]) + f" 等 {len(ids)} 个"


def section_title(sheet: ScoreSheet) -> str:
    """An evaluation's section title: its evaluated body, year and type."""
    ev = sheet.evaluation
    return f"{ev.evaluated_body} {ev.year_label} 年{ev.type}"


def failure_message(exc: DataError) -> str:
    """The build-failure text: the count, then one line per finding."""
    errors = [f for f in exc.findings if f.severity == "error"]
    return f"jixiao: {len(errors)} 个数据错误，站点未生成：\n" + "\n".join(str(f) for f in exc.findings)


def edit_base(repo_url: str | None, edit_uri: str | None, docs_dir: str) -> str | None:
    """The edit URL of the repository root, from the configuration's ``repo_url`` and ``edit_uri``.

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
