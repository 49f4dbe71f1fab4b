"""The PDF's settings, read from the project's ``mkdocs.yml`` without MkDocs.

The CLI renders PDFs without MkDocs, so the few settings the PDF needs (the docs
folder, the Markdown extensions, the PDF variant) are read from the same file the
site uses; ``extra: {jixiao: {pdf_variant: pdf/ua-1}}`` switches to the tagged variant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jixiao.errors import DataError, Finding

#: PDF/A-3b: archival, and the only PDF/A part that may carry the data files inside.
DEFAULT_VARIANT = "pdf/a-3b"
#: The variants we support: archival with attachments, or tagged for screen readers.
VARIANTS = ("pdf/a-3b", "pdf/a-3u", "pdf/ua-1")


class _Loader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' ``!!python/name:`` and ``!ENV`` tags as plain values."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class PdfSettings:
    """What the PDF needs from ``mkdocs.yml``."""

    docs_dir: str = "docs"
    extensions: list[Any] = field(default_factory=list)
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    variant: str = DEFAULT_VARIANT
    #: the site's page options, so that ``jixiao pdf`` renders the pages (and so the PDF) as the build does
    directory_urls: bool = True
    repo_url: str | None = None
    edit_uri: str | None = None

    @classmethod
    def read(cls, root: Path, variant: str | None = None) -> PdfSettings:
        """Settings of the project at ``root``; ``variant`` overrides ``mkdocs.yml``."""
        config_file = root / "mkdocs.yml"
        config: dict[str, Any] = {}
        if config_file.is_file():
            config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
        names: list[str] = []
        configs: dict[str, dict[str, Any]] = {}
        for item in config.get("markdown_extensions") or []:
            if isinstance(item, dict):
                for name, options in item.items():
                    names.append(name)
                    configs[name] = dict(options or {})
            else:
                names.append(str(item))
        extra = ((config.get("extra") or {}).get("jixiao") or {}) if isinstance(config.get("extra"), dict) else {}
        chosen = (variant or extra.get("pdf_variant") or DEFAULT_VARIANT).lower()
        if chosen not in VARIANTS:
            raise DataError(
                [
                    Finding(
                        "mkdocs.yml",
                        None,
                        "extra.jixiao.pdf_variant",
                        f"不支持的 PDF 类型 '{chosen}'",
                        "可用：" + "、".join(VARIANTS),
                    )
                ]
            )
        return cls(
            str(config.get("docs_dir") or "docs"),
            names,
            configs,
            chosen,
            bool(config.get("use_directory_urls", True)),
            config.get("repo_url"),
            config.get("edit_uri"),
        )


#: Families the print stylesheet names; any other font in a PDF means a glyph fell back.
FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")


class FetchRefused(ValueError):
    """A resource outside the project, or not a local file."""
