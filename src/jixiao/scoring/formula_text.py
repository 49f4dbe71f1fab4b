"""A formula read aloud: its names replaced by the figures they stand for, in the signs a report uses.

A ``formula`` criterion's 评价意见 and working line must let a reader follow the score without knowing
the data's names: ``points * (农户满意度 + 公众满意度) / 2`` reads
``15 × (93.06% + 91.58%) ÷ 2 = 13.85（农户满意度 93.06%，公众满意度 91.58%）``. Every figure prints at
its own precision (a fact by its unit, a rate to 0.01%, a score to 0.01), never as the expression's
names.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from jixiao.scoring.formula import parse

_SIGNS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷", ast.Mod: "%", ast.Pow: "^", ast.FloorDiv: "÷"}
_COMPARE = {ast.Gt: ">", ast.GtE: "≥", ast.Lt: "<", ast.LtE: "≤", ast.Eq: "=", ast.NotEq: "≠"}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Mod: 2, ast.FloorDiv: 2, ast.Pow: 3}


def spoken(expr: str, figure: Callable[[str], str]) -> str:
    """``expr`` with each name as ``figure(name)`` and ×, ÷, −, ≥ for the operators."""

    def text(node: ast.AST, outer: int = 0, right: bool = False) -> str:
        if isinstance(node, ast.Expression):
            return text(node.body)
        if isinstance(node, ast.Name):
            return figure(node.id)
        if isinstance(node, ast.Constant):
            return ast.unparse(node)
        if isinstance(node, ast.UnaryOp):
            sign = {ast.USub: "−", ast.UAdd: "+", ast.Not: "非 "}.get(type(node.op), "")
            return f"{sign}{text(node.operand, 3)}"
        if isinstance(node, ast.BinOp):
            own = _PRECEDENCE.get(type(node.op), 2)
            body = f"{text(node.left, own)} {_SIGNS.get(type(node.op), '?')} {text(node.right, own, True)}"
            return f"({body})" if own < outer or (own == outer and right) else body
        if isinstance(node, ast.Compare):
            parts = [text(node.left, 1)]
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                parts += [_COMPARE.get(type(op), "?"), text(comparator, 1)]
            return " ".join(parts)
        if isinstance(node, ast.BoolOp):
            word = " 且 " if isinstance(node.op, ast.And) else " 或 "
            return word.join(text(v, 1) for v in node.values)
        if isinstance(node, ast.IfExp):
            return f"（{text(node.test)} 时 {text(node.body)}，否则 {text(node.orelse)}）"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return f"{node.func.id}({', '.join(text(a) for a in node.args)})"
        return ast.unparse(node)

    return text(parse(expr))


def names_in_order(expr: str) -> list[str]:
    """The names of ``expr`` in the order they are written, each once (function names left out)."""
    tree = parse(expr)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    found: list[tuple[int, int, str]] = [
        (n.lineno, n.col_offset, n.id) for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called
    ]
    out: list[str] = []
    for _, _, name in sorted(found):
        if name not in out:
            out.append(name)
    return out
