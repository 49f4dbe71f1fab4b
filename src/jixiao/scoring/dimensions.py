"""What a formula's result is measured in, worked out from the units of the facts it names.

A percentage is where a formula's meaning and its printed figure part: ``实际支出 / 到位资金`` is a ratio
(0.4065, shown 40.65%), ``(农户满意度 + 公众满意度) / 2`` over facts written in % (93.06, 91.58) is
already in percentage points. The engine tells the two apart by unit algebra instead of guessing from
the size of the number: each fact counts in its unit (``元``, ``万元``, ``户``, ``%``…), a rate or a
number written in the formula counts in none, ``*`` and ``/`` multiply and divide units, and ``+``,
``-``, comparisons, ``min``/``max`` and the two branches of ``a if c else b`` need the same unit on
both sides (a bare number takes the unit of what it is added to: ``完成率 - 5`` is 5 points).

``percent_scale`` is what a fact in % or a rate does with its formula's result: a ratio is scaled to
percentage points (a fact) or kept (a rate), points are kept (a fact) or scaled to a ratio (a rate),
anything else (元/户, a ratio of 元 to 万元) is an error that says so. ``× 100`` written into the
formula of a percentage is refused: the engine scales, and the figure would be 100 times too large.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise

from jixiao.scoring.formula import FormulaError, parse

#: a unit as powers of its named units: ``{"元": 1, "户": -1}`` is 元/户; ``{}`` is a pure number
Dimension = dict[str, int]
#: a number written in the formula: it takes the unit of what it meets in ``+``, ``-``, a comparison
ANY = None

PERCENT = "%"
HUNDRED = Decimal(100)


def _show(dim: Dimension | None) -> str:
    if not dim:
        return "比例（无单位）"
    up = "·".join(u if p == 1 else f"{u}^{p}" for u, p in sorted(dim.items()) if p > 0) or "1"
    down = "·".join(u if p == -1 else f"{u}^{-p}" for u, p in sorted(dim.items()) if p < 0)
    return f"{up}/{down}" if down else up


def _combine(a: Dimension | None, b: Dimension | None, sign: int) -> Dimension | None:
    if a is ANY and b is ANY:
        return ANY
    out = dict(a or {})
    for unit, power in (b or {}).items():
        out[unit] = out.get(unit, 0) + sign * power
    return {u: p for u, p in out.items() if p}


def _same(a: Dimension | None, b: Dimension | None, what: str) -> Dimension | None:
    if a is ANY:
        return b
    if b is ANY or a == b:
        return a
    raise FormulaError(f"{what}两边的单位不同：{_show(a)} 与 {_show(b)}", "只加减、比较同一单位的数（元与万元也要先换算）")


def dimension(expr: str, units: Mapping[str, str], functions: Mapping[str, str] | None = None) -> Dimension | None:
    """The unit of ``expr``'s result; ``units`` gives each name's unit ('' for a rate), ``functions``
    the unit of what a function returns (``total`` → 元)."""
    tree = parse(expr, dict.fromkeys(functions or {}))

    def of(node: ast.AST) -> Dimension | None:
        if isinstance(node, ast.Expression):
            return of(node.body)
        if isinstance(node, ast.Constant):
            return ANY
        if isinstance(node, ast.Name):
            unit = units.get(node.id, "")
            return {unit: 1} if unit else {}
        if isinstance(node, ast.UnaryOp):
            return of(node.operand) if not isinstance(node.op, ast.Not) else {}
        if isinstance(node, ast.BinOp):
            left, right = of(node.left), of(node.right)
            if isinstance(node.op, ast.Add | ast.Sub):
                return _same(left, right, "加减")
            if isinstance(node.op, ast.Mult):
                return _combine(left, right, 1)
            if isinstance(node.op, ast.Div):
                return _combine(left, right, -1)
            return {} if left in (ANY, {}) and right in (ANY, {}) else _same(left, right, "运算")
        if isinstance(node, ast.Compare):
            dims = [of(node.left), *(of(c) for c in node.comparators)]
            for a, b in pairwise(dims):
                _same(a, b, "比较")
            return {}
        if isinstance(node, ast.BoolOp):
            return {}
        if isinstance(node, ast.IfExp):
            of(node.test)
            return _same(of(node.body), of(node.orelse), "“a if 条件 else b”")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if functions and node.func.id in functions:
                unit = functions[node.func.id]
                return {unit: 1} if unit else {}
            dims = [of(a) for a in node.args]
            result = dims[0] if dims else {}
            for d in dims[1:]:
                result = _same(result, d, f"{node.func.id}() 的各项")
            return result
        return ANY

    return of(tree)


def _times_hundred(expr: str) -> bool:
    """Whether the formula multiplies its result by 100 (``a / b * 100``, ``100 * a / b``)."""
    body = parse(expr, {"total": None}).body
    if not isinstance(body, ast.BinOp) or not isinstance(body.op, ast.Mult):
        return False
    return any(isinstance(side, ast.Constant) and Decimal(ast.unparse(side)) == HUNDRED for side in (body.left, body.right))


def percent_scale(expr: str, units: Mapping[str, str], functions: Mapping[str, str], as_rate: bool) -> Decimal:
    """The factor a percentage's formula result is multiplied by: for a fact in % (``as_rate`` false)
    100 for a ratio, 1 for percentage points; for a rate 1 for a ratio, 1/100 for percentage points.

    Raises ``FormulaError`` for a result in another unit and for a ratio multiplied by 100 by hand.
    """
    dim = dimension(expr, units, functions)
    if not dim:
        if _times_hundred(expr):
            raise FormulaError(
                f"公式“{expr}”乘了 100：比例由引擎换算成百分数",
                "去掉“* 100”，写成比例（如 实际支出 / 到位资金），显示为 40.65%",
            )
        return Decimal(1) if as_rate else HUNDRED
    if dim == {PERCENT: 1}:
        return Decimal(1) / HUNDRED if as_rate else Decimal(1)
    what = "比率" if as_rate else "单位为 % 的事实"
    raise FormulaError(
        f"{what}的公式“{expr}”算出的单位是 {_show(dim)}，不是比例或百分数",
        "写成两个同单位的数之比（元比元，万元比万元），或单位为 % 的事实的组合",
    )
