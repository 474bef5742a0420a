"""Helpers for real-browser tests: Debian's Chromium driven by Playwright, and a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# Debian's chromium by default; the GitHub workflow points this at the runner's Chrome.
CHROMIUM = os.environ.get("JOBBOARD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def require_chromium() -> None:
    """Skip on a developer machine without Chromium; CI installs it, so there it must be present."""
    if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Keep test output clean."""


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def built_board(root: Path, postings: dict[str, str], today: str) -> Iterator[str]:
    """Write the postings ({file name: text}) into a project at `root`, build it as of `today`, and serve the
    site; yields its base URL."""
    from click.testing import CliRunner

    from site_builder.commands.cli import main

    (root / "postings").mkdir()
    for name, text in postings.items():
        (root / "postings" / name).write_text(text)
    (root / "config.yaml").write_text("site_url: https://example.github.io\nbase_url: /\n")
    result = CliRunner().invoke(main, ["build", "--config", str(root / "config.yaml"), "--today", today])
    assert result.exit_code == 0, result.output
    with serve(root / "output") as url:
        yield url


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright, for a module's tests to share."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
