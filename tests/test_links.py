"""`jobboard links`, against a local HTTP server: working links pass (redirects followed, HEAD refused then
GET), and each failure (404, 410, a time-out, a refused connection, a redirect loop) is one line with its
place and why."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from conftest import posting

from site_builder.commands.cli import main
from site_builder.commands.links import answer


class Site(http.server.BaseHTTPRequestHandler):
    """Answers by path: /ok, /moved (two redirects to /ok), /gone (410), /slow (later than any time-out),
    /no-head (405 to HEAD, 200 to GET), /loop (redirects to itself); anything else 404."""

    def do_HEAD(self) -> None:
        self.route(head=True)

    def do_GET(self) -> None:
        self.route(head=False)

    def route(self, head: bool) -> None:
        path = self.path
        if path == "/slow":
            time.sleep(3)
        if path in ("/moved", "/moved-again", "/loop"):
            self.send_response(301)
            self.send_header("Location", {"/moved": "/moved-again", "/moved-again": "/ok"}.get(path, "/loop"))
        elif path in ("/ok", "/slow") or (path == "/no-head" and not head):
            self.send_response(200)
        else:
            self.send_response({"/gone": 410, "/no-head": 405}.get(path, 404))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def closed_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(("path", "why"), [("/ok", None), ("/moved", None), ("/no-head", None),
                                           ("/missing", "404 Not Found"), ("/gone", "410 Gone")])  # fmt: skip
def test_each_answer_is_read_as_a_reader_would_meet_it(server: str, path: str, why: str | None) -> None:
    assert answer(server + path, 5) == why


def test_a_link_slower_than_the_time_out_fails_as_timed_out(server: str) -> None:
    assert answer(server + "/slow", 0.5) == "timed out after 0.5 s"


def test_a_refused_connection_and_a_redirect_loop_fail_with_why(server: str) -> None:
    assert answer(f"http://127.0.0.1:{closed_port()}/", 5) == "connection refused"
    assert "redirect" in (answer(server + "/loop", 5) or "")


def test_links_lists_each_failing_link_of_an_open_role_with_its_place(make_project, server: str) -> None:
    site = f"organization_url: {server}/ok"
    project = make_project({
        "ok-role.md": posting(apply_url=f"apply_url: {server}/moved", organization_url=site),
        "gone-role.md": posting(title="Gone Role", apply_url=f"apply_url: {server}/gone", organization_url=site),
        "closed-role.md": posting(title="Closed Role", deadline="2026-11-01", apply_url=f"apply_url: {server}/missing",
                                  organization_url=site),
    })  # fmt: skip
    result = CliRunner().invoke(main, ["links", "--config", str(project.root / "config.yaml"), "--today", "2026-11-23",
                                       "--timeout", "5"])  # fmt: skip
    assert result.exit_code == 1
    assert f"postings/gone-role.md:15: apply_url: {server}/gone: 410 Gone" in result.stderr
    assert "closed-role" not in result.stderr and "ok-role" not in result.stderr  # closed roles are not asked
    assert "Checked 3 link(s) of open roles: 1 problem(s)." in result.stderr  # two apply links and one site
