"""The sandbox page bindings run in: pages and text fields come from pull requests, so they are untrusted.

A page (``content/**/*.md``) and every text field of the data are Jinja templates. Before one is
compiled, its syntax tree is checked against what a page may do — call the binding functions, read
data fields, use the listed filters, ``if``/``for``/``set``/``macro`` — and everything else is refused
with its line and what to write instead (``refusals``): no ``include``/``import``/``extends`` (no file
is read), no attribute starting with ``_`` (no way to Python's internals), no method calls, no name
that is not a binding, no ``*``/``**``/``%``/``~`` (no huge strings or numbers; ``calc()`` does
arithmetic), no ``{% autoescape %}`` (data stays escaped). The syntax tree may nest only ``MAX_DEPTH``
levels and a number written in it have only ``MAX_DIGITS`` digits (checked before anything
compiles, so ``{{ 1+1+…+1 }}`` or a 5,000-digit literal is a refusal with its line, not a
``RecursionError``). What passes runs in Jinja's ``ImmutableSandboxedEnvironment`` narrowed further
(``PageSandbox``): attributes only of the data model's fields, and a ``Budget`` per render: loop
steps, the length of every string or list that ``+``, ``-``, a filter, a call or an output expression
makes (``MAX_RESULT``; a number's digits, ``MAX_DIGITS``), the total of all of them (``MAX_WORK``,
which bounds the memory a render can take, whatever it keeps) and the output.

A page renders with autoescaping (``html=True``): a data value (a title, a reason, feedback text)
reaches the page as text, never as HTML; the engine's own HTML (tables, the chart, the catalogue)
is ``Markup``. Text fields render without it: the table cells, CSV and JSON they go into escape or
quote for themselves.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import LoopContext, Namespace
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from jixiao.presentation.numbers import FILTERS, Figure

#: the filter the sandbox puts around every loop's iterable (the loop budget); a page cannot name it
LOOP_FILTER = "jx_bounded"
#: Jinja's own filters a page may use besides the project's (``FILTERS``), as README lists them
JINJA_FILTERS = tuple("length first last selectattr rejectattr map sum min max join default round abs sort unique list lower upper".split())
#: Jinja's tests (``is …``, ``selectattr("name", "equalto", …)``): comparisons only
JINJA_TESTS = tuple("defined undefined none number string equalto eq == ne != gt > ge >= lt < le <= in odd even".split())
#: attributes of a ``loop`` inside ``{% for %}``
LOOP_FIELDS = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "previtem", "nextitem"})
#: loop steps one render may take (the busiest reference page takes 105)
MAX_LOOP_STEPS = 10_000
#: characters one render may produce (the longest reference page, tables included, makes about 15,000)
MAX_OUTPUT = 2_000_000
#: length of a string or list that ``+``, ``-`` or a filter may make
MAX_RESULT = 100_000
#: digits of a number, written in a template or made by ``+``/``-`` (amounts in 元 need 16)
MAX_DIGITS = 30
#: all the work of one render: each loop step, call and filter, plus the characters or items of every
#: result and output value; a render can therefore allocate at most about this many characters in all
#: (the busiest reference page, its tables included, takes about 35,000)
MAX_WORK = 5_000_000
#: levels of a template's syntax tree (a tag in a loop in a macro…; the deepest reference page has 11)
MAX_DEPTH = 60

#: what to write instead, by the kind of construct refused
_ARITHMETIC = "算术用 calc(“…”)，如 calc(“(全年预算数 - 年初预算数) / 年初预算数”, “rate”)"
_BINDINGS = "只调用绑定函数，如 fact(“…”)、score(“…”)、table(“表3”)（见 README“安全”）"

#: syntax a page may not use: (what it is, what to use instead)
_REFUSED: dict[type[nodes.Node], tuple[str, str]] = {
    nodes.Include: ("{% include %}（引入文件）", "页面不能读取其他文件；把文字写进本页，表格用 {{ table(“表3”) }}"),
    nodes.Import: ("{% import %}（引入文件）", "页面不能读取其他文件；宏写在本页中"),
    nodes.FromImport: ("{% from … import %}（引入文件）", "页面不能读取其他文件；宏写在本页中"),
    nodes.Extends: ("{% extends %}（继承模板）", "页面不能读取其他文件；版式由主题决定"),
    nodes.Block: ("{% block %}", "页面不继承模板，直接写内容"),
    nodes.CallBlock: ("{% call %}", "直接调用宏"),
    nodes.FilterBlock: ("{% filter %}", "把过滤器写在 {{ … | 过滤器 }} 中"),
    nodes.EvalContextModifier: ("{% autoescape %}", "数据中的文字总是按文字显示；HTML 只来自 table()、chart() 等"),
    nodes.ScopedEvalContextModifier: ("{% autoescape %}", "数据中的文字总是按文字显示；HTML 只来自 table()、chart() 等"),
    nodes.Mul: ("乘法“*”", _ARITHMETIC),
    nodes.Pow: ("乘方“**”", _ARITHMETIC),
    nodes.Mod: ("“%”", _ARITHMETIC),
    nodes.FloorDiv: ("整除“//”", _ARITHMETIC),
    nodes.Concat: ("“~”拼接", "把文字和 {{ … }} 直接写在一起"),
}


@dataclass(frozen=True)
class Refusal:
    """One construct a page may not use, at its line of the template."""

    line: int
    message: str
    fix: str


class BudgetExceeded(jinja2.exceptions.SecurityError):
    """A render that would loop, compute or write without bound."""


class PageSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with only the bindings, the listed filters and data fields.

    ``+``, ``-`` and ``/`` go through ``call_binop``, every call through ``call``, every filter through
    a wrapper and every ``{{ … }}`` through ``finalize``: each charges the render's ``Budget``.
    ``*``, ``**``, ``%``, ``//`` and ``~`` are refused before compiling (``refusals``).
    """

    intercepted_binops = frozenset({"+", "-", "/"})

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=_escapes, keep_trailing_newline=True, finalize=_finalize)
        builtin = self.filters
        allowed = {name: builtin[name] for name in JINJA_FILTERS} | dict(FILTERS)
        self.filters = {name: _charged(name, f) for name, f in allowed.items()} | {LOOP_FILTER: _bounded}
        self.tests = {name: self.tests[name] for name in JINJA_TESTS}
        self.globals = {"namespace": Namespace}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Fields (and read-only properties) of the data model, of figures, dates and loops; no methods."""
        if attr.startswith("_"):
            return False
        if isinstance(obj, BaseModel):
            return attr in type(obj).model_fields or isinstance(getattr(type(obj), attr, None), property)
        if isinstance(obj, Figure):
            return attr in ("value", "kind")
        if isinstance(obj, dt.date):
            return attr in ("year", "month", "day")
        if isinstance(obj, LoopContext):
            return attr in LOOP_FIELDS
        return isinstance(obj, Namespace)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        hint = f"{type(obj).__name__} 没有可在页面中引用的属性 {attribute}"
        return self.undefined(hint, obj=obj, name=attribute, exc=jinja2.exceptions.SecurityError)

    def call_binop(self, context: jinja2.runtime.Context, operator_: str, left: Any, right: Any) -> Any:
        if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple) and len(left) + len(right) > MAX_RESULT:
            raise BudgetExceeded(f"“{operator_}”的结果超过 {MAX_RESULT} 个字符")
        result = _BINOPS[operator_](left, right)
        _charge(result)
        return result

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A binding, macro or ``namespace()`` call, charged with the size of what it returns."""
        _charge(None)
        result = super().call(__context, __obj, *args, **kwargs)
        _charge(result, limit=None)  # the engine's tables may be long; they still count towards the total
        return result


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "/": operator.truediv}


def _escapes(name: str | None) -> bool:
    """Pages (compiled as ``page``) escape data values; text fields (``text``) do not."""
    return name == "page"


class Budget:
    """What one render may still do: loop steps and work (see ``MAX_WORK``)."""

    def __init__(self) -> None:
        self.steps = MAX_LOOP_STEPS
        self.work = MAX_WORK

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise BudgetExceeded(f"循环超过 {MAX_LOOP_STEPS} 步")
        self.spend(1)

    def spend(self, units: int) -> None:
        self.work -= units
        if self.work < 0:
            raise BudgetExceeded(f"计算量超过 {MAX_WORK} 个单位（每步循环、每次调用与过滤、结果的每个字符或元素各计一个）")


#: the budget of the render running now (a text field rendered inside a page has its own); none while
#: Jinja's optimizer folds constants at compile time, which cannot grow past the template's own text
_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("jixiao_render_budget", default=None)


def _charge(result: Any, limit: int | None = MAX_RESULT) -> None:
    """Count ``result`` against the running render's budget; refuse one too long or a number too large."""
    if isinstance(result, str | list | tuple | dict):
        size = len(result)
        if limit is not None and size > limit:
            raise BudgetExceeded(f"结果超过 {limit} 个字符或元素")
    elif isinstance(result, int | float):
        if (isinstance(result, float) and not math.isfinite(result)) or abs(result) >= _TOO_LARGE:
            raise BudgetExceeded(f"数字超过 {MAX_DIGITS} 位")
        size = 1
    else:
        size = 1
    budget = _BUDGET.get()
    if budget is not None:
        budget.spend(size)


_TOO_LARGE = 10**MAX_DIGITS


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}``, in a page or inside a macro, counts what it writes (a macro's output is a string
    the page's output limit never sees)."""
    _charge(value, limit=None)
    return value


def _charged(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` (a filter) counted against the budget; ``join`` and ``sum`` checked before they build anything."""

    @functools.wraps(f)  # keeps Jinja's pass_context/pass_environment mark, so it is called as ``f`` is
    def charged(*args: Any, **kwargs: Any) -> Any:
        if name == "join":
            args = _bounded_join(args)
        elif name == "sum" and not isinstance(kwargs.get("start", 0), int | float):
            raise BudgetExceeded("sum 只能对数字求和")
        result = f(*args, **kwargs)
        _charge(result)
        return result

    return charged


def _bounded_join(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """``join``'s arguments with its iterable as a list whose joined length is known to fit ``MAX_RESULT``."""
    at = next(i for i, a in enumerate(args) if not isinstance(a, jinja2.nodes.EvalContext))
    items = list(args[at])
    if len(items) > MAX_RESULT or sum(len(x) if isinstance(x, str) else 20 for x in items) > MAX_RESULT:
        raise BudgetExceeded(f"join 的结果超过 {MAX_RESULT} 个字符")
    return (*args[:at], items, *args[at + 1 :])


@jinja2.pass_context  # never folded at compile time: the steps are counted while the page renders
def _bounded(context: jinja2.runtime.Context, iterable: Iterable[Any]) -> Iterator[Any]:
    """Every ``{% for %}`` iterates through this (``_guard_loops``), counting against the render's budget."""
    budget = _BUDGET.get()
    for item in iterable:
        if budget is not None:
            budget.step()
        yield item


def environment() -> PageSandbox:
    """A fresh sandbox for one binder: its globals (the bindings) are the binder's own."""
    return PageSandbox()


_COMPILER = PageSandbox()


def refusals(text: str, names: Iterable[str], hint: str | None = None) -> list[Refusal]:
    """Everything ``text`` may not do, given the binding ``names`` it may call (a syntax error is one refusal).

    ``hint`` is what to write instead of an unknown name (default: call a binding function).
    """
    return list(_refusals(text, frozenset(names), hint or _BINDINGS))


#: syntax trees that passed through ``_refusals`` and await ``compiled``, which takes them (and
#: changes them), so a page is parsed once; bounded, as a check may never be followed by a render
_CHECKED: dict[str, nodes.Template] = {}
_CHECKED_MAX = 32


@functools.lru_cache(maxsize=4096)
def _refusals(text: str, names: frozenset[str], hint: str) -> tuple[Refusal, ...]:
    """``refusals``, kept per text: a 附件1 cell text is checked once, not once per page and table."""
    try:
        tree = _COMPILER.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return (Refusal(exc.lineno or 1, f"模板语法错误：{exc.message}", "检查 {{ }} 与 {% %} 是否成对"),)
    except RecursionError:
        return (Refusal(1, "模板中的括号或标签嵌套过深", "减少嵌套；算术用 calc(“…”)"),)
    except ValueError:  # Python will not read an integer of more than 4,300 digits
        return (_long_number(_first_long_number(text)),)
    too_deep = _too_deep(tree)
    if too_deep is not None:
        return (Refusal(too_deep, f"页面模板的表达式或标签嵌套超过 {MAX_DEPTH} 层", _SIMPLER),)
    refused = _refused(tree, names, hint)
    if not refused:
        while len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[text] = tree
    return refused


#: what to write instead of a template too deep or a number too long
_SIMPLER = "拆成几个 {{ … }}，或用 {% set %} 分步；算术用 calc(“…”)"
_DIGITS = re.compile(r"\d[\d_]*")


def _too_deep(tree: nodes.Template) -> int | None:
    """The line of the first node nested deeper than ``MAX_DEPTH`` (walked without recursion), or ``None``."""
    stack: list[tuple[nodes.Node, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node.lineno or 1
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())
    return None


def _first_long_number(text: str) -> int:
    """The line of the first run of digits longer than ``MAX_DIGITS`` in ``text``."""
    match = next((m for m in _DIGITS.finditer(text) if len(m.group()) > MAX_DIGITS), None)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _long_number(line: int) -> Refusal:
    return Refusal(line, f"页面模板中的数字超过 {MAX_DIGITS} 位", "数字写在 facts.yaml 中，页面用 fact(“…”) 引用")


def _refused(tree: nodes.Template, names: frozenset[str], hint: str) -> tuple[Refusal, ...]:
    every = list(tree.find_all(nodes.Node))  # one walk of the tree (each find_all is a walk of its own)
    macros = {m.name for m in every if isinstance(m, nodes.Macro)}
    known = names | macros | {"loop"} | {n.name for n in every if isinstance(n, nodes.Name) and n.ctx in ("store", "param")}
    out = []
    for node in every:
        line = node.lineno or 1
        kind = type(node)
        if kind in _REFUSED:
            what, fix = _REFUSED[kind]
            out.append(Refusal(line, f"页面模板中不允许{what}", fix))
        elif isinstance(node, nodes.Const) and _too_large(node.value):
            out.append(_long_number(line))
        elif isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            out.append(Refusal(line, f"页面模板中不允许访问以下划线开头的属性 .{node.attr}", "只引用数据字段，如 meta.title、meta.year"))
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_"):
            out.append(
                Refusal(line, f"页面模板中不允许访问以下划线开头的键 [“{node.arg.value}”]", "只引用数据字段，如 meta.title、meta.year")
            )
        elif isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in known:
            out.append(Refusal(line, f"页面模板中没有名称 {node.name}", hint))
        elif isinstance(node, nodes.Call) and not isinstance(node.node, nodes.Name):
            out.append(Refusal(line, "页面模板中只能调用绑定函数和本页的宏，不能调用方法", _BINDINGS))
        elif isinstance(node, nodes.Filter | nodes.Test) and node.name not in _allowed(node):
            kind_name = "过滤器" if isinstance(node, nodes.Filter) else "测试"
            shown = "、".join(sorted(_allowed(node) - {LOOP_FILTER}, key=lambda n: (not n.isascii(), n)))
            out.append(Refusal(line, f"页面模板中没有{kind_name} {node.name}", f"可用：{shown}"))
    for macro in (m for m in every if isinstance(m, nodes.Macro)):
        for call in macro.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name in macros:
                out.append(
                    Refusal(
                        call.lineno or 1, f"宏 {macro.name} 中不允许调用宏 {call.node.name}", "宏只调用绑定函数；需要时把两个宏写成一个"
                    )
                )
    return tuple(sorted(dict.fromkeys(out), key=lambda r: r.line))


def _too_large(value: object) -> bool:
    """A number literal past ``MAX_DIGITS`` digits (``1e999`` reads as infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not math.isfinite(value) or abs(value) >= _TOO_LARGE


def _allowed(node: nodes.Filter | nodes.Test) -> set[str]:
    return set(_COMPILER.filters if isinstance(node, nodes.Filter) else _COMPILER.tests) - {LOOP_FILTER}


def _guard_loops(tree: nodes.Template) -> nodes.Template:
    """Route every loop's iterable through the ``jx_bounded`` filter (the budget of loop steps)."""
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.iter.lineno)
    return tree


@functools.lru_cache(maxsize=4096)
def compiled(text: str, html: bool) -> Any:
    """Compiled code of a template that passed ``refusals`` (shared between binders: it depends on the text only)."""
    checked = _CHECKED.pop(text, None)
    tree = _guard_loops(checked or _COMPILER.parse(text))
    return _COMPILER.compile(tree, name="page" if html else "text")


def render(env: PageSandbox, text: str, html: bool) -> str:
    """Run ``text`` (checked by ``refusals``) with ``env``'s bindings, within the budget and output limit."""
    template = env.template_class.from_code(env, compiled(text, html), env.make_globals(None), None)
    token = _BUDGET.set(Budget())
    try:
        out: list[str] = []
        size = 0
        for chunk in template.generate():
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise BudgetExceeded(f"输出超过 {MAX_OUTPUT} 个字符")
            out.append(chunk)
        return "".join(out)
    finally:
        _BUDGET.reset(token)
