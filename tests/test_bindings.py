"""The functions a page may call: every one documented with an example, and each safe to use.

The registry is read from the real binders a build gives a page (an evaluation's page and the
home page), so a binding added to the code without a line in README “叙述中的数字” fails here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import REFERENCE, ROOT

from jixiao.build.evaluation import evaluation_binder
from jixiao.build.site_pages import site_binder
from jixiao.build.state import BuildState
from jixiao.config import Options
from jixiao.errors import DataError
from jixiao.presentation.bindings import Templates
from jixiao.presentation.sandbox import LOOP_FILTER
from jixiao.scoring.from_folder import sheet

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECOND = "langfang-nuantong-2019"


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README.md has no “## {title}” section"
    return match.group(1)


def binder(root: Path, eval_id: str | None) -> Templates:
    """The binder a build gives ``content/<eval_id>/index.md`` (or the home page when ``None``)."""
    if eval_id:
        return evaluation_binder(f"{eval_id}/index.md", sheet(root, eval_id), Options())
    return site_binder(BuildState(root=root, docs_dir=root / "content"), "index.md")


def ours(env: jinja2.Environment) -> tuple[set[str], set[str]]:
    """Globals and filters the project adds to Jinja's own (every filter is wrapped to count its work)."""
    names = {n for n in env.globals if n not in jinja2.defaults.DEFAULT_NAMESPACE}
    filters = {n for n, f in env.filters.items() if jinja2.filters.FILTERS.get(n) is not getattr(f, "__wrapped__", f)} - {LOOP_FILTER}
    return names, filters


PAGE = ours(binder(ROOT, REFERENCE).env)
HOME = ours(binder(ROOT, None).env)
BINDINGS = sorted(PAGE[0] | HOME[0])
FILTERS = sorted(PAGE[1] | HOME[1])


def test_the_registry_is_found() -> None:
    assert {"fact", "score", "points", "total", "grade", "rate", "survey", "meta", "table", "pdf_link"} <= set(BINDINGS)
    assert {"catalogue", "corrections"} <= set(BINDINGS)
    assert {"yuan", "wan", "pct", "num", "int", "date"} <= set(FILTERS)


@pytest.mark.parametrize("name", BINDINGS)
def test_every_binding_is_documented_with_an_example(name: str) -> None:
    text = section("叙述中的数字")
    assert f"`{name}" in text, f"binding {name} is not in README “叙述中的数字”"
    call = rf"\{{\{{ {name}\b" if name != "meta" else r"\{\{ meta\."
    assert re.search(call, text), f"binding {name} has no {{{{ … }}}} example in README"


@pytest.mark.parametrize("name", FILTERS)
def test_every_filter_is_documented_with_an_example(name: str) -> None:
    text = section("叙述中的数字")
    assert f"| `{name}` |" in text, f"filter {name} is not in README “叙述中的数字”"
    assert re.search(rf"\\\| {name} \}}\}}", text), f"filter {name} has no example in README"


def test_scaffolds_point_at_readme_sections_that_exist() -> None:
    """“见 README“叙述中的数字”” in a new evaluation's page must lead somewhere."""
    headings = set(re.findall(r"^#+ (.+)$", README, re.M))
    cited = set()
    for path in (ROOT / "src" / "jixiao" / "tools" / "scaffolds").rglob("*"):
        if path.is_file() and path.suffix in (".md", ".yaml"):
            cited |= set(re.findall(r"README“([^”]+)”", path.read_text(encoding="utf-8")))
    assert cited >= {"数据格式", "叙述中的数字"}
    assert cited <= headings, f"scaffolds cite README sections that do not exist: {cited - headings}"


def render(root: Path, eval_id: str, text: str) -> str:
    return binder(root, eval_id).render(text, "page.md")


@pytest.fixture(scope="module")
def per_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference data with a derived 元/人 fact: 4,814,130.68 元 over 28 people."""
    root = tmp_path_factory.mktemp("per-head")
    shutil.copytree(ROOT / "scores" / REFERENCE, root / "scores" / REFERENCE)
    (root / "content").mkdir()
    facts = root / "scores" / REFERENCE / "facts.yaml"
    extra = "人均基本支出: {formula: 基本支出年初预算 / 在职实有人数, unit: 元/人, label: 人均基本支出年初预算}\n"
    facts.write_text(facts.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


def test_a_derived_fact_is_rounded_by_its_unit(per_head: Path) -> None:
    # 4,814,130.68 / 28 = 171,933.2385714… → 171,933.24 (half-up to 0.01), not 28 digits
    assert render(per_head, REFERENCE, '{{ fact("人均基本支出") }}') == "171,933.24"
    assert render(per_head, REFERENCE, '{{ fact("人均基本支出", unit=True) }}') == "171,933.24元/人"


def test_fact_shows_its_unit_on_request() -> None:
    assert render(ROOT, REFERENCE, '{{ fact("检查企业数", unit=True) }}') == "50户"
    assert render(ROOT, REFERENCE, '{{ fact("检查企业数") }}') == "50"
    # an amount prints with two decimals, like the 概要表 and every sum; one written with more keeps them
    assert render(ROOT, REFERENCE, '{{ fact("工贸处罚罚款", unit=True) }}') == "16.453万元"
    assert render(ROOT, SECOND, '{{ fact("全年预算数", unit=True) }}') == "43.20万元"  # written 43.2


def test_amount_filters_convert_between_yuan_and_wan() -> None:
    assert render(ROOT, REFERENCE, '{{ fact("基本支出年初预算") | wan }}') == "481.41"
    assert render(ROOT, SECOND, '{{ fact("全年预算数") | wan }}') == "43.20"  # already 万元: not divided again
    assert render(ROOT, SECOND, '{{ fact("全年预算数") | yuan }}') == "432,000.00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{{ calc("1 / 3", "percent") }}',
            "page.md:1: calc(“1 / 3”, “percent”)：没有“percent”这种格式（第二个参数写 yuan、count、score、rate、number 之一）",
        ),
        (
            '{{ survey("Q1", "A", "shares") }}',
            "page.md:1: survey(“Q1”, “A”, “shares”)：第三个参数只能是 count 或 share（写 count（份数）或 share（占比，默认））",
        ),
        ('{{ fact("年初预算") }}', "page.md:1: 未定义的事实 '年初预算'（在 facts.yaml 中添加它，或改正名称）"),
    ],
)
def test_a_wrong_argument_is_an_error_not_a_guess(text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        render(ROOT, REFERENCE, text)
    assert [str(f) for f in caught.value.findings] == [message]
