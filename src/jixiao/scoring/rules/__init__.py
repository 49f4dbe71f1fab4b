"""The scoring rules: one module per rule, each a ``Criterion`` model (the fields written in the data,
its docstring the documentation) with the arithmetic it does (``compute``).

Importing the package imports every rule module, which registers itself in ``registry.RULES``;
``AnyCriterion`` is the union of them all, told apart by the ``rule`` field.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from jixiao.scoring.rules import (  # noqa: F401  (each module registers its rule on import)
    band,
    change_rate,
    checklist,
    coefficient,
    completion,
    deduction,
    deviation,
    execution,
    formula_rule,
    graded_survey,
    inverse_ratio,
    judged,
    qualitative,
    ratio,
    survey_share,
    threshold,
    tier,
    within_limit,
)
from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem
from jixiao.scoring.rules.registry import RULES, register

AnyCriterion = Annotated[Union[tuple(RULES.values())], Field(discriminator="rule")]  # noqa: UP007

__all__ = ["RULES", "AnyCriterion", "Context", "Criterion", "Outcome", "RuleProblem", "register"]
