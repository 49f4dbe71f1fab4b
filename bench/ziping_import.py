"""Import N filled-in 自评表 forms (``bench/ziping_forms.py``) into a fresh project and build it; print seconds.

    .venv/bin/python bench/ziping_import.py [--count 300] [--keep DIR]

Prints the import time for the N forms (goal: 30 s for 300), then the time of a build of the
project (``jixiao render`` + ``mkdocs build`` + ``jixiao finish``, without PDFs: ``JIXIAO_PDF=0``),
the number of evaluations the catalogue lists and how many are 自评.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).parent))

from ziping_forms import write_forms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="keep the project here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jixiao-ziping-"))
    project = args.keep or work / "project"
    project.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "content", "hooks"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    (project / "scores").mkdir(parents=True, exist_ok=True)
    for name in ("lushui-yingji-2022", "langfang-nuantong-2019"):
        shutil.copytree(ROOT / "scores" / name, project / "scores" / name)
    for extra in (project / "content").iterdir():
        if extra.is_dir() and extra.name not in ("assets", "lushui-yingji-2022", "langfang-nuantong-2019"):
            shutil.rmtree(extra)
    files = write_forms(args.count, work / "forms")
    start = time.perf_counter()
    result = subprocess.run(
        [
            str(BIN / "jixiao"),
            "--root",
            str(project),
            "import",
            "自评表",
            *map(str, files),
            "--public-url",
            "https://example.invalid/ziping",
            "--found",
            "2026-12-04",
        ],
        capture_output=True,
        text=True,
    )
    imported = time.perf_counter() - start
    print(result.stdout.splitlines()[-1] if result.stdout else result.stderr[-2000:])
    print(f"import: {args.count} forms from {len(files)} files in {imported:.1f} s ({imported / args.count * 1000:.0f} ms per form)")
    env = {**os.environ, "JIXIAO_PDF": "0"}
    start = time.perf_counter()
    build = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(work / "site")], cwd=project, capture_output=True, text=True, env=env
    )
    built = time.perf_counter() - start
    if build.returncode:
        print(build.stderr[-3000:])
        raise SystemExit(1)
    index = json.loads((work / "site" / "catalogue.json").read_text(encoding="utf-8"))
    types = index["types"]
    ziping = sum(1 for row in index["rows"] if types[row[2]] == "自评")
    print(f"build (no PDFs): {built:.1f} s; catalogue lists {len(index['rows'])} evaluations, {ziping} 自评")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
