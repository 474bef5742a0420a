"""From saving a posting to the new page being served, under `jobboard serve` (a benchmark, not a test).

    python3 bench/serve_reload.py --roles 1000 10000 [--runs 5]

Starts `jobboard serve` on a generated corpus, waits for its first build, then `runs` times:
edits one open role's title, and polls that role's page over HTTP every 10 ms until the new
title is served. Prints the median and worst time from the save to the new page, and the
rebuild time `serve` itself reports. The browser's reload adds a WebSocket message on top.
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from corpus import generate  # noqa: E402
from rebuild import edit  # noqa: E402


def free_port() -> int:
    """A port nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def page(url: str) -> str:
    """The page's text, or '' while it can't be fetched."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def wait_until(condition: object, seconds: float, step: float) -> float:
    """Poll until `condition()` is true; returns when it became true (perf_counter)."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if condition():  # type: ignore[operator]
            return time.perf_counter()
        time.sleep(step)
    raise SystemExit("timed out waiting for the server")


def measure(roles: int, runs: int) -> tuple[float, float, float]:
    """Median and worst save-to-served seconds, and the median rebuild time serve printed."""
    with tempfile.TemporaryDirectory() as tmp:
        board = Path(tmp)
        generate(board, roles)
        target = next(p for p in sorted((board / "postings").iterdir()) if "deadline: rolling" in p.read_text())
        port = free_port()
        url = f"http://127.0.0.1:{port}/roles/{target.stem}/"
        log = board / "serve.log"
        with open(log, "w") as out:
            server = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--config", str(board / "config.yaml"),
                                       "--port", str(port)], cwd=HERE.parent, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
            try:
                wait_until(lambda: "<h1>" in page(url), 600, 0.5)
                times = []
                for number in range(runs):
                    time.sleep(1.0)  # let the watcher settle
                    saved = time.perf_counter()
                    edit(target, number)
                    times.append(wait_until(lambda n=number: f"version {n}</h1>" in page(url), 60, 0.01) - saved)
            finally:
                server.terminate()
                server.wait()
        rebuilds = [float(t) for t in re.findall(r"in (\d+\.\d+) s\.", log.read_text())][1:]
        return statistics.median(times), max(times), statistics.median(rebuilds) if rebuilds else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| roles | save to new page (median) | worst | rebuild inside serve |")
    print("|---|---|---|---|")
    for roles in args.roles:
        median, worst, rebuild = measure(roles, args.runs)
        print(f"| {roles:,} | {median:.2f} s | {worst:.2f} s | {rebuild:.2f} s |", flush=True)


if __name__ == "__main__":
    main()
