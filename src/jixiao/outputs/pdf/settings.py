"""What the PDF takes from the project's configuration: the Markdown extensions and the PDF variant.

The PDF converts the same Markdown the site does, so it uses the extensions ``mkdocs.yml``
names (``jixiao.presentation.cjk`` among them); ``extra: {jixiao: {pdf_variant: pdf/ua-1}}``
switches to the tagged variant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jixiao.config import ProjectConfig
from jixiao.errors import DataError, Finding

#: PDF/A-3b: archival, and the only PDF/A part that may carry the data files inside.
DEFAULT_VARIANT = "pdf/a-3b"
#: The variants we support: archival with attachments, or tagged for screen readers.
VARIANTS = ("pdf/a-3b", "pdf/a-3u", "pdf/ua-1")


@dataclass(frozen=True)
class PdfSettings:
    """What the PDF needs from ``mkdocs.yml``."""

    extensions: list[str] = field(default_factory=list)
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    variant: str = DEFAULT_VARIANT

    @classmethod
    def of(cls, config: ProjectConfig, variant: str | None = None) -> PdfSettings:
        """The settings ``config`` gives; ``variant`` (``jixiao pdf --variant``) overrides its ``pdf_variant``."""
        chosen = str(variant or config.jixiao.get("pdf_variant") or DEFAULT_VARIANT).lower()
        if chosen not in VARIANTS:
            raise DataError(
                [
                    Finding(
                        config.file.name, None, "extra.jixiao.pdf_variant", f"不支持的 PDF 类型 '{chosen}'", "可用：" + "、".join(VARIANTS)
                    )
                ]
            )
        names, configs = config.markdown_extensions
        return cls(names, configs, chosen)


#: Families the print stylesheet names; any other font in a PDF means a glyph fell back.
FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")


class FetchRefused(ValueError):
    """A resource outside the project, or not a local file."""
