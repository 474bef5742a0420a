"""The installed package carries every template and static file the build reads."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_template_and_static_file_is_in_the_package_data() -> None:
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["site_builder.site"]
    package = REPO / "site_builder" / "site"
    shipped = [p.relative_to(package).as_posix() for folder in ("templates", "static") for p in (package / folder).iterdir()]
    missing = [name for name in shipped if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns)]
    assert shipped and missing == []


def test_every_folder_of_code_is_a_package_the_wheel_ships() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "site_builder").rglob("__init__.py")}
    assert found == listed
