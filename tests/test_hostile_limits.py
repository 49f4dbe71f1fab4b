"""Inputs that used to crash, hang or lose data: each is now a finding with its file and line, exit 1.

The cases of issue 19's "What crashed or hung" and "What lost or hid data" (those the build's
staging folder and lock do not cover): page templates that ran out of memory or recursion, data
files with NaN, NUL bytes, numbers no page can print or no parser can read, formulas and files too
big to parse, a full disk and a read-only cache, ``scores/``, ``content/`` and ``mkdocs.yml`` as
symbolic links, a published evaluation or its consent removed without a withdrawal record, and a
pull request that changes build code. Every case runs the real commands in a throw-away copy of the
project (``jixiao check``, ``mkdocs build --strict``, ``jixiao render``, ``check --against``,
``jixiao diff``) and asserts the exact message, the exit code, that no traceback is printed and, for
a page, that the build stayed under 200 MB (its peak resident size, read from ``getrusage``).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BIN, REFERENCE, copy_project, git, run
from test_hostile_inputs import CANARY, PAGE, assert_contained

FACTS = f"scores/{REFERENCE}/facts.yaml"
EVALUATION = f"scores/{REFERENCE}/evaluation.yaml"
SECOND = "langfang-nuantong-2019"
#: a check or build of one hostile page may take no more than this (resident, at its peak)
PEAK_LIMIT_KB = 200_000
#: the fix every runtime budget finding gives
RUNTIME_FIX = "（只引用数据字段和绑定函数（见 README“安全”））"
RANGE_FIX = "（数据中的数字须是有限的十进制数，绝对值小于 10^15，小数不超过 10 位）"


def measured(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run a project command in a child that reports the peak resident size (KB) of what it ran.

    The address space is capped at 3 GB, so a regression fails the case instead of the machine.
    """
    exe = str(BIN / args[0])
    probe = (
        "import resource, subprocess, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
        "code = subprocess.call(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    environ = {**os.environ, "JIXIAO_PDF": "0", **(env or {})}
    done = subprocess.run([sys.executable, "-c", probe, exe, *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=600, env=environ)
    *rest, peak = done.stderr.rstrip("\n").rsplit("\n", 1)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout, "\n".join(rest)), int(peak)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    return copy_project(tmp_path / "project")


def write_page(project: Path, payload: str) -> None:
    """A page of the reference evaluation: a heading, a blank line and the payload on line 3."""
    (project / PAGE).write_text(f"# 附记\n\n{payload}\n", encoding="utf-8")


def append(project: Path, name: str, text: str) -> int:
    """Append ``text`` to a data file; return the line it starts on."""
    file = project / name
    before = file.read_text(encoding="utf-8")
    file.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


# -- page templates: budgets inside the sandbox ----------------------------------------------------------------

ONE_TO_TEN = "[1,2,3,4,5,6,7,8,9,10]"
#: a 65,536-character string made by doubling (each "+" stays within the 100,000 of one result)
DOUBLED = '{% set ns = namespace(s="汉", l=[]) %}' + "".join("{% set ns.s = ns.s + ns.s %}" for _ in range(16))


@dataclass(frozen=True)
class PageCase:
    id: str
    payload: str
    expected: str
    static: bool  #: refused before rendering, so ``jixiao check`` reports it too


PAGES = [
    PageCase(
        "nested-set-join",  # was 3.3 GB and then MemoryError
        '{% set a = "xxxxxxxxxx" %}' + "{% set a = [a,a,a,a,a,a,a,a,a,a]|join %}" * 12 + "{{ a|length }}",
        f"{PAGE}:3: 页面模板中不允许：join 的结果超过 100000 个字符{RUNTIME_FIX}",
        static=False,
    ),
    PageCase(
        "sum-of-3000-terms",  # was a RecursionError traceback
        "{{ " + "+".join(["1"] * 3000) + " }}",
        f"{PAGE}:3: 页面模板的表达式或标签嵌套超过 60 层（拆成几个 {{{{ … }}}}，或用 {{% set %}} 分步；算术用 calc(“…”)）",
        static=True,
    ),
    PageCase(
        "5001-digit-literal",  # was a ValueError traceback (Python reads no integer of over 4,300 digits)
        "{{ " + "7" * 5001 + " }}",
        f"{PAGE}:3: 页面模板中的数字超过 30 位（数字写在 facts.yaml 中，页面用 fact(“…”) 引用）",
        static=True,
    ),
    PageCase(
        "31-digit-literal",
        "{{ 1" + "0" * 30 + " }}",
        f"{PAGE}:3: 页面模板中的数字超过 30 位（数字写在 facts.yaml 中，页面用 fact(“…”) 引用）",
        static=True,
    ),
    PageCase(
        "doubling-past-a-result",
        DOUBLED + "{% set ns.s = ns.s + ns.s %}{{ ns.s|length }}",
        f"{PAGE}:3: 页面模板中不允许：“+”的结果超过 100000 个字符{RUNTIME_FIX}",
        static=False,
    ),
    PageCase(
        "kept-copies",  # 10,000 strings of 65,536 characters kept in a list would be 1.3 GB
        DOUBLED
        + f"{{% for a in {ONE_TO_TEN} %}}{{% for b in {ONE_TO_TEN} %}}{{% for c in {ONE_TO_TEN} %}}{{% for d in {ONE_TO_TEN} %}}"
        + '{% set ns.l = ns.l + [ns.s + "x"] %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{{ ns.l|length }}',
        f"{PAGE}:3: 页面模板中不允许：计算量超过 5000000 个单位（每步循环、每次调用与过滤、结果的每个字符或元素各计一个）{RUNTIME_FIX}",
        static=False,
    ),
    PageCase(
        "macro-output",  # a macro's output is a string the page's output limit never sees
        DOUBLED
        + f"{{% macro m() %}}{{% for a in {ONE_TO_TEN} %}}{{% for b in {ONE_TO_TEN} %}}{{{{ ns.s }}}}{{% endfor %}}{{% endfor %}}{{% endmacro %}}"
        + "{% set x = m() %}{{ x|length }}",
        f"{PAGE}:3: 页面模板中不允许：计算量超过 5000000 个单位（每步循环、每次调用与过滤、结果的每个字符或元素各计一个）{RUNTIME_FIX}",
        static=False,
    ),
    PageCase(
        "sum-of-lists",
        "{{ [[1], [2], [3]]|sum(start=[]) }}",
        f"{PAGE}:3: 页面模板中不允许：sum 只能对数字求和{RUNTIME_FIX}",
        static=False,
    ),
]


@pytest.mark.parametrize("case", PAGES, ids=[c.id for c in PAGES])
def test_page_over_a_budget_is_a_finding_within_200_mb(case: PageCase, project: Path, tmp_path: Path) -> None:
    assert len(case.payload.encode()) < 6100  # about 1 KB; the sum and literal take 6 and 5 KB
    write_page(project, case.payload)
    site = tmp_path / "site"
    built, peak = measured("mkdocs", "build", "--strict", "-d", str(site), cwd=project)
    assert built.returncode == 1, built.stderr[-2000:]
    assert case.expected in built.stderr, built.stderr[-3000:]
    assert_contained(built.stdout + built.stderr, project)
    assert not site.exists()
    assert peak < PEAK_LIMIT_KB, f"peak {peak} KB"
    checked, peak = measured("jixiao", "check", cwd=project)
    assert peak < PEAK_LIMIT_KB, f"peak {peak} KB"
    assert_contained(checked.stdout + checked.stderr, project)
    if case.static:
        assert checked.returncode == 1 and case.expected in checked.stderr, checked.stderr[-3000:]


def test_the_reference_pages_stay_well_inside_the_budgets() -> None:
    """The budgets leave the real pages a wide margin (the busiest takes well under 1 % of the work)."""
    from conftest import ROOT

    from jixiao.build.evaluation import compute
    from jixiao.config import Options
    from jixiao.data.evaluations import evaluation_ids
    from jixiao.presentation import sandbox

    seen: list[sandbox.Budget] = []
    original = sandbox.Budget

    class Watched(original):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()
            seen.append(self)

    sandbox.Budget = Watched  # type: ignore[misc]
    try:
        for eval_id in evaluation_ids(ROOT):  # computed, never taken from the build cache: every page renders
            compute(ROOT, ROOT / "content", Options(), eval_id)
    finally:
        sandbox.Budget = original  # type: ignore[misc]
    assert seen
    assert max(sandbox.MAX_WORK - b.work for b in seen) < sandbox.MAX_WORK // 100
    assert max(sandbox.MAX_LOOP_STEPS - b.steps for b in seen) < sandbox.MAX_LOOP_STEPS // 10


# -- data files: nothing a parser chokes on, nothing no page can print ---------------------------------------


@dataclass(frozen=True)
class DataCase:
    id: str
    plant: Callable[[Path], int]  #: puts the input in place; returns the line the finding names
    expected: str  #: with ``{line}``


def fact(body: str, name: str = "坏值") -> Callable[[Path], int]:
    return lambda project: append(project, FACTS, f"{name}: {body}\n")


def nul_byte(project: Path) -> int:
    file = project / FACTS
    data = file.read_bytes()
    file.write_bytes(data + "坏值: {value: 1, label: 坏\0}\n".encode())
    return data.count(b"\n") + 1


def control_in_csv(project: Path) -> int:
    return append(project, f"scores/{REFERENCE}/samples.csv", "泸水市应急管理局,救灾\x1b[31m资金,100.00\n")


def csv_amount(amount: str) -> Callable[[Path], int]:
    return lambda project: append(project, f"scores/{REFERENCE}/samples.csv", f"泸水市应急管理局,另一个项目,{amount}\n")


def huge_feedback(project: Path) -> int:
    """A 200 MB feedback.yaml (sparse: it takes no disk), which took 3.1 GB and 90 s before."""
    with (project / f"scores/{REFERENCE}/feedback.yaml").open("r+b") as fh:
        fh.truncate(200_000_000)
    return 0


def deep_rate(project: Path) -> int:
    file = project / EVALUATION
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("rates:\n", f'rates:\n  深: "{"-" * 80}1"\n', 1), encoding="utf-8")
    return text[: text.index("rates:\n")].count("\n") + 2


DATA = [
    DataCase("nan", fact("{value: .nan, label: 坏}"), f"{FACTS}:{{line}}: 坏值: 数字 .nan 不是有限的数（NaN 或无穷大）{RANGE_FIX}"),
    DataCase("inf", fact("{value: .inf, label: 坏}"), f"{FACTS}:{{line}}: 坏值: 数字 .inf 不是有限的数（NaN 或无穷大）{RANGE_FIX}"),
    DataCase("minus-inf", fact("{value: -.Inf, label: 坏}"), f"{FACTS}:{{line}}: 坏值: 数字 -.Inf 不是有限的数（NaN 或无穷大）{RANGE_FIX}"),
    DataCase("nan-as-text", fact('{value: "NaN", label: 坏}'), f"{FACTS}:{{line}}: 坏值: 'NaN' 不是有限的数（NaN 或无穷大）{RANGE_FIX}"),
    DataCase(
        "huge-exponent",  # was blamed on the page that printed it
        fact("{value: 1e999999999, label: 巨大}", "巨大"),
        f"{FACTS}:{{line}}: 巨大: 'value' 的值 1e999999999 超过 15 位整数{RANGE_FIX}",
    ),
    DataCase(
        "5001-digit-integer",
        fact("{value: " + "9" * 5001 + ", label: 长}"),
        f"{FACTS}:{{line}}: 坏值: 数字 99999999999999999999…（共 5001 个字符） 位数过多{RANGE_FIX}",
    ),
    DataCase(
        "16-digit-amount",
        fact("{value: 1234567890123456.00, label: 大}"),
        f"{FACTS}:{{line}}: 坏值: 数字 1234567890123456.00 超过 15 位整数{RANGE_FIX}",
    ),
    DataCase(
        "11-decimals", fact("{value: 0.12345678901, label: 细}"), f"{FACTS}:{{line}}: 坏值: 数字 0.12345678901 小数超过 10 位{RANGE_FIX}"
    ),
    DataCase(
        "nul-byte",  # the finding named no file before
        nul_byte,
        f"{FACTS}:{{line}}: 文件中有控制字符 U+0000（NUL），文本文件中不应有它（删去该字符（多半来自二进制文件或复制粘贴），以 UTF-8 重新保存）",
    ),
    DataCase(
        "escape-in-csv",
        control_in_csv,
        f"scores/{REFERENCE}/samples.csv:{{line}}: 文件中有控制字符 U+001B，文本文件中不应有它（删去该字符（多半来自二进制文件或复制粘贴），以 UTF-8 重新保存）",
    ),
    DataCase(
        "nan-amount-in-csv",
        csv_amount("NaN"),
        f"scores/{REFERENCE}/samples.csv:{{line}}: 另一个项目: 支出金额 'NaN' 不是有限的数（NaN 或无穷大）{RANGE_FIX}",
    ),
    DataCase(
        "huge-amount-in-csv",
        csv_amount("1e20"),
        f"scores/{REFERENCE}/samples.csv:{{line}}: 另一个项目: 支出金额 '1e20' 超过 15 位整数{RANGE_FIX}",
    ),
    DataCase(
        "100000-term-formula",  # was a RecursionError traceback
        fact("{formula: " + "+".join(["1"] * 100_000) + ", label: 长}", "长公式"),
        f"{FACTS}:{{line}}: 长公式: 公式有 199999 个字符，超过上限 1000（把它拆成几个派生事实（facts.yaml 中的 formula），再相互引用）",
    ),
    DataCase(
        "deep-rate",
        deep_rate,
        f"{EVALUATION}:{{line}}: 比率 深: 公式的嵌套超过 50 层（把它拆成几个派生事实（facts.yaml 中的 formula），再相互引用）",
    ),
    DataCase(
        "200-mb-feedback",
        huge_feedback,
        f"scores/{REFERENCE}/feedback.yaml: 文件有 200.0 MB，超过数据文件的上限 5 MB，不读取（数据文件只写评价的数据；大段文字与附件放在 content/ 的页面中）",
    ),
]


@pytest.mark.parametrize("case", DATA, ids=[c.id for c in DATA])
def test_data_outside_the_limits_is_a_finding(case: DataCase, project: Path, tmp_path: Path) -> None:
    line = case.plant(project)
    expected = case.expected.format(line=line)
    checked, peak = measured("jixiao", "check", cwd=project)
    assert checked.returncode == 1, checked.stderr[-2000:]
    assert expected in checked.stderr.splitlines(), checked.stderr[-3000:]
    assert_contained(checked.stdout + checked.stderr, project)
    assert peak < PEAK_LIMIT_KB, f"peak {peak} KB"
    site = tmp_path / "site"
    built = run("mkdocs", "build", "--strict", "-d", str(site), cwd=project, env={"JIXIAO_PDF": "0"})
    assert built.returncode == 1 and expected in built.stderr, built.stderr[-3000:]
    assert_contained(built.stdout + built.stderr, project)
    assert not site.exists()


def test_a_huge_number_is_blamed_on_the_data_not_the_page_printing_it(project: Path) -> None:
    line = append(project, FACTS, "巨大: {value: 1e999999999, label: 巨大}\n")
    write_page(project, '{{ fact("巨大") }}')
    rendered = run("jixiao", "render", "--out", str(project / "out"), cwd=project, env={"JIXIAO_PDF": "0"})
    assert rendered.returncode == 1
    assert f"{FACTS}:{line}: 巨大: 'value' 的值 1e999999999 超过 15 位整数{RANGE_FIX}" in rendered.stderr.splitlines()
    assert PAGE not in rendered.stderr


# -- a full disk, a read-only cache ----------------------------------------------------------------------------


def limited_file_size(limit: int) -> Callable[[], None]:
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_file_too_large_for_the_disk_is_named(project: Path) -> None:
    """RLIMIT_FSIZE makes every write past 20,000 bytes fail with EFBIG, as a full quota does.

    (No bytecode is written meanwhile: a truncated .pyc would outlive the test.)
    """
    out = project / "out"
    done = subprocess.run(
        [str(BIN / "jixiao"), "render", "--out", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=limited_file_size(20_000),
        env={**os.environ, "JIXIAO_PDF": "0", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 1, done.stderr[-2000:]
    failed = [line for line in done.stderr.splitlines() if ": 写入: 无法写入：" in line]
    assert len(failed) == 1, done.stderr[-3000:]
    assert failed[0].startswith("out/docs/") and failed[0].endswith(
        ": 写入: 无法写入：文件超过系统允许的大小（磁盘配额或 ulimit -f）（EFBIG）（腾出磁盘空间、改正权限或换一个输出位置后重新运行）"
    )
    assert (out / failed[0].split(":")[0].removeprefix("out/")).parent.is_dir()
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr


def in_mount_namespace(project: Path, options: str, *command: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` with ``project/.cache`` a tmpfs mounted with ``options``, in a user and mount namespace
    of its own (no privileges needed, nothing outside it sees the mount)."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is missing")
    (project / ".cache").mkdir(exist_ok=True)
    script = f'mount -t tmpfs -o {options} jixiao-test .cache && exec "$@"'
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", *command],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "JIXIAO_PDF": "0"},
    )
    if "mount" in done.stderr and done.returncode != 0 and "jixiao" not in done.stderr:
        pytest.skip(f"this machine allows no unprivileged mount namespace: {done.stderr.strip()}")
    return done


def test_a_full_disk_fails_the_build_naming_the_file_and_keeps_the_old_site(project: Path) -> None:
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the site as last published", encoding="utf-8")
    done = in_mount_namespace(project, "size=300k", str(BIN / "mkdocs"), "build", "--strict")
    assert done.returncode == 1, done.stderr[-2000:]
    failed = [line for line in done.stderr.splitlines() if ": 写入: 无法写入：" in line]
    assert len(failed) == 1 and failed[0].startswith(".cache/render/mkdocs/docs/"), done.stderr[-3000:]
    assert failed[0].endswith(": 写入: 无法写入：磁盘已满（ENOSPC）（腾出磁盘空间、改正权限或换一个输出位置后重新运行）")
    assert "Traceback" not in done.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the site as last published"


def test_a_read_only_cache_fails_the_render_naming_the_file(project: Path) -> None:
    done = in_mount_namespace(project, "ro", str(BIN / "jixiao"), "render", "--out", ".cache/render/build")
    assert done.returncode == 1, done.stderr[-2000:]
    failed = [line for line in done.stderr.splitlines() if ": 写入: 无法写入：" in line]
    assert len(failed) == 1 and failed[0].startswith(".cache/render/build/"), done.stderr[-3000:]
    assert failed[0].endswith(": 写入: 无法写入：所在的文件系统是只读的（EROFS）（腾出磁盘空间、改正权限或换一个输出位置后重新运行）")
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr


# -- scores/, content/ and mkdocs.yml as symbolic links ---------------------------------------------------------


@pytest.mark.parametrize(("name", "what"), [("scores", "文件夹"), ("content", "文件夹"), ("mkdocs.yml", "文件")])
def test_a_linked_root_is_refused_by_every_command(name: str, what: str, project: Path, tmp_path: Path) -> None:
    """The link leads to a copy outside the project whose pages and data carry a canary: nothing of it is read."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(project / name, elsewhere / name)
    for path in (elsewhere / name).rglob("*.md") if (elsewhere / name).is_dir() else []:
        path.write_text(path.read_text(encoding="utf-8") + f"\n{CANARY}\n", encoding="utf-8")
    os.symlink(elsewhere / name, project / name)
    expected = (
        f"{name}: 符号链接: {name} 本身是符号链接（指向 {elsewhere / name}），任何命令都不经它读取（把{what}本身放进仓库，不用符号链接）"
    )
    site = tmp_path / "site"
    for command in (
        ("jixiao", "check"),
        ("jixiao", "score", REFERENCE),
        ("jixiao", "render", "--out", str(tmp_path / "out")),
        ("mkdocs", "build", "--strict", "-d", str(site)),
    ):
        done = run(*command, cwd=project, env={"JIXIAO_PDF": "0"})
        assert done.returncode == 1, (command, done.stderr[-2000:])
        assert done.stderr.count(expected) == 1, (command, done.stderr[-3000:])
        assert_contained(done.stdout + done.stderr, project)
    assert not site.exists() and not (tmp_path / "out").exists()


# -- withdrawing a published evaluation needs a record ------------------------------------------------------------


def repository(tmp_path: Path) -> Path:
    """The project as a git repository whose one commit is the published edition."""
    (tmp_path / "repo").mkdir()
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "published edition")
    return repo


LANGFANG_TITLE = "办公宿舍楼、食堂及餐厅暖通改造经费项目支出绩效自评表（2019年度）"
WITHDRAWAL = f"- {{id: {SECOND}, title: {LANGFANG_TITLE}, date: 2027-01-15, why: 实施单位撤下了原文}}\n"


def test_deleting_a_published_evaluation_needs_a_withdrawal_record(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    git(repo, "rm", "-r", "-q", f"scores/{SECOND}", f"content/{SECOND}")
    checked = run("jixiao", "check", "--against", "HEAD", cwd=repo)
    assert checked.returncode == 1, checked.stderr[-2000:]
    assert (
        f"scores/{SECOND}: {SECOND}: 已公开的评价在 HEAD 之后被删除，但没有撤回记录（撤回须在 scores/withdrawals.yaml 中加一条 "
        f"- {{id: {SECOND}, title: {LANGFANG_TITLE}, date: "
    ) in checked.stderr
    diffed = run("jixiao", "diff", "HEAD", cwd=repo)
    assert diffed.returncode == 0 and "已公开的评价在 " in diffed.stdout and "之后被删除，但没有撤回记录" in diffed.stdout

    (repo / "scores" / "withdrawals.yaml").write_text(WITHDRAWAL, encoding="utf-8")
    checked = run("jixiao", "check", "--against", "HEAD", cwd=repo)
    assert checked.returncode == 0, checked.stderr[-2000:]
    site = tmp_path / "site"
    built = run("mkdocs", "build", "--strict", "-d", str(site), cwd=repo, env={"JIXIAO_PDF": "0"})
    assert built.returncode == 0, built.stderr[-3000:]
    corrections = (site / "corrections" / "index.html").read_text(encoding="utf-8")
    row = corrections[corrections.index("2027 年 1 月 15 日") :]
    row = row[: row.index("</tr>")]
    assert "撤回" in row and LANGFANG_TITLE in row and "撤回公开，不再在本站发布" in row and "实施单位撤下了原文" in row
    assert not (site / SECOND).exists()


def test_removing_the_consent_of_a_published_evaluation_needs_a_withdrawal_record(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    file = repo / EVALUATION
    text = file.read_text(encoding="utf-8")
    start = text.index("publication:\n")
    end = text.index("\n", text.index("同级财政部门", start)) + 1
    file.write_text(text[:start] + text[end:], encoding="utf-8")
    checked = run("jixiao", "check", "--against", "HEAD", cwd=repo)
    assert checked.returncode == 1
    title_line = next(i + 1 for i, row in enumerate(text.splitlines()) if row.startswith("title:"))  # publication: is gone
    assert (
        f"{EVALUATION}:{title_line}: {REFERENCE}: 已公开的评价的公开同意（publication）在 HEAD 之后被删改，它将不再公开，但没有撤回记录"
    ) in checked.stderr
    record = f"- {{id: {REFERENCE}, title: 泸水市应急管理局2022年部门整体支出绩效评价报告, date: 2027-02-01, why: 委托方撤回公开同意}}\n"
    (repo / "scores" / "withdrawals.yaml").write_text(record, encoding="utf-8")
    checked = run("jixiao", "check", "--against", "HEAD", cwd=repo)
    assert "公开同意（publication）" not in checked.stderr, checked.stderr[-2000:]


def test_a_withdrawal_record_is_never_rewritten(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "scores" / "withdrawals.yaml").write_text(WITHDRAWAL, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "record")
    (repo / "scores" / "withdrawals.yaml").write_text(WITHDRAWAL.replace("实施单位撤下了原文", "另有原因"), encoding="utf-8")
    checked = run("jixiao", "check", "--against", "HEAD", cwd=repo)
    assert checked.returncode == 1
    expected = f"scores/withdrawals.yaml: {SECOND}: 已有的撤回记录被删除或改写：2027-01-15 {SECOND}（撤回记录只增不删；恢复原记录）"
    assert expected in checked.stderr.splitlines()


def test_a_malformed_withdrawals_file_is_a_finding(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "scores" / "withdrawals.yaml").write_text(f"- {{id: {SECOND}, date: 2027-13-01, why: 原因}}\n", encoding="utf-8")
    checked = run("jixiao", "check", "--against", "HEAD", cwd=repo)
    assert checked.returncode == 1
    assert "scores/withdrawals.yaml:1: 0: 缺少必填字段 'title'（补上该字段）" in checked.stderr.splitlines(), checked.stderr
    built = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), cwd=repo, env={"JIXIAO_PDF": "0"})
    assert built.returncode == 1 and "scores/withdrawals.yaml:1: 0: 缺少必填字段 'title'（补上该字段）" in built.stderr


# -- the PR comment names build code ---------------------------------------------------------------------------

BUILD_CODE_NOTE = "它们在 CI 中运行、合并后在每次构建中运行，不受页面沙箱与数据检查的约束：请按代码审阅，合并前逐行阅读。"


def test_the_pr_comment_says_plainly_when_build_code_changes(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    hooks = repo / "hooks" / "mkdocs_hooks.py"
    hooks.write_text(hooks.read_text(encoding="utf-8") + "\n# harmless-looking\n", encoding="utf-8")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - md_in_html\n", "  - md_in_html\n  - pymdownx.snippets\n").replace("primary: red", "primary: blue"))
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    diffed = run("jixiao", "diff", "HEAD", cwd=repo)
    assert diffed.returncode == 0, diffed.stderr
    assert (
        f"> **本 PR 改动了构建代码**：`hooks/mkdocs_hooks.py`、`mkdocs.yml`（markdown_extensions）、`pyproject.toml`。{BUILD_CODE_NOTE}"
        in (diffed.stdout)
    )


def test_a_content_change_is_not_called_build_code(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("primary: red", "primary: blue"), encoding="utf-8")
    page = repo / "content" / REFERENCE / "07-jingyan.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    diffed = run("jixiao", "diff", "HEAD", cwd=repo)
    assert diffed.returncode == 0 and "构建代码" not in diffed.stdout
    assert f"`content/{REFERENCE}/07-jingyan.md`" in diffed.stdout
