"""A build killed at any moment leaves the old site or the new one, and the next build equals a cold one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, posting
from test_build import snapshot

from site_builder.build.writer import SPARE_MARK

ROLES = 60


def _board(project, version: str) -> None:
    """Write every posting as of one version of the board (`old` or `new` titles and bodies)."""
    for index in range(ROLES):
        project.write(f"role-{index:02}.md", posting(title=f"Organizer {index} {version}"))


def _build(project, *extra: str) -> subprocess.Popen[bytes]:
    """Start a real build process (a kill must hit a real process, workers and all)."""
    command = [sys.executable, "-m", "site_builder", "build", "--config", str(project.root / "config.yaml"),
               "--today", "2026-11-23", *extra]  # fmt: skip
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _complete(project, *extra: str) -> None:
    """Run a build to its end, which must succeed."""
    process = _build(project, *extra)
    assert process.wait(timeout=120) == 0, process.stderr.read().decode() if process.stderr else ""


@pytest.fixture
def sites(make_project):
    """The project, and the old and new sites as cold builds make them."""
    project = make_project()
    _board(project, "new")
    _complete(project, "--no-cache", "--output", str(project.root / "new-cold"))
    _board(project, "old")
    _complete(project, "--no-cache", "--output", str(project.root / "old-cold"))
    return project, snapshot(project.root / "old-cold"), snapshot(project.root / "new-cold")


@pytest.mark.parametrize("kind", ["incremental", "cold"])
def test_a_build_killed_at_a_random_moment_leaves_a_whole_site_and_the_next_build_is_right(sites, kind: str) -> None:
    project, old, new = sites
    chance = random.Random(f"kill-{kind}")
    outcomes = set()
    for _ in range(8):
        _board(project, "old")
        _complete(project)
        assert snapshot(project.output) == old
        _board(project, "new")
        process = _build(project, *(["--no-cache"] if kind == "cold" else []))
        time.sleep(chance.uniform(0.0, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(project.output)
        assert now in (old, new)  # as the kill left it, before any build or recovery has run
        outcomes.add("old" if now == old else "new")
        _complete(project)
        assert snapshot(project.output) == new  # the next build always ends right
        assert not list(project.root.glob(".output.*-*"))  # and nothing is left to take space
        spare = project.root / ".output.spare"
        assert not spare.exists() or _pages(spare) == _pages(project.output)  # but a whole copy of the site
    assert outcomes  # each trial checked one of the two whole sites


def test_no_build_worker_outlives_a_killed_build(sites) -> None:
    project, _, _ = sites
    process = _build(project, "--no-cache")
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    config = str(project.root / "config.yaml")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        alive = [pid for pid in filter(str.isdigit, os.listdir("/proc")) if _runs(pid, config)]
        if not alive:
            break
        time.sleep(0.05)
    assert not alive


def _runs(pid: str, config: str) -> bool:
    """Whether a process's command line names this config file."""
    try:
        return config in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def _pages(site: Path) -> dict[str, bytes]:
    """A site's files but its marks (the spare copy's mark says it is whole)."""
    return {path: content for path, content in snapshot(site).items() if path != SPARE_MARK}
