"""What the 统计分析 cost in a build: the tongji/ pages (pandas, charts) and the long table, timed.

Run on a project built once (so every evaluation's part is in ``.cache/build/``), for example a
corpus that ``bench/scale.py --keep DIR`` left behind::

    .venv/bin/python bench/statistics_cost.py DIR/n1000

Prints, in seconds: loading the build from its cache (not the statistics' cost), the pages with
every chart drawn (pandas and matplotlib imported: a cold build's cost), the pages again with
the charts kept (a rebuild whose charts did not move), and the long table's CSV + Parquet and
XLSX. Divide by the build times ``bench/scale.py`` prints for the statistics' share.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


class Kept:
    """A chart store in memory."""

    def __init__(self) -> None:
        self.svgs: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.svgs.get(key)

    def put(self, key: str, svg: str) -> None:
        self.svgs[key] = svg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    args = parser.parse_args()
    from jixiao.build.project import project_build
    from jixiao.build.statistics import records

    start = time.perf_counter()
    build = project_build(args.project, args.project / "mkdocs.yml")
    rows = records(build)
    loaded = time.perf_counter() - start

    from jixiao.outputs import long_table
    from jixiao.presentation import statistics

    store = Kept()
    start = time.perf_counter()
    statistics.pages(rows, long_table.downloads(), store)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    statistics.pages(rows, long_table.downloads(), store)
    warm = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        table = long_table.rows(rows)
        start = time.perf_counter()
        long_table.write_csv(out / "t.csv", table)
        long_table.write_parquet(out / "t.parquet", table)
        fast = time.perf_counter() - start
        start = time.perf_counter()
        long_table.write_xlsx(out / "t.xlsx", table, __import__("datetime").date(2025, 1, 1))
        xlsx = time.perf_counter() - start
    print(f"evaluations: {len(rows)}, long-table rows: {len(table)}")
    print(f"build loaded from cache: {loaded:.2f} s (not counted)")
    print(f"pages, charts drawn: {cold:.2f} s; charts kept: {warm:.2f} s")
    print(f"long table: CSV + Parquet {fast:.2f} s, XLSX {xlsx:.2f} s")


if __name__ == "__main__":
    main()
