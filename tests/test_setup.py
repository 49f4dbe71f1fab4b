"""The set-up the README promises: pins that install on a fresh Debian 12, with the libraries WeasyPrint needs.

A bare Debian 12 has Python 3.11.2; every pinned distribution must admit it, or ``scripts/setup``
stops there with ``ResolutionImpossible``. The installed distributions carry their own
``Requires-Python``, so this is checked offline, against what was really installed.
"""

from __future__ import annotations

import re
from importlib import metadata

from conftest import ROOT
from packaging.specifiers import SpecifierSet

DEBIAN_12_PYTHON = "3.11.2"


def pins() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("==", 1) for line in lines if "==" in line and not line.startswith("#"))


def test_every_pinned_package_installs_on_debian_12s_python() -> None:
    refused = {}
    for name, version in pins().items():
        try:
            info = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue  # pinned for another platform or an extra this environment did not install
        assert info["Version"] == version, f"{name} {info['Version']} installed, {version} pinned: run scripts/setup"
        needs = info.get("Requires-Python")
        if needs and DEBIAN_12_PYTHON not in SpecifierSet(needs):
            refused[name] = needs
    assert refused == {}, "re-resolve with scripts/lock"


def test_setup_installs_harfbuzz_subset_for_weasyprint() -> None:
    """Without it WeasyPrint warns (``Using fontTools instead of HarfBuzz-Subset``) and strict builds fail."""
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    wanted = re.search(r"^want=\((.*)\)$", setup, re.M)
    assert wanted and "libharfbuzz-subset0" in wanted.group(1).split()
    from jixiao.outputs.pdf.environment import capabilities

    assert capabilities()["harfbuzz_subset"] is True
