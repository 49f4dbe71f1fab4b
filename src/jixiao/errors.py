"""Findings and the one error type the engine raises.

Validation never stops at the first problem: every stage collects ``Finding``s and the
pipeline raises a single ``DataError`` carrying all of them, so a user fixes forty
problems in one run instead of forty runs. Only the CLI and the MkDocs glue turn a
``DataError`` into an exit code or a build failure.
"""

from __future__ import annotations

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
