"""The README documents the whole data format and every rule (the datasette habit).

A field added to a model or a rule added to the registry without a line in README.md
fails here, so the documentation cannot fall behind the code.
"""

from __future__ import annotations

import inspect
import re

import pytest
from conftest import ROOT
from pydantic import BaseModel

import jixiao.data.model
from jixiao.scoring.rules import RULES, Criterion
from jixiao.scoring.rules.checklist import Point

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of ``## title`` up to the next ``## `` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README.md has no “## {title}” section"
    return match.group(1)


def subsection(text: str, title: str) -> str:
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^### |\Z)", text, re.S | re.M)
    assert match, f"README.md has no “### {title}” section"
    return match.group(1)


MODELS = [
    cls
    for cls in vars(jixiao.data.model).values()
    if inspect.isclass(cls) and issubclass(cls, BaseModel) and cls.__module__ == "jixiao.data.model" and cls.model_fields
]
FIELDS = sorted({(cls.__name__, name) for cls in MODELS for name in cls.model_fields})


@pytest.mark.parametrize(("model", "field"), FIELDS)
def test_every_model_field_is_documented(model: str, field: str) -> None:
    assert f"`{field}`" in section("数据格式"), f"{model}.{field} is not documented in README.md “数据格式”"


def test_the_models_are_found() -> None:
    names = {cls.__name__ for cls in MODELS}
    assert {"Evaluation", "Indicator", "Fact", "Survey", "Question", "Option", "Feedback", "Sample", "GradeBand"} <= names


COMMON = set(Criterion.model_fields)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_has_a_section_with_its_fields_and_an_example(rule: str) -> None:
    text = subsection(section("评分规则"), f"`{rule}`")
    assert f"rule: {rule}" in text, f"the {rule} section has no YAML example"
    assert "```yaml" in text
    for field in set(RULES[rule].model_fields) - COMMON:
        assert f"`{field}`" in text, f"{rule}.{field} is not documented"


def test_common_criterion_fields_are_documented() -> None:
    for field in COMMON:
        assert f"`{field}`" in section("数据格式")


def test_checklist_items_are_documented() -> None:
    text = subsection(section("评分规则"), "`checklist`")
    for field in Point.model_fields:
        assert f"`{field}`" in text


def test_the_rounding_rule_is_stated_once() -> None:
    assert README.count("取整规则") == 1
    rules = section("评分规则")
    assert "四舍五入（half-up" in rules and "0.01 分" in rules and "0.01%" in rules


def test_check_and_score_commands_are_documented() -> None:
    commands = section("命令")
    assert "### `jixiao check [ID]`" in commands and "### `jixiao score ID [--json]`" in commands
    for option in ("--root", "--debug", "--json", "--format"):
        assert option in commands
