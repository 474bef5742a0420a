"""Rebuild times: after editing nothing and after editing one posting (a benchmark, not a test).

    python3 bench/rebuild.py --roles 1000 10000 [--runs 5]

For each size: one cold build of a generated corpus (which also writes the cache), then `runs`
rebuilds with nothing changed and `runs` rebuilds each after changing one open role's title and
a sentence of its description. Each build is a fresh `python3 -m site_builder build` process, as
a maintainer or CI runs it. Prints median wall seconds and peak memory, and checks that the last
rebuild's output is byte-identical to a cold build of the same files.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from compare_hugo import run  # noqa: E402
from corpus import generate  # noqa: E402


def command(board: Path, output: Path) -> list[str]:
    """The build command a maintainer runs."""
    return [sys.executable, "-m", "site_builder", "build", "--config", str(board / "config.yaml"),
            "--output", str(output), "--today", "2026-11-23"]  # fmt: skip


def edit(posting: Path, number: int) -> None:
    """Change one role's title and first paragraph, as a poster's correction would."""
    lines = posting.read_text(encoding="utf-8").split("\n")
    lines[1] = f"title: Edited role, version {number}"
    lines[lines.index("---", 1) + 3] += f" Edit number {number}."
    posting.write_text("\n".join(lines), encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def measure(roles: int, runs: int) -> dict[str, tuple[float, float]]:
    """Median (seconds, MB) of a cold build, a no-change rebuild and a one-edit rebuild."""
    with tempfile.TemporaryDirectory() as tmp:
        board, output = Path(tmp) / "board", Path(tmp) / "out"
        generate(board, roles)
        target = next(p for p in sorted((board / "postings").iterdir()) if "deadline: rolling" in p.read_text())
        results = {"cold": [run(command(board, output), HERE.parent)], "nothing changed": [], "one posting edited": []}
        for number in range(runs):
            results["nothing changed"].append(run(command(board, output), HERE.parent))
            edit(target, number)
            results["one posting edited"].append(run(command(board, output), HERE.parent))
        reference = Path(tmp) / "cold"
        run(command(board, reference), HERE.parent)
        if files(output) != files(reference):
            raise SystemExit("the rebuilt site differs from a cold build")
        shutil.rmtree(reference)
        return {name: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values) / 2**20)
                for name, values in results.items()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| roles | cold | nothing changed | one posting edited | peak (edit) |")
    print("|---|---|---|---|---|")
    for roles in args.roles:
        r = measure(roles, args.runs)
        print(f"| {roles:,} | {r['cold'][0]:.1f} s | {r['nothing changed'][0]:.2f} s | "
              f"{r['one posting edited'][0]:.2f} s | {r['one posting edited'][1]:.0f} MB |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
