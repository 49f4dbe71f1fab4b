"""MkDocs glue: the two steps of every build (``jixiao render``, ``jixiao finish``) on MkDocs' events.

``on_config`` reads the project's configuration as the CLI does (``jixiao.config``), starts a
new build (so ``mkdocs serve`` rebuilds start clean), writes the rendered project into
``.cache/render/<config>/`` and points MkDocs at its docs folder and navigation: MkDocs then
builds exactly what ``jixiao render`` hands any generator. ``on_post_build`` finishes the built
site as ``jixiao finish`` does. A ``DataError`` becomes a ``PluginError`` whose message lists
every finding.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from pathspec.gitignore import GitIgnoreSpec

from jixiao.build.finish import finish
from jixiao.build.project import Handover, write_project
from jixiao.build.start import failure_message, start_project
from jixiao.build.state import BuildState
from jixiao.config import ProjectConfig
from jixiao.errors import DataError

#: this build and what its finish needs (all made anew by every on_config)
_build: tuple[BuildState, Handover, ProjectConfig] | None = None
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


def _current() -> tuple[BuildState, Handover, ProjectConfig]:
    if _build is None:  # pragma: no cover - MkDocs always calls on_config first
        raise JixiaoError("jixiao: on_config did not run")
    return _build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = None
    try:
        project = ProjectConfig.read(Path(config.config_file_path))
        build = start_project(project)
        rendered = write_project(build, project.root / ".cache" / "render" / project.file.stem, project)
    except DataError as exc:
        raise JixiaoError(failure_message(exc)) from None
    for finding in build.warnings:
        _log.warning(str(finding))
    for finding in build.notes:
        _log.info(str(finding))
    config.docs_dir = str(rendered.docs_dir)
    config.nav = rendered.nav
    custom = config.theme.custom_dir  # the rendered overrides hold the engine's theme files and the project's
    config.theme.dirs = [str(rendered.root / "overrides"), *(d for d in config.theme.dirs if d != custom)]
    if rendered.exclude:  # evaluations whose HTML the build cache holds: finish copies them into the site
        config.exclude_docs = GitIgnoreSpec.from_lines(rendered.exclude)
    _build = (build, rendered.handover, project)
    return config


def on_post_build(*, config: MkDocsConfig) -> None:
    build, handover, project = _current()
    try:
        finish(build, Path(config.site_dir), handover, project)
    except DataError as exc:
        raise JixiaoError(failure_message(exc)) from None
