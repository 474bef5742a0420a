"""The one place that writes: safe paths only, and a failed write leaves the old site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_build import snapshot

from site_builder.errors import SiteError
from site_builder.site import _no_duplicates
from site_builder.writer import MARKER, MARKER_TEXT, safe_relative, write_site


@pytest.mark.parametrize("path", ["../evil.html", "/etc/passwd", "a/../../b", "a//b", "a\\..\\b", "", "./x", "a/\x00"])
def test_paths_that_could_escape_the_output_folder_are_refused(path: str) -> None:
    with pytest.raises(SiteError):
        safe_relative(path)


def test_two_pages_on_one_url_are_refused() -> None:
    _no_duplicates(["roles/x/index.html", "roles/y/index.html"])
    with pytest.raises(SiteError, match="two pages would be written to roles/x/index.html"):
        _no_duplicates(["roles/x/index.html", "feed.xml", "roles/x/index.html"])


def test_write_replaces_the_whole_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"a.html": b"1", "old/index.html": b"x"}, out)
    write_site({"a.html": b"2"}, out)
    assert (out / "a.html").read_bytes() == b"2" and not (out / "old").exists()


def test_unsafe_path_fails_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"a.html": b"1"}, out)
    with pytest.raises(SiteError):
        write_site({"b.html": b"2", "../escape.html": b"3"}, out)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "a.html"]
    assert not (tmp_path / "escape.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_write_that_fails_midway_leaves_the_previous_site(tmp_path: Path, monkeypatch) -> None:
    import builtins

    from site_builder import writer

    out = tmp_path / "output"
    write_site({"a.html": b"old"}, out)
    calls = []

    def failing(path, mode="r", *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        return builtins.open(path, mode, *args, **kwargs)

    monkeypatch.setattr(writer, "open", failing, raising=False)
    with pytest.raises(OSError, match="disk full"):
        write_site({"a.html": b"new", "b.html": b"new"}, out)
    monkeypatch.undo()
    assert (out / "a.html").read_bytes() == b"old" and not (out / "b.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_swap_without_atomic_exchange_falls_back_to_two_renames(tmp_path: Path, monkeypatch) -> None:
    from site_builder import writer

    monkeypatch.setattr(writer, "_exchange", lambda first, second: False)
    out = tmp_path / "output"
    write_site({"a.html": b"1"}, out)
    write_site({"b.html": b"2"}, out)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "b.html"] and [p.name for p in tmp_path.iterdir()] == ["output"]


def test_next_build_restores_a_site_left_moved_aside_and_removes_half_written_folders(tmp_path: Path) -> None:
    out = tmp_path / "output"
    (tmp_path / ".output.old-123").mkdir()
    (tmp_path / ".output.old-123" / "a.html").write_bytes(b"previous")
    (tmp_path / ".output.old-123" / MARKER).write_bytes(MARKER_TEXT)  # a whole site of ours, moved aside
    (tmp_path / ".output.new-abc").mkdir()
    (tmp_path / ".output.new-abc" / ".jobboard-staging").write_bytes(b"")  # a build's half-written folder
    from site_builder.writer import recover

    recover(out)
    assert (out / "a.html").read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_killing_the_build_mid_write_leaves_the_previous_site_complete(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from corpus import generate
    from test_build import snapshot

    repo = Path(__file__).resolve().parent.parent
    generate(tmp_path, 1)
    command = [sys.executable, "-m", "site_builder", "build", "--config", str(tmp_path / "config.yaml"), "--today", "2026-11-23"]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    subprocess.run(command, check=True, env=env, capture_output=True)
    before = snapshot(tmp_path / "output")
    generate(tmp_path, 400, seed=2)  # a much bigger site, so writing it takes a while
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        staging = [p for p in tmp_path.glob(".output.new-*") if any(p.iterdir())]
        if staging and len(list(staging[0].rglob("*"))) > 50:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert snapshot(tmp_path / "output") == before
    # its workers die with it instead of lingering as orphans
    config = str(tmp_path / "config.yaml")

    def leftovers() -> list[str]:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if config in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    found.append(pid)
            except OSError:
                continue
        return found

    for _ in range(100):
        if not leftovers():
            break
        time.sleep(0.05)
    assert leftovers() == []
    # and the next build cleans up after the killed one
    subprocess.run(command, check=True, env=env, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".output")) == [".output.cache", ".output.lock"]


def test_a_patch_killed_before_its_plan_is_written_leaves_the_old_site(tmp_path: Path, monkeypatch) -> None:
    from site_builder import writer

    out = tmp_path / "output"
    writer.write_site({"a.html": b"old a", "b/index.html": b"old b"}, out)
    monkeypatch.setattr(writer, "_apply", lambda staging, output: (_ for _ in ()).throw(KeyboardInterrupt))
    monkeypatch.setattr(writer, "_write_plan", lambda *args, **kwargs: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        writer.patch(out, {"a.html": b"new a"}, ["b/index.html"])
    monkeypatch.undo()
    writer.recover(out)
    assert snapshot(out) == {MARKER: MARKER_TEXT, "a.html": b"old a", "b/index.html": b"old b"}
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_patch_killed_while_moving_files_in_is_finished_by_the_next_build(tmp_path: Path, monkeypatch) -> None:
    from site_builder import writer

    out = tmp_path / "output"
    writer.write_site({"a.html": b"old a", "b/index.html": b"old b", "c.html": b"old c"}, out)
    real_replace, moves = os.replace, []

    def dies_on_second_move(source, target):
        moves.append(target)
        if len(moves) == 3:  # the plan's own rename (the commit point), the first file, then killed
            raise KeyboardInterrupt  # as if killed between two renames
        real_replace(source, target)

    monkeypatch.setattr(writer.os, "replace", dies_on_second_move)
    with pytest.raises(KeyboardInterrupt):
        writer.patch(out, {"a.html": b"new a", "c.html": b"new c", "d/new.html": b"new d"}, ["b/index.html"])
    monkeypatch.undo()
    assert snapshot(out)["a.html"] == b"new a" and snapshot(out)["c.html"] == b"old c"  # half done
    writer.recover(out)
    assert snapshot(out) == {MARKER: MARKER_TEXT, "a.html": b"new a", "c.html": b"new c", "d/new.html": b"new d"}
    assert not (out / "b").exists() and [p.name for p in tmp_path.iterdir()] == ["output"]
