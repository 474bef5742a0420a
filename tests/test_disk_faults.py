"""A full, read-only or refusing disk is one clear line and exit 1, with the previous site as it was."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import posting
from test_build import snapshot


@pytest.fixture
def project(make_project):
    """A project with two roles, built once."""
    built = make_project({"policy-advocate.md": posting(), "organizer.md": posting(title="Organizer")})
    assert built.build().exit_code == 0
    return built


def _failing_write(monkeypatch, code: int) -> None:
    """Make every file the writer opens fail as a disk would, with `code`."""
    from site_builder.build import writer

    def refuse(path, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(writer, "open", refuse, raising=False)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EXDEV, errno.EIO])
@pytest.mark.parametrize("kind", ["cold", "incremental"])
def test_a_write_the_disk_refuses_is_one_line_and_leaves_the_site(project, monkeypatch, code: int, kind: str) -> None:
    before = snapshot(project.output)
    project.write("organizer.md", posting(title="Organizer, edited"))
    _failing_write(monkeypatch, code)
    result = project.build(*(["--no-cache"] if kind == "cold" else []))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"({os.strerror(code)}); the previous site was left as it was" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert snapshot(project.output) == before
    assert not [p.name for p in project.root.glob(".output.*-*")]  # no leftover keeps its space
    monkeypatch.undo()
    assert project.build().exit_code == 0 and "Organizer, edited" in (project.output / "index.html").read_text()


def test_a_cache_that_does_not_fit_still_publishes_the_site_and_the_next_build_is_cold(project, monkeypatch) -> None:
    from site_builder.build import cache

    project.write("organizer.md", posting(title="Organizer, edited"))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cache.Cache, "save", full)
    result = project.build()
    assert result.exit_code == 0 and "Organizer, edited" in (project.output / "index.html").read_text()
    assert not (project.root / ".output.cache").exists()
    monkeypatch.undo()
    assert project.build().exit_code == 0
    cold = project.root / "cold"
    assert project.build("--output", str(cold), "--no-cache").exit_code == 0
    assert snapshot(project.output) == snapshot(cold)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 2 MiB tmpfs (root only; skipped where it can't be mounted, e.g. without privileges)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:  # the monkeypatched tests above cover the same paths everywhere
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_is_one_line_and_leaves_the_site(project, small_disk: Path) -> None:
    output = small_disk / "site"
    assert project.build("--output", str(output)).exit_code == 0
    before = snapshot(output)
    for index in range(120):  # bodies that no longer fit in 2 MiB beside the old site
        project.write(f"role-{index:03}.md", posting(title=f"Organizer {index}") + "Long description. " * 500)
    result = project.build("--output", str(output))
    assert result.exit_code == 1 and "No space left on device" in result.output and "Traceback" not in result.output
    assert snapshot(output) == before
    assert not [p for p in small_disk.iterdir() if p.name.startswith(".site.") and "-" in p.name]


def test_a_read_only_disk_is_one_line(project, small_disk: Path) -> None:
    output = small_disk / "site"
    assert project.build("--output", str(output)).exit_code == 0
    before = snapshot(output)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        result = project.build("--output", str(output))
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert result.exit_code == 1 and "Read-only file system" in result.output and "Traceback" not in result.output
    assert snapshot(output) == before


def test_a_mount_point_as_the_output_is_one_line(project, small_disk: Path) -> None:
    (small_disk / "index.html").write_text("x")
    shutil.copyfile(project.output / ".jobboard-site", small_disk / ".jobboard-site")
    result = project.build("--output", str(small_disk))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (small_disk / "index.html").read_text() == "x"
