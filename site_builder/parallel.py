"""Spread independent work over the machine's cores, keeping results in input order."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 400  # below this, starting workers costs more than it saves
_PR_SET_PDEATHSIG = 1


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
    """A pool of forked workers (spawned where fork is unavailable) that die with their parent."""
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    return ProcessPoolExecutor(max_workers=cores, mp_context=context, initializer=die_with_parent)


def workers() -> int:
    """Cores this process may use (JOBBOARD_WORKERS overrides; 1 turns parallelism off)."""
    configured = os.environ.get("JOBBOARD_WORKERS")
    if configured:
        return max(1, int(configured))
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


def map_chunks(func: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """func over contiguous chunks of items, in parallel when worth it; results flattened in order."""
    cores = cores_for(len(items))
    if cores == 1:
        return func(items)
    with new_pool(cores) as pool:
        return [result for part in pool.map(func, chunks(items, cores * 4)) for result in part]
