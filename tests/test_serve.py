"""`jobboard serve` for real: start it, change a posting, see the rebuilt page over HTTP, stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import posting

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(condition, seconds: float = 20.0):
    """Poll until `condition()` returns something truthy."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the server")


@pytest.fixture
def server(make_project):
    project = make_project({"policy-advocate.md": posting(title="First Title")})
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-m", "site_builder", "serve", "--config", str(project.root / "config.yaml"), "--port", str(port)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        yield project, f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_rebuilds_on_change_and_keeps_the_last_good_site_on_a_broken_edit(server) -> None:
    project, url, process = server
    role = url + "roles/policy-advocate/"
    assert "First Title" in wait_for(lambda: fetch(role))
    project.write("policy-advocate.md", posting(title="Second Title"))
    wait_for(lambda: "Second Title" in fetch(role))
    project.write("policy-advocate.md", posting(title="Third Title", posted="2026-02-30"))
    time.sleep(3)  # give the watcher time to notice and fail
    with pytest.raises(urllib.error.HTTPError) as broken:  # pages say what is wrong; the last good site stays
        fetch(role)
    assert broken.value.code == 500 and "is not a real date" in broken.value.read().decode()
    assert "Second Title" in fetch(url + "roles.json")
    assert not project.output.exists()  # serving never touches the project's output folder
    process.terminate()
    log = process.communicate(timeout=10)[0]
    assert "posted: `2026-02-30` is not a real date" in log and "the last good site is still being served" in log


def test_serve_listens_on_loopback_by_default() -> None:
    from click.testing import CliRunner

    from site_builder.commands.cli import main

    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "--host TEXT" in help_text and "[default: 127.0.0.1]" in help_text


def test_serve_rebuilds_from_memory_and_matches_a_cold_build(make_project, tmp_path: Path) -> None:
    import datetime as dt

    from test_build import snapshot

    from site_builder.build.cache import Cache
    from site_builder.build.pipeline import build
    from site_builder.commands.serving import Rebuilder
    from site_builder.config import load_config

    roles = {f"role-{n}.md": posting(title=f"Role {n}", deadline="rolling", organization=f"organization: Org {n}",
                                     location=f'location: "Town {n}, CA, US"', tags=f"tags: [topic-{n}]")
             for n in range(8)}  # fmt: skip
    project = make_project({"first-role.md": posting(title="First Role", deadline="rolling"), **roles})
    config_path = project.root / "config.yaml"
    rebuild = Rebuilder(config_path, load_config(config_path), tmp_path / "preview", "http://127.0.0.1:8123")
    assert rebuild()
    untouched = tmp_path / "preview" / "roles" / "role-3" / "index.html"
    inode = untouched.stat().st_ino
    project.write("first-role.md", posting(title="First Role, Edited", deadline="rolling"))
    assert rebuild()
    assert untouched.stat().st_ino == inode  # the unchanged role's page was not rewritten
    reference = rebuild.config.__class__(**{**rebuild.config.__dict__, "output_dir": tmp_path / "cold"})
    build(reference, dt.date.today(), Cache())
    assert snapshot(tmp_path / "preview") == snapshot(tmp_path / "cold")
    assert not list(tmp_path.glob(".preview.cache"))  # serve keeps its cache in memory only


_FIFTY_REBUILDS = """
import gc, json, sys, tracemalloc
from pathlib import Path
from site_builder.config import load_config
from site_builder.site.render import Fragments
from site_builder.commands.serving import Rebuilder
root, preview, posting = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
rebuild = Rebuilder(root / "config.yaml", load_config(root / "config.yaml"), preview, "http://127.0.0.1:8000")
sizes = []
tracemalloc.start()
for number in range(50):
    (root / "postings" / "role-0.md").write_text(posting.replace("Organizer 0", f"Organizer, edit {number}"))
    assert rebuild()
    gc.collect()
    sizes.append(tracemalloc.get_traced_memory()[0])
print(json.dumps({"sizes": sizes, "alive": sum(isinstance(thing, Fragments) for thing in gc.get_objects())}))
"""


def test_fifty_rebuilds_in_one_process_keep_no_build_alive(make_project, tmp_path: Path) -> None:
    import json

    project = make_project({f"role-{index}.md": posting(title=f"Organizer {index}") for index in range(20)})
    done = subprocess.run([sys.executable, "-c", _FIFTY_REBUILDS, str(project.root), str(tmp_path / "preview"),
                           posting(title="Organizer 0")], cwd=REPO, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])  # a fresh process: no other test's state
    sizes = result["sizes"]
    assert result["alive"] <= 1  # only the last build's Fragments, if any
    assert sizes[-1] < sizes[9] * 1.2  # flat after warming up: no build's pieces pile up
