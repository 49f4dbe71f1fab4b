"""Reading data files with line numbers, so every finding can point at a line.

YAML mappings load as ``LocDict`` and sequences as ``LocList``: plain ``dict``/``list``
that also remember the line of each key and item. YAML floats load as ``Decimal``
from their text (``4814130.68`` stays exact). Duplicate keys, which PyYAML would
silently overwrite, are reported. Data files come from pull requests, so YAML aliases
(``*name``, the means of an "alias bomb") and nesting deeper than ``MAX_DEPTH`` are refused
with their line, and so are a file larger than ``MAX_FILE_BYTES`` (before it is read), control
characters (a NUL byte) and numbers outside ``money.RANGE_TEXT`` (``.nan``, ``.inf``, ``1e999999999``,
a 5,000-digit integer). CSV files are read as UTF-8 (with or without BOM) or, as Chinese Excel
exports them, GBK.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.data.money import RANGE_TEXT, out_of_range
from jixiao.errors import Finding


class LocDict(dict):
    """A dict that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LocList(list):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


#: levels of nesting a data file may have (the deepest indicator tree needs about 12)
MAX_DEPTH = 50
#: size of one data file (the reference evaluation.yaml has 40 KB): a larger one is not read at all
MAX_FILE_BYTES = 5_000_000
#: characters no text file holds: C0 controls but tab, line feed and carriage return, DEL, C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Refused(yaml.MarkedYAMLError):
    """YAML a data file may not use, with what to write instead."""

    def __init__(self, message: str, fix: str, mark: yaml.Mark) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.fix = fix


class _Constructing:
    """What both loaders add to PyYAML's safe constructor: lines recorded, floats exact, duplicate keys reported."""

    construct_object: Any
    flatten_mapping: Any
    construct_scalar: Any

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)  # type: ignore[call-arg]
        self.file = file
        self.problems: list[Finding] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LocDict:  # type: ignore[override]
        self.flatten_mapping(node)
        result = LocDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            # keys are names, never YAML 1.1 booleans: `no: 2` must mean the key "no", not False
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(self.construct_object(key_node, deep=True))
            line = key_node.start_mark.line + 1
            if key in result:
                self.problems.append(
                    Finding(
                        self.file,
                        line,
                        "",
                        f"键 '{key}' 与第 {result.key_lines[key]} 行重复",
                        "删除或合并其中一个",
                    )
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LocList:  # type: ignore[override]
        result = LocList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Decimal:  # type: ignore[override]
        text = str(self.construct_scalar(node)).replace("_", "")
        if text.lower().lstrip("+-") in (".nan", ".inf"):
            return self._out_of_range(node, text, "不是有限的数（NaN 或无穷大）")
        value = Decimal(text)
        problem = out_of_range(value)
        return self._out_of_range(node, text, problem) if problem else value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | Decimal:  # type: ignore[override]
        """An integer of more digits than the range allows is refused before Python converts it (which, past
        4,300 digits, it will not)."""
        text = str(self.construct_scalar(node))
        if len(text.lstrip("+-").replace("_", "")) > MAX_INTEGER_TEXT:
            return self._out_of_range(node, text, "位数过多")
        value = super().construct_yaml_int(node)  # type: ignore[misc]
        problem = out_of_range(value)
        return self._out_of_range(node, text, problem) if problem else value

    def _out_of_range(self, node: yaml.ScalarNode, text: str, problem: str) -> Decimal:
        """Record a number outside the range; the 0 that stands in for it is never used, as the file has an error."""
        shown = text if len(text) <= 40 else f"{text[:20]}…（共 {len(text)} 个字符）"
        self.problems.append(Finding(self.file, node.start_mark.line + 1, "", f"数字 {shown} {problem}", RANGE_TEXT))
        return Decimal(0)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:  # type: ignore[override]
        """A date-looking scalar that is no date (``2023-02-30``) stays text, so the model reports it."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(self.construct_scalar(node))


class _Loader(_Constructing, yaml.SafeLoader):
    """The pure-Python loader: it refuses aliases and runaway nesting where it meets them, and its
    syntax errors are the ones ``_YAML_PROBLEMS`` translates."""

    depth = 0  #: how deep the node being composed is

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:  # type: ignore[override]
        """Refuse ``*alias`` (one alias can stand for millions of nodes) and runaway nesting."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise Refused(f"不能用 YAML 别名 *{event.anchor}", "把内容直接写出来（数据文件不用 & 锚点与 * 别名）", event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise Refused(f"嵌套超过 {MAX_DEPTH} 层", "检查缩进与括号", self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Unusual(Exception):
    """A file the fast loader leaves to the pure-Python one: an alias, deep nesting or a syntax error."""


class _FastLoader(_Constructing, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same constructor on LibYAML's parser, several times faster (a build reads every evaluation).

    LibYAML composes the whole node graph (it refuses nesting beyond 1,000 levels itself); the
    graph is then walked before anything is constructed: an alias appears as a node met twice,
    and that, or nesting beyond ``MAX_DEPTH``, sends the file to ``_Loader`` for its exact message.
    """

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if not _plain(node):
            raise _Unusual
        return self.construct_document(node)


def _plain(root: yaml.Node) -> bool:
    """Whether a node graph is a tree (no node reached twice, i.e. no alias) no deeper than ``MAX_DEPTH``."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return True


#: characters of an integer as written (digits, maybe in another base): one outside the range has more
MAX_INTEGER_TEXT = 20

for _cls in (_Loader, _FastLoader):
    _cls.add_constructor("tag:yaml.org,2002:int", _cls.construct_yaml_int)
    _cls.add_constructor("tag:yaml.org,2002:map", _cls.construct_mapping)
    _cls.add_constructor("tag:yaml.org,2002:seq", _cls.construct_sequence)
    _cls.add_constructor("tag:yaml.org,2002:float", _cls.construct_yaml_float)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _cls.construct_yaml_timestamp)


def read_text(path: Path, display: str) -> tuple[str | None, list[Finding]]:
    """Read a data file as UTF-8 (BOM allowed) or GBK; say what to do otherwise.

    A file over ``MAX_FILE_BYTES`` is refused before a byte is read; a control character (a NUL
    byte from a binary file or a bad copy) is refused with its line, before any parser sees it.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        message = f"文件有 {size / 1e6:.1f} MB，超过数据文件的上限 {MAX_FILE_BYTES // 1_000_000} MB，不读取"
        return None, [Finding(display, None, "", message, "数据文件只写评价的数据；大段文字与附件放在 content/ 的页面中")]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            fix = "用 Excel“另存为”选“CSV UTF-8”，或用编辑器以 UTF-8 重新保存"
            return None, [Finding(display, line, "", "文件既不是 UTF-8 也不是 GBK 编码，无法读取", fix)]
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}" + ("（NUL）" if control.group() == "\0" else "")
        return None, [
            Finding(
                display,
                line,
                "",
                f"文件中有控制字符 {code}，文本文件中不应有它",
                "删去该字符（多半来自二进制文件或复制粘贴），以 UTF-8 重新保存",
            )
        ]
    return text, []


def load_yaml(path: Path, display: str) -> tuple[Any, list[Finding]]:
    """Load one YAML file; return (data or None, findings)."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    try:
        return _parse(_FastLoader, text, display)
    except (yaml.YAMLError, _Unusual):
        pass
    try:  # again with the pure-Python loader, which names the alias or words the problem as ``_YAML_PROBLEMS`` expects
        return _parse(_Loader, text, display)
    except Refused as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        return None, [Finding(display, line, "", f"YAML 中不允许：{exc.problem}", exc.fix)]
    except yaml.MarkedYAMLError as exc:
        return None, [yaml_problem(exc, display)]


def _parse(loader_class: type[_Constructing], text: str, display: str) -> tuple[Any, list[Finding]]:
    loader: Any = loader_class(text, display)
    try:
        return loader.get_single_data(), loader.problems
    finally:
        loader.dispose()


#: PyYAML's problem texts → what they mean to someone typing data, and which mark to show
_YAML_PROBLEMS = [
    ("expected ',' or ']'", "方括号 [ 没有闭合", "context"),
    ("expected ',' or '}'", "花括号 { 没有闭合", "context"),
    ("found unexpected end of stream", "引号没有闭合", "context"),
    ("found character '\\t'", "用了制表符（Tab）缩进", "problem"),
    ("mapping values are not allowed here", "此处不能写“键: 值”（值中的冒号要加引号，或缩进有误）", "problem"),
    ("could not find expected ':'", "缺少冒号“:”", "problem"),
    ("expected <block end>", "缩进不一致", "problem"),
    ("did not find expected '-' indicator", "列表项的缩进不一致", "problem"),
    ("did not find expected key", "缩进不一致", "problem"),
    ("could not determine a constructor for the tag", "不支持的 YAML 标签（数据文件只写文字、数字、日期、列表和映射）", "problem"),
]


def yaml_problem(exc: yaml.MarkedYAMLError, display: str) -> Finding:
    """A YAML syntax error in words, at the line a user should look at.

    For an unclosed bracket or quote that is where it was opened, not where PyYAML
    noticed (often the next line or the end of the file).
    """
    text = " ".join(part for part in (exc.context, exc.problem) if part)
    meaning, which = next(((m, w) for key, m, w in _YAML_PROBLEMS if key in text), (text, "problem"))
    mark = (exc.context_mark if which == "context" else None) or exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    return Finding(display, line, "", f"YAML 语法错误：{meaning}", "检查缩进、冒号、括号和引号")


def load_csv(path: Path, display: str) -> tuple[list[dict[str, str]], list[int], list[Finding]]:
    """Load a CSV with a header row; return (rows, line numbers, findings)."""
    text, problems = read_text(path, display)
    if text is None:
        return [], [], problems
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    findings: list[Finding] = []
    header = reader.fieldnames or []
    if not header:
        return [], [], [Finding(display, 1, "", "CSV 文件没有表头行", "第一行写列名")]
    for row in reader:
        line = reader.line_num
        if None in row:
            count = len(header) + len(row[None])
            message = f"这一行有 {count} 列，多于表头的 {len(header)} 列"
            findings.append(Finding(display, line, "", message, '删除多余的逗号；带千分位逗号的金额要整格加引号，如 "3,000,000.00"'))
            continue
        if any(value is None for value in row.values()):
            count = sum(1 for value in row.values() if value is not None)
            findings.append(Finding(display, line, "", f"这一行只有 {count} 列，少于表头的 {len(header)} 列", "补齐缺少的单元格"))
            continue
        rows.append({key.strip(): (value or "").strip() for key, value in row.items()})
        lines.append(line)
    return rows, lines, findings


def path_at(node: Any, line: int) -> list[str | int]:
    """The path of the key or item written on ``line`` (the inverse of ``line_of``)."""
    if isinstance(node, LocDict):
        steps: list[tuple[str | int, int, Any]] = [(k, node.key_lines.get(k, 0), v) for k, v in node.items()]
    elif isinstance(node, LocList):
        steps = [(i, node.item_lines[i], v) for i, v in enumerate(node)]
    else:
        return []
    before = [(step, at, child) for step, at, child in steps if at <= line]
    if not before:
        return []
    step, at, child = max(before, key=lambda s: s[1])
    return [step] if at == line and not isinstance(child, LocDict | LocList) else [step, *path_at(child, line)]


def line_of(node: Any, path: Sequence[str | int]) -> int | None:
    """The line of the deepest node along ``path`` that has one."""
    best: int | None = getattr(node, "line", None) or None
    current = node
    for step in path:
        if isinstance(current, LocDict) and isinstance(step, str):
            if step not in current:
                continue  # a union tag or a missing key: stay on the mapping
            best = current.key_lines.get(step, best)
            current = current[step]
        elif isinstance(current, LocList) and isinstance(step, int) and 0 <= step < len(current):
            best = current.item_lines[step]
            current = current[step]
        else:
            break
    return best
