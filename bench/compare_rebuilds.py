"""Rebuilds by two checkouts of jobboard on one corpus, interleaved (a benchmark, not a test).

    git worktree add /tmp/before <commit>
    python3 bench/compare_rebuilds.py --roles 10000 --runs 5 --before /tmp/before

Each tree builds the corpus cold into its own output folder (with its own cache); then, each round,
one posting is edited and each tree rebuilds once ("one posting edited"), then once more with
nothing changed. Turns alternate between the trees so the machine's drift hits both alike. Prints
median wall seconds and peak PSS, and names the files where the two trees' sites differ.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from compare_hugo import run  # noqa: E402
from compare_trees import two_trees  # noqa: E402
from corpus import generate  # noqa: E402
from rebuild import command, edit, files  # noqa: E402


def main() -> None:
    args, trees = two_trees(runs=5)
    with tempfile.TemporaryDirectory() as tmp:
        board = Path(tmp) / "board"
        generate(board, args.roles)
        target = next(p for p in sorted((board / "postings").iterdir()) if "deadline: rolling" in p.read_text())
        outputs = {name: Path(tmp) / name / "out" for name in trees}
        results: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
        for name, tree in trees.items():
            results[(name, "cold")] = [run(command(board, outputs[name]), tree)]
        for number in range(args.runs):
            edit(target, number)
            for kind in ("one posting edited", "nothing changed"):
                order = list(trees.items()) if number % 2 == 0 else list(reversed(trees.items()))
                for name, tree in order:
                    results.setdefault((name, kind), []).append(run(command(board, outputs[name]), tree))
                    print(f"round {number + 1} {kind} {name}: {results[(name, kind)][-1][0]:.3f} s", flush=True)
        before, after = files(outputs["before"]), files(outputs["after"])
        differing = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    for kind in ("cold", "one posting edited", "nothing changed"):
        line = [f"{kind:>20}:"]
        for name in trees:
            runs = results[(name, kind)]
            seconds = statistics.median(r[0] for r in runs)
            pss = max(r[2] for r in runs) / 2**20
            line.append(f"{name} {seconds:.3f} s, {pss:.0f} MB")
        print("  ".join(line))
    if differing:  # expected only where the change meant to change the site
        print(f"the two trees' sites differ in {len(differing)} files: {', '.join(differing[:5])}")


if __name__ == "__main__":
    main()
