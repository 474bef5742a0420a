"""`jobboard serve`: build into a temporary folder, serve it with live reload, rebuild on change."""

from __future__ import annotations

import datetime as dt
import errno
import html
import logging
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from importlib import resources
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from site_builder.build.cache import Cache
from site_builder.build.pipeline import build
from site_builder.config import Config, load_config
from site_builder.console import OneLineLogs, say
from site_builder.errors import BuildFailed, SiteError

# Every logger that livereload, tornado and asyncio write to while serving: they name changed files and
# requested URLs, and tornado logs a failed request with its traceback.
LOGGERS = ("livereload", "tornado.access", "tornado.application", "tornado.general", "asyncio")


class Rebuilder:
    """Rebuilds the preview; a broken edit prints its errors and leaves the last good site up."""

    def __init__(self, config_path: Path, config: Config, site_dir: Path, origin: str) -> None:
        self.config_path = config_path
        self.site_dir = site_dir
        self.origin = origin
        self.config = self._preview(config)
        self.cache = Cache.in_memory()  # each rebuild parses and renders only what the last one didn't
        self.problems: list[str] = []  # the last rebuild's, shown in the browser until a rebuild succeeds

    def _preview(self, config: Config) -> Config:
        """The project's settings, pointed at the preview folder and the local address."""
        return replace(config, output_dir=self.site_dir, site_url=self.origin, base_url="/")

    def __call__(self) -> bool:
        """Re-read settings and postings and rebuild; True when the new site is up."""
        try:
            self.config = self._preview(load_config(self.config_path))
            started = time.perf_counter()
            postings = build(self.config, dt.date.today(), self.cache, spare=True)
        except BuildFailed as failure:
            return self._report([str(error) for error in failure.errors])
        except SiteError as problem:
            return self._report([str(problem)])
        self.problems = []
        took = time.perf_counter() - started
        say(f"Rebuilt {len(postings)} roles at {dt.datetime.now():%H:%M:%S} in {took:.2f} s.")
        return True

    def _report(self, lines: list[str]) -> bool:
        """Print what is wrong, and keep it for the browser; the previous build stays in place."""
        self.problems = lines
        for line in lines:
            say(line, err=True)
        kept = "the last good site is still being served" if self.site_dir.exists() else "nothing to serve yet"
        say(f"Build failed ({len(lines)} problem(s)); {kept}. Fix the file and save again.", err=True)
        return False


def watched_paths(config_path: Path, config: Config) -> list[Path]:
    """Everything a build reads: postings, the project's templates, settings, and the package's own files."""
    own = Path(str(resources.files("site_builder.site")))
    return [config.postings_dir, config.templates_dir, config_path, own / "templates", own / "static"]


def serve_site(config_path: Path, config: Config, host: str, port: int) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM); the preview folder is removed afterwards. SiteError, before
    anything is built, if the port can't be listened on."""
    held = hold_port(host, port)
    try:
        with sigterm_stops(), one_line_logs():
            _serve(config_path, config, host, port, held)
    finally:
        release(held)


def _serve(config_path: Path, config: Config, host: str, port: int, held: list[socket.socket]) -> None:
    """Build the preview, watch everything a build reads, and serve with live reload; the port is `held` until then."""
    from livereload import Server

    from site_builder.commands.watching import instant_watcher

    workdir = Path(tempfile.mkdtemp(prefix="jobboard-serve-"))
    try:
        site_dir = workdir / "site"
        rebuild = Rebuilder(config_path, config, site_dir, f"http://{host}:{port}")
        if not rebuild():
            site_dir.mkdir()  # serve an empty folder until the first good build
        server = Server(watcher=instant_watcher())  # None: livereload's own watcher, which polls
        server.SFH = preview_files(rebuild)
        for path in watched_paths(config_path, config):
            if path.exists():
                server.watch(str(path), rebuild)
        say(f"Serving the board at http://{host}:{port}/ (Ctrl+C to stop).")
        release(held)  # livereload binds the port itself, at once: only another program binding it in between wins
        try:
            server.serve(host=host, port=port, root=str(site_dir), open_url_delay=None, restart_delay=0)
        except OSError as problem:
            raise port_problem(problem, host, port) from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def preview_files(rebuild: Rebuilder) -> type:
    """livereload's file handler, answering every page with the last rebuild's problems while it has any (the
    browser reloads after each save, so a broken save shows what to fix, and the fix shows the site again)."""
    from livereload.handlers import StaticFileHandler

    class PreviewFiles(StaticFileHandler):  # type: ignore[misc]
        def get(self, path: str, include_body: bool = True) -> Any:
            """The file, or, for a page while the build is broken, the page of problems."""
            if rebuild.problems and (path == "" or path.endswith(("/", ".html"))):
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                return self.finish(problems_page(rebuild.problems))
            return super().get(path, include_body)

    return PreviewFiles


def problems_page(lines: list[str]) -> str:
    """A page listing a broken build's problems (livereload adds its script before `</head>`, so the page reloads
    on the next save)."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>\n" for line in lines)
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Build failed</title>\n"
            "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1b1b1b}code{white-space:pre-wrap;"
            "overflow-wrap:anywhere}li{margin:.5rem 0}h1{color:#a4000f}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>Build failed: {len(lines)} problem(s)</h1>\n<p>Fix the file and save: this page reloads with the "
            f"board once it builds.</p>\n<ul>\n{items}</ul>\n</main>\n</body>\n</html>\n")  # fmt: skip


def hold_port(host: str, port: int) -> list[socket.socket]:
    """Bind the port as livereload's server will (tornado's own `bind_sockets`, so the same addresses and options),
    keeping it from other programs while the first build runs; SiteError if it can't be had."""
    from tornado.netutil import bind_sockets

    try:
        return bind_sockets(port, address=host)
    except (OSError, OverflowError) as problem:
        raise port_problem(problem, host, port) from None


def release(held: list[socket.socket]) -> None:
    """Close the sockets holding the port (again: closing twice does nothing)."""
    for sock in held:
        sock.close()


def port_problem(problem: OSError | OverflowError, host: str, port: int) -> SiteError:
    """Why the server can't listen, and what to do about it."""
    if isinstance(problem, socket.gaierror):
        return SiteError(f"can't listen on {host!r}: {problem.strerror}; pass --host with this machine's address")
    code = getattr(problem, "errno", None)
    if code == errno.EADDRINUSE:
        return SiteError(f"port {port} is in use; pass --port with a free port")
    if code == errno.EACCES:
        return SiteError(f"port {port} is reserved for the system; pass --port with a free port above 1023")
    if code == errno.EADDRNOTAVAIL:
        return SiteError(f"{host!r} is not an address of this machine; pass --host with one that is")
    return SiteError(f"can't listen on {host}:{port} ({getattr(problem, 'strerror', None) or problem})")


@contextmanager
def sigterm_stops() -> Iterator[None]:
    """While serving, SIGTERM (`kill`, a service manager) stops the server the way Ctrl+C does, unwinding so the
    preview folder is removed, and the command exits with status 0; a second SIGTERM kills at once."""

    def stop(signum: int, frame: FrameType | None) -> NoReturn:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def one_line_logs() -> Iterator[None]:
    """While serving, every line livereload, tornado and asyncio log is one inert line (see `OneLineLogs`)."""
    only = OneLineLogs()
    for name in LOGGERS:
        logging.getLogger(name).addFilter(only)
    try:
        yield
    finally:
        for name in LOGGERS:
            logging.getLogger(name).removeFilter(only)
