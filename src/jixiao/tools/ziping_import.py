"""``jixiao import 自评表 FILE...`` (also ``jixiao import ziping``): the forms units fill in, as evaluations.

Each form (one per sheet of an ``.xlsx``, one per ``.docx``) is read by its headings
(``form_reader``), turned into ``scores/<id>/evaluation.yaml`` with its ``form:`` and indicator tree,
``source.md`` naming the file, and ``content/<id>/index.md`` (the form's page). Every form is then
loaded and scored exactly as a build would, in a scratch folder, before anything is written: the
printed total is compared with the recomputed one, and a form whose data would not build writes
nothing.

How a row is scored: a 得分系数 column → ``coefficient`` (得分系数 × 指标权重); a numeric
年度指标值 and 实际完成值 → ``completion`` (实际完成值 / 年度指标值 × 分值, 反向 for ≤); anything else
(定性 words) → ``judged`` with the printed score. The 项目资金 row's 分值 becomes a 一级 indicator
预算执行率 scored by ``execution`` (全年执行数 / 全年预算数 × 分值). Every printed score is kept as
``reported``, so ``jixiao score`` lists where the form's arithmetic differs (复核).

A form with a cell that should hold a number and does not writes nothing, unless ``--partial``: then
the cell is recorded as illegible (``illegible``), its score left to the rule or marked 待填写, and
the form is a draft until someone completes it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from jixiao.build.catalogue import unit_page
from jixiao.data.money import fmt_score, round2
from jixiao.errors import DataError
from jixiao.scoring.rules.completion import read_value
from jixiao.tools.form_grids import read_forms
from jixiao.tools.form_reader import EMPTY, ReadForm, Row, norm, number, read_form

BUDGET = "预算执行率"


@dataclass
class Imported:
    """What became of one form: the id written (or ``None``), and the lines that say what was read."""

    file: str
    sheet: str
    eval_id: str | None
    lines: list[str] = field(default_factory=list)
    total: Decimal | None = None
    printed: Decimal | None = None


def _blank(text: str | None) -> bool:
    return text is None or norm(text) in EMPTY


def _slug(name: str, full: int) -> str:
    """Pinyin of ``name``: the first ``full`` characters spelt out (the place: 廊坊 → langfang), then initials."""
    from pypinyin import Style, lazy_pinyin

    han = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", name)
    head = "".join(lazy_pinyin(han[:full]))
    tail = "".join(lazy_pinyin(han[full:], style=Style.FIRST_LETTER))
    return re.sub(r"[^a-z0-9-]", "", (head + ("-" if head and tail else "") + tail).lower()).strip("-") or "danwei"


def form_id(read: ReadForm, body: str, project: str | None, taken: set[str]) -> str:
    """``<place>-<unit initials>[-<project initials>]-<year>``: derived from the unit and year, never an id in use."""
    parts = [_slug(body, 2)]
    if project:
        parts.append(_slug(project, 0)[:8])
    base = "-".join([*parts, str(read.year)])
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _nature(text: str | None) -> str | None:
    if _blank(text):
        return None
    return "定量" if "定量" in str(text) else "定性" if "定性" in str(text) else None


def _core(text: str | None) -> bool | None:
    if _blank(text):
        return None
    return str(text).strip() in ("是", "√", "Y", "y", "核心")


def _leaf(row: Row, partial: bool, problems: list[str]) -> dict:
    """One indicator row as an indicator of the tree, with the rule that scores it."""
    name = row.names[-1]
    values = row.values
    leaf: dict = {"name": name, "points": row.points}
    fields = {
        "code": values.get("code"),
        "unit": values.get("unit"),
        "nature": _nature(values.get("nature")),
        "initial_target": values.get("initial_target"),
        "adjusted_target": values.get("adjusted_target"),
        "target": values.get("target"),
        "actual": values.get("actual"),
        "deviation_reason": values.get("reason"),
        "core": _core(values.get("core")),
    }
    comparator = (values.get("nature") or "").strip()
    target = fields["target"]
    if comparator in ("≥", "≤", ">", "<", "＞", "＜") and target and (read_value(target) or ("≥",))[0] is None:
        fields["target"] = comparator + target  # 四川's form puts the comparison in its 指标性质 column
    for key, value in fields.items():
        if value is not None and not (isinstance(value, str) and _blank(value)):
            leaf[key] = value
    criterion: dict = {"points": row.points}
    if row.coefficient is not None:
        criterion.update(text="指标权重 × 得分系数", rule="coefficient", coefficient=f"{(row.coefficient * 100).normalize():f}%")
    elif read_value(fields["target"]) is not None and read_value(fields["actual"]) is not None and fields["nature"] != "定性":
        criterion.update(text="实际完成值达到年度指标值得满分，未达到按比例计分", rule="completion")
    elif row.score is not None:
        criterion.update(text="按年度指标的完成情况评分", rule="judged", score=row.score, reason="原表自评得分")
    else:
        criterion.update(text="按年度指标的完成情况评分", rule="judged", score=Decimal(0), reason="待填写：原表得分无法辨认")
        problems.append(f"{name}：原表得分无法辨认，暂记 0 分（待填写）")
    if row.score is not None:
        criterion["reported"] = row.score
    elif partial:
        leaf["illegible"] = ["reported"]
    leaf["criteria"] = [criterion]
    return leaf


def _tree(read: ReadForm, partial: bool, problems: list[str]) -> list[dict]:
    """The indicator rows as a tree of as many levels as the form has, names carried down merged cells."""
    tops: list[dict] = []
    seen_leaves: set[str] = set()
    previous: list[str] = [""] * read.levels
    for row in read.rows:
        names = [n if not _blank(n) else previous[i] for i, n in enumerate(row.names)]
        previous = names
        leaf_name = names[-1]
        while leaf_name in seen_leaves:  # leaf names are unique in an evaluation
            leaf_name += "（续）"
        seen_leaves.add(leaf_name)
        row.names = [*names[:-1], leaf_name]
        leaf = _leaf(row, partial, problems)
        siblings = tops
        for name in names[:-1]:
            node = next((n for n in siblings if n["name"] == name and "children" in n), None)
            if node is None:
                node = {"name": name, "children": []}
                siblings.append(node)
            siblings = node["children"]
        siblings.append(leaf)

    def settle(node: dict) -> Decimal:
        if "children" not in node:
            return node["points"] or Decimal(0)
        points = sum((settle(child) for child in node["children"]), Decimal(0))
        node["points"] = points
        node["children"] = node.pop("children")  # points before children in the file
        return points

    for top in tops:
        settle(top)
    return tops


def _money(read: ReadForm, partial: bool, problems: list[str]) -> tuple[list[dict], dict | None]:
    """项目资金 rows for ``form.funds``, and the 预算执行率 indicator when the form gives it a 分值."""
    funds = []
    for i, money in enumerate(read.money):
        row: dict = {"label": money.label}
        illegible = []
        for key in ("initial", "annual", "executed"):
            text = money.values.get(key, "")
            if _blank(text):
                continue
            value = number(text)
            if value is None:
                problems.append(
                    f"{money.refs.get(key, '')}：{money.label} 的{ {'initial': '年初预算数', 'annual': '全年预算数', 'executed': '全年执行数'}[key] }“{text}”不是数字"
                )
                illegible.append(key)
            else:
                row[key] = value
        if illegible:
            row["illegible"] = illegible
        funds.append(row)
        if i == 0:
            first = money
    if not read.money:
        return funds, None
    points = number(first.values.get("points", ""))
    if points is None:
        return funds, None
    score = number(first.values.get("score", ""))
    criterion: dict = {"text": "预算执行率 × 分值", "points": points}
    total = funds[0]
    if "annual" in total and "executed" in total:
        criterion["rule"] = "execution"
    elif score is not None:
        criterion.update(rule="judged", score=score, reason="原表自评得分（全年预算数或全年执行数无法辨认）")
    else:
        criterion.update(rule="judged", score=Decimal(0), reason="待填写：原表执行率得分无法辨认")
    indicator: dict = {"name": BUDGET, "points": points, "criteria": [criterion]}
    if score is not None:
        criterion["reported"] = score
    elif partial:
        indicator["illegible"] = ["reported"]
    return funds, indicator


def evaluation_data(read: ReadForm, partial: bool, public: tuple[str, dt.date] | None) -> tuple[dict, list[str], str, str | None]:
    """``evaluation.yaml`` of one form, the notes for ``source.md``, the unit's name and the project's."""
    notes: list[str] = []
    f = read.fields
    body = f.get("body") or f.get("implementer") or f.get("department") or ""
    project = f.get("project") if read.template == "项目支出" else None
    year = read.year or 0
    filled = _date(f.get("filled"))
    funds, budget = _money(read, partial, notes)
    indicators = ([budget] if budget else []) + _tree(read, partial, notes)
    total_points = sum((i["points"] or Decimal(0) for i in indicators), Decimal(0))
    what = f"{project}项目支出绩效自评表" if project else f"{read.template}绩效自评表"
    data: dict = {
        "title": f"{body}{year}年度{what}",
        "type": "自评",
        "kind": f"{read.template}绩效自评",
        "year": year,
        "evaluated_body": body,
        "commissioner": f.get("department") or body,
        "evaluator": f.get("implementer") or body,
        "method": "单位自评",
        "period": {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)},
        "issued": filled or dt.date(year, 12, 31),
    }
    if not filled:
        notes.append(f"原表没有填表日期：issued 暂以年度末日 {year}-12-31 代替")
    if not f.get("department"):
        notes.append("原表没有主管部门：commissioner 暂写被评价单位本身")
    if public:
        data["publication"] = [{"party": "原文已公开", "by": body, "date": public[1], "url": public[0]}]
    if total_points != 100:
        data["total_points"] = total_points
    if read.total is not None:
        data["reported_total"] = read.total
    form: dict = {"template": read.template}
    if project:
        form["name"] = project
    form["unit"] = read.unit
    if funds:
        form["funds"] = funds
    expected, actual = read.goal
    goal = {k: v for k, v in (("expected", expected), ("actual", actual)) if not _blank(v)}
    if goal:
        form["goal"] = goal
    if f.get("filled_by"):
        form["filled_by"] = f["filled_by"]
    if filled:
        form["filled"] = filled
    if f.get("grade"):
        form["reported_grade"] = f["grade"]
    data["form"] = form
    data["indicators"] = indicators
    return data, notes, body, project


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    m = re.search(r"(20\d\d)\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})", text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class _Dumper(yaml.SafeDumper):
    """YAML as the project writes it: numbers exact and unquoted, Chinese as itself, no aliases (refused on load)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


_Dumper.add_representer(Decimal, _decimal)


def to_yaml(data: dict, source: str) -> str:
    head = f"# 由 jixiao import 自评表 从 {source} 导入；原表所印的得分记为 reported，出处与未能读取之处见 source.md。\n"
    return head + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200, default_flow_style=False)


PAGE = """# {{ meta.title }}

{{ table("自评表") }}

本表由{{ meta.evaluated_body }}填报，表中每个得分都由数据重新计算，原表所印的得分不同之处在得分旁注明；出处见评价数据中的 `source.md`。

{{ pdf_link() }}

[本单位各年度的自评表](../UNIT_PAGE)

## 发布与更新记录

{{ revisions() }}
"""


def source_md(read: ReadForm, source: str, notes: list[str], today: dt.date, public: tuple[str, dt.date] | None) -> str:
    rows = [
        "# 来源",
        "",
        "| 项目 | 内容 |",
        "| --- | --- |",
        f"| 文件 | {source} |",
        f"| 表 | {read.title or '（无表名）'} |",
        f"| 导入 | {today.isoformat()}，jixiao import 自评表 |",
    ]
    if public:
        rows.append(f"| 公开 | {public[0]}（查得 {public[1].isoformat()}） |")
    rows += [
        "",
        "## 读到的内容",
        "",
        f"- 项目资金 {len(read.money)} 行，绩效指标 {len(read.rows)} 行（{read.levels} 级），总分 {read.total if read.total is not None else '（原表未印）'}",
    ]
    if notes or read.unread:
        rows += ["", "## 未能读取或代为填写之处", ""]
        rows += [f"- {u}" for u in read.unread]
        rows += [f"- {n}" for n in notes]
    return "\n".join(rows) + "\n"


def import_forms(root: Path, files: list[Path], partial: bool = False, public: tuple[str, dt.date] | None = None) -> list[Imported]:
    """Import every form in ``files`` into ``root``; a form that cannot be read in full writes nothing unless ``partial``."""
    from jixiao.data.evaluations import evaluation_ids

    taken = set(evaluation_ids(root)) | {p.name for p in (root / "content").glob("*") if p.is_dir()}
    today = dt.date.today()
    out: list[Imported] = []
    for path in files:
        try:
            grids = read_forms(path)
        except DataError as exc:
            out.append(Imported(path.name, "", None, [f"{path.name}：{f.message}（{f.fix}）" for f in exc.findings]))
            continue
        if not grids:
            out.append(Imported(path.name, "", None, [f"{path.name}：文件中没有表格"]))
        for grid in grids:
            out.append(_import_one(root, path, read_form(grid), partial, public, taken, today))
    return out


def _import_one(
    root: Path, path: Path, read: ReadForm, partial: bool, public: tuple[str, dt.date] | None, taken: set[str], today: dt.date
) -> Imported:
    where = f"{path.name}" + (f"（工作表 {read.sheet}）" if read.sheet != path.name else "")
    done = Imported(path.name, read.sheet, None)
    lines = done.lines
    if read.missing:
        lines.append(f"{where}：不是能读的自评表，缺少 " + "、".join(read.missing) + "；未写入")
        return done
    data, notes, body, project = evaluation_data(read, partial, public)
    leaves = len(read.rows)
    lines.append(
        f"{where}：{read.title}，{body} {read.year} 年度"
        + (f"，{project}" if project else "")
        + f"；读到 项目资金 {len(read.money)} 行、年度总体目标、绩效指标 {leaves} 个（{read.levels} 级）"
    )
    for unread in read.unread:
        lines.append(f"  未能读取 {unread}")
    if not body:
        lines.append("  未能读取 被评价单位（实施单位、部门名称都是空白）")
    if (read.unread or not body) and not partial:
        lines.append("  未写入（改正原表后再导入，或加 --partial 导入能读的部分并标出无法辨认之处）")
        return done
    eval_id = form_id(read, body or "danwei", project, taken)
    scratch = Path(tempfile.mkdtemp(prefix="jixiao-import-"))
    try:
        folder = scratch / "scores" / eval_id
        folder.mkdir(parents=True)
        (folder / "evaluation.yaml").write_text(to_yaml(data, where), encoding="utf-8")
        (folder / "source.md").write_text(source_md(read, where, notes, today, public), encoding="utf-8")
        try:
            from jixiao.scoring.from_folder import sheet

            scored = sheet(scratch, eval_id)
        except DataError as exc:
            lines += [f"  数据无法计分：{f.where}: {f.message}（{f.fix}）" for f in exc.findings]
            lines.append("  未写入")
            return done
        done.total, done.printed = scored.total, read.total
        printed = "原表未印" if read.total is None else f"原表 {fmt_score(read.total)}"
        same = (
            ""
            if read.total is None
            else ("，一致" if round2(read.total) == scored.total else f"，相差 {fmt_score(scored.total - round2(read.total))}")
        )
        lines.append(f"  总分：{printed}，复核 {fmt_score(scored.total)}（{scored.grade}）{same}；{len(scored.differences)} 处复核差异")
        target = root / "scores" / eval_id
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, target)
        page = root / "content" / eval_id / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.replace("UNIT_PAGE", unit_page(body or "danwei")), encoding="utf-8")
        done.eval_id = eval_id
        lines.append(f"  已写入 scores/{eval_id}/ 与 content/{eval_id}/" + ("" if public else "（草稿：未记录公开，只在草稿预览中）"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return done
