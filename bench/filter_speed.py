"""Home-page filter speed and transfer size in headless Chromium (a benchmark, not a test).

    python3 bench/filter_speed.py [--roles 1000 5000 10000]

For each size: builds a seeded corpus (as of today, so the page's clock agrees), serves it on
127.0.0.1, applies filters in Debian's chromium and prints the median time from a URL change
to the list updated (script + style + layout), and gzip sizes of what the home page loads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests")]

from browser import ARGS, CHROMIUM, serve  # noqa: E402
from corpus import generate  # noqa: E402

from site_builder.build.pipeline import build  # noqa: E402
from site_builder.config import load_config  # noqa: E402

FILTERS = ["?workplace=remote", "?min_pay=60000", "?tag=policy", "?type=part-time&closing=30",
           "?sort=pay", "?sort=deadline", "?q=tenant", "?q=surveillance+budget", "?q=zzzz"]  # fmt: skip
MEASURE = """async (query) => {
  history.pushState(null, "", location.pathname);  // start each run from the unfiltered, newest-first list
  await window.jobboard.apply();
  document.body.offsetHeight;
  history.pushState(null, "", location.pathname + query);
  const start = performance.now();
  await window.jobboard.apply();
  document.body.offsetHeight;  // include style and layout of the changed list
  return performance.now() - start;
}"""


def gz(path: Path) -> int:
    """Gzipped size in bytes (level 6, as web servers commonly serve)."""
    return len(gzip.compress(path.read_bytes(), 6))


def measure(roles: int, page) -> dict[str, float]:
    """Build, serve and time the filters for one corpus size."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, roles, today=dt.date.today())
        started = time.perf_counter()
        build(load_config(root / "config.yaml"), dt.date.today())
        built = time.perf_counter() - started
        out = root / "output"
        with serve(out) as url:
            page.goto(url)
            page.evaluate("window.jobboard.ready")
            for query in FILTERS:  # warm the shards and the JIT once
                page.evaluate(MEASURE, query)
            times = {q: statistics.median(page.evaluate(MEASURE, q) for _ in range(5)) for q in FILTERS}
            open_roles = page.locator("#role-list > li").count()
        return {
            "roles": roles, "open": open_roles, "build_s": built,
            "html_gz": gz(out / "index.html"), "css_js_gz": gz(out / "style.css") + gz(out / "board.js"),
            "json_gz": gz(out / "roles.json"), **{f"ms{q or '?(none)'}": t for q, t in times.items()},
        }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for size in args.roles:
            result = measure(size, page)
            print(f"\n{size} roles ({result['open']} open), built in {result['build_s']:.1f} s")
            print(f"  gzip: index.html {result['html_gz'] / 1024:.0f} KB, style.css+board.js "
                  f"{result['css_js_gz'] / 1024:.1f} KB, roles.json {result['json_gz'] / 1024:.0f} KB")  # fmt: skip
            for key, value in result.items():
                if key.startswith("ms"):
                    print(f"  {key[2:]:<32} {value:6.1f} ms")
        browser.close()


if __name__ == "__main__":
    main()
