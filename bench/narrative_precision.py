"""Precision and recall of ``jixiao check --narrative`` on a fixture of typed claims.

The fixture (``tests/data/integrity/narrative-claims.md`` by default) holds one claim a line, each
ending in a template comment the checks cannot see: ``{# 对 #}`` for a claim that agrees with the
data (or rule text that is no claim at all), ``{# 错 #}`` for one that does not. A line is *found*
when the check reports anything on it (error or warning).

* precision = wrong lines found / lines found (a finding on a 对 line or an unmarked line is a false alarm)
* recall = wrong lines found / wrong lines

Usage: ``.venv/bin/python bench/narrative_precision.py [--root .] [--evaluation lushui-yingji-2022] [FILE]``;
prints both figures and every miss and false alarm; exits 1 if there is a false alarm. The second
indicator tree: ``--root tests/data/xiangmu --evaluation shuili-2023 tests/data/integrity/narrative-claims-shuili.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from jixiao.integrity.checks import check_narrative_file
from jixiao.scoring.from_folder import sheet

FIXTURE = Path("tests/data/integrity/narrative-claims.md")
_MARK = re.compile(r"\{#\s*(对|错)[^#]*#\}")


@dataclass(frozen=True)
class Result:
    right: set[int]
    wrong: set[int]
    found: set[int]

    @property
    def precision(self) -> float:
        return len(self.found & self.wrong) / len(self.found) if self.found else 1.0

    @property
    def recall(self) -> float:
        return len(self.found & self.wrong) / len(self.wrong) if self.wrong else 1.0


def measure(root: Path, eval_id: str, fixture: Path) -> Result:
    """Run the narrative check on ``fixture`` (every finding is about that file) and score its findings against the marks."""
    marks: dict[str, set[int]] = {"对": set(), "错": set()}
    for number, line in enumerate(fixture.read_text(encoding="utf-8").split("\n"), 1):
        if m := _MARK.search(line):
            marks[m.group(1)].add(number)
    findings = check_narrative_file(sheet(root, eval_id), fixture, root)
    found = {f.line for f in findings if f.line is not None}
    return Result(marks["对"], marks["错"], found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("fixture", nargs="?", type=Path, default=FIXTURE)
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--evaluation", default="lushui-yingji-2022")
    args = parser.parse_args()
    result = measure(args.root, args.evaluation, args.fixture)
    hits = len(result.found & result.wrong)
    print(f"claims: {len(result.right) + len(result.wrong)} ({len(result.wrong)} wrong, {len(result.right)} right)")
    print(f"precision: {result.precision:.2f} ({hits}/{len(result.found)})")
    print(f"recall: {result.recall:.2f} ({hits}/{len(result.wrong)})")
    for line in sorted(result.wrong - result.found):
        print(f"missed: {args.fixture}:{line}")
    for line in sorted(result.found - result.wrong):
        print(f"false alarm: {args.fixture}:{line}")
    return 1 if result.found - result.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
