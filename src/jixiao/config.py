"""The project's configuration (``mkdocs.yml``), read once, and the options a build takes from it.

The CLI, the MkDocs hooks and the PDF all read the same file through ``ProjectConfig``, so a page
rendered by ``mkdocs build``, by ``jixiao render`` and by ``jixiao pdf`` is rendered with the same
``Options`` — which is what makes their cache keys (and so their cached pages and PDFs) the same.
The reader understands what MkDocs does with a configuration file: ``INHERIT`` (a parent file the
child is merged onto, as ``mkdocs-drafts.yml`` inherits ``mkdocs.yml``), ``!ENV`` (a value from the
environment, with a default) and ``!!python/name:`` tags (kept as their text; only MkDocs imports them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jixiao.errors import DataError, Finding

#: the configuration file a project root holds
CONFIG_FILE = "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """The YAML MkDocs reads: safe, with ``!ENV`` resolved and other tags (``!!python/name:…``) kept as text."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the last item."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
        names, default = items[:-1] or items, items[-1] if len(items) > 1 else None
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return yaml.safe_load(value) if value else value
    return default


def _as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return f"!{suffix}" if not isinstance(node, yaml.ScalarNode) else f"{node.tag} {node.value}".strip()


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", _as_text)


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``, mappings merged key by key (as MkDocs merges ``INHERIT``)."""
    out = dict(base)
    for key, value in over.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def read_data(config_file: Path) -> dict[str, Any]:
    """A configuration file as data, its ``INHERIT`` chain merged in; unreadable YAML is a finding."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DataError([Finding(config_file.name, None, "配置", f"无法读取配置：{exc}", "检查 YAML 语法")]) from None
    if not isinstance(data, dict):
        raise DataError([Finding(config_file.name, 1, "配置", "配置应是键值映射", "按 MkDocs 的格式书写 mkdocs.yml")])
    parent = data.pop("INHERIT", None)
    return merged(read_data(config_file.parent / str(parent)), data) if parent else data


def pdfs_enabled() -> bool:
    """``JIXIAO_PDF=0`` builds the site without PDFs (previews, benchmarks); any other value, or none, with them."""
    return os.environ.get("JIXIAO_PDF", "1").strip() != "0"


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


@dataclass(frozen=True)
class ProjectConfig:
    """One project's configuration file, read once."""

    root: Path
    file: Path
    data: dict[str, Any]

    @classmethod
    def read(cls, config_file: Path) -> ProjectConfig:
        """The configuration in ``config_file`` (its folder is the project root)."""
        config_file = config_file.resolve()
        return cls(config_file.parent, config_file, read_data(config_file))

    @classmethod
    def of(cls, root: Path, config_file: Path | None = None) -> ProjectConfig:
        """The project at ``root``: ``config_file`` (relative to ``root``), by default its ``mkdocs.yml``.

        A project without a configuration file is read as MkDocs would start one: every setting its default.
        """
        path = config_file if config_file is not None and config_file.is_absolute() else root / (config_file or CONFIG_FILE)
        if config_file is None and not path.is_file():
            return cls(root.resolve(), path.resolve(), {})
        return cls(root.resolve(), path.resolve(), read_data(path))

    @property
    def docs_name(self) -> str:
        """``docs_dir`` as written (MkDocs' default ``docs``)."""
        return str(self.data.get("docs_dir") or "docs")

    @property
    def docs_dir(self) -> Path:
        return self.root / self.docs_name

    @property
    def strict(self) -> bool:
        return bool(self.data.get("strict"))

    @property
    def site_url(self) -> str | None:
        return self.data.get("site_url")

    @property
    def jixiao(self) -> dict[str, Any]:
        """``extra.jixiao``: the engine's own settings (``drafts``, ``pdf_variant``)."""
        extra = self.data.get("extra")
        own = extra.get("jixiao") if isinstance(extra, dict) else None
        return own if isinstance(own, dict) else {}

    @property
    def markdown_extensions(self) -> tuple[list[str], dict[str, dict[str, Any]]]:
        """The Markdown extensions (names in order) and their settings, as the generators get them."""
        names: list[str] = []
        configs: dict[str, dict[str, Any]] = {}
        for item in self.data.get("markdown_extensions") or []:
            if isinstance(item, dict):
                for name, settings in item.items():
                    names.append(str(name))
                    configs[str(name)] = dict(settings or {})
            else:
                names.append(str(item))
        return names, configs

    def options(self, generator: str = "mkdocs", pdf: bool | None = None) -> Options:
        """The options a build of this configuration renders its pages with (``pdf``: default ``JIXIAO_PDF``)."""
        editing = edit_base(self.data.get("repo_url"), self.data.get("edit_uri", ""), self.docs_name)
        return Options(
            bool(self.data.get("use_directory_urls", True)),
            bool(self.jixiao.get("drafts")),
            editing,
            pdfs_enabled() if pdf is None else pdf,
            generator,
        )
