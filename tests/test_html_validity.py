"""Every built page passes the Nu Html Checker and has no broken internal link or fragment,
on the launch site and on a generated site of a few hundred varied roles."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import npm_tools
import pytest
from click.testing import CliRunner
from linkcheck import broken_links

from site_builder.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from corpus import generate  # noqa: E402


def nu_errors(folder: Path) -> list[str]:
    """The Nu Html Checker's errors for every HTML file under a folder."""
    npm_tools.require("java")
    jar = npm_tools.install() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    done = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "json", str(folder)],
                          capture_output=True, text=True)  # fmt: skip
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory) -> Path:
    """300 generated roles (open and closed, every workplace and pay kind), built."""
    root = tmp_path_factory.mktemp("generated")
    generate(root, 300, seed=7, today=dt.date(2026, 11, 23))
    result = CliRunner().invoke(main, ["build", "--config", str(root / "config.yaml"), "--today", "2026-11-23",
                                       "--base-url", "/board/"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return root / "output"


def test_launch_site_has_no_html_errors(launch_project) -> None:
    assert launch_project.build().exit_code == 0
    assert nu_errors(launch_project.output) == []


def test_generated_site_has_no_html_errors(generated_site: Path) -> None:
    assert nu_errors(generated_site) == []


def test_generated_site_has_no_broken_links_or_fragments(generated_site: Path) -> None:
    assert broken_links(generated_site, "/board/", "https://example.org") == []
