"""Safe arithmetic over named numbers — never Python ``eval``.

Used for rates (``重点项目支出 / 项目总支出``), derived facts and the ``formula`` rule.
Expressions are evaluated by simpleeval with every numeric literal turned into a
``Decimal`` from its source text, so ``0.5`` stays exact. Only arithmetic, comparisons,
conditionals and the functions listed in ``FUNCTIONS`` are allowed; names resolve to
facts (and, in rules, ``points``). A formula is at most ``MAX_LENGTH`` characters and
``MAX_DEPTH`` levels deep, checked before Python's parser (which recurses) sees it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation, Overflow

from simpleeval import InvalidExpression, NameNotDefined, SimpleEval


class FormulaError(Exception):
    """An expression that cannot be evaluated; the message says why, ``fix`` what to do."""

    def __init__(self, message: str, fix: str = "改正公式") -> None:
        super().__init__(message)
        self.fix = fix


#: characters of one formula (the longest in the shipped data has 121)
MAX_LENGTH = 1_000
#: levels of its syntax tree (``(a + b) / c`` is 4 deep; the deepest in the shipped data has 5)
MAX_DEPTH = 50

#: what a user may write, for messages about what they may not
_ALLOWED_TEXT = "只用数字、事实名、+ - * /、比较、a if 条件 else b 和函数"


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


#: the only syntax a formula may use: numbers, names, arithmetic, comparisons, ``a if c else b``, calls
_ALLOWED = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)

#: what a refused construct is called in a message
_REFUSED = {
    ast.Attribute: "属性访问“.”",
    ast.Lambda: "“lambda”函数",
    ast.Subscript: "下标“[]”",
    ast.List: "列表",
    ast.Tuple: "元组",
    ast.Dict: "字典",
    ast.Set: "集合",
    ast.ListComp: "推导式",
    ast.GeneratorExp: "推导式",
    ast.DictComp: "推导式",
    ast.SetComp: "推导式",
    ast.NamedExpr: "赋值“:=”",
    ast.JoinedStr: "“f”字符串",
}


def parse(expr: str, functions: Mapping[str, object] | None = None) -> ast.Expression:
    """Parse ``expr`` and refuse anything but arithmetic over names and the allowed functions.

    Checked on the syntax tree before anything runs, so ``__import__("os")``, ``a.real``
    or a lambda never reach the evaluator, and the message says what is not allowed.
    """
    if len(expr) > MAX_LENGTH:
        raise FormulaError(f"公式有 {len(expr)} 个字符，超过上限 {MAX_LENGTH}", _SPLIT)
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"公式“{expr}”有语法错误", "检查运算符是否连写、括号是否成对") from exc
    except (RecursionError, MemoryError) as exc:
        raise FormulaError(f"公式的嵌套超过 {MAX_DEPTH} 层", _SPLIT) from exc
    if _depth(tree) > MAX_DEPTH:
        raise FormulaError(f"公式的嵌套超过 {MAX_DEPTH} 层", _SPLIT)
    allowed = {**FUNCTIONS, **(functions or {})}
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            what = _REFUSED.get(type(node), type(node).__name__)
            raise FormulaError(f"公式中不允许使用{what}", f"{_ALLOWED_TEXT} {'、'.join(allowed)}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name not in allowed or node.keywords:
                shown = name or ast.unparse(node.func)
                raise FormulaError(f"公式中不能调用 '{shown}'", f"可用函数：{'、'.join(allowed)}")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise FormulaError(f"公式中不能使用以下划线开头的名称 '{node.id}'", "事实名不以下划线开头")
    return tree


#: what to do with a formula too long or too deep
_SPLIT = "把它拆成几个派生事实（facts.yaml 中的 formula），再相互引用"


def _depth(tree: ast.AST) -> int:
    """How deep ``tree`` nests, walked without recursion."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def names_in(expr: str) -> set[str]:
    """The names an expression refers to (for dependency and typo checks)."""
    tree = parse(expr, {"total": None})
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - called


def evaluate(
    expr: str,
    names: Mapping[str, object],
    functions: Mapping[str, Callable[..., object]] | None = None,
) -> Decimal:
    """Evaluate ``expr``; raise ``FormulaError`` with a readable reason."""
    parse(expr, functions)
    evaluator = SimpleEval(names=dict(names), functions={**FUNCTIONS, **(functions or {})})
    evaluator.nodes[ast.Constant] = _decimal_constant
    try:
        result = evaluator.eval(expr.strip())
    except NameNotDefined as exc:
        raise FormulaError(f"公式“{expr}”引用的事实 '{exc.name}' 未定义", "在 facts.yaml 中添加它，或改正名称") from exc
    except (ZeroDivisionError, DivisionByZero) as exc:
        raise FormulaError(f"公式“{expr}”的分母为 0", "检查分母所引用事实的值") from exc
    except InvalidOperation as exc:
        raise FormulaError(f"公式“{expr}”为 0/0，无法计算", "检查分子、分母所引用事实的值") from exc
    except Overflow as exc:
        raise FormulaError(f"公式“{expr}”的结果超出可表示的范围", "检查乘方与乘法") from exc
    except InvalidExpression as exc:
        raise FormulaError(f"公式中有不允许的写法：{exc}") from exc
    except TypeError as exc:
        raise FormulaError(f"公式中的类型不匹配：{exc}") from exc
    if isinstance(result, bool):
        return Decimal(int(result))
    if not isinstance(result, Decimal | int):
        raise FormulaError(f"公式的结果不是数值：{result!r}")
    return Decimal(result)
