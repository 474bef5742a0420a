"""`jobboard serve` as a poster uses it, in a real browser: every save reaches the open page, even two a second
apart; a broken save shows its problems in the page until it is fixed; SIGTERM stops it and cleans up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import ARGS, CHROMIUM, require_chromium
from conftest import posting
from test_serve import fetch, free_port, wait_for

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def serving(make_project, tmp_path: Path):
    """`jobboard serve` on a one-role project, its temporary folder kept under `tmp_path/tmp`."""
    project = make_project({"policy-advocate.md": posting(title="First Title")})
    port, scratch = free_port(), tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(scratch)}
    args = [sys.executable, "-m", "site_builder", "serve", "--config", str(project.root / "config.yaml"), "--port", str(port)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    url = f"http://127.0.0.1:{port}/roles/policy-advocate/"
    try:
        wait_for(lambda: "First Title" in fetch(url))
        yield project, url, process, scratch
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def page():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium.new_page()
        chromium.close()


def shows(page, text: str, seconds: float = 10.0) -> None:
    """Wait until the open page (reloaded by livereload, not by the test) shows `text`."""
    page.wait_for_function("text => document.body && document.body.innerText.includes(text)", arg=text,
                           timeout=seconds * 1000)  # fmt: skip


def connected(page) -> None:
    """Wait until livereload's script in the page has its socket open (saves before that reach no one)."""
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && "
                           "window.LiveReload.connector._connectionDesired", timeout=10_000)  # fmt: skip
    time.sleep(0.5)  # the handshake (hello, info) that registers the page with the server


def test_two_saves_a_second_apart_both_reach_the_open_page(serving, page) -> None:
    project, url, _, _ = serving
    page.goto(url)
    connected(page)
    project.write("policy-advocate.md", posting(title="Second Title"))
    shows(page, "Second Title")
    time.sleep(1)
    project.write("policy-advocate.md", posting(title="Third Title"))
    shows(page, "Third Title")


def test_a_broken_save_shows_its_problems_in_the_page_until_it_is_fixed(serving, page) -> None:
    project, url, _, _ = serving
    page.goto(url)
    connected(page)
    project.write("policy-advocate.md", posting(title="Broken Title", posted="2026-02-30"))
    shows(page, "Build failed: 1 problem(s)")
    assert "posted: `2026-02-30` is not a real date" in page.inner_text("body")
    page.reload()  # a reader who reloads still sees what to fix
    assert "Build failed" in page.inner_text("body")
    project.write("policy-advocate.md", posting(title="Fixed Title"))
    shows(page, "Fixed Title")


def test_sigterm_stops_serve_and_removes_its_temporary_folder(serving) -> None:
    _, _, process, scratch = serving
    assert len(list(scratch.glob("jobboard-serve-*"))) == 1
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert list(scratch.glob("jobboard-serve-*")) == []  # (Jinja's shared bytecode cache may stay: it is Jinja's)
