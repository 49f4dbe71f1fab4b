"""After a build: every file of the built site searched for the declared non-public numbers.

Contacts' numbers are masked on every output path; this search is the proof that none was
missed, whatever wrote the file (pages, search index, downloads). It runs on every build,
also one restored from ``.cache/build/``, so it reads the workbooks as zip files, without openpyxl.
"""

from __future__ import annotations

import gzip
import html
import re
import zipfile
from pathlib import Path

from jixiao.data.contacts import mask_phone
from jixiao.errors import Finding

TEXT_SUFFIXES = (".html", ".json", ".xml", ".txt", ".csv", ".js", ".md")
#: a page's text in the search index (``site/pagefind/fragment/``)
SEARCH_FRAGMENT = ".pf_fragment"
#: formatting of a rich-text run: it may sit between two runs of one cell's text
_RUN_FORMAT = re.compile(r"<rPr>.*?</rPr>", re.S)
#: tags inside one cell's text (runs, text elements): the text on both sides belongs together
_RUN_TAG = re.compile(r"</?(?:r|t)(?:\s[^>]*)?>")
_TAG = re.compile(r"<[^>]+>")


def workbook_text(path: Path) -> str:
    """The text of every part of an XLSX file, one cell value or string per line.

    An XLSX is a zip of XML parts; cell values and shared strings are element text, and a
    string split into formatted runs is joined again, so a number is found however it is stored.
    """
    parts = []
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.endswith(".xml"):
                xml = book.read(name).decode("utf-8", errors="ignore")
                parts.append(html.unescape(_TAG.sub("\n", _RUN_TAG.sub("", _RUN_FORMAT.sub("", xml)))))
    return "\n".join(parts)


def site_text(path: Path) -> str:
    """A file's text as a reader could get it: workbooks from their XML, search fragments unzipped.

    Pagefind keeps each page's text gzipped, with a zero-width space between the words it split.
    """
    if path.suffix == ".xlsx":
        return workbook_text(path)
    data = path.read_bytes()
    if path.suffix == SEARCH_FRAGMENT:
        return gzip.decompress(data).decode("utf-8", errors="ignore").replace("\u200b", "")
    return data.decode("utf-8", errors="ignore")


def check_site(site_dir: Path, numbers: set[str]) -> list[Finding]:
    """Every text file and workbook of a built site, searched for the declared non-public numbers.

    PDFs are not parsed here: their sources (print HTML and attachments) are checked before
    rendering (``outputs.pdf.publish.private_leaks``), which is both stricter and much faster.
    """
    findings = []
    if not numbers:
        return findings
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        if path.suffix not in (*TEXT_SUFFIXES, ".xlsx", SEARCH_FRAGMENT):
            continue
        text = site_text(path)
        for number in numbers:
            if number in text:
                display = path.relative_to(site_dir).as_posix()
                findings.append(
                    Finding(
                        f"site/{display}",
                        None,
                        "个人信息",
                        f"手机号 {mask_phone(number)} 未遮蔽就发布了",
                        "用 jixiao.data.contacts.contact_text 输出联系人",
                    )
                )
    return findings
