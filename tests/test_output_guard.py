"""The build replaces only what it made, one build at a time, and recovers every leftover first."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, posting
from test_build import snapshot

from site_builder.build.writer import MARKER, STAGING_MARK, check_replaceable, write_site
from site_builder.errors import SiteError

PATCH_PLAN = ".jobboard-patch.json"  # what versions that patched in place wrote in their patch folders


@pytest.fixture
def project(make_project):
    """A project with one role, built once."""
    built = make_project({"policy-advocate.md": posting()})
    assert built.build().exit_code == 0
    return built


def test_every_built_site_carries_the_marker(project) -> None:
    assert (project.output / MARKER).is_file()


def test_a_folder_of_someone_elses_files_is_never_replaced(project, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    (theirs / ".ssh").mkdir(parents=True)
    (theirs / ".ssh" / "id_ed25519").write_text("secret")
    (theirs / "notes.txt").write_text("mine")
    before = snapshot(theirs)
    result = project.build("--output", str(theirs))
    assert result.exit_code == 1 and "jobboard did not make" in result.output and "Traceback" not in result.output
    assert snapshot(theirs) == before


def test_an_empty_folder_and_a_missing_one_are_built_into(project, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert project.build("--output", str(tmp_path / "empty")).exit_code == 0
    assert project.build("--output", str(tmp_path / "new" / "site")).exit_code == 0
    assert (tmp_path / "empty" / "index.html").is_file() and (tmp_path / "new" / "site" / "index.html").is_file()


def test_a_file_at_the_output_path_is_refused_and_kept(project, tmp_path: Path) -> None:
    target = tmp_path / "site.txt"
    target.write_text("not a folder")
    result = project.build("--output", str(target))
    assert result.exit_code in (1, 2) and target.read_text() == "not a folder"  # 2: click refuses it first
    assert not list(tmp_path.glob(".site.txt.new-*"))


@pytest.mark.parametrize("where", ["/", "~"])
def test_root_and_home_are_refused_before_anything_is_read(where: str) -> None:
    with pytest.raises(SiteError, match="refusing to build into"):
        check_replaceable(Path(where).expanduser())


def test_a_site_built_before_markers_existed_is_still_replaced(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("old site")
    (tmp_path / ".output.cache").mkdir()
    (tmp_path / ".output.cache" / "index.pickle").write_bytes(b"")
    (tmp_path / ".output.cache" / "index.pickle").chmod(0o600)
    check_replaceable(out)  # its cache beside it, this user's, shows jobboard made it
    (tmp_path / ".output.cache" / "index.pickle").chmod(0o666)
    with pytest.raises(SiteError):  # a cache anyone could have put there vouches for nothing
        check_replaceable(out)


def test_write_site_replaces_only_a_marked_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"a.html": b"1"}, out)
    write_site({"a.html": b"2"}, out)
    (out / MARKER).unlink()
    with pytest.raises(SiteError):
        write_site({"a.html": b"3"}, out)
    assert (out / "a.html").read_bytes() == b"2"


def _build_while_locked(project, lock: Path):
    """A build run while someone else holds this lock file."""
    handle = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        return project.build()
    finally:
        os.close(handle)


def test_a_second_build_while_one_holds_the_lock_is_refused_and_changes_nothing(project) -> None:
    before = snapshot(project.output)
    result = _build_while_locked(project, project.root / ".output.lock")
    assert result.exit_code == 1 and "another jobboard build is writing" in result.output
    assert snapshot(project.output) == before
    assert project.build().exit_code == 0  # released with its holder


def test_two_builds_started_together_leave_one_complete_site(project) -> None:
    for index in range(40):
        project.write(f"role-{index:02}.md", posting(title=f"Organizer {index}"))
    command = [sys.executable, "-m", "site_builder", "build", "--config", str(project.root / "config.yaml"),
               "--today", "2026-11-23", "--no-cache"]  # fmt: skip
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    assert any(code == 0 for code, _ in results)
    assert all(code == 0 or "another jobboard build is writing" in err for code, err in results)
    assert "Traceback" not in "".join(err for _, err in results)
    cold = project.root / "cold"
    assert project.build("--output", str(cold), "--no-cache").exit_code == 0
    assert snapshot(project.output) == snapshot(cold)


def test_a_patch_left_by_an_older_version_is_discarded_never_replayed(project) -> None:
    staging = project.root / ".output.patch-killed"  # versions before the spare copy patched the site in place
    (staging / "extra").mkdir(parents=True)
    (staging / "extra" / "page.html").write_bytes(b"from the killed build")
    (staging / PATCH_PLAN).write_text(json.dumps({"write": ["extra/page.html"], "remove": []}))
    before = snapshot(project.output)
    time.sleep(0.01)
    assert project.build().exit_code == 0  # an incremental build (nothing changed) clears it too
    assert not staging.exists() and not list(project.root.glob(".output.patch-*"))
    assert snapshot(project.output) == before


def test_an_uncommitted_patch_is_discarded_and_frees_its_space(project) -> None:
    staging = project.root / ".output.patch-torn"
    staging.mkdir()
    (staging / STAGING_MARK).write_bytes(b"")  # every folder a build makes beside the output has it
    (staging / "roles").mkdir()
    (staging / "roles" / "big.html").write_bytes(b"x" * 100_000)
    (staging / f"{PATCH_PLAN}.part").write_text('{"write": ["rol')
    before = snapshot(project.output)
    assert project.build().exit_code == 0
    assert not staging.exists() and snapshot(project.output) == before


def test_folders_beside_the_output_that_no_build_made_are_never_removed(project, tmp_path: Path) -> None:
    backup = project.root / ".output.bak-2026"
    backup.mkdir()
    (backup / "keep.txt").write_text("precious")
    lookalike = project.root / ".output.new-mine"
    lookalike.mkdir()
    (lookalike / "keep.txt").write_text("also mine")
    other = project.root / "output.en-gb"
    assert project.build("--output", str(other)).exit_code == 0  # another site, whose name starts the same
    assert project.build().exit_code == 0 and project.build().exit_code == 0
    assert (backup / "keep.txt").read_text() == "precious" and (lookalike / "keep.txt").read_text() == "also mine"
    assert (project.root / ".output.en-gb.cache").is_dir() and (other / MARKER).is_file()


def test_the_lock_is_taken_on_the_real_folder_whatever_path_names_it(make_project, tmp_path: Path) -> None:
    far = tmp_path / "far" / "deep"
    far.mkdir(parents=True)
    project = make_project({"policy-advocate.md": posting()}, config="output: sub/../victim\n")
    (project.root / "sub").symlink_to(far)
    assert project.build().exit_code == 0
    assert (tmp_path / "far" / "victim" / MARKER).is_file()  # where the path really leads
    result = _build_while_locked(project, tmp_path / "far" / ".victim.lock")
    assert result.exit_code == 1 and "another jobboard build is writing" in result.output


def test_a_loop_of_links_as_the_output_is_one_line(project, tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for target in (tmp_path / "loop", tmp_path / "loop" / "site"):
        result = project.build("--output", str(target))
        assert result.exit_code == 1 and "Traceback" not in result.output and len(result.output.splitlines()) <= 2


def test_a_damaged_leftover_plan_is_discarded_not_a_traceback(project) -> None:
    before = snapshot(project.output)
    for number, text in enumerate(["{}", "", "[1, 2]", '{"write": [3], "remove": []}']):
        staging = project.root / f".output.patch-bad{number}"
        staging.mkdir()
        (staging / STAGING_MARK).write_bytes(b"")
        (staging / PATCH_PLAN).write_text(text)
    assert project.build().exit_code == 0
    assert snapshot(project.output) == before and not list(project.root.glob(".output.patch-*"))


def test_an_output_inside_the_postings_folder_is_refused(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()}, config="output: postings/site\n")
    result = project.build()
    assert result.exit_code == 1 and "must not be inside the postings folder" in result.output


def test_a_file_where_the_cache_goes_means_a_build_without_cache(project) -> None:
    import shutil

    shutil.rmtree(project.root / ".output.cache")
    (project.root / ".output.cache").write_text("someone's file")
    project.write("organizer.md", posting(title="Organizer"))
    assert project.build().exit_code == 0 and "Organizer" in (project.output / "index.html").read_text()
    assert (project.root / ".output.cache").read_text() == "someone's file"


def test_a_failed_build_leaves_no_stored_bodies_behind(project) -> None:
    cache = project.root / ".output.cache"
    before = sorted(p.name for p in cache.iterdir())
    for index in range(5):
        project.write(f"role-{index}.md", posting(title=f"Organizer {index}"))
    (project.root / "templates" / "role.html").write_text("{{ 1 // 0 }}")  # fails after parsing, when rendering
    for _ in range(3):
        assert project.build().exit_code == 1
    assert sorted(p.name for p in cache.iterdir()) == before
