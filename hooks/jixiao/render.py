"""``jixiao render``: a build's pages written out as a plain project that any generator can build.

The rendered project has every binding resolved, so a generator that runs no hooks and no
third-party plugins (Zensical, or MkDocs without ours) publishes the same pages::

    <out>/mkdocs.yml    the project's configuration without hooks, with the navigation written out
    <out>/docs/         every published page (front matter kept, figures and tables bound), the
                        site-wide pages (catalogue, corrections, search) and every other file
                        of the docs folder (assets, images) as it is
    <out>/overrides/    the theme overrides

The pages keep their paths under the docs folder, so a page's edit link (``repo_url`` +
``edit_uri`` + its path) still opens its source in ``content/``, not this copy. A file is
rewritten only when its text changed and files no longer produced are removed, so a generator
watching the folder (``mkdocs serve``) sees just the pages that changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .catalogue import FOLDER, TITLE
from .errors import DataError, Finding
from .search import search_attributes
from .site import FRONT_MATTER, Build, Options, edit_base, pdfs_enabled

#: configuration keys of the source project that the rendered one must not carry
DROPPED = ("hooks", "watch", "INHERIT")


@dataclass(frozen=True)
class Rendered:
    """Where a rendered project is, and the navigation its configuration lists."""

    root: Path
    docs_dir: Path
    config_file: Path
    nav: list[Any]


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


def navigation(build: Build) -> list[Any]:
    """The site's navigation: the home page, each published evaluation under its title, then the other pages."""
    pages = sorted(p for p in build.pages if p.endswith(".md"))  # not the catalogue's index file
    nav: list[Any] = [p for p in pages if p == "index.md"]
    for eval_id in sorted(build.sheets):
        own = [p for p in pages if p.startswith(f"{eval_id}/")]
        landing = [p for p in own if p == f"{eval_id}/index.md"]
        if own:
            nav.append({build.parts[eval_id].title: landing + [p for p in own if p not in landing]})
    folders: dict[str, list[str]] = {}
    for page in pages:
        if page != "index.md" and not build.in_evaluation(page):
            if "/" in page:
                folders.setdefault(page.split("/", 1)[0], []).append(page)
            else:
                nav.append(page)
    nav.extend({TITLE if folder == FOLDER else folder: children} for folder, children in folders.items())
    return nav


def project_config(source: dict[str, Any], nav: list[Any], generator: str = "mkdocs") -> dict[str, Any]:
    """The rendered project's configuration: the source's, without hooks, reading ``docs/`` and ``overrides/``.

    The generators' own search is off (``enabled: false`` is understood by MkDocs and by
    Zensical): Pagefind indexes the built site instead (``jixiao finish``). Editions (``extra.version``)
    are deployed with mike, which runs MkDocs; Zensical gets no version selector.
    """
    config = {k: v for k, v in source.items() if k not in DROPPED}
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = "overrides"
    config["theme"] = theme
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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
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


def write_docs(build: Build, docs: Path) -> None:
    """The rendered docs folder: published pages bound, other files as they are, withheld evaluations left out."""
    files = {name: data for name, data in tree(build.docs_dir).items() if not name.endswith(".md") and build.publishes(name)}
    files.update({src: page_text(build, src).encode("utf-8") for src in build.pages})
    mirror(files, docs)


def write_project(build: Build, out: Path, config_file: Path) -> Rendered:
    """Write the rendered project of ``build`` into ``out`` (see the module's docstring)."""
    source = read_config(config_file)
    nav = navigation(build)
    write_docs(build, out / "docs")
    custom = (source.get("theme") or {}).get("custom_dir")
    if custom:
        mirror(tree(config_file.parent / custom), out / "overrides")
    config = yaml.safe_dump(project_config(source, nav, build.options.generator), allow_unicode=True, sort_keys=False)
    note = "# Rendered by `jixiao render` from the project's configuration: do not edit, edit the project.\n"
    write_if_changed(out / "mkdocs.yml", (note + config).encode("utf-8"))
    return Rendered(out, out / "docs", out / "mkdocs.yml", nav)


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
