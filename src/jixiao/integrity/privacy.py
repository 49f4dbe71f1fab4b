"""Personal data in anything public: mobile numbers, ID-card numbers, personal e-mail addresses.

Contacts declared in data are masked on output by ``data.contacts``; this check finds the
personal data typed *around* them — in content pages and data text fields. After a build,
``published`` searches every file of the built site for the declared non-public numbers.
"""

from __future__ import annotations

import re

from jixiao.data.contacts import MOBILE, mask_phone
from jixiao.errors import Finding
from jixiao.integrity.document import Document
from jixiao.scoring.score_sheet import ScoreSheet

ID_CARD = re.compile(r"(?<![\dA-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?P<domain>[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
#: mail providers whose addresses belong to a person, not an office
PERSONAL_DOMAINS = {
    "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com",
    "139.com", "189.cn", "aliyun.com", "gmail.com", "hotmail.com", "outlook.com", "live.com", "yahoo.com", "icloud.com",
}  # fmt: skip


def mask_id(number: str) -> str:
    return f"{number[:6]}********{number[-4:]}"


def scan_text(display: str, lines: list[tuple[int, str]], allowed: set[str], severity: str = "error") -> list[Finding]:
    """Personal data on each line; ``allowed`` holds numbers the data declares public."""
    findings = []
    for line_no, text in lines:
        for m in MOBILE.finditer(text):
            if m.group(0) not in allowed:
                findings.append(
                    Finding(
                        display,
                        line_no,
                        "个人信息",
                        f"手机号 {mask_phone(m.group(0))} 以明文出现",
                        "删除它，或在 contacts 中登记（默认遮蔽）",
                        severity,
                    )  # type: ignore[arg-type]
                )
        for m in ID_CARD.finditer(text):
            findings.append(Finding(display, line_no, "个人信息", f"身份证号 {mask_id(m.group(0))} 以明文出现", "删除身份证号", severity))  # type: ignore[arg-type]
        for m in EMAIL.finditer(text):
            if m.group("domain").lower() in PERSONAL_DOMAINS:
                findings.append(
                    Finding(display, line_no, "个人信息", f"个人邮箱 …@{m.group('domain')} 以明文出现", "改用单位公务邮箱或删除", severity)  # type: ignore[arg-type]
                )
    return findings


def public_numbers(sheet: ScoreSheet) -> set[str]:
    """Numbers the data declares public (an office hotline)."""
    return {re.sub(r"\D", "", c.phone) for c in sheet.evaluation.contacts if c.phone and c.public}


def private_numbers(sheet: ScoreSheet) -> set[str]:
    return {re.sub(r"\D", "", c.phone) for c in sheet.evaluation.contacts if c.phone and not c.public}


def check_document(doc: Document, allowed: set[str], severity: str = "error") -> list[Finding]:
    return scan_text(doc.display, list(doc.text_lines()), allowed, severity)


def check_data(sheet: ScoreSheet) -> list[Finding]:
    """Data text fields: a contact's own ``phone`` is fine (it is masked on output), any other number is not."""
    allowed = public_numbers(sheet) | private_numbers(sheet)
    findings = []
    for path in sorted(sheet.loaded.folder.iterdir()):
        if path.suffix in (".yaml", ".yml", ".csv") and path.is_file():
            display = f"scores/{sheet.id}/{path.name}"
            lines = list(enumerate(path.read_text(encoding="utf-8", errors="replace").split("\n"), 1))
            for line_no, text in lines:
                for m in MOBILE.finditer(text):
                    if m.group(0) in allowed and not re.search(r"\bphone\s*:", text):
                        findings.append(
                            Finding(
                                display,
                                line_no,
                                "个人信息",
                                f"联系人手机号 {mask_phone(m.group(0))} 写在了文字字段里",
                                "只在 contacts 的 phone 中登记",
                            )
                        )
            findings.extend(scan_text(display, lines, allowed))
    return findings
