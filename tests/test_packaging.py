"""The installed package carries every template and static file the build reads."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_template_and_static_file_is_in_the_package_data() -> None:
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["site_builder"]
    package = REPO / "site_builder"
    shipped = [p.relative_to(package).as_posix() for folder in ("templates", "static") for p in (package / folder).iterdir()]
    missing = [name for name in shipped if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns)]
    assert shipped and missing == []
