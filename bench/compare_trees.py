"""Cold builds of two checkouts of jobboard and of Hugo on one corpus, interleaved (a benchmark, not a test).

    git worktree add /tmp/before <commit>
    python3 bench/compare_trees.py --roles 10000 --runs 3 --before /tmp/before

This machine's speed drifts by up to 2x within an hour, so a change is measured against the code
before it in one run: each round builds the corpus with the older tree and this tree (in turns
alternating, since the second build pays for the first's writes being flushed) and Hugo, each
into a new folder (see compare_hugo.measure for why nothing is deleted until the end). Prints each
round's seconds, then medians, ratios to Hugo, and peak PSS of each process tree.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from compare_hugo import run  # noqa: E402
from corpus import generate  # noqa: E402
from hugo_site import convert  # noqa: E402


def two_trees(runs: int) -> tuple[argparse.Namespace, dict[str, Path]]:
    """The command line's --roles, --runs and --before, and the two trees by name: before, and this one."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the older code")
    args = parser.parse_args()
    return args, {"before": args.before.resolve(), "after": HERE.parent}


def main() -> None:
    args, trees = two_trees(runs=3)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "board", args.roles)
        convert(root / "board", root / "hugo")
        results: dict[str, list[tuple[float, int, int]]] = {"before": [], "after": [], "hugo": []}
        for number in range(args.runs):
            out = root / f"run-{number}"
            # Turns alternate: whichever tree builds second pays for the first's writes still being flushed.
            for name, tree in (list(trees.items()) if number % 2 == 0 else list(reversed(trees.items()))):
                command = [sys.executable, "-m", "site_builder", "build", "--config", str(root / "board" / "config.yaml"),
                           "--output", str(out / name), "--today", "2026-11-23"]  # fmt: skip
                results[name].append(run(command, tree))  # `-m` runs the package in the tree it starts in
            results["hugo"].append(run(["hugo", "--quiet", "-d", str(out / "hugo")], root / "hugo"))
            print(number, {name: round(values[-1][0], 2) for name, values in results.items()}, flush=True)
    seconds = {name: statistics.median(v[0] for v in values) for name, values in results.items()}
    pss = {name: statistics.median(v[2] for v in values) / 2**20 for name, values in results.items()}
    print(f"{args.roles} roles: before {seconds['before']:.2f} s, after {seconds['after']:.2f} s, Hugo {seconds['hugo']:.2f} s; "
          f"ratio to Hugo {seconds['before'] / seconds['hugo']:.2f} -> {seconds['after'] / seconds['hugo']:.2f}; "
          f"PSS {pss['before']:.0f} -> {pss['after']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
