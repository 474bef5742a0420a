"""A worker that dies is a clear error: the build names the file it was on, exits 1 and changes nothing."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from functools import wraps

import pytest
from click.testing import CliRunner
from conftest import Project, posting
from test_build import snapshot

from site_builder.build import parallel
from site_builder.build import pipeline as site
from site_builder.build.parallel import WorkerDied, dies_alone, map_chunks
from site_builder.commands.cli import main
from site_builder.content import loader

ROLES = 400  # the real threshold for forked workers (parallel.MIN_PARALLEL), not a lowered one
DOOMED = "role-0237"


def die() -> None:
    """What a crash in C code or the out-of-memory killer does to a worker: no exception, no clean-up."""
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture
def big_project(make_project, monkeypatch) -> Project:
    """A board big enough for forked parse and render workers (two of them), built once without trouble."""
    assert ROLES >= parallel.MIN_PARALLEL
    monkeypatch.setenv("JOBBOARD_WORKERS", "2")
    project = make_project({f"role-{n:04d}.md": posting(title=f"Role {n}") for n in range(ROLES)})
    assert project.build().exit_code == 0
    return project


def rebuild_after_death(project: Project) -> tuple[int, str]:
    """Build again from scratch (every file parsed and every page rendered by workers): status and output.

    The output folder and the folders beside it must be exactly as they were."""
    before, beside = snapshot(project.output), sorted(os.listdir(project.root))
    result = project.build("--no-cache")
    assert snapshot(project.output) == before
    assert sorted(os.listdir(project.root)) == beside  # no staging folder left behind
    return result.exit_code, result.output


def killing(real: Callable[..., object], doomed: Callable[..., bool]) -> Callable[..., object]:
    """`real`, except that the process calling it dies when `doomed` says so for the arguments.

    It takes real's name, so a unit holding it still pickles (by that name) on its way to a worker."""

    @wraps(real)
    def wrapper(*args: object) -> object:
        if doomed(*args):
            die()
        return real(*args)

    return wrapper


def test_a_parse_worker_that_dies_names_the_file_exits_1_and_leaves_the_site(big_project, monkeypatch) -> None:
    # Forked workers inherit the patch: parsing this one file kills whichever worker reads it.
    monkeypatch.setattr(loader, "parse_posting", killing(loader.parse_posting, lambda shown, stem, *_: stem == DOOMED))
    status, output = rebuild_after_death(big_project)
    assert status == 1
    assert f"postings/{DOOMED}.md: file: the build's worker died while reading this file (signal 9, SIGKILL)" in output
    assert "1 problem(s)" in output  # the other worker, killed by the pool, is not blamed
    assert "Traceback" not in output and "BrokenProcessPool" not in output


def test_check_in_github_format_annotates_the_file_that_killed_its_worker(big_project, monkeypatch) -> None:
    monkeypatch.setattr(loader, "parse_posting", killing(loader.parse_posting, lambda shown, stem, *_: stem == DOOMED))
    result = CliRunner().invoke(
        main, ["check", "--config", str(big_project.root / "config.yaml"), "--format", "github"]
    )
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file=postings/{DOOMED}.md,title=file::file: the build's worker died")
    assert len(result.stdout.splitlines()) == 1 and "Traceback" not in result.output


def test_a_render_worker_that_dies_names_the_posting_whose_page_it_was_rendering(big_project, monkeypatch) -> None:
    monkeypatch.setattr(site, "_with_body", killing(site._with_body, lambda plan, p: p.slug == DOOMED))
    status, output = rebuild_after_death(big_project)
    assert status == 1
    assert f"postings/{DOOMED}.md: page: the build's worker died while rendering this role's page (signal 9" in output
    assert "1 problem(s)" in output
    assert "Traceback" not in output and "BrokenProcessPool" not in output


def test_a_render_worker_that_dies_on_a_group_page_names_that_page(big_project, monkeypatch) -> None:
    doomed = killing(
        site.index_pages, lambda plan, number, place, page: plan.indexes[number].groups[place].slug == "policy"
    )
    monkeypatch.setattr(site, "index_pages", doomed)
    status, output = rebuild_after_death(big_project)
    assert status == 1
    assert "tags/policy/index.html: page: the build's worker died while rendering this page (signal 9" in output
    assert "Traceback" not in output


def test_map_chunks_names_the_item_that_kills_its_worker(monkeypatch) -> None:
    monkeypatch.setenv("JOBBOARD_WORKERS", "2")
    with pytest.raises(WorkerDied) as died:
        map_chunks(_die_on_seven, list(range(parallel.MIN_PARALLEL)))
    assert [(death.item, death.how) for death in died.value.deaths] == [(7, "signal 9, SIGKILL")]


def _die_on_seven(item: int) -> int:
    """Square the item, dying on 7."""
    if item == 7:
        die()
    return item * item


def test_map_chunks_keeps_order_when_no_worker_dies(monkeypatch) -> None:
    monkeypatch.setenv("JOBBOARD_WORKERS", "2")
    items = list(range(parallel.MIN_PARALLEL + 3))
    assert map_chunks(_square, items) == [item * item for item in items]


def _square(item: int) -> int:
    """The item squared."""
    return item * item


def test_a_death_that_does_not_happen_again_alone_blames_every_item_a_worker_was_on(monkeypatch, tmp_path) -> None:
    # As after the out-of-memory killer: the file read alone is fine, so the build can't say which one it was.
    monkeypatch.setenv("JOBBOARD_WORKERS", "2")
    once = tmp_path / "die-once"
    once.touch()
    with pytest.raises(WorkerDied) as died:
        map_chunks(_die_once_on_seven, [(item, str(once)) for item in range(parallel.MIN_PARALLEL)])
    deaths = died.value.deaths
    assert (7, str(once)) in [death.item for death in deaths]
    assert 1 <= len(deaths) <= 2 and all(death.how is None for death in deaths)


def _die_once_on_seven(item: tuple[int, str]) -> int:
    """Die on 7 the first time only (the flag file is gone afterwards)."""
    number, flag = item
    if number == 7 and os.path.exists(flag):
        os.unlink(flag)
        die()
    return number


def test_dies_alone_tells_how_a_child_died_or_that_it_finished() -> None:
    assert dies_alone(lambda _: die(), None) == "signal 9, SIGKILL"
    assert dies_alone(lambda code: os._exit(code), 3) == "exit status 3"
    assert dies_alone(lambda _: 1 / 0, None) is None  # an exception is no death: the pool would report it
    assert dies_alone(lambda _: None, None) is None


def test_a_child_run_alone_that_never_finishes_is_stopped_and_named() -> None:
    assert dies_alone(lambda _: signal.pause(), None, limit=0.2) == "alone, it was still running after 0.2 s"


def test_the_serial_path_stays_in_process_for_small_boards(make_project, monkeypatch) -> None:
    # Under the threshold nothing forks (starting workers would cost more than it saves), so the
    # parse runs in this very process: seen here as the pid the parse is called from.
    monkeypatch.setenv("JOBBOARD_WORKERS", "2")
    pids: list[int] = []
    monkeypatch.setattr(loader, "parse_posting", _recording(loader.parse_posting, pids))
    project = make_project({f"role-{n}.md": posting(title=f"Role {n}") for n in range(3)})
    assert project.build().exit_code == 0
    assert pids == [os.getpid()] * 3


def _recording(real: Callable[..., object], pids: list[int]) -> Callable[..., object]:
    """`real`, noting the pid of each call."""

    def wrapper(*args: object) -> object:
        pids.append(os.getpid())
        return real(*args)

    return wrapper


class _TwoArguments(Exception):
    """An error that pickles but can't be rebuilt from its args (its __init__ takes two)."""

    def __init__(self, what: str, where: str) -> None:
        super().__init__(f"{what}: {where}")


def _fails_oddly(task, spot) -> None:
    raise _TwoArguments("boom", "a bug deep in a filter")


def test_an_error_a_worker_cant_send_back_whole_still_reaches_the_build_with_its_traceback() -> None:
    from site_builder.build.parallel import RemoteTraceback, run_tasks

    with pytest.raises(RuntimeError, match="could not be sent back") as raised:
        run_tasks(_fails_oddly, [[1], [2]], 2, lambda item: None)
    assert isinstance(raised.value.__cause__, RemoteTraceback)
    assert "boom: a bug deep in a filter" in str(raised.value.__cause__)


def _squares(task, spot) -> list[int]:
    return [item * item for item in task]


def test_a_result_the_build_cannot_read_ends_the_build_instead_of_hanging(monkeypatch) -> None:
    import multiprocessing.connection
    import threading

    from site_builder.build.parallel import run_tasks

    def out_of_memory(self, maxlength=None):
        raise MemoryError

    monkeypatch.setattr(multiprocessing.connection.Connection, "recv_bytes", out_of_memory)
    with pytest.raises(MemoryError):
        run_tasks(_squares, [[1, 2], [3]], 2, lambda item: None)
    assert multiprocessing.active_children() == []  # every worker stopped
    assert threading.active_count() == 1  # and no reader thread left to be copied by a later fork
