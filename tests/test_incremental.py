"""A rebuild that reuses the cache writes exactly what a cold build writes, whatever changed in between."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TODAY, Project, posting
from test_build import snapshot

from site_builder.build import pipeline as site
from site_builder.site import render

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import generate  # noqa: E402


def tree(folder: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every file's bytes and every folder's path: a patched site must not keep empty folders either."""
    folders = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir())
    return snapshot(folder), folders


def cold(project: Project, today: dt.date = TODAY) -> tuple[dict[str, bytes], list[str]]:
    """The site a cold build makes from the project as it is now (a fresh folder has no cache)."""
    fresh = project.root / "cold" / os.urandom(4).hex()
    assert project.build("--output", str(fresh), today=today).exit_code == 0
    return tree(fresh)


def rebuild(project: Project, today: dt.date = TODAY) -> tuple[dict[str, bytes], list[str]]:
    """Build into the project's usual output folder, reusing the cache the last build left."""
    result = project.build(today=today)
    assert result.exit_code == 0, result.output
    return tree(project.output)


@pytest.fixture
def taken(monkeypatch) -> list[str]:
    """Which way each build wrote its output ("cold" or "patch"), in order, so a test can prove a rebuild
    patched instead of silently going cold (which would make every equality trivially true)."""
    ways: list[str] = []
    for name, way in (("_cold", "cold"), ("_incremental", "patch")):
        real = getattr(site, name)
        monkeypatch.setattr(site, name, lambda *args, _real=real, _way=way: ways.append(_way) or _real(*args))
    return ways


@pytest.fixture
def built_board(tmp_path: Path) -> Project:
    """A generated board of 40 roles, built once, so its cache and output are in place."""
    generate(tmp_path, 40, seed=3, today=TODAY)
    (tmp_path / "templates").mkdir()
    project = Project(tmp_path)
    rebuild(project)
    return project


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, insisting that it was there."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_line(path: Path, key: str) -> str:
    """A front-matter line by key."""
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(f"{key}:"))


def test_a_rebuild_with_nothing_changed_writes_nothing(built_board: Project, taken: list[str]) -> None:
    stamps = {p: p.stat().st_mtime_ns for p in built_board.output.rglob("*")}
    assert rebuild(built_board) == cold(built_board)
    assert {p: p.stat().st_mtime_ns for p in built_board.output.rglob("*")} == stamps
    assert taken[0] == "cold"  # nothing to patch: the only build that wrote is the reference cold one



def test_editing_a_posting_rebuilds_what_a_cold_build_makes(built_board: Project, taken: list[str]) -> None:
    role = built_board.root / "postings" / "role-00007.md"
    edit(role, first_line(role, "title"), "title: Senior Tenant Organizer")
    edit(role, "## ", "## Brand new heading\n\nNew words here.\n\n## ")
    untouched = built_board.output / "roles" / "role-00030" / "index.html"
    inode = untouched.stat().st_ino
    assert rebuild(built_board) == cold(built_board)
    assert untouched.stat().st_ino == inode  # patched in place, not rebuilt and swapped
    assert "Senior Tenant Organizer" in built_board.read("roles/role-00007/index.html")
    assert taken[0] == "patch"  # the rebuild patched; the cold build after it made the reference



def test_moving_a_role_to_a_new_place_and_topic_drops_and_adds_groups(built_board: Project, taken: list[str]) -> None:
    role = built_board.root / "postings" / "role-00003.md"
    edit(role, first_line(role, "tags"), "tags: [brand-new-topic]")
    edit(role, first_line(role, "location"), 'location: "Nowhere Town, NT, KE"')
    edit(role, first_line(role, "deadline"), "deadline: rolling")  # open, so it is listed in groups
    assert rebuild(built_board) == cold(built_board)
    assert (built_board.output / "tags" / "brand-new-topic" / "index.html").is_file()
    assert taken[0] == "patch"



def test_deleting_a_posting_removes_its_page_and_folder(built_board: Project, taken: list[str]) -> None:
    (built_board.root / "postings" / "role-00011.md").unlink()
    assert rebuild(built_board) == cold(built_board)
    assert not (built_board.output / "roles" / "role-00011").exists()
    assert taken[0] == "patch"



def test_renaming_a_posting_moves_its_page(built_board: Project, taken: list[str]) -> None:
    postings = built_board.root / "postings"
    (postings / "role-00012.md").rename(postings / "renamed-role.md")
    assert rebuild(built_board) == cold(built_board)
    assert (built_board.output / "roles" / "renamed-role" / "index.html").is_file()
    assert not (built_board.output / "roles" / "role-00012").exists()
    assert taken[0] == "patch"



def test_adding_a_posting_shows_it_everywhere_a_cold_build_would(built_board: Project, taken: list[str]) -> None:
    built_board.write("newest-role.md", posting(title="Newest Role", posted="2026-11-22"))
    assert rebuild(built_board) == cold(built_board)
    assert "Newest Role" in built_board.read("index.html")
    assert taken[0] == "patch"



def test_changing_a_template_rebuilds_every_page_that_uses_it(built_board: Project) -> None:
    card = (Path(render.__file__).parent / "templates" / "_card.html").read_text(encoding="utf-8")
    (built_board.root / "templates" / "_card.html").write_text(card.replace('class="card-org"', 'class="card-org custom"'))
    assert rebuild(built_board) == cold(built_board)
    assert 'class="card-org custom"' in built_board.read("archive/index.html") + built_board.read("index.html")


def test_changing_the_settings_rebuilds_with_them(built_board: Project) -> None:
    edit(built_board.root / "config.yaml", "title: Benchmark board", "title: Renamed board")
    assert rebuild(built_board) == cold(built_board)
    assert "Renamed board" in built_board.read("index.html")


def test_a_new_day_closes_roles_as_a_cold_build_would(built_board: Project) -> None:
    later = TODAY + dt.timedelta(days=45)
    assert rebuild(built_board, later) == cold(built_board, later)


def test_a_posting_rewritten_with_the_same_bytes_is_not_parsed_again(built_board: Project, monkeypatch) -> None:
    role = built_board.root / "postings" / "role-00005.md"
    role.write_bytes(role.read_bytes())  # as a git checkout does: new stamp, same content
    from site_builder.content import loader

    monkeypatch.setattr(loader, "parse_posting", lambda *args: pytest.fail("parsed an unchanged file"))
    after = rebuild(built_board)
    monkeypatch.undo()
    assert after == cold(built_board)


def test_a_hand_edited_output_file_is_put_back(built_board: Project, taken: list[str]) -> None:
    page = built_board.output / "roles" / "role-00002" / "index.html"
    page.write_text("tampered")
    (built_board.output / "tags").joinpath("policy", "index.html").unlink(missing_ok=True)
    assert rebuild(built_board) == cold(built_board)
    assert taken[0] == "patch"



def test_a_deleted_output_folder_is_built_again(built_board: Project) -> None:
    import shutil

    shutil.rmtree(built_board.output)
    assert rebuild(built_board) == cold(built_board)


def test_a_damaged_cache_only_means_a_cold_build(built_board: Project) -> None:
    for path in (built_board.root / ".output.cache").iterdir():
        path.write_bytes(b"not a pickle")
    edit(built_board.root / "postings" / "role-00001.md", "## ", "## Changed\n\n## ")
    assert rebuild(built_board) == cold(built_board)


def test_role_pages_rendered_from_the_cache_get_their_stored_bodies(built_board: Project, monkeypatch) -> None:
    from site_builder.build import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)  # forked workers, as on a big board
    later = TODAY + dt.timedelta(days=1)  # a new day: every page again, from postings the cache holds
    assert rebuild(built_board, later) == cold(built_board, later)
    assert "<h2" in built_board.read("roles/role-00003/index.html")


def test_lost_stored_bodies_only_mean_a_cold_build(built_board: Project) -> None:
    for path in (built_board.root / ".output.cache").glob("bodies-*.pickle"):
        path.unlink()
    (built_board.output / "roles" / "role-00002" / "index.html").write_text("tampered")  # needs a stored body
    assert rebuild(built_board) == cold(built_board)
    later = TODAY + dt.timedelta(days=1)
    assert rebuild(built_board, later) == cold(built_board, later)  # and the cache is whole again


def test_lost_stored_bodies_found_by_forked_workers_only_mean_a_cold_build(built_board: Project, monkeypatch) -> None:
    from site_builder.build import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    for path in (built_board.root / ".output.cache").glob("bodies-*.pickle"):
        path.unlink()
    later = TODAY + dt.timedelta(days=1)  # every role page again, each needing its stored body
    assert rebuild(built_board, later) == cold(built_board, later)


def test_bodies_of_many_small_rebuilds_are_merged_into_one_file(built_board: Project) -> None:
    from site_builder.build.cache import MAX_SEGMENTS, Cache

    for number in range(MAX_SEGMENTS + 1):
        edit(built_board.root / "postings" / "role-00001.md", "## ", f"## Edit {number}\n\n## ")
        assert rebuild(built_board) == cold(built_board)
    cache = Cache.beside(built_board.output)
    assert len(cache.index.bodies_written) < MAX_SEGMENTS and "Edit 8" in cache.body(cache.index.files["role-00001.md"][1])
    assert sorted(p.name for p in cache.folder.glob("bodies-*")) == sorted(cache.index.bodies_written)


def test_stored_bodies_found_damaged_while_saving_leave_an_empty_cache(built_board: Project) -> None:
    from site_builder.build.cache import Cache

    for path in (built_board.root / ".output.cache").glob("bodies-*.pickle"):
        path.write_bytes(b"not a pickle")
    cache = Cache.beside(built_board.output)
    cache.index.bodies_written = dict.fromkeys(cache.index.bodies_written, 10**6)  # mostly dead: due for a rewrite
    cache.save(cache.index.files, cache.index.manifest)
    assert Cache.beside(built_board.output).entries == {}
    assert rebuild(built_board) == cold(built_board)


def test_a_broken_posting_fails_the_rebuild_and_leaves_the_site_and_cache_usable(built_board: Project) -> None:
    before = tree(built_board.output)
    role = built_board.root / "postings" / "role-00004.md"
    good = role.read_text(encoding="utf-8")
    edit(role, first_line(role, "workplace"), "workplace: on the moon")
    result = built_board.build()
    assert result.exit_code == 1 and "role-00004.md" in result.output
    assert tree(built_board.output) == before
    role.write_text(good, encoding="utf-8")
    assert rebuild(built_board) == cold(built_board)


def test_many_edits_in_a_row_keep_matching_cold_builds(built_board: Project) -> None:
    postings = built_board.root / "postings"
    for number in range(6):  # enough rebuilds to append several cache segments and merge them
        role = postings / f"role-{number:05d}.md"
        edit(role, first_line(role, "title"), f"title: Edited role {number}")
        assert rebuild(built_board) == cold(built_board)
    assert len(list((built_board.root / ".output.cache").glob("segment-*.pickle"))) <= 8


def test_no_cache_builds_cold_and_leaves_the_cache_alone(built_board: Project) -> None:
    cache = built_board.root / ".output.cache"
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    edit(built_board.root / "postings" / "role-00009.md", "## ", "## Changed\n\n## ")
    result = built_board.build("--no-cache")
    assert result.exit_code == 0, result.output
    assert tree(built_board.output) == cold(built_board)
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before


@pytest.mark.parametrize("damage", ["files", "segments", "manifest", "units", "stamps", "body_files", "entries"])
def test_a_cache_of_any_wrong_shape_only_means_a_cold_build(built_board: Project, damage: str) -> None:
    import pickle

    from site_builder.build.cache import _seal, _unseal, stamp, user_key

    key = user_key()  # damage as this user's own builds could have left it: sealed, so only its shape is wrong
    assert key
    folder = built_board.root / ".output.cache"
    index = pickle.loads(_unseal(key, (folder / "index.pickle").read_bytes()))
    if damage == "entries":
        segment = folder / index.segments[0]
        entries = pickle.loads(segment.read_bytes())
        entries[next(iter(entries))].fragments = {"card": "text, not bytes"}
        segment.write_bytes(pickle.dumps(entries))
        index.stamps[segment.name] = stamp(os.stat(segment))
    elif damage in ("units", "stamps"):
        setattr(index.manifest, damage, {"roles/x/index.html": None})
    else:
        setattr(index, damage, {"x": 3} if damage != "manifest" else None)
    (folder / "index.pickle").write_bytes(_seal(key, pickle.dumps(index)))
    (folder / "index.pickle").chmod(0o600)
    edit(built_board.root / "postings" / "role-00001.md", "## ", "## Changed\n\n## ")
    assert rebuild(built_board) == cold(built_board)


class _Trap:
    """A pickle that, if ever loaded, leaves a file behind (as a hostile commit's would run a command)."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.mark,))


@pytest.mark.parametrize("where", ["index", "segment"])
def test_a_cache_that_arrived_by_commit_is_never_unpickled(built_board: Project, tmp_path: Path, where: str) -> None:
    import pickle

    folder = built_board.root / ".output.cache"
    mark = tmp_path / "ran"
    if where == "index":  # a whole cache committed to the repository: no seal this user's builds made
        (folder / "index.pickle").write_bytes(b"\0" * 32 + pickle.dumps(_Trap(mark)))
    else:  # one segment swapped for another file: the sealed index names another inode and ctime
        segment = next(folder.glob("segment-*.pickle"))
        segment.unlink()
        segment.write_bytes(pickle.dumps(_Trap(mark)))
    edit(built_board.root / "postings" / "role-00001.md", "## ", "## Changed\n\n## ")
    assert rebuild(built_board) == cold(built_board)
    assert not mark.exists()


def test_serve_readies_the_spare_copy_with_its_first_build_so_no_rebuild_makes_one(tmp_path: Path, monkeypatch) -> None:
    from site_builder.build import writer
    from site_builder.build.cache import Cache
    from site_builder.config import load_config

    generate(tmp_path, 40, seed=3, today=TODAY)
    config = replace(load_config(tmp_path / "config.yaml"), output_dir=tmp_path / "output")
    made: list[bool] = []
    monkeypatch.setattr(site, "patch", lambda *args: made.append(writer.patch(*args)) or made[-1])
    memory = Cache()  # as `serve` keeps one in memory
    site.build(config, TODAY, memory, spare=True)
    assert (tmp_path / ".output.spare" / writer.SPARE_MARK).is_file()
    role = tmp_path / "postings" / "role-00007.md"
    for number in range(2):
        edit(role, first_line(role, "title"), f"title: Organizer, version {number}")
        site.build(config, TODAY, memory, spare=True)
    assert made == [False, False]  # both rebuilds patched, and found the spare ready
    assert tree(tmp_path / "output") == cold(Project(tmp_path))


def test_a_posting_changed_back_to_an_earlier_text_is_patched_not_rebuilt_cold(built_board: Project, taken: list[str]) -> None:
    role = built_board.root / "postings" / "role-00007.md"
    original = role.read_text(encoding="utf-8")
    edit(role, first_line(role, "title"), "title: Senior Tenant Organizer")
    rebuild(built_board)
    role.write_text(original, encoding="utf-8")  # reverted: its content key is one an older segment still lists
    assert rebuild(built_board) == cold(built_board)
    assert taken == ["patch", "patch", "cold"]  # neither rebuild started over cold; the last is the reference
