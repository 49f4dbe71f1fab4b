"""``jixiao new <id> --template …``: a new evaluation that builds at once.

Starting from an empty folder, a writer meets the validator's forty findings before
writing a line; starting from a scaffold, the build succeeds immediately and every
gap is visibly marked 待填写. Scaffolds carry no publication consent: a new
evaluation is a draft until its 委托方 and 同级财政部门 agree (财监〔2021〕4号).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

from jixiao.data.model import year_range
from jixiao.errors import DataError, Finding

SCAFFOLDS = Path(__file__).parent / "scaffolds"
#: template name (as users say it) → scaffold folder
TEMPLATES = {"部门整体支出": "bumen", "项目支出": "xiangmu", "自评表": "ziping"}
TITLES = {
    "部门整体支出": "{year}年部门整体支出绩效评价报告",
    "项目支出": "{year}年项目支出绩效评价报告",
    "自评表": "{year}年项目支出绩效自评表",
}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def default_year(eval_id: str) -> int:
    """The evaluated year: the id's trailing year (``demo-2024``), else last year."""
    m = re.search(r"(19|20)\d\d$", eval_id)
    return int(m.group(0)) if m else dt.date.today().year - 1


def covered_years(eval_id: str, year: str | None, years: str | None) -> list[int]:
    """The years a new evaluation covers: ``--year 2024``, ``--years 2021-2024`` (or a range given to
    ``--year``), else the id's trailing year; a problem is a finding, never a traceback."""

    def problem(message: str) -> DataError:
        return DataError([Finding("jixiao new", None, "", message, "一年写 --year 2024；多年写 --years 2021-2024")])

    if year is not None and years is not None:
        raise problem("--year 与 --years 只写一个")
    given = years if years is not None else year
    if given is None:
        return [default_year(eval_id)]
    if re.fullmatch(r"\s*\d{4}\s*", given):
        return [int(given)]
    span = year_range(given)
    if span is None:
        raise problem(f"“{given}”不是年度或年度区间")
    return span


def new_evaluation(root: Path, eval_id: str, template: str, year: str | None = None, years: str | None = None) -> list[Path]:
    """Create ``scores/<id>/`` and ``content/<id>/`` from a scaffold; return the files written.

    ``year`` is one year (``2024``); ``years`` a range (``2021-2024``), written as ``years:`` so the
    evaluation is a multi-year one from the start (its titles read 2021—2024年).
    """
    if template not in TEMPLATES:
        raise DataError([Finding("jixiao new", None, "", f"没有模板“{template}”", "可用：" + "、".join(TEMPLATES))])
    if not ID_PATTERN.match(eval_id):
        raise DataError(
            [Finding("jixiao new", None, "", f"评价 id “{eval_id}”不能用作文件夹名和网址", "只用小写字母、数字和连字符，如 shuili-2024")]
        )
    covered = covered_years(eval_id, year, years)
    targets = {"scores": root / "scores" / eval_id, "content": root / "content" / eval_id}
    existing = [p for p in targets.values() if p.exists()]
    if existing:
        raise DataError(
            [Finding(p.relative_to(root).as_posix(), None, "", "已存在，不覆盖", "换一个 id，或先删除该文件夹") for p in existing]
        )
    label = f"{covered[0]}—{covered[-1]}" if len(covered) > 1 else str(covered[0])
    values = {
        "id": eval_id,
        "years": f"years: {covered[0]}-{covered[-1]}" if len(covered) > 1 else f"year: {covered[0]}",
        "next": str(covered[-1] + 1),
        "title": "（待填写：被评价单位）" + TITLES[template].format(year=label),
    }
    written = []
    for part, target in targets.items():
        source = SCAFFOLDS / TEMPLATES[template] / part
        for src in sorted(p for p in source.rglob("*") if p.is_file()):
            dest = target / src.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(Template(src.read_text(encoding="utf-8")).safe_substitute(values), encoding="utf-8")
            written.append(dest)
    return written
