"""The inotify watcher `serve` uses: it names saved, moved, deleted and new files at once, without polling."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")

from site_builder.commands.watching import Inotify, InstantWatcher  # noqa: E402


@pytest.fixture
def watched_folder(tmp_path: Path):
    inotify = Inotify()
    inotify.watch_tree(str(tmp_path))
    yield tmp_path, inotify
    inotify.close()


def test_a_saved_file_is_reported_once_written(watched_folder) -> None:
    folder, inotify = watched_folder
    (folder / "role.md").write_text("---\n")
    assert str(folder / "role.md") in inotify.changes()
    assert inotify.changes() == []


def test_a_file_saved_by_renaming_and_a_deleted_file_are_reported(watched_folder) -> None:
    folder, inotify = watched_folder
    (folder / ".role.md.swp").write_text("new")
    inotify.changes()
    os.replace(folder / ".role.md.swp", folder / "role.md")
    (folder / "role.md").unlink()
    assert inotify.changes().count(str(folder / "role.md")) == 2


def test_files_in_a_folder_made_after_watching_began_are_reported(watched_folder) -> None:
    folder, inotify = watched_folder
    (folder / "partials").mkdir()
    inotify.changes()
    (folder / "partials" / "card.html").write_text("<p>")
    assert str(folder / "partials" / "card.html") in inotify.changes()


def test_a_watched_file_counts_but_its_neighbours_do_not(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("title: Jobs\n")
    watcher = InstantWatcher()
    watcher.watch(str(tmp_path / "config.yaml"))
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "config.yaml").write_text("title: Roles\n")
    relevant = [path for path in watcher.inotify.changes() if watcher._relevant(path)]
    assert relevant == [str(tmp_path / "config.yaml")]


def test_examining_runs_the_rebuild_once_for_a_burst_of_changes(tmp_path: Path) -> None:
    runs: list[int] = []
    watcher = InstantWatcher()
    watcher.watch(str(tmp_path), lambda: runs.append(1))
    for number in range(5):
        (tmp_path / f"role-{number}.md").write_text("---\n")
    watcher._pending += watcher.inotify.changes()
    path, delay = watcher.examine()
    assert runs == [1] and path == "__livereload__" and delay is None  # livereload's "reload now", never ignored
    assert watcher.filepath == str(tmp_path / "role-4.md")  # what the reload message names
    assert watcher.examine() == (None, None) and runs == [1]
