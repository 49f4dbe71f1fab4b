"""Load one evaluation folder into validated models, or fail with every problem.

``scores/<id>/`` holds ``evaluation.yaml`` (required) and, beside it, ``facts.yaml``,
``survey.yaml``, ``samples.csv`` and ``feedback.yaml``. Structural problems (YAML
syntax, unknown or missing fields, wrong types, unknown rules) are reported here with
file and line; the meaning of the numbers is checked by ``jixiao.scoring.score``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union

from pydantic import BaseModel, Field, ValidationError

from jixiao.data.model import Evaluation, Fact, Feedback, Sample, Survey, circled
from jixiao.data.money import RANGE_TEXT, out_of_range, to_decimal
from jixiao.data.sources import LocDict, LocList, line_of, load_csv, load_yaml, path_at
from jixiao.data.spreadsheet import formula_like, refusal
from jixiao.errors import Collector, DataError, Finding

M = TypeVar("M", bound=BaseModel)

#: CSV header → Sample field, for samples.csv (表2)
SAMPLE_COLUMNS = {"项目实施单位": "unit", "项目名称": "name", "支出金额": "amount"}


@dataclass
class Located:
    """A loaded file: its display path (relative to the project root) and raw tree."""

    display: str
    raw: Any = None

    def line(self, path: Sequence[str | int]) -> int | None:
        return line_of(self.raw, path)


@dataclass
class Loaded:
    """One evaluation's data, validated for structure, with where each part came from."""

    id: str
    folder: Path
    evaluation: Evaluation
    facts: dict[str, Fact]
    survey: Survey | None
    samples: list[Sample]
    feedback: Feedback | None
    files: dict[str, Located] = field(default_factory=dict)
    sample_lines: list[int] = field(default_factory=list)


_MESSAGES = {
    "missing": ("缺少必填字段 '{field}'", "补上该字段"),
    "decimal_parsing": ("'{input}' 不是数字", "写成数字，如 1234.56"),
    "decimal_type": ("'{input}' 不是数字", "写成数字，如 1234.56"),
    "int_parsing": ("'{input}' 不是整数", "写成整数"),
    "int_type": ("'{input}' 不是整数", "写成整数"),
    "int_from_float": ("'{input}' 不是整数", "写成整数"),
    "string_type": ("'{input}' 应为文字", "加上引号或改为文字"),
    "date_from_datetime_parsing": ("'{input}' 不是有效日期", "写成存在的日期 YYYY-MM-DD，如 2024-05-20"),
    "date_type": ("'{input}' 不是有效日期", "写成存在的日期 YYYY-MM-DD，如 2024-05-20"),
    "date_parsing": ("'{input}' 不是有效日期", "写成存在的日期 YYYY-MM-DD，如 2024-05-20"),
    "day_or_month": ("'{input}' 不是有效日期", "写成存在的日期 YYYY-MM-DD，如 2024-05-20；报告只写到月份时写 YYYY-MM，如 2025-05"),
    "public_source_url": (
        "原文已公开须写原文网址 url，同意记录不写 url",
        "原文已由原单位公开时写 {party: 原文已公开, by: 公开的单位, date: 查得日期, url: 网址}",
    ),
    "illegible_field": ("{msg}", "illegible 只列出原表中看不清的字段名"),
    "illegible_with_value": ("{msg}", "看不清就删去该值；能读出就从 illegible 中删去该字段"),
    "form_type": ("{msg}", "写 type: 自评，或删去 form"),
    "list_type": ("'{field}' 应为列表", "用“- ”逐项列出"),
    "dict_type": ("'{field}' 应为键值映射", "检查缩进"),
    "model_type": ("'{field}' 应为键值映射", "检查缩进"),
    "greater_than_equal": ("'{field}' 的值 {input} 过小（{msg}）", "改正该值"),
    "greater_than": ("'{field}' 的值 {input} 过小（{msg}）", "改正该值"),
    "less_than_equal": ("'{field}' 的值 {input} 过大（{msg}）", "改正该值"),
    "too_short": ("'{field}' 不能为空", "至少写一项"),
    "bool_parsing": ("'{input}' 不是 true/false", "写 true 或 false"),
    "finite_number": ("'{input}' 不是有限的数（NaN 或无穷大）", RANGE_TEXT),
    "number_range": ("'{field}' 的值 {input} {msg}", RANGE_TEXT),
}


def _where(raw: Any, loc: Sequence[str | int]) -> str:
    """Name the indicator (or top-level section) a location falls in: 投入 › 目标设定 › …"""
    names: list[str] = []
    current = raw
    criterion = None
    for i, step in enumerate(loc):
        if isinstance(current, LocDict) and isinstance(step, str):
            if step not in current:
                continue
            current = current[step]
        elif isinstance(current, LocList) and isinstance(step, int) and step < len(current):
            current = current[step]
            parent = loc[i - 1] if i else None
            if parent in ("indicators", "children") and isinstance(current, LocDict):
                names.append(str(current.get("name", f"#{step + 1}")))
            elif parent == "criteria":
                criterion = step
        else:
            break
    where = " › ".join(names)
    if criterion is not None:
        where += f" › 评分标准{circled(criterion + 1)}"
    if not where and loc:
        where = str(loc[0])
    return where


#: the scoring rules' models by the name written in the data (``rule: ratio``), as the scorer registers them
Rules = Mapping[str, type[BaseModel]]


@cache
def _evaluation_model(rules: tuple[type[BaseModel], ...]) -> type[Evaluation]:
    """``Evaluation`` whose criteria are the models ``rules``, told apart by their ``rule`` field."""
    return Evaluation[Annotated[Union[rules], Field(discriminator="rule")]]  # type: ignore[valid-type]  # noqa: UP007


def validation_findings(exc: ValidationError, located: Located, rules: Rules | None = None) -> list[Finding]:
    """Turn pydantic's errors into file:line findings in the project's words (``rules``: the criteria's models)."""
    RULES = rules or {}
    findings = []
    for err in exc.errors():
        loc = [step for step in err["loc"] if not (isinstance(step, str) and step in RULES)]
        field_name = next((str(s) for s in reversed(loc) if isinstance(s, str)), "")
        kind = err["type"]
        raw_input = err.get("input")
        shown = raw_input if not isinstance(raw_input, dict | list) else ""
        if isinstance(shown, str) and len(shown) > 40:
            shown = f"{shown[:20]}…（共 {len(shown)} 个字符）"
        if kind == "extra_forbidden":
            rule = next((step for step in err["loc"] if isinstance(step, str) and step in RULES), None)
            message = f"未知字段 '{field_name}'"
            if rule:
                fix = f"检查拼写；{rule} 规则的字段有 {', '.join(RULES[rule].model_fields)}"
            else:
                fix = "检查拼写，或删除该字段；各字段见 README 的“数据格式”"
        elif kind == "union_tag_invalid":
            tag = (err.get("ctx") or {}).get("tag", raw_input)
            message = f"未知的评分规则 '{tag}'"
            fix = "可用规则：" + ", ".join(sorted(RULES))
        elif kind == "union_tag_not_found":
            message, fix = "评分标准缺少 rule 字段", "写明评分规则，如 rule: judged"
        elif kind == "literal_error":
            expected = (err.get("ctx") or {}).get("expected", "")
            message, fix = f"'{shown}' 不是允许的值", f"可用：{expected}"
        elif kind in _MESSAGES:
            template, fix = _MESSAGES[kind]
            message = template.format(field=field_name, input=shown, msg=err["msg"])
        else:
            message, fix = f"'{field_name}'：{err['msg']}", ""
        findings.append(Finding(located.display, located.line(err["loc"]), _where(located.raw, err["loc"]), message, fix))
    return findings


def _validate(model: type[M], located: Located, problems: Collector, rules: Rules | None = None) -> M | None:
    try:
        return model.model_validate(located.raw)
    except ValidationError as exc:
        problems.extend(validation_findings(exc, located, rules))
        return None


def _load_facts(located: Located, problems: Collector) -> dict[str, Fact]:
    if located.raw is None:
        return {}
    if not isinstance(located.raw, dict):
        problems.add(Finding(located.display, 1, "", "facts.yaml 应为“事实名: {value, unit, label, source}”的映射", ""))
        return {}
    facts: dict[str, Fact] = {}
    for name, body in located.raw.items():
        line = located.line([name])
        if not str(name).isidentifier():
            problems.add(
                Finding(
                    located.display, line, name, f"事实名 '{name}' 不能用作公式中的名称", "只用汉字、字母、数字和下划线，且不以数字开头"
                )
            )
        if isinstance(body, int | float) or not isinstance(body, dict):
            problems.add(Finding(located.display, line, name, "事实应写成映射（value/unit/label/source）", "如 {value: 1.0, label: 说明}"))
            continue
        try:
            fact = Fact.model_validate(body)
        except ValidationError as exc:
            sub = Located(located.display, body)
            for f in validation_findings(exc, sub):
                problems.add(Finding(f.file, f.line, name, f.message, f.fix))
            continue
        if (fact.value is None) == (fact.formula is None):
            problems.add(Finding(located.display, line, name, "事实须有 value 或 formula 之一（不能都有或都无）", "写明数值或公式"))
            continue
        facts[name] = fact
    return facts


def _load_samples(path: Path, display: str, problems: Collector) -> tuple[list[Sample], list[int]]:
    rows, lines, findings = load_csv(path, display)
    problems.extend(findings)
    samples, sample_lines = [], []
    if rows:
        missing = [c for c in SAMPLE_COLUMNS if c not in rows[0]]
        unknown = [c for c in rows[0] if c not in SAMPLE_COLUMNS]
        if missing or unknown:
            problems.add(
                Finding(
                    display,
                    1,
                    "表头",
                    f"表头应为 {', '.join(SAMPLE_COLUMNS)}"
                    + (f"，缺少 {', '.join(missing)}" if missing else "")
                    + (f"，多出 {', '.join(unknown)}" if unknown else ""),
                    "改正表头",
                )
            )
            return [], []
    for row, line in zip(rows, lines, strict=True):
        formulas = [column for column in ("项目实施单位", "项目名称") if formula_like(row[column])]
        for column in formulas:
            problems.add(Finding(display, line, column, refusal(row[column]), f"删去开头的“{row[column][0]}”，{column}写成文字"))
        if formulas:
            continue
        try:
            amount = to_decimal(row["支出金额"])
        except ValueError:
            problems.add(
                Finding(display, line, row.get("项目名称", ""), f"支出金额 '{row['支出金额']}' 不是数字", "写成数字，如 3,000,000.00")
            )
            continue
        problem = out_of_range(amount)
        if problem:
            problems.add(Finding(display, line, row.get("项目名称", ""), f"支出金额 '{row['支出金额'][:40]}' {problem}", RANGE_TEXT))
            continue
        samples.append(Sample(unit=row["项目实施单位"], name=row["项目名称"], amount=amount))
        sample_lines.append(line)
    return samples, sample_lines


def load(folder: Path, root: Path, rules: Rules) -> Loaded:
    """Load ``folder`` (``scores/<id>``), its criteria written for ``rules``; raise ``DataError`` with every structural problem."""
    problems = Collector()
    files: dict[str, Located] = {}

    def display(name: str) -> str:
        path = folder / name
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    def read(name: str, required: bool = False) -> Located | None:
        path = folder / name
        if not path.exists():
            if required:
                problems.add(Finding(display(name), None, "", f"缺少 {name}", "每个评价文件夹都要有 evaluation.yaml"))
            return None
        raw, findings = load_yaml(path, display(name))
        problems.extend(replace(f, where=_where(raw, path_at(raw, f.line))) if f.line and not f.where else f for f in findings)
        located = Located(display(name), raw)
        files[name] = located
        return located

    ev_file = read("evaluation.yaml", required=True)
    evaluation = None
    if ev_file is not None and ev_file.raw is not None:
        evaluation = _validate(_evaluation_model(tuple(rules.values())), ev_file, problems, rules)
    facts_file = read("facts.yaml")
    facts = _load_facts(facts_file, problems) if facts_file else {}
    survey_file = read("survey.yaml")
    survey = _validate(Survey, survey_file, problems) if survey_file and survey_file.raw is not None else None
    feedback_file = read("feedback.yaml")
    feedback = _validate(Feedback, feedback_file, problems) if feedback_file and feedback_file.raw is not None else None
    samples: list[Sample] = []
    sample_lines: list[int] = []
    if (folder / "samples.csv").exists():
        samples, sample_lines = _load_samples(folder / "samples.csv", display("samples.csv"), problems)
        files["samples.csv"] = Located(display("samples.csv"))
    if ev_file is not None and ev_file.raw is None and not problems.errors:
        problems.add(Finding(ev_file.display, 1, "", "evaluation.yaml 是空的", "写入评价的元数据和指标体系"))
    problems.raise_if_errors()
    if evaluation is None:  # pragma: no cover - guarded by raise_if_errors
        raise DataError([Finding(display("evaluation.yaml"), None, "", "无法读取", "")])
    return Loaded(folder.name, folder, evaluation, facts, survey, samples, feedback, files, sample_lines)
