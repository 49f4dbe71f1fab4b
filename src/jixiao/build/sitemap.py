"""``sitemap.xml`` (and its gzip copy) for every published page, written by ``finish``.

The generator builds only the evaluations whose HTML the build cache does not hold
(``build.html_cache``), so its own sitemap would miss the others; the engine knows every page.
Without ``site_url`` in the configuration the sitemap lists nothing, as MkDocs' does: a sitemap
takes absolute addresses only.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import escape


def write_sitemap(site_dir: Path, site_url: str | None, urls: list[str]) -> None:
    """Replace ``site_dir/sitemap.xml`` and ``sitemap.xml.gz`` with one entry per page URL (relative to the root)."""
    base = site_url.rstrip("/") + "/" if site_url else None
    entries = "".join(f"  <url><loc>{escape(base + url)}</loc></url>\n" for url in sorted(urls)) if base else ""
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'
    data = text.encode("utf-8")
    (site_dir / "sitemap.xml").write_bytes(data)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
