"""Findings and the one error type the engine raises.

Validation never stops at the first problem: every stage collects ``Finding``s and the
pipeline raises a single ``DataError`` carrying all of them, so a user fixes forty
problems in one run instead of forty runs. Only the CLI and the MkDocs glue turn a
``DataError`` into an exit code or a build failure.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem, located as precisely as the data allows."""

    file: str
    line: int | None
    where: str
    message: str
    fix: str = ""
    severity: Severity = "error"
    expected: str | None = None

    def __str__(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{loc}: {self.where}: {self.message}" if self.where else f"{loc}: {self.message}"
        if self.fix:
            text += f"（{self.fix}）"
        return text if self.severity == "error" else f"{text} [warning]"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view for ``--format json``."""
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "where": self.where,
            "message": self.message,
            "expected": self.expected,
            "fix": self.fix,
        }


@dataclass
class DataError(Exception):
    """Raised once, at the end of a stage, with every finding of that stage."""

    findings: list[Finding] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self.findings)


class Collector:
    """Accumulates findings; ``raise_if_errors`` fails once with all of them."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: list[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataError(list(self.findings))


#: what the machine's refusal to write means to the person building, by ``errno``
_WRITE_FAILURES = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超过系统允许的大小（磁盘配额或 ulimit -f）",
    errno.EROFS: "所在的文件系统是只读的",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.EISDIR: "这里是一个文件夹",
}


class WriteFailed(DataError, OSError):
    """A write the machine refused, as a finding. It is still an ``OSError``, so code that may do without a
    file (the build cache in a read-only checkout) goes on as before; everywhere else it is a ``DataError``."""


def write_failure(exc: OSError, path: str | os.PathLike[str] | None = None, action: str = "写入") -> WriteFailed:
    """A file the machine would not let a command write (disk full, read-only, too large), as one finding.

    ``path`` names the file when the error does not (a failed ``write`` carries no file name);
    ``action`` says what failed where it may not have been a write (the commands' last resort).
    """
    target = os.fspath(path) if path is not None else os.fsdecode(exc.filename) if exc.filename else "（输出文件）"
    here = os.getcwd() + os.sep
    target = target[len(here) :] if target.startswith(here) else target  # as other findings: from the project
    meaning = _WRITE_FAILURES.get(exc.errno or 0, exc.strerror or str(exc))
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    fix = "腾出磁盘空间、改正权限或换一个输出位置后重新运行"
    return WriteFailed([Finding(str(target), None, action, f"无法{action}：{meaning}（{code}）", fix)])


@contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[None]:
    """Writes to ``path`` inside this block fail as a ``DataError`` naming it, never as a traceback."""
    try:
        yield
    except OSError as exc:
        raise write_failure(exc, path) from None
