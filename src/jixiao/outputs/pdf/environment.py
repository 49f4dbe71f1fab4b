"""What a PDF's bytes depend on besides its own inputs: the machine that renders it.

The same HTML gives a different PDF (or a warning that fails ``--strict``) when the machine
changes under it: WeasyPrint subsets fonts with HarfBuzz-Subset when it finds the library and
falls back to fontTools (with a warning, twenty seconds slower) when it does not; Pango lays out
lines by its own version; fontconfig may pick another font file. A cache keyed by the inputs
alone would replay the outcome of another machine — so every cache key of a PDF includes
:func:`rendering_digest`: what WeasyPrint itself detected, the files of the system libraries it
loaded (path, size, modification time: a package upgrade changes them) and the font files.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from functools import cache
from pathlib import Path

from jixiao.outputs.pdf.settings import FONTS

STYLES = ("Regular", "Bold")

#: the system libraries WeasyPrint loads (directly or through Pango), by file-name prefix
LIBRARIES = re.compile(
    r"/lib(pango|pangoft2|harfbuzz|fontconfig|freetype|fribidi|gobject|glib|graphite2|thai|datrie|png16|brotli)[-.][^/]*$"
)


@cache
def font_files() -> list[Path]:
    """The font files fontconfig picks for the families the print CSS names.

    Every build asks (a newly installed font can change the pick), so the ``fc-match`` calls
    run side by side.
    """
    queries = [f"{family}:style={style}" for family in FONTS for style in STYLES]
    running = []
    for query in queries:
        try:
            running.append(
                subprocess.Popen(["fc-match", "--format=%{file}", query], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            )
        except OSError:
            continue
    files: set[Path] = set()
    for proc in running:
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.SubprocessError:
            proc.kill()
            proc.communicate()
            continue
        if proc.returncode == 0 and out.strip():
            files.add(Path(out.strip()))
    return sorted(files)


@cache
def capabilities() -> dict[str, object]:
    """What WeasyPrint detected when it loaded its libraries (imports its FFI layer, not all of it)."""
    from weasyprint.text import ffi  # loads Pango, HarfBuzz and fontconfig, as a render would

    return {
        "harfbuzz_subset": ffi.harfbuzz_subset is not None,
        "harfbuzz_vector": ffi.harfbuzz_vector is not None,
        "harfbuzz_4_1": bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0)),
        "pango": int(ffi.pango.pango_version()),
    }


def loaded_libraries() -> list[str]:
    """The library files this process has mapped that WeasyPrint renders with, as ``path size mtime``.

    Read from ``/proc/self/maps`` after :func:`capabilities` loaded them; where there is no
    ``/proc`` (not Linux) the list is empty and the capabilities and fonts alone key the cache.
    """
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = set()
    for line in maps.splitlines():
        path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
        if LIBRARIES.search(path):
            found.add(path)
    described = []
    for path in sorted(found):
        try:
            st = Path(path).stat()
        except OSError:
            continue
        described.append(f"{path} {st.st_size} {st.st_mtime_ns}")
    return described


@cache
def fonts_digest() -> str:
    """The font files fontconfig picks for the PDF (path, size, modification time)."""
    h = hashlib.sha256()
    for path in font_files():
        st = path.stat()
        h.update(f"font {path} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()


@cache
def rendering_digest() -> str:
    """One hash of WeasyPrint's capabilities, its loaded system libraries and the fonts."""
    h = hashlib.sha256(fonts_digest().encode())
    for name, value in sorted(capabilities().items()):
        h.update(f"cap {name} {value}\n".encode())
    for library in loaded_libraries():
        h.update(f"lib {library}\n".encode())
    return h.hexdigest()


def describe() -> list[str]:
    """The rendering environment in words, for ``jixiao cache info``."""
    caps = capabilities()
    pango = int(caps["pango"])
    lines = [
        f"HarfBuzz-Subset：{'有' if caps['harfbuzz_subset'] else '无（WeasyPrint 改用 fontTools，会警告）'}",
        f"Pango：{pango // 10000}.{pango // 100 % 100}.{pango % 100}",
    ]
    lines += [f"字体：{path}" for path in font_files()]
    lines += [f"库：{entry.split(' ')[0]}" for entry in loaded_libraries()]
    lines.append(f"环境摘要：{rendering_digest()[:16]}")
    return lines
