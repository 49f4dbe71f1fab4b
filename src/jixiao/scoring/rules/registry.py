"""The scoring-rule registry: every rule's model, by the name written in the data (``rule: ratio``).

A new rule shape is one small module in this folder, decorated with ``register`` and imported by
the package (``jixiao.scoring.rules``); nothing else in the engine names a rule.
"""

from __future__ import annotations

from typing import get_args

from jixiao.scoring.rules.base import Criterion

RULES: dict[str, type[Criterion]] = {}


def register(cls: type[Criterion]) -> type[Criterion]:
    """Register a rule class under the literal of its ``rule`` field."""
    (name,) = get_args(cls.model_fields["rule"].annotation)
    RULES[name] = cls
    return cls
