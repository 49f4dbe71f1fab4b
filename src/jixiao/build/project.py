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

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jixiao.build import html_cache
from jixiao.build.catalogue import FOLDER, TITLE, continuation
from jixiao.build.search import search_attributes
from jixiao.build.site import FRONT_MATTER, Build, Options, edit_base, pdfs_enabled
from jixiao.errors import DataError, Finding, writing

#: configuration keys of the source project that the rendered one must not carry
DROPPED = ("hooks", "watch", "INHERIT")


@dataclass(frozen=True)
class Handover:
    """What ``finish`` needs of the rendered project: each evaluation's HTML key, and the site's URL."""

    html_keys: dict[str, str]
    site_url: str | None


@dataclass(frozen=True)
class Rendered:
    """Where a rendered project is, the navigation its configuration lists and what it leaves out."""

    root: Path
    docs_dir: Path
    config_file: Path
    nav: list[Any]
    #: ``exclude_docs`` lines: the evaluations whose HTML the build cache holds (``jixiao.htmlcache``)
    exclude: list[str]
    handover: Handover


def handover(build: Build, config_file: Path) -> Handover:
    """The keys ``write_project`` used (``jixiao finish`` computes them again from the same configuration)."""
    source = read_config(config_file)
    return Handover(html_keys(build, source, config_file), source.get("site_url"))


def html_keys(build: Build, source: dict[str, Any], config_file: Path) -> dict[str, str]:
    return html_cache.keys(build, project_config(source, [], build.options.generator), theme_files(source, config_file))


#: the engine's theme files: the sidebar, footer and page metadata that keep every page inside its own
#: evaluation (so no page grows with the number of evaluations, and each evaluation's HTML can be kept),
#: the search index's body, the banner of an older edition
THEME = Path(__file__).parent.parent / "theme"


def theme_files(source: dict[str, Any], config_file: Path) -> dict[str, bytes]:
    """The rendered project's ``overrides/``: the engine's theme files, then the project's ``custom_dir`` (which wins)."""
    custom = (source.get("theme") or {}).get("custom_dir")
    return tree(THEME) | (tree(config_file.parent / custom) if custom else {})


def read_config(config_file: Path) -> dict[str, Any]:
    """A generator configuration as YAML data, with ``INHERIT`` (as in ``mkdocs-drafts.yml``) merged in."""
    try:
        data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DataError([Finding(config_file.name, None, "配置", f"无法读取配置：{exc}", "检查 YAML 语法")]) from None
    parent = data.get("INHERIT")
    return merged(read_config(config_file.parent / parent), data) if parent else data


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``, mappings merged key by key (as MkDocs merges ``INHERIT``)."""
    out = dict(base)
    for key, value in over.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def navigation(build: Build, leave_out: Iterable[str] = ()) -> list[Any]:
    """The site's navigation: the home page, each published evaluation under its title, then the other pages.

    The evaluations in ``leave_out`` (whose HTML the cache holds) are not listed: no page shows
    another evaluation's entries, so the list only tells the generator what to build.
    """
    skipped = set(leave_out)
    pages = sorted(p for p in build.pages if p.endswith(".md"))  # not the catalogue's index file
    nav: list[Any] = [p for p in pages if p == "index.md"]
    evaluations: dict[str, list[str]] = {}
    folders: dict[str, list[str]] = {}
    others = []
    for page in pages:
        if build.in_evaluation(page):
            evaluations.setdefault(page.split("/", 1)[0], []).append(page)
        elif "/" in page:
            if not continuation(page):
                folders.setdefault(page.split("/", 1)[0], []).append(page)
        elif page != "index.md":
            others.append(page)
    for eval_id in sorted(set(build.sheets) - skipped):
        own = evaluations.get(eval_id, [])
        landing = [p for p in own if p == f"{eval_id}/index.md"]
        if own:
            nav.append({build.parts[eval_id].title: landing + [p for p in own if p not in landing]})
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


def page_text(build: Build, src: str) -> str:
    """A rendered page as the generator reads it: its source's front matter, then its bound body."""
    source = build.docs_dir / src
    front = ""
    if source.is_file():
        match = FRONT_MATTER.match(source.read_text(encoding="utf-8"))
        front = match.group(0) if match else ""
    body = build.pages[src].lstrip("\n")
    head = src.split("/", 1)[0]
    if build.in_evaluation(src):
        part = build.parts[head]
        body = body.rstrip("\n") + "\n\n" + search_attributes(part.search, part.title)  # after the H1, which titles the page
    return front + body


def write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    tmp = path.with_name(f".{path.name}.tmp")
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(path)


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


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (following links, as the generators do), by relative path."""
    out = {}
    for top, _, names in os.walk(folder, followlinks=True):
        for name in names:
            path = Path(top) / name
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


def write_docs(build: Build, docs: Path) -> set[str]:
    """The rendered docs folder: published pages bound, other files as they are, withheld evaluations left out.

    Returns its top-level folders.
    """
    files = {name: data for name, data in tree(build.docs_dir).items() if not name.endswith(".md") and build.publishes(name)}
    files.update({src: page_text(build, src).encode("utf-8") for src in build.pages})
    mirror(files, docs)
    return {name.split("/", 1)[0] for name in files if "/" in name}


def write_project(build: Build, out: Path, config_file: Path) -> Rendered:
    """Write the rendered project of ``build`` into ``out`` (see the module's docstring)."""
    source = read_config(config_file)
    keys = html_keys(build, source, config_file)
    kept = html_cache.kept(build.root, keys)
    nav = navigation(build, kept)
    folders = write_docs(build, out / "docs")
    mirror(theme_files(source, config_file), out / "overrides")
    config = project_config(source, nav, build.options.generator)
    exclude = html_cache.exclusions(folders, kept)
    if exclude:  # the project's own exclusions come last, so that they still apply
        exclude += str(config.get("exclude_docs") or "").splitlines()
        config["exclude_docs"] = "".join(f"{line}\n" for line in exclude)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    note = "# Rendered by `jixiao render` from the project's configuration: do not edit, edit the project.\n"
    write_if_changed(out / "mkdocs.yml", (note + text).encode("utf-8"))
    return Rendered(out, out / "docs", out / "mkdocs.yml", nav, exclude, Handover(keys, source.get("site_url")))


def project_build(root: Path, config_file: Path, generator: str = "mkdocs") -> Build:
    """``Build.start`` with the options a configuration sets (``jixiao render`` and ``jixiao finish``).

    Both commands read the same configuration (and are told the same generator), so ``finish``
    finds the build ``render`` stored.
    """
    config = read_config(config_file)
    docs = root / str(config.get("docs_dir", "docs"))
    drafts = bool(((config.get("extra") or {}).get("jixiao") or {}).get("drafts"))
    editing = edit_base(config.get("repo_url"), config.get("edit_uri", ""), str(config.get("docs_dir", "docs")))
    options = Options(bool(config.get("use_directory_urls", True)), drafts, editing, pdfs_enabled(), generator)
    return Build.start(root, docs, options)
