"""MkDocs glue: hand each event to ``jixiao.site.Build``; no logic, no state across builds.

``on_config`` replaces the one ``Build`` object, so ``mkdocs serve`` rebuilds start clean.
A ``DataError`` becomes a ``PluginError`` whose message lists every finding.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jixiao.errors import DataError
from jixiao.site import Build, edit_base, failure_message
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

_build: Build | None = None
_log = get_plugin_logger("jixiao")


class _ToMkDocs(logging.Handler):
    """Re-logs the engine's and WeasyPrint's messages under MkDocs' logger, so ``--strict`` counts warnings."""

    def emit(self, record: logging.LogRecord) -> None:
        _log.log(record.levelno, record.getMessage())


for _name in ("jixiao", "weasyprint"):  # MkDocs re-imports this file on every config load: replace, never stack
    _source = logging.getLogger(_name)
    for _old in [h for h in _source.handlers if h.get_name() == "jixiao-to-mkdocs"]:
        _source.removeHandler(_old)
    _handler = _ToMkDocs(logging.INFO)
    _handler.set_name("jixiao-to-mkdocs")
    _source.addHandler(_handler)
    _source.setLevel(logging.INFO if _name == "jixiao" else logging.WARNING)
    _source.propagate = False


class JixiaoError(PluginError):
    """Bad data: the message lists every finding with file and line."""


def _current() -> Build:
    if _build is None:  # pragma: no cover - MkDocs always calls on_config first
        raise JixiaoError("jixiao: on_config did not run")
    return _build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = None
    try:
        drafts = bool((config.extra.get("jixiao") or {}).get("drafts"))
        root = Path(config.config_file_path).parent
        docs = Path(config.docs_dir)
        editing = edit_base(config.repo_url, config.edit_uri, docs.relative_to(root).as_posix() if docs.is_relative_to(root) else "")
        _build = Build.start(root, docs, config.use_directory_urls, drafts, editing)
    except DataError as exc:
        raise JixiaoError(failure_message(exc)) from None
    for finding in _build.warnings:
        _log.warning(str(finding))
    for finding in _build.notes:
        _log.info(str(finding))
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = _current()
    generated = build.generated()  # the catalogue pages and index: they replace a file of the same path
    kept = [f for f in files if build.publishes(f.src_uri) and f.src_uri not in generated]
    return Files(kept + [File.generated(config, src, content=text) for src, text in generated.items()])


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    for section in (item for item in nav.items if isinstance(item, Section)):
        first = next((c for c in section.children if isinstance(c, Page)), None)
        title = _current().section_title(first.file.src_uri.split("/", 1)[0]) if first else None
        section.title = title or section.title
    return nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return _current().page(page.file.src_uri, markdown)
    except DataError as exc:
        raise JixiaoError(failure_message(exc)) from None


def on_post_build(*, config: MkDocsConfig) -> None:
    try:
        _current().publish(Path(config.site_dir))
    except DataError as exc:
        raise JixiaoError(failure_message(exc)) from None
