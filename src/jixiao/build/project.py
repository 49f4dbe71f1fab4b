"""``jixiao render``: a build's pages written out as a plain project that any generator can build.

The rendered project has every binding resolved, so a generator that runs no hooks and no
third-party plugins (Zensical, or MkDocs without ours) publishes the same pages::

    <out>/mkdocs.yml    the project's configuration without hooks, with the navigation written out
    <out>/docs/         every published page (front matter kept, figures and tables bound), the
                        site-wide pages (catalogue, corrections, search) and every other file
                        of the docs folder (assets, images) as it is
    <out>/overrides/    the theme: the engine's files (``jixiao/theme/``), the project's ``custom_dir`` on top

The pages keep their paths under the docs folder, so a page's edit link (``repo_url`` +
``edit_uri`` + its path) still opens its source in ``content/``, not this copy. A file is
rewritten only when its text changed and files no longer produced are removed, so a generator
watching the folder (``mkdocs serve``) sees just the pages that changed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jixiao.build import html_cache
from jixiao.build.catalogue import FOLDER, TITLE, continuation
from jixiao.build.search import search_attributes
from jixiao.build.state import BuildState
from jixiao.config import ProjectConfig
from jixiao.files import mirror, read_tree, write_if_changed
from jixiao.presentation.page_source import front_matter

#: configuration keys of the source project that the rendered one must not carry (``INHERIT`` is merged on reading)
DROPPED = ("hooks", "watch")


@dataclass(frozen=True)
class Handover:
    """What ``finish`` needs of the rendered project: each evaluation's HTML key, and the site's URL."""

    html_keys: dict[str, str]
    site_url: str | None


@dataclass(frozen=True)
class RenderedProject:
    """Where a rendered project is, the navigation its configuration lists and what it leaves out."""

    root: Path
    docs_dir: Path
    config_file: Path
    nav: list[Any]
    #: ``exclude_docs`` lines: the evaluations whose HTML the build cache holds (``build.html_cache``)
    exclude: list[str]
    handover: Handover


def handover(state: BuildState, config: ProjectConfig) -> Handover:
    """The keys ``write_project`` used (``jixiao finish`` computes them again from the same configuration)."""
    return Handover(html_keys(state, config), config.site_url)


def html_keys(state: BuildState, config: ProjectConfig) -> dict[str, str]:
    return html_cache.keys(state, project_config(config.data, [], state.options.generator), theme_files(config))


#: the engine's theme files: the sidebar, footer and page metadata that keep every page inside its own
#: evaluation (so no page grows with the number of evaluations, and each evaluation's HTML can be kept),
#: the search index's body, the banner of an older edition
THEME = Path(__file__).parent.parent / "theme"


def theme_files(config: ProjectConfig) -> dict[str, bytes]:
    """The rendered project's ``overrides/``: the engine's theme files, then the project's ``custom_dir`` (which wins)."""
    custom = (config.data.get("theme") or {}).get("custom_dir")
    return read_tree(THEME) | (read_tree(config.file.parent / custom) if custom else {})


def navigation(state: BuildState, leave_out: Iterable[str] = ()) -> list[Any]:
    """The site's navigation: the home page, each published evaluation under its title, then the other pages.

    The evaluations in ``leave_out`` (whose HTML the cache holds) are not listed: no page shows
    another evaluation's entries, so the list only tells the generator what to build.
    """
    skipped = set(leave_out)
    pages = sorted(p for p in state.pages if p.endswith(".md"))  # not the catalogue's index file
    nav: list[Any] = [p for p in pages if p == "index.md"]
    evaluations: dict[str, list[str]] = {}
    folders: dict[str, list[str]] = {}
    others = []
    for page in pages:
        if state.in_evaluation(page):
            evaluations.setdefault(page.split("/", 1)[0], []).append(page)
        elif "/" in page:
            if not continuation(page):
                folders.setdefault(page.split("/", 1)[0], []).append(page)
        elif page != "index.md":
            others.append(page)
    for eval_id in sorted(set(state.sheets) - skipped):
        own = evaluations.get(eval_id, [])
        landing = [p for p in own if p == f"{eval_id}/index.md"]
        if own:
            nav.append({state.parts[eval_id].title: landing + [p for p in own if p not in landing]})
    nav.extend(others)
    for folder, children in folders.items():  # a folder's index page first: the generator makes it the section's page
        index = [p for p in children if posixpath.basename(p) in ("index.md", "README.md")]
        nav.append({TITLE if folder == FOLDER else folder: index + [p for p in children if p not in index]})
    return nav


def project_config(source: dict[str, Any], nav: list[Any], generator: str = "mkdocs") -> dict[str, Any]:
    """The rendered project's configuration: the source's, without hooks, reading ``docs/`` and ``overrides/``
    (the engine's theme files with the project's own ``custom_dir`` on top, see ``theme_files``).

    The generators' own search is off (``enabled: false`` is understood by MkDocs and by
    Zensical): Pagefind indexes the built site instead (``jixiao finish``). Editions (``extra.version``)
    are deployed with mike, which runs MkDocs; Zensical gets no version selector.
    """
    config = {k: v for k, v in source.items() if k not in DROPPED}
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["theme"] = {**(config.get("theme") or {}), "custom_dir": "overrides"}
    plugins = [p for p in config.get("plugins") or [] if (next(iter(p)) if isinstance(p, dict) else p) != "search"]
    config["plugins"] = [*plugins, {"search": {"enabled": False}}]
    dropped = ("jixiao", "version") if generator == "zensical" else ("jixiao",)
    extra = {k: v for k, v in (config.get("extra") or {}).items() if k not in dropped}
    if extra:
        config["extra"] = extra
    else:
        config.pop("extra", None)
    config["nav"] = nav
    return config


def page_text(state: BuildState, src: str) -> str:
    """A rendered page as the generator reads it: its source's front matter, then its bound body."""
    source = state.docs_dir / src
    front = front_matter(source.read_text(encoding="utf-8")) if source.is_file() else ""
    body = state.pages[src].lstrip("\n")
    head = src.split("/", 1)[0]
    if state.in_evaluation(src):
        part = state.parts[head]
        body = body.rstrip("\n") + "\n\n" + search_attributes(part.search, part.title)  # after the H1, which titles the page
    return front + body


def write_docs(state: BuildState, docs: Path) -> set[str]:
    """The rendered docs folder: published pages bound, other files as they are, withheld evaluations left out.

    Returns its top-level folders.
    """
    files = {name: data for name, data in read_tree(state.docs_dir).items() if not name.endswith(".md") and state.publishes(name)}
    files.update({src: page_text(state, src).encode("utf-8") for src in state.pages})
    mirror(files, docs)
    return {name.split("/", 1)[0] for name in files if "/" in name}


def write_project(state: BuildState, out: Path, config: ProjectConfig) -> RenderedProject:
    """Write the rendered project of ``state`` into ``out`` (see the module's docstring)."""
    keys = html_keys(state, config)
    kept = html_cache.kept(state.root, keys)
    nav = navigation(state, kept)
    folders = write_docs(state, out / "docs")
    mirror(theme_files(config), out / "overrides")
    rendered = project_config(config.data, nav, state.options.generator)
    exclude = html_cache.exclusions(folders, kept)
    if exclude:  # the project's own exclusions come last, so that they still apply
        exclude += str(rendered.get("exclude_docs") or "").splitlines()
        rendered["exclude_docs"] = "".join(f"{line}\n" for line in exclude)
    text = yaml.safe_dump(rendered, allow_unicode=True, sort_keys=False)
    note = "# Rendered by `jixiao render` from the project's configuration: do not edit, edit the project.\n"
    write_if_changed(out / "mkdocs.yml", (note + text).encode("utf-8"))
    return RenderedProject(out, out / "docs", out / "mkdocs.yml", nav, exclude, Handover(keys, config.site_url))
