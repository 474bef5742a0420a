"""Shared fixtures: a throwaway project folder with postings, and a way to build it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from site_builder.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 23)

VALID = """\
---
title: {title}
organization: Example Org
organization_url: https://example.org
location: "Bakersfield, CA, US"
workplace: onsite
employment_type: full-time
salary:
  min: 60000
  max: 70000
  currency: USD
  period: year
posted: {posted}
deadline: {deadline}
apply_url: https://example.org/apply
tags: [policy, organizing]
---
## About

Work on {title}.
"""


def posting(title: str = "Policy Advocate", posted: str = "2026-11-01", deadline: str = "2026-12-31", **replace: str) -> str:
    """A valid posting's text; `replace` swaps whole front-matter lines by key (None-like '' drops it)."""
    text = VALID.format(title=title, posted=posted, deadline=deadline)
    for key, line in replace.items():
        lines = text.split("\n")
        index = next(i for i, l in enumerate(lines) if l.startswith(f"{key}:"))
        lines[index : index + 1] = [line] if line else []
        text = "\n".join(lines)
    return text


@dataclass
class Project:
    """A project folder: config.yaml, postings/, templates/ and (after a build) output/."""

    root: Path

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, name: str, text: str) -> Path:
        """Write a posting file."""
        path = self.root / "postings" / name
        path.write_text(text, encoding="utf-8")
        return path

    def build(self, *args: str, today: dt.date = TODAY) -> Result:
        """Run `jobboard build` on this project through click."""
        argv = ["build", "--config", str(self.root / "config.yaml"), "--today", today.isoformat(), *args]
        return CliRunner().invoke(main, argv, catch_exceptions=False)

    def read(self, path: str) -> str:
        """Read a built file as text."""
        return (self.output / path).read_text(encoding="utf-8")


@pytest.fixture
def make_project(tmp_path: Path):
    """Make a project with the given postings ({file name: text}) and extra config lines."""

    def make(postings: dict[str, str] | None = None, config: str = "") -> Project:
        root = tmp_path / "project"
        (root / "postings").mkdir(parents=True)
        (root / "templates").mkdir()
        given = {line.split(":")[0] for line in config.splitlines()}
        base = "".join(f"{line}\n" for line in ("site_url: https://example.github.io", "base_url: /jobs/")
                       if line.split(":")[0] not in given)  # a key given twice is an error: the test's wins
        (root / "config.yaml").write_text(base + config, encoding="utf-8")
        project = Project(root)
        for name, text in (postings or {}).items():
            project.write(name, text)
        return project

    return make


@pytest.fixture
def launch_project(make_project) -> Project:
    """A project holding the board's real launch content and config."""
    project = make_project()
    shutil.rmtree(project.root / "postings")
    shutil.copytree(REPO / "postings", project.root / "postings")
    config = (REPO / "config.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_url: .*$", "site_url: https://example.github.io", config)
    config = re.sub(r"(?m)^base_url: .*$", "base_url: /jobs/", config)
    (project.root / "config.yaml").write_text(config, encoding="utf-8")
    return project
