"""Every app's tests run: a tests folder outside pytest's testpaths would be skipped silently."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_tests_folder_is_collected():
    testpaths = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"])
    folders = {p.parent.name for p in ROOT.glob("*/tests/__init__.py")} | {"tests"}
    assert folders <= testpaths, sorted(folders - testpaths)
