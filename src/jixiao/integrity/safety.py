"""Unsafe content: raw HTML in a page that could run script, load a resource or read a file.

A public-disclosure site must not run code or call other servers, and its build must read
nothing but the project: Markdown pages may hold plain HTML (a ``<p>``, a ``<table>``) but never
``<script>``, ``<iframe>``, ``<object>``, ``<embed>``, ``<style>``, ``<link>``, ``<form>``, an
``on…=`` handler (also in an attribute list ``{: … }``), a ``javascript:`` URL, an ``http(s)://``
resource loaded by the page (``<img src>``, ``![](https://…)``), or a local file outside the docs
folder (``file:``, an absolute path, ``../`` past ``content/``): the PDF renderer would read it.
Links a reader clicks (``<a href>``, ``[text](https://…)``) are fine.
"""

from __future__ import annotations

import re

from jixiao.errors import Finding
from jixiao.integrity.document import Document

_TAG = re.compile(r"<\s*(?P<name>script|iframe|object|embed|frame|frameset|applet|base|meta|style|link|form)\b", re.I)
_HANDLER = re.compile(r"(?:<[a-z][^>]*|\{:?[^}]*)\s(?P<attr>on[a-z]+)\s*=", re.I)
_JS_URL = re.compile(r"(?:href|src|action|formaction|data)\s*=\s*[\"']?\s*javascript:", re.I)
_LOADS = re.compile(
    r"<\s*(?P<name>img|link|script|iframe|source|video|audio|input|embed|object)\b[^>]*\s(?:src|href|srcset|data|poster)\s*=\s*[\"']?\s*(?P<url>(?:https?:)?//[^\s\"'>]+)",
    re.I,
)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<url>(?:https?:)?//[^)\s>]+)")
#: a file the page refers to: an attribute's URL, a Markdown link or image target, a CSS ``url()``
_REFERENCE = re.compile(
    r"""(?:\b(?:src|href|srcset|data|poster|action)\s*=\s*["']?|\]\(\s*<?|url\(\s*["']?)(?P<url>[^\s"'>)]+)""",
    re.I,
)
_CODE_SPAN = re.compile(r"`+[^`]*`+")


def outside(url: str, depth: int | None) -> bool:
    """Whether ``url`` names a local file outside the docs folder, from a page ``depth`` folders below it."""
    if re.match(r"file:", url, re.I):
        return True
    if re.match(r"[a-z][a-z0-9+.-]*:|//|#", url, re.I):
        return False  # another scheme (http:, mailto:, data:), a third-party address, or an anchor
    if url.startswith(("/", "\\")) or re.match(r"[a-z]:[\\/]", url, re.I):
        return True
    if depth is None:
        return False
    climbed = 0
    for part in url.split("?")[0].split("#")[0].replace("\\", "/").split("/"):
        climbed += 1 if part == ".." else -1 if part not in ("", ".") else 0
        if climbed > depth:
            return True
    return False


def check_safety(doc: Document, depth: int | None = None) -> list[Finding]:
    """Each unsafe construct with its file and line (code spans and fenced code are text, not HTML).

    ``depth`` is how many folders below the docs folder the page is; without it, only ``file:``
    and absolute paths count as outside.
    """
    findings = []

    def add(line: int, message: str, fix: str) -> None:
        findings.append(Finding(doc.display, line, "不安全内容", message, fix))

    for line_no, raw in doc.text_lines():
        text = _CODE_SPAN.sub("", raw)
        for m in _TAG.finditer(text):
            add(line_no, f"页面含 <{m.group('name').lower()}> 标签，可执行脚本或嵌入外部内容", "删除该标签；公开页面不允许原始脚本")
        for m in _HANDLER.finditer(text):
            add(line_no, f"页面含事件属性 {m.group('attr').lower()}=，可执行脚本", "删除该属性")
        if _JS_URL.search(text):
            add(line_no, "页面含 javascript: 链接，可执行脚本", "改为普通链接")
        for m in _LOADS.finditer(text):
            add(line_no, f"页面从第三方地址加载 <{m.group('name').lower()}>：{m.group('url')}", "把文件放进 content/ 并用相对路径引用")
        for m in _MD_IMAGE.finditer(text):
            add(line_no, f"页面从第三方地址加载图片：{m.group('url')}", "把图片放进 content/ 并用相对路径引用")
        for m in _REFERENCE.finditer(text):
            if outside(m.group("url"), depth):
                add(line_no, f"页面引用 content/ 之外的文件：{m.group('url')}", "把文件放进 content/ 并用相对路径引用")
    return findings
