"""``site/SHA256SUMS``: a reader checks a downloaded PDF or data file with ``sha256sum -c``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jixiao.files import write_atomic


def write_checksums(site_dir: Path) -> Path:
    """``site/SHA256SUMS`` (``sha256sum -c`` format) over every PDF and data download."""
    files = sorted({*site_dir.glob("*/*.pdf"), *(p for p in site_dir.glob("*/data/**/*") if p.is_file())})
    lines = []
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(site_dir).as_posix()}\n")
    target = site_dir / "SHA256SUMS"
    write_atomic(target, "".join(lines).encode("utf-8"))
    return target
