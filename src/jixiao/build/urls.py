"""Where a page is served and where its relative links start from, by the build's options.

A page's source path (``a/b.md``, relative to the docs folder) is all a build knows of it; the
generator decides its URL (``a/b/`` with directory URLs, ``a/b.html`` without), and the two
generators resolve a relative link in raw HTML from different places (see ``Options.generator``).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from jixiao.config import Options


def url_dir(src: str, options: Options) -> str:
    """The folder a page's URL is in, which relative links in its raw HTML start from."""
    stem, name = posixpath.splitext(src)[0], posixpath.basename(src)
    if options.directory_urls and name not in ("index.md", "README.md"):
        return stem
    return posixpath.dirname(src)


def url(src: str, options: Options) -> str:
    """The URL of a page relative to the site's root: ``a/b.md`` → ``a/b/``, or ``a/b.html`` without directory URLs."""
    if options.directory_urls:
        folder = url_dir(src, options)
        return f"{folder}/" if folder else ""
    stem = posixpath.splitext(src)[0]
    return (stem[: -len("README")] + "index" if posixpath.basename(stem) == "README" else stem) + ".html"


def link_dir(src: str, options: Options) -> str:
    """The folder the generator resolves a relative link in a page's raw HTML from (see ``Options.generator``)."""
    return posixpath.dirname(src) if options.generator == "zensical" else url_dir(src, options)


def display(root: Path, docs_dir: Path, src: str) -> str:
    """A page's path as findings name it: relative to the project root (``content/<id>/01-zhaiyao.md``)."""
    try:
        return (docs_dir / src).relative_to(root).as_posix()
    except ValueError:
        return (docs_dir / src).as_posix()
