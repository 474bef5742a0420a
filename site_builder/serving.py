"""`jobboard serve`: build into a temporary folder, serve it with live reload, rebuild on change."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from dataclasses import replace
from importlib import resources
from pathlib import Path

import click

from site_builder.cache import Cache
from site_builder.config import Config, load_config
from site_builder.errors import BuildFailed, SiteError
from site_builder.site import build


class Rebuilder:
    """Rebuilds the preview; a broken edit prints its errors and leaves the last good site up."""

    def __init__(self, config_path: Path, config: Config, site_dir: Path, origin: str) -> None:
        self.config_path = config_path
        self.site_dir = site_dir
        self.origin = origin
        self.config = self._preview(config)
        self.cache = Cache()  # in memory: each rebuild parses and renders only what the last one didn't

    def _preview(self, config: Config) -> Config:
        """The project's settings, pointed at the preview folder and the local address."""
        return replace(config, output_dir=self.site_dir, site_url=self.origin, base_url="/")

    def __call__(self) -> bool:
        """Re-read settings and postings and rebuild; True when the new site is up."""
        try:
            self.config = self._preview(load_config(self.config_path))
            started = time.perf_counter()
            postings = build(self.config, dt.date.today(), self.cache)
        except BuildFailed as failure:
            return self._report([str(error) for error in failure.errors])
        except SiteError as problem:
            return self._report([str(problem)])
        took = time.perf_counter() - started
        click.echo(f"Rebuilt {len(postings)} roles at {dt.datetime.now():%H:%M:%S} in {took:.2f} s.")
        return True

    def _report(self, lines: list[str]) -> bool:
        """Print what is wrong; the previous build stays in place."""
        for line in lines:
            click.echo(line, err=True)
        kept = "the last good site is still being served" if self.site_dir.exists() else "nothing to serve yet"
        click.echo(f"Build failed ({len(lines)} problem(s)); {kept}. Fix the file and save again.", err=True)
        return False


def watched_paths(config_path: Path, config: Config) -> list[Path]:
    """Everything a build reads: postings, the project's templates, settings, and the package's own files."""
    package = Path(str(resources.files("site_builder")))
    return [config.postings_dir, config.templates_dir, config_path, package / "templates", package / "static"]


def serve_site(config_path: Path, config: Config, host: str, port: int) -> None:
    """Serve until interrupted; the preview folder is removed afterwards."""
    from livereload import Server

    from site_builder.watching import instant_watcher

    workdir = Path(tempfile.mkdtemp(prefix="jobboard-serve-"))
    site_dir = workdir / "site"
    rebuild = Rebuilder(config_path, config, site_dir, f"http://{host}:{port}")
    if not rebuild():
        site_dir.mkdir()  # serve an empty folder until the first good build
    server = Server(watcher=instant_watcher())  # None: livereload's own watcher, which polls
    for path in watched_paths(config_path, config):
        if path.exists():
            server.watch(str(path), rebuild)
    click.echo(f"Serving the board at http://{host}:{port}/ (Ctrl+C to stop).")
    try:
        server.serve(host=host, port=port, root=str(site_dir), open_url_delay=None, restart_delay=0)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
