"""One site build, independent of the generator: data in, pages and files out.

``Build`` is created anew for every build (MkDocs' ``on_config``), so nothing leaks
between rebuilds of ``mkdocs serve``. It loads and scores every evaluation and
renders every Markdown page's bindings *before* anything is written, so bad data
fails the build with every problem listed and leaves the published ``site/`` as it was.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import opendata
from .bind import Binder, SiteBinder
from .catalogue import catalogue_html, entries
from .errors import Collector, DataError, Finding
from .html import table_html
from .integrity import check_build, check_site, private_numbers, publishable
from .pdf.links import pdf_link_html, pdf_path
from .pipeline import evaluation_ids, sheet
from .revisions import corrections_markdown
from .score import ScoreSheet
from .tables import TableBuilder

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def without_front_matter(text: str) -> str:
    """A page's Markdown body: its YAML front matter (``hide:``…) is the generator's, not ours.

    The front matter's lines become empty lines, so line numbers in findings stay those of the file.
    """
    match = FRONT_MATTER.match(text)
    return "\n" * match.group(0).count("\n") + text[match.end() :] if match else text


@dataclass
class Build:
    """The state of one build: score sheets, rendered pages, generated files."""

    root: Path
    docs_dir: Path
    sheets: dict[str, ScoreSheet] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    #: MkDocs' ``use_directory_urls``: ``a/b.md`` is served at ``a/b/`` (links in raw HTML are not rewritten)
    directory_urls: bool = True
    #: a draft preview builds evaluations without publication consent too
    drafts: bool = False
    #: URL that opens a repository file for editing when the file's path is appended (see ``edit_base``)
    edit_base: str | None = None
    #: evaluations left out of this (public) build for want of consent, by id
    withheld: dict[str, ScoreSheet] = field(default_factory=dict)
    #: integrity warnings (they fail ``--strict``) and notes (why an evaluation is withheld)
    warnings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @classmethod
    def start(cls, root: Path, docs_dir: Path, directory_urls: bool = True, drafts: bool = False, edit_base: str | None = None) -> Build:
        """Load, score, check and pre-render everything; raise ``DataError`` with all problems."""
        build = cls(root, docs_dir, directory_urls=directory_urls, drafts=drafts, edit_base=edit_base)
        problems = Collector()
        for eval_id in evaluation_ids(root):
            try:
                build.sheets[eval_id] = sheet(root, eval_id)
            except DataError as exc:
                problems.extend(exc.findings)
        problems.raise_if_errors()
        build.withhold()
        for path in sorted(docs_dir.rglob("*.md")):
            src = path.relative_to(docs_dir).as_posix()
            if not build.publishes(src):
                continue
            try:
                build.pages[src] = build.render(src, without_front_matter(path.read_text(encoding="utf-8")))
            except DataError as exc:
                problems.extend(exc.findings)
        problems.raise_if_errors()
        for finding in check_build(root, docs_dir, build.sheets):
            if finding.where == "publication":
                build.notes.append(finding)
            elif finding.severity == "warning":
                build.warnings.append(finding)
            else:
                problems.add(finding)
        problems.raise_if_errors()
        return build

    def withhold(self) -> None:
        """Take evaluations without both publication consents out of a public build."""
        if self.drafts:
            return
        for eval_id in [i for i, s in self.sheets.items() if not publishable(s.evaluation)]:
            self.withheld[eval_id] = self.sheets.pop(eval_id)

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
        sheet_ = self.evaluation_of(src)
        if sheet_ is None:
            return SiteBinder({"catalogue": self.catalogue, "corrections": self.corrections}).render(markdown, self.display(src))
        tables = TableBuilder(sheet_)
        page_dir = self.url_dir(src)

        def table(key: str) -> str:
            t = tables.get(key)
            data = f"{sheet_.id}/data/{t.slug}"
            downloads = [(fmt, posixpath.relpath(f"{data}.{fmt.lower()}", page_dir or ".")) for fmt in ("CSV", "XLSX")]
            return table_html(t, downloads, f"{self.edit_base}{t.source}" if self.edit_base else None)

        binder = Binder(sheet_, table)
        pdf_href = posixpath.relpath(self.pdf_path(sheet_.id), page_dir or ".")
        binder.env.globals["pdf_link"] = lambda: pdf_link_html(pdf_href, sheet_.evaluation.title)
        tables.binder = binder
        return binder.render(markdown, self.display(src))

    def url_dir(self, src: str) -> str:
        """The folder a page's URL is in, which relative links in its raw HTML start from."""
        stem, name = posixpath.splitext(src)[0], posixpath.basename(src)
        if self.directory_urls and name not in ("index.md", "README.md"):
            return stem
        return posixpath.dirname(src)

    def catalogue(self) -> str:
        """The home page's list of every evaluation (``{{ catalogue() }}``), linked from the site root."""
        pdfs = set(self.pdfs)
        items = entries(
            self.sheets,
            has_page=lambda eval_id: (self.docs_dir / eval_id / "index.md").is_file(),
            pdf=lambda eval_id: self.pdf_path(eval_id) if eval_id in pdfs else None,
        )
        return catalogue_html(items)

    def corrections(self) -> str:
        """Every 更正 and 修订 of the evaluations this build publishes (``{{ corrections() }}``)."""
        shown = [s for _, s in sorted(self.sheets.items())]  # withheld drafts are not in ``sheets``
        links = {s.id: f"{s.id}/index.md" for s in shown if (self.docs_dir / s.id / "index.md").is_file()}
        return corrections_markdown(shown, links)

    def publishes(self, src: str) -> bool:
        """Whether a source file under ``content/`` belongs in this build: not if its evaluation is withheld."""
        return "/" not in src or src.split("/", 1)[0] not in self.withheld

    def section_title(self, folder: str) -> str | None:
        """An evaluation's section title (its evaluated body and year), not its folder name."""
        if folder not in self.sheets:
            return None
        ev = self.sheets[folder].evaluation
        return f"{ev.evaluated_body} {ev.year} 年{ev.type}"

    @property
    def pdfs(self) -> list[str]:
        """Ids of the evaluations whose PDF ``publish`` writes to ``site/<id>/<id>.pdf``."""
        return [eval_id for eval_id in sorted(self.sheets) if self.publishes(f"{eval_id}/index.md")]

    def pdf_path(self, eval_id: str) -> str:
        """An evaluation's PDF relative to the site root, for links from any page."""
        return pdf_path(eval_id)

    def publish(self, site_dir: Path) -> None:
        """Write the files generated from data (downloads, PDFs) into the built site."""
        for sheet_ in self.sheets.values():
            opendata.publish(sheet_, site_dir)
        from .pdf.publish import publish_pdfs, write_checksums  # WeasyPrint is imported only when PDFs are written

        publish_pdfs(self, site_dir, self.pdfs)
        write_checksums(site_dir)
        self.check_published(site_dir)

    def check_published(self, site_dir: Path) -> None:
        """Grep every written file (pages, search index, downloads, PDF text) for unmasked personal numbers."""
        numbers = set().union(*(private_numbers(s) for s in [*self.sheets.values(), *self.withheld.values()]))
        leaks = check_site(site_dir, numbers)
        if leaks:
            raise DataError(leaks)

    def page(self, src: str, markdown: str) -> str:
        """The rendered page (pre-rendered at start; rendered now if it appeared since)."""
        if src not in self.pages:
            self.pages[src] = self.render(src, markdown)
        return self.pages[src]


class BuildFailed(Exception):
    """Raised by the MkDocs glue; carries the findings as its message."""


def failure_message(exc: DataError) -> str:
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
