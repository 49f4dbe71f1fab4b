"""The scoring-rule registry.

Every rule is a ``Criterion`` subclass registered under the name written in the data
(``rule: ratio``). A new rule shape is one small module here and one ``register``
call; nothing else in the engine names a rule.
"""

from __future__ import annotations

from typing import Annotated, Union, get_args

from pydantic import Field

from .base import Context, Criterion, Outcome, RuleProblem

RULES: dict[str, type[Criterion]] = {}


def register(cls: type[Criterion]) -> type[Criterion]:
    """Register a rule class under the literal of its ``rule`` field."""
    (name,) = get_args(cls.model_fields["rule"].annotation)
    RULES[name] = cls
    return cls


from . import (  # noqa: E402  (modules register themselves on import)
    band,
    change_rate,
    checklist,
    deduction,
    deviation,
    formula_rule,
    graded_survey,
    inverse_ratio,
    judged,
    ratio,
    survey_share,
    threshold,
    tier,
    within_limit,
)

del (band, change_rate, checklist, deduction, deviation, formula_rule, graded_survey)
del (inverse_ratio, judged, ratio, survey_share, threshold, tier, within_limit)

AnyCriterion = Annotated[Union[tuple(RULES.values())], Field(discriminator="rule")]  # noqa: UP007

__all__ = ["RULES", "AnyCriterion", "Context", "Criterion", "Outcome", "RuleProblem", "register"]
