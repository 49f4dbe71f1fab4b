"""Do two revisions publish the same site? Builds each in a fresh clone and compares every published file.

Usage: ``.venv/bin/python bench/same_site.py BASE [HEAD]`` (HEAD defaults to the working tree's
``HEAD``). Each revision is cloned into a temporary folder and built with ``scripts/build`` from an
empty cache, PDFs included; then every file under ``site/`` is compared by its SHA-256 (so
``SHA256SUMS``, the PDFs, the open data and the pages all count). Pagefind's own bookkeeping
(``pagefind-entry.json`` and ``*.pf_meta``) differs between two builds of one revision, so those two
are compared by name only; its fragments and word index are compared byte for byte.
Prints the files that differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: files Pagefind writes differently from run to run, whatever the input
UNSTABLE = ("pagefind/pagefind-entry.json", ".pf_meta")


def build(rev: str, work: Path) -> dict[str, str]:
    """The digest of every file of ``rev``'s site, by path."""
    clone = work / rev.replace("/", "_")
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", rev], check=True)
    subprocess.run(["scripts/build"], cwd=clone, check=True, stdout=subprocess.DEVNULL)
    site = clone / "site"
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        out[name] = "" if name.endswith(UNSTABLE) else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def comparable(files: dict[str, str]) -> dict[str, str]:
    """Pagefind names its meta file by a hash of its content: compare it by kind, not by name."""
    return {("pagefind/*.pf_meta" if name.endswith(".pf_meta") else name): digest for name, digest in files.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("head", nargs="?", default="HEAD")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-same-site-") as tmp:
        before = comparable(build(args.base, Path(tmp)))
        after = comparable(build(args.head, Path(tmp)))
    differ = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    pdfs = [n for n in after if n.endswith(".pdf")]
    print(f"{args.base} → {args.head}: {len(after)} files ({len(pdfs)} PDFs), {len(differ)} differ")
    for name in differ:
        print(f"  {name}: {before.get(name, '（无）')[:12]} → {after.get(name, '（无）')[:12]}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
