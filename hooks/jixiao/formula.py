"""Safe arithmetic over named numbers — never Python ``eval``.

Used for rates (``重点项目支出 / 项目总支出``), derived facts and the ``formula`` rule.
Expressions are evaluated by simpleeval with every numeric literal turned into a
``Decimal`` from its source text, so ``0.5`` stays exact. Only arithmetic, comparisons,
conditionals and the functions listed in ``FUNCTIONS`` are allowed; names resolve to
facts (and, in rules, ``points``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation

from simpleeval import EvalWithCompoundTypes, InvalidExpression, NameNotDefined


class FormulaError(Exception):
    """An expression that cannot be evaluated; the message says why, in words."""


def _decimal_constant(node: ast.Constant) -> object:
    value = node.value
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return Decimal(ast.unparse(node))
    raise FormulaError(f"不支持的常量 {value!r}")


FUNCTIONS: dict[str, Callable[..., object]] = {
    "min": min,
    "max": max,
    "abs": abs,
}


def names_in(expr: str) -> set[str]:
    """The names an expression refers to (for dependency and typo checks)."""
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"公式语法错误：{exc.msg}") from exc
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - called


def evaluate(
    expr: str,
    names: Mapping[str, object],
    functions: Mapping[str, Callable[..., object]] | None = None,
) -> Decimal:
    """Evaluate ``expr``; raise ``FormulaError`` with a readable reason."""
    evaluator = EvalWithCompoundTypes(names=dict(names), functions={**FUNCTIONS, **(functions or {})})
    evaluator.nodes[ast.Constant] = _decimal_constant
    try:
        result = evaluator.eval(expr)
    except NameNotDefined as exc:
        raise FormulaError(f"公式引用了未定义的名称 '{exc.name}'") from exc
    except (ZeroDivisionError, DivisionByZero) as exc:
        raise FormulaError("公式中的分母为 0") from exc
    except InvalidOperation as exc:
        raise FormulaError("公式无法计算（可能是 0/0）") from exc
    except SyntaxError as exc:
        raise FormulaError(f"公式语法错误：{exc.msg}") from exc
    except InvalidExpression as exc:
        raise FormulaError(f"公式中有不允许的写法：{exc}") from exc
    except TypeError as exc:
        raise FormulaError(f"公式中的类型不匹配：{exc}") from exc
    if isinstance(result, bool):
        return Decimal(int(result))
    if not isinstance(result, Decimal | int):
        raise FormulaError(f"公式的结果不是数值：{result!r}")
    return Decimal(result)
