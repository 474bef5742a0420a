"""Spread independent work over the machine's cores, keeping results in input order.

Workers are forked: each inherits the task function and the tasks (so the function may hold a whole
build's plan, unpickled), and only task numbers and results cross between processes. Nothing a
worker needs is kept in a module for it to find.

A worker can still die (a crash in C code, the kernel's out-of-memory killer, a stray kill). Each
worker writes on a shared board which of its items it is on, so a build can then name that item
instead of ending in a traceback."""

from __future__ import annotations

import ctypes
import mmap
import multiprocessing
import os
import pickle
import queue
import signal
import struct
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, NoReturn, TypeVar, cast

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import Synchronized

from site_builder.errors import SiteError

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 400  # below this, starting workers costs more than it saves
ALONE_SECONDS = 60.0  # a suspect re-run alone gets this long (one file or page takes milliseconds)
_PR_SET_PDEATHSIG = 1
_SLOT = struct.Struct("q")  # a task's slot: 1 + the number of the item its worker is on; 0 when on none


def die_with_parent() -> None:
    """Pool initializer: on Linux the kernel kills a worker when the build process dies, so a
    killed build leaves no orphaned workers behind."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: workers still exit when the pool's pipes close
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system (glibc; elsewhere nothing happens). Before forking:
    freed pages otherwise stay resident in the parent, e.g. ~100 MB of posting bodies just stored away."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        return


def new_pool(cores: int) -> ProcessPoolExecutor:
    """A pool of spawned workers, for platforms without fork (each task and its function are sent pickled)."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=cores, mp_context=context, initializer=die_with_parent)


def _start_method() -> str:
    """fork where the platform has it (workers share the parent's memory), else spawn."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


MAX_WORKERS = 64  # a pool forks all its workers at once: a typo must not become a fork bomb


def workers() -> int:
    """Cores this process may use (JOBBOARD_WORKERS overrides, up to MAX_WORKERS; 1 turns parallelism off)."""
    configured = os.environ.get("JOBBOARD_WORKERS")
    if configured:
        if not (configured.isascii() and configured.isdigit()) or int(configured) < 1:
            raise SiteError(f"JOBBOARD_WORKERS must be a whole number of workers, 1 or more (got {configured[:40]!r})")
        return min(int(configured), MAX_WORKERS)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def cores_for(count: int, needs_fork: bool = False) -> int:
    """How many workers `count` items deserve: 1 (serial) for small jobs, a single core, or (when the
    workers must share the parent's memory) a platform without fork; else every core."""
    if needs_fork and "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = workers()
    return 1 if count < MIN_PARALLEL else cores


def chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """Split items into about `count` contiguous chunks."""
    size = max(1, -(-len(items) // count))
    return [items[start : start + size] for start in range(0, len(items), size)]


def map_chunks(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """func over each item, on every core in contiguous chunks when worth it; results in input order.

    Forked workers inherit func (without fork it must pickle). If a worker dies, WorkerDied names the item(s)
    it died on."""
    cores = cores_for(len(items))
    if cores == 1:
        return [func(item) for item in items]
    parts = run_tasks(partial(_each, func), chunks(items, cores * 4), cores, func)
    return [result for part in parts for result in part]


def _each(func: Callable[[T], R], chunk: Sequence[T], spot: Spot | None) -> list[R]:
    """In a worker: func over one chunk's items, each marked on the board while it runs."""
    return [func(item) for item in marked(chunk, spot)]


class Spot(NamedTuple):
    """One task's slot on the board: all a worker needs to mark its progress (it inherits the descriptor)."""

    fd: int
    size: int
    offset: int


class Board:
    """Memory shared with the workers forked after it is made, where each task's worker marks its item.

    A file with no name (memfd, or an unlinked temporary file): a worker maps it by the descriptor it
    inherited through fork."""

    def __init__(self, tasks: int) -> None:
        self.fd = _nameless_file()
        self.size = _SLOT.size * max(tasks, 1)
        os.ftruncate(self.fd, self.size)  # zeros: no task is on an item

    def spot(self, task: int) -> Spot:
        """The slot of task number `task`."""
        return Spot(self.fd, self.size, _SLOT.size * task)

    def in_progress(self) -> list[tuple[int, int]]:
        """(task, item) for each task whose worker was on an item and never finished it."""
        marks = _SLOT.iter_unpack(os.pread(self.fd, self.size, 0))
        return [(task, mark - 1) for task, (mark,) in enumerate(marks) if mark]

    def __enter__(self) -> Board:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:  # fmt: skip
        os.close(self.fd)


def _nameless_file() -> int:
    """A descriptor of a file no other process can open: memory only (memfd) on Linux, else unlinked at once."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("jobboard-progress")
    handle, name = tempfile.mkstemp(prefix="jobboard-progress-")
    os.unlink(name)
    return handle


def marked(items: Sequence[T], spot: Spot | None) -> Iterator[T]:
    """Each item in turn, marked on the board (when there is one) while the worker is on it.

    The cost is one mapping per task and one 8-byte write per item."""
    if spot is None:
        yield from items
        return
    with mmap.mmap(spot.fd, spot.size) as board:
        for number, item in enumerate(items, 1):
            _SLOT.pack_into(board, spot.offset, number)
            yield item
        _SLOT.pack_into(board, spot.offset, 0)


class Death(NamedTuple, Generic[T]):
    """An item a worker was on when it died; `how` it kills a worker alone (`signal 11, SIGSEGV`), or None."""

    item: T
    how: str | None


class WorkerDied(Exception):
    """A worker died; `deaths` holds the items that kill one alone, else every item a worker was on."""

    def __init__(self, deaths: list[Death[Any]]) -> None:
        self.deaths = deaths
        super().__init__(f"a worker died; suspects: {len(deaths)}")


def run_tasks(work: Callable[[Sequence[T], Spot | None], R], tasks: Sequence[Sequence[T]], cores: int,
              alone: Callable[[T], object]) -> list[R]:  # fmt: skip
    """work(task, its spot) for each task on `cores` workers; results in task order.

    If a worker dies the others are killed too, so every item still marked is a suspect: each is
    run again by `alone`, by itself in a fresh child, and WorkerDied names those that kill it again."""
    if _start_method() != "fork":
        return _spawned(work, tasks, cores)
    with Board(len(tasks)) as board:
        try:
            return _forked(work, tasks, cores, board)
        except _Lost:
            suspects = [tasks[task][item] for task, item in board.in_progress()]
    raise WorkerDied(_culprits(alone, suspects)) from None


def _spawned(work: Callable[[Sequence[T], Spot | None], R], tasks: Sequence[Sequence[T]], cores: int) -> list[R]:
    """run_tasks without fork: spawned workers inherit no descriptor, so there is no board and a death names nothing."""
    try:
        with new_pool(cores) as pool:
            return list(pool.map(work, tasks, [None] * len(tasks)))
    except BrokenProcessPool:
        raise WorkerDied([]) from None


class Worker(NamedTuple):
    """A forked worker, and the pipe its results come back on (it holds the only writing end)."""

    process: BaseProcess
    results: Connection


class _Lost(Exception):
    """A worker ended before sending back the result of every task it took."""


class RemoteTraceback(Exception):
    """A worker's traceback as text: the cause of the error it raised, which the build raises again."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}"


def _forked(work: Callable[[Sequence[T], Spot | None], R], tasks: Sequence[Sequence[T]], cores: int,
            board: Board) -> list[R]:  # fmt: skip
    """run_tasks on forked workers that take the next task as they get free; _Lost if one dies.

    They inherit `work` and the tasks, so only task numbers (through shared memory) and results (through
    each worker's pipe) cross. A thread per worker drains its pipe as results arrive, so no worker waits
    on a send while the build unpickles another's result. A worker's error is raised here once its
    workers are stopped, and no reader thread outlives this call (a later fork must find none)."""
    context = multiprocessing.get_context("fork")
    taken = context.Value("q", 0)  # how many tasks workers have taken: the number of the next one
    crew: list[Worker] = []
    readers: list[threading.Thread] = []
    arrived: Arrivals = queue.SimpleQueue()
    try:
        for _ in range(min(cores, len(tasks))):
            crew.append(_start(context, partial(_work_through, work, tasks, board, taken)))
        for worker in crew:  # started once every worker is forked: a fork copies no thread but the caller
            readers.append(threading.Thread(target=_drain, args=(worker, arrived), daemon=True))
            readers[-1].start()
        return _results(arrived, len(crew), len(tasks))
    except BaseException:
        for worker in crew:
            worker.process.kill()  # a failed build stops at once; its staging folder is thrown away
        raise
    finally:
        for worker in crew:
            worker.process.join()
        for reader in readers:
            reader.join()  # each ends at its pipe's end, which a dead worker's pipe reaches
        for worker in crew:
            worker.results.close()


def _start(context: ForkContext, run: Callable[[Connection], None]) -> Worker:
    """Fork a worker that runs `run`, giving it the writing end of its results pipe."""
    results, end = context.Pipe(duplex=False)
    process = context.Process(target=run, args=(end,))
    process.start()
    end.close()  # the worker's is then the only writing end: the pipe ends (EOF) when the worker does
    return Worker(process, results)


def _work_through(work: Callable[[Sequence[T], Spot | None], R], tasks: Sequence[Sequence[T]], board: Board,
                  taken: Synchronized[int], results: Connection) -> None:  # fmt: skip
    """In a worker: take the next task no worker has taken and send back its result, until none is left."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C interrupts the build, which then stops its workers
    while (number := _take(taken)) < len(tasks):
        try:
            outcome: tuple[bool, object] = (True, work(tasks[number], board.spot(number)))
        except BaseException as error:  # whatever it is, the build raises it again (a template's, Ctrl-C's...)
            outcome = (False, (error, traceback.format_exc()))
        results.send_bytes(_packed(number, outcome))


def _take(taken: Synchronized[int]) -> int:
    """The number of the next task, taken (the number of tasks once every one is)."""
    with taken.get_lock():
        number = taken.value
        taken.value = number + 1
    return number


def _packed(number: int, outcome: tuple[bool, object]) -> bytes:
    """A task's number and outcome, pickled; an outcome that can't be becomes an error saying so (carrying a
    failed task's own traceback, so its cause is still shown)."""
    try:
        data = pickle.dumps((number, *outcome), pickle.HIGHEST_PROTOCOL)
        if not outcome[0]:
            pickle.loads(data)  # an error that pickles but can't be rebuilt (its __init__ takes other arguments)
        return data
    except Exception as problem:  # an object that does not pickle: its failure is the error to report
        error = RuntimeError(f"a worker's result could not be sent back: {problem!r}")
        trace = traceback.format_exc() if outcome[0] else cast(tuple[BaseException, str], outcome[1])[1]
        return pickle.dumps((number, False, (error, trace)), pickle.HIGHEST_PROTOCOL)


Arrivals = queue.SimpleQueue[tuple[BaseProcess, tuple[int, bool, Any] | BaseException | None]]  # outcome, or end


def _results(arrived: Arrivals, workers: int, count: int) -> list[Any]:
    """Each task's result, in task order, as the reader threads pass them on until each worker has ended.

    A worker's error is raised (with its traceback as the cause); _Lost if a worker died, or if every
    worker ended with a task's result missing."""
    results: dict[int, Any] = {}
    running = workers
    while running:
        process, data = arrived.get()
        if data is None:  # the worker ended: no task was left, or it died
            running -= 1
            process.join()
            if process.exitcode:
                raise _Lost
            continue
        if isinstance(data, BaseException):  # the reader failed (no memory for a big result, say)
            raise data
        number, done, value = data
        if not done:
            error, trace = value
            raise error from RemoteTraceback(trace)
        results[number] = value
    if len(results) < count:
        raise _Lost
    return [results[number] for number in range(count)]


def _drain(worker: Worker, arrived: Arrivals) -> None:
    """In a thread of the build: pass on each outcome a worker sends, unpickled as it arrives (so its bytes
    are freed at once, not queued: a board's parsed postings are ~50 MB of them), then None when its pipe
    ends (or what went wrong reading it, so the build never waits on a reader that is gone)."""
    try:
        while True:
            arrived.put((worker.process, pickle.loads(worker.results.recv_bytes())))
    except (EOFError, OSError):  # the worker ended
        arrived.put((worker.process, None))
    except BaseException as problem:
        arrived.put((worker.process, problem))


def _culprits(alone: Callable[[T], object], suspects: list[T]) -> list[Death[T]]:
    """The suspects that kill a worker by themselves; if none does, every suspect, with no cause."""
    deaths = [Death(item, dies_alone(alone, item)) for item in suspects]
    return [death for death in deaths if death.how] or deaths


def dies_alone(func: Callable[[T], object], item: T, limit: float = ALONE_SECONDS) -> str | None:
    """Run func(item) in a fresh forked child: how the child died (`signal 11, SIGSEGV`), or None if it finished
    (or could not start: then nothing is known)."""
    try:
        child = os.fork()
    except OSError:
        return None
    if child == 0:
        _run_and_exit(func, item)
    return _death_of(child, limit)


def _run_and_exit(func: Callable[[T], object], item: T) -> NoReturn:
    """In a forked child: run func(item), then leave at once, whatever happened (an exception is no death)."""
    try:
        die_with_parent()
        func(item)
    finally:
        os._exit(0)  # never back into the parent's code, its atexit handlers or its buffered output


def _death_of(child: int, limit: float) -> str | None:
    """Wait for a child, killing it after `limit` seconds: how it died, or None if it exited with status 0."""
    deadline = time.monotonic() + limit
    while (waited := os.waitpid(child, os.WNOHANG))[0] == 0:
        if time.monotonic() > deadline:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            return f"alone, it was still running after {limit:g} s"
        time.sleep(0.002)
    if os.WIFSIGNALED(waited[1]):
        return _signal_name(os.WTERMSIG(waited[1]))
    code = os.waitstatus_to_exitcode(waited[1])
    return f"exit status {code}" if code else None


def _signal_name(number: int) -> str:
    """`signal 11, SIGSEGV` (just the number for a signal Python has no name for)."""
    try:
        return f"signal {number}, {signal.Signals(number).name}"
    except ValueError:
        return f"signal {number}"
