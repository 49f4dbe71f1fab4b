"""Raw questionnaire answers (问卷星 or Excel export) → the counts of ``survey.yaml``.

Typing 附件2 counts by hand is where reports go wrong, so the counts are computed from
the answers. One row is one returned questionnaire; a column whose header starts with
a question number (``1、…``, ``Q1.…``, ``第1题``) holds that question's answers. Other
columns (序号, 提交答卷时间, 来自IP…) are ignored. 问卷星 exports a multiple-choice
question either as one column of options joined with ``┋`` or as one column per
option, headed ``12、题目(选项)``, holding 1/0; both are read. ``〖…〗`` (text typed
into an 其他 option) counts for that option.

When the target ``survey.yaml`` exists its questions and options are the
questionnaire: only the counts, ``valid`` and open answers are replaced, and an answer
that matches no option is an error with its row and column. Without it the
questionnaire is inferred from the answers (an option nobody chose cannot be known).
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from defusedxml import DefusedXmlException
from pydantic import ValidationError

from jixiao.data.load import Located, validation_findings
from jixiao.data.model import Survey
from jixiao.data.sources import line_of, load_yaml, read_text
from jixiao.data.spreadsheet import refusal
from jixiao.errors import DataError, Finding

#: an answers workbook may unpack to this much (10,000 returns of 问卷星 are a few MB): more is a zip bomb
MAX_UNPACKED = 50_000_000
MAX_PARTS = 1_000
#: a cell beginning with these is a formula (Excel's ``=``, and ``@``): never counted as an answer
FORMULA = ("=", "@")
#: what 问卷星 writes for a question the respondent skipped or left empty
SKIPPED = {"", "(跳过)", "（跳过）", "(空)", "（空）", "-3", "-2", "N/A"}
JOINERS = re.compile(r"┋|\|")
FILL_IN = re.compile(r"〖.*?〗")
QUESTION_HEAD = re.compile(r"^\s*(?:Q|第)?\s*(\d+)\s*(?:[、.．:：]|题)?\s*(.*)$", re.S)
KEY_PREFIX = re.compile(r"^([A-Za-z])\s*[.．、]\s*(.*)$")


@dataclass
class Column:
    """A question's column; ``option`` is set for 问卷星's one-column-per-option layout."""

    index: int
    header: str
    text: str
    option: str | None = None


@dataclass
class Group:
    """All columns of one question number."""

    number: int
    columns: list[Column] = field(default_factory=list)

    @property
    def qid(self) -> str:
        return f"Q{self.number}"

    @property
    def split(self) -> bool:
        return len(self.columns) > 1


# -- reading the file -------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of an .xlsx (first sheet) or .csv (UTF-8 or GBK), all as text."""
    if not path.is_file():
        raise DataError([Finding(str(path), None, "", "答卷文件不存在", "检查文件路径")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        check_workbook(path)
        try:  # the first sheet, every cell as Excel holds it (a formula as its text); headers are a row like the others
            frame = pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine_kwargs={"data_only": False})
        except Exception as exc:  # a damaged or mislabelled file raises many types
            raise DataError([Finding(str(path), None, "", f"无法读取 Excel 文件：{_why(exc)}", "用 Excel 另存为 .xlsx 或 CSV")]) from None
        table = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    else:
        text, problems = read_text(path, str(path))
        if text is None:
            raise DataError(problems)
        table = [list(r) for r in csv.reader(io.StringIO(text))]
    formulas = [
        Finding(str(path), r, f"第{c}列", refusal(value), "答卷应是录入的值：在 Excel 中复制后“选择性粘贴为数值”再导出")
        for r, row in enumerate(table, start=1)
        for c, value in enumerate(row, start=1)
        if value.strip().startswith(FORMULA)
    ]
    if formulas:
        raise DataError(formulas)
    table = [r for r in table if any(c.strip() for c in r)]
    if not table:
        raise DataError([Finding(str(path), None, "", "答卷文件是空的", "导出时包含表头和答卷")])
    return table[0], table[1:]


def check_workbook(path: Path) -> None:
    """Refuse a workbook that is no zip, or unpacks to more than ``MAX_UNPACKED`` bytes, before anything parses it.

    The sizes are the ones the zip declares; Python's zipfile never unpacks more than declared.
    """
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(
            [Finding(str(path), None, "", f"无法读取 Excel 文件：不是有效的 .xlsx（{exc}）", "用 Excel 另存为 .xlsx 或 CSV")]
        ) from None
    size = sum(p.file_size for p in parts)
    if size > MAX_UNPACKED or len(parts) > MAX_PARTS:
        message = f"Excel 文件解压后有 {size / 1e6:,.0f} MB、{len(parts)} 个部件，超过上限 {MAX_UNPACKED // 1_000_000} MB、{MAX_PARTS} 个（可能是压缩炸弹）"
        raise DataError([Finding(str(path), None, "", message, "只导出答卷工作表，或另存为 CSV 再导入")])


def _why(exc: BaseException) -> str:
    """Why a workbook did not read, in one line: XML entity declarations (defusedxml refuses them) by name."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return "其中的 XML 声明了实体（DTD，可能是 XML 炸弹），不解析"
        cause = cause.__cause__ or cause.__context__
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _cell(value: object) -> str:
    """An Excel cell as text: 1.0 (how Excel stores 1) reads as "1"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):  # an empty cell
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _last_bracket(header: str) -> tuple[str, str | None]:
    """Split ``题目(选项)`` at its last balanced bracket pair: ("题目", "选项")."""
    text = header.rstrip()
    if not text.endswith((")", "）")):
        return text, None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += text[i] in ")）"
        depth -= text[i] in "(（"
        if depth == 0:
            return text[:i].rstrip(), text[i + 1 : -1].strip()
    return text, None


def group_columns(header: list[str]) -> list[Group]:
    """Question columns grouped by their number, in file order."""
    groups: dict[int, Group] = {}
    for i, head in enumerate(header):
        m = QUESTION_HEAD.match(head or "")
        if not m:
            continue
        number = int(m.group(1))
        groups.setdefault(number, Group(number)).columns.append(Column(i, head, m.group(2).strip()))
    for g in groups.values():
        if g.split:
            for c in g.columns:
                c.text, c.option = _last_bracket(c.text)
    return list(groups.values())


# -- counting -----------------------------------------------------------------------


def _clean(value: str) -> str:
    return FILL_IN.sub("", value).strip()


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


def match_option(options: list[dict], value: str) -> dict | None:
    """The option an answer names: its text (without a trailing remark), its letter
    (``A`` / ``A.满意``) or its number (问卷星's “按选项序号” export)."""
    v = _clean(value)
    by_text = {_norm(o["text"]): o for o in options}
    if _norm(v) in by_text:
        return by_text[_norm(v)]
    # “其他（请注明）” is exported as “其他〖…〗”: match without the trailing remark
    bare = [o for o in options if _norm(_last_bracket(o["text"])[0]) == _norm(v)]
    if len(bare) == 1:
        return bare[0]
    m = KEY_PREFIX.match(v)
    key = m.group(1).upper() if m else v.upper()
    found = next((o for o in options if o["key"] == key), None)
    if found is not None:
        return found
    if v.isdigit() and 1 <= int(v) <= len(options):
        return options[int(v) - 1]
    return None


def _chosen(value: str) -> bool:
    """A per-option column's cell: 1 (or the option's text) when chosen, 0 or empty when not."""
    v = value.strip()
    return v not in SKIPPED and v not in ("0", "否", "未选")


def _answers(group: Group, row: list[str]) -> list[tuple[Column, str]]:
    out = []
    for col in group.columns:
        value = row[col.index].strip() if col.index < len(row) else ""
        if value not in SKIPPED:
            out.append((col, value))
    return out


@dataclass
class Tally:
    """Counts for one question, filled row by row."""

    qid: str
    text: str
    type: str
    options: list[dict]
    answers: list[str] = field(default_factory=list)


def _tally(group: Group, question: dict, rows: list[list[str]], file: str) -> tuple[Tally, list[Finding]]:
    options = [dict(o, count=0) for o in question.get("options", [])]
    tally = Tally(group.qid, question["text"], question.get("type", "single"), options)
    problems = []
    keys = "、".join(f"{o['key']} {o['text']}" for o in options)
    for r, row in enumerate(rows, start=2):
        for col, value in _answers(group, row):
            if tally.type == "open":
                tally.answers.append(value)
                continue
            if group.split:
                if not _chosen(value):
                    continue
                parts = [col.option or ""]
            else:
                parts = [p for p in JOINERS.split(value) if p.strip()] if tally.type == "multiple" else [value]
            for part in parts:
                option = match_option(options, part)
                if option is None:
                    where = f"{group.qid} 第{col.index + 1}列“{col.header}”"
                    problems.append(Finding(file, r, where, f"答案“{part}”不是该题的选项", f"可用：{keys}；或在 survey.yaml 中补上该选项"))
                else:
                    option["count"] += 1
    return tally, problems


# -- the questionnaire --------------------------------------------------------------


def infer_question(group: Group, rows: list[list[str]]) -> dict:
    """A question definition guessed from its answers, when no survey.yaml exists."""
    values = [v for row in rows for _, v in _answers(group, row)]
    text = group.columns[0].text
    if group.split:
        texts = [c.option or "" for c in group.columns]
        kind = "multiple"
    else:
        joined = any(JOINERS.search(v) for v in values)
        parts = [_clean(p) for v in values for p in (JOINERS.split(v) if joined else [v]) if _clean(p)]
        texts = list(dict.fromkeys(KEY_PREFIX.sub(r"\2", p) for p in parts))
        kind = "multiple" if joined else "single"
        # a choice is repeated and required; free text is unique and often skipped
        if not joined and len(texts) == len(values) and (len(texts) > 10 or len(values) < len(rows) / 2):
            return {"id": group.qid, "text": text, "type": "open"}
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return {"id": group.qid, "text": text, "type": kind, "options": [{"key": letters[i], "text": t} for i, t in enumerate(texts)]}


def _definition(target: Path) -> dict | None:
    if not target.is_file():
        return None
    raw, problems = load_yaml(target, str(target))
    if problems:
        raise DataError(problems)
    try:
        Survey.model_validate(raw)
    except ValidationError as exc:
        raise DataError(validation_findings(exc, Located(str(target), raw))) from None
    return raw


def aggregate(answers: Path, target: Path) -> dict:
    """The survey data for ``target``: its questionnaire (or an inferred one) with counted answers."""
    header, rows = read_rows(answers)
    groups = group_columns(header)
    if not groups:
        raise DataError(
            [Finding(str(answers), 1, "", "表头中没有题目列（题目列以题号开头，如“1、…”）", "按问卷星“按选项文本”导出，保留题目表头")]
        )
    definition = _definition(target)
    if definition is not None and definition.get("groups"):
        raise DataError(
            [
                Finding(
                    str(target),
                    line_of(definition, ["groups"]),
                    "groups",
                    "survey.yaml 有几组调查对象（groups），一份答卷文件只能汇总成一组",
                    "把每组的答卷分别导入到单独的 survey.yaml，再把各题份数与该组的 valid 抄入",
                )
            ]
        )
    questions = {q["id"]: q for q in definition["questions"]} if definition else {}
    problems: list[Finding] = []
    tallies = []
    for g in groups:
        question = questions.get(g.qid)
        if definition is not None and question is None:
            problems.append(
                Finding(str(answers), 1, g.qid, f"{target} 中没有 {g.qid}", "在 survey.yaml 中补上该题，或从答卷文件中删去该列")
            )
            continue
        tally, found = _tally(g, question or infer_question(g, rows), rows, str(answers))
        tallies.append(tally)
        problems.extend(found)
    if problems:
        raise DataError(problems)
    meta = {k: v for k, v in (definition or {}).items() if k != "questions"}
    if definition is None and any("答卷时间" in h for h in header):
        meta["channel"] = "问卷星"
    by_id = {t.qid: t for t in tallies}
    unanswered = [q for q in questions if q not in by_id]
    if unanswered:
        raise DataError(
            [Finding(str(answers), 1, "", f"答卷文件中没有这些题：{'、'.join(unanswered)}", "检查导出的列，或从 survey.yaml 中删去这些题")]
        )
    meta["valid"] = len(rows)  # in place when the questionnaire had it, so the file keeps its order
    return {**meta, "questions": [_question(by_id[q]) for q in (questions or by_id)]}


def _question(t: Tally) -> dict:
    q: dict = {"id": t.qid, "text": t.text, "type": t.type}
    if t.type == "open":
        q["answers"] = t.answers
    else:
        q["options"] = t.options
    return q


# -- writing ------------------------------------------------------------------------

_PLAIN = re.compile(r"^[^\s\d\-+.?:,\[\]{}#&*!|>'\"%@`~][^:#,\[\]{}]*(?<!\s)$")


def _scalar(value: object) -> str:
    """A YAML scalar safe inside a flow mapping; JSON quoting is valid YAML."""
    if isinstance(value, bool | int):
        return str(value).lower() if isinstance(value, bool) else str(value)
    text = str(value)
    if _PLAIN.match(text) and not re.fullmatch(r"true|false|null|yes|no|on|off|y|n", text, re.I):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _flow(items: Iterable[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in items) + "}"


def to_yaml(survey: dict, source: str) -> str:
    """``survey.yaml`` in the project's compact style: one line per option."""
    lines = [f"# 由 jixiao import survey 从 {source} 汇总（{survey['valid']} 份答卷）；重新导入会覆盖各题的份数与开放题答案"]
    for key, value in survey.items():
        if key == "questions":
            continue
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("questions:")
    for q in survey["questions"]:
        lines += [f"  - id: {q['id']}", f"    text: {_scalar(q['text'])}", f"    type: {q['type']}"]
        if q["type"] == "open":
            lines.append("    answers:" + ("" if q["answers"] else " []"))
            lines += [f"      - {_scalar(a)}" for a in q["answers"]]
        else:
            lines.append("    options:")
            lines += [f"      - {_flow((k, o[k]) for k in ('key', 'text', 'count'))}" for o in q["options"]]
    return "\n".join(lines) + "\n"


def import_survey(answers: Path, target: Path) -> dict:
    """Aggregate ``answers`` and write ``target``; return the survey written."""
    if target.is_symlink():  # writing would change the file the link points to, wherever it is
        raise DataError([Finding(str(target), None, "", "目标 survey.yaml 是符号链接，不写入", "删除该链接，写入普通文件")])
    survey = aggregate(answers, target)
    text = to_yaml(survey, answers.name)
    Survey.model_validate(yaml.safe_load(text))  # what is written must read back as it was counted
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return survey
