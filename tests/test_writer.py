"""The one place that writes: safe paths only, and a failed write leaves the old site."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from test_build import snapshot

from site_builder.build.pipeline import _no_duplicates
from site_builder.build.writer import MARKER, MARKER_TEXT, safe_relative, write_site
from site_builder.errors import SiteError


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

    from site_builder.build import writer

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
    from site_builder.build import writer

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
    from site_builder.build.writer import recover

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


OLD = {"a.html": b"old a", "b/index.html": b"old b", "c.html": b"old c"}
CHANGES = ({"a.html": b"new a", "c.html": b"new c", "d/new.html": b"new d"}, ["b/index.html"])
NEW = {"a.html": b"new a", "c.html": b"new c", "d/new.html": b"new d"}


def _killed_at_line(count: int, out: Path, exchange: bool) -> bool:
    """Patch `out` in a forked child that dies (os._exit, as a SIGKILL would: no cleanup runs) when the
    writer has run `count` lines; whether it got to the end first."""
    from site_builder.build import writer

    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        lines = 0

        def tracer(frame, event, arg):
            nonlocal lines
            if frame.f_code.co_filename == writer.__file__ and event == "line":
                lines += 1
                if lines >= count:
                    os._exit(9)
            return tracer

        if not exchange:
            writer._exchange = lambda first, second: False
        sys.settrace(tracer)
        writer.patch(out, *CHANGES)
        sys.settrace(None)
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0


def _site(out: Path) -> dict[str, bytes]:
    """A site's pages, without the marker every site has (or the one every ready spare copy has)."""
    from site_builder.build.writer import SPARE_MARK

    return {path: content for path, content in snapshot(out).items() if path not in (MARKER, SPARE_MARK)}


@pytest.mark.parametrize("exchange", [True, False], ids=["atomic exchange", "two renames"])
@pytest.mark.parametrize("spare", [False, True], ids=["first patch", "spare kept"])
def test_a_patch_killed_between_any_two_lines_leaves_the_old_site_or_the_new_one(tmp_path: Path, exchange: bool,
                                                                                  spare: bool) -> None:  # fmt: skip
    """With an atomic exchange the site is whole at every moment; without one (two renames) it is whole again
    once the next build's `recover` has run. Either way the next patch is right and nothing is left over."""
    from site_builder.build import writer

    count, finished = 0, False
    while not finished:
        count += 1
        trial = tmp_path / str(count)
        out = trial / "output"
        writer.write_site(OLD, out)
        if spare:  # a spare copy from an earlier patch, as every patch but the first finds
            writer.patch(out, {"a.html": b"old a"}, [])
        finished = _killed_at_line(count, out, exchange)
        if exchange:
            assert _site(out) in (OLD, NEW), count
        writer.recover(out)
        now = _site(out)
        assert now in (OLD, NEW), count
        assert {p.name for p in trial.iterdir()} <= {"output", ".output.spare"}, count
        writer.patch(out, {"e.html": b"e"}, [])  # the next build, whichever site it found
        assert _site(out) == {**now, "e.html": b"e"}, count
        assert _site(trial / ".output.spare") == _site(out)  # the spare is a copy of the site again
        writer.patch(out, {"e.html": b"ee"}, ["a.html"])
        assert _site(out) == {**{k: v for k, v in now.items() if k != "a.html"}, "e.html": b"ee"}, count
    assert count > 40  # a kill was tried between every two lines the writer runs


def test_the_spare_copy_shares_the_sites_files_and_a_cold_build_removes_it(tmp_path: Path) -> None:
    from site_builder.build import writer

    out = tmp_path / "output"
    writer.write_site(OLD, out)
    assert writer.patch(out, *CHANGES) is True  # made the spare first
    spare = tmp_path / ".output.spare"
    assert os.path.samefile(spare / "c.html", out / "c.html") and _site(spare) == NEW
    assert writer.patch(out, {"a.html": b"newer a"}, []) is False  # the spare was ready
    assert (spare / "a.html").read_bytes() == b"newer a" and (out / "c.html").stat().st_nlink == 2
    writer.write_site(OLD, out)
    assert not spare.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_spare_left_from_before_a_cold_build_of_another_version_is_not_used(tmp_path: Path) -> None:
    from site_builder.build import writer

    out = tmp_path / "output"
    writer.write_site(OLD, out)
    writer.patch(out, {"a.html": b"newer a"}, [])
    spare = tmp_path / ".output.spare"
    old_marker = spare / MARKER
    (out / MARKER).unlink()  # what an older version's cold build does: a site with a new marker file
    (out / MARKER).write_bytes(MARKER_TEXT)
    (out / "a.html").unlink()
    (out / "a.html").write_bytes(b"rebuilt a")
    assert old_marker.exists() and writer.patch(out, {"c.html": b"newer c"}, []) is True
    assert _site(out) == {**OLD, "a.html": b"rebuilt a", "c.html": b"newer c"} == _site(spare)


def test_a_folder_no_build_made_where_the_spare_goes_is_left_alone_and_named(tmp_path: Path) -> None:
    from site_builder.build import writer

    out = tmp_path / "output"
    writer.write_site(OLD, out)
    mine = tmp_path / ".output.spare"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    writer.recover(out)
    with pytest.raises(SiteError, match="is in the way"):
        writer.patch(out, *CHANGES)
    assert (mine / "notes.txt").read_text() == "mine" and _site(out) == OLD


def test_a_live_file_replaced_by_hand_never_lets_a_stale_spare_page_go_live(tmp_path: Path) -> None:
    from site_builder.build import writer

    out = tmp_path / "output"
    writer.write_site(OLD, out)
    writer.patch(out, {"a.html": b"version X"}, [])  # the spare now holds X too
    (out / "a.html").unlink()
    (out / "a.html").write_bytes(b"version Y")  # a checkout or a restore writes the page anew, already right
    writer.patch(out, {"a.html": b"version Y"}, [])  # the rebuild renders Y, as the live file already says
    assert (out / "a.html").read_bytes() == b"version Y"  # not the spare's X
    assert _site(tmp_path / ".output.spare") == _site(out)


def test_without_hard_links_the_spare_is_a_copy_made_once_and_kept(tmp_path: Path, monkeypatch) -> None:
    from site_builder.build import writer

    def no_links(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(writer.os, "link", no_links)
    out = tmp_path / "output"
    writer.write_site(OLD, out)
    assert writer.patch(out, {"a.html": b"new a"}, []) is True
    assert writer.patch(out, {"c.html": b"new c"}, ["b/index.html"]) is False  # the copy was ready: not made again
    assert _site(out) == {"a.html": b"new a", "c.html": b"new c"} == _site(tmp_path / ".output.spare")


def test_a_failure_after_the_swap_keeps_the_new_site_and_drops_only_the_spare(tmp_path: Path, monkeypatch) -> None:
    from site_builder.build import writer

    out = tmp_path / "output"
    writer.write_site(OLD, out)
    writer.patch(out, {"a.html": b"new a"}, [])

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "_link_all", full)
    writer.patch(out, {"c.html": b"new c"}, [])  # no error: the new site is live, as the build will say
    assert _site(out) == {**OLD, "a.html": b"new a", "c.html": b"new c"}
    assert not (tmp_path / ".output.spare").exists()
    monkeypatch.undo()
    assert writer.patch(out, {"c.html": b"newer c"}, []) is True  # the next rebuild makes a spare again
