"""A page's source file: its YAML front matter belongs to the generator, its body is ours to bind.

Front matter (``hide: [toc]``…) is handed to the generator as written; the body is a template
the engine binds. Line numbers in findings are those of the file, front matter included.
"""

from __future__ import annotations

import re

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def front_matter(text: str) -> str:
    """The page's front matter block, delimiters included (empty when it has none)."""
    match = FRONT_MATTER.match(text)
    return match.group(0) if match else ""


def without_front_matter(text: str) -> str:
    """A page's Markdown body, its front matter's lines left empty so line numbers stay those of the file."""
    front = front_matter(text)
    return "\n" * front.count("\n") + text[len(front) :] if front else text
