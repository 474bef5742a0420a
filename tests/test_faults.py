"""Every fault is one clear message and exit status 1, never a traceback, and the previous site stays as it was
(issue 13): bad settings and dates, odd entries in postings/, failing templates, a busy port, and every printed
line escaped to one line."""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import TODAY, Project, posting

from site_builder.build import loading as loader
from site_builder.build import parallel
from site_builder.commands.cli import main
from site_builder.commands.serving import one_line_logs
from site_builder.console import OneLineLogs
from site_builder.errors import BuildFailed, ContentError

REPO = Path(__file__).resolve().parent.parent
KEPT = "Build failed, the previous site was left as it was: 1 problem(s)."


def run(project: Project, *args: str, env: dict[str, str] | None = None) -> Result:
    """A command on the project's settings, through click, with stdout and stderr apart (no --today: some
    tests are about the date)."""
    argv = [*args, "--config", str(project.root / "config.yaml")]
    return CliRunner().invoke(main, argv, env=env, catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path (empty if there is no folder)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built(make_project, config: str = "") -> tuple[Project, dict[str, bytes]]:
    """A project with one role, built once: the site a failed build must leave as it is."""
    project = make_project({"policy-advocate.md": posting()}, config=config)
    assert project.build().exit_code == 0
    return project, snapshot(project.output)


def assert_refused(project: Project, result: Result, before: dict[str, bytes], *lines: str) -> None:
    """Exit status 1, exactly these lines on stderr, nothing on stdout, and the site as it was."""
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == list(lines)
    assert result.stdout == ""
    assert snapshot(project.output) == before
    assert not [name for name in os.listdir(project.root) if name.startswith(".output.") and "-" in name]


# 1. SOURCE_DATE_EPOCH


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", " 1700000000", "1_700_000_000", "\u0661\u0662"])
def test_a_source_date_epoch_that_is_not_digits_is_one_line_and_changes_nothing(make_project, value: str) -> None:
    project, before = built(make_project)
    result = run(project, "build", env={"SOURCE_DATE_EPOCH": value})
    wanted = f"Build failed: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (got {value!r})"
    assert_refused(project, result, before, wanted)


@pytest.mark.parametrize("value", ["253402300800", "99999999999999999", "9" * 5000])
def test_a_source_date_epoch_past_year_9999_is_one_line_and_changes_nothing(make_project, value: str) -> None:
    project, before = built(make_project)
    result = run(project, "build", env={"SOURCE_DATE_EPOCH": value})
    assert_refused(project, result, before, "Build failed: SOURCE_DATE_EPOCH must be a whole number of seconds "
                   f"since 1970, at most 253402300799 (the end of year 9999) (got {value[:40]!r})")  # fmt: skip


def test_a_good_source_date_epoch_decides_the_date(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()})
    epoch = int(dt.datetime(2026, 11, 23, 23, 59, tzinfo=dt.UTC).timestamp())
    result = run(project, "build", env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.exit_code == 0 and "open on 2026-11-23" in result.stdout


def test_new_refuses_a_bad_source_date_epoch_and_writes_nothing(make_project) -> None:
    project = make_project()
    result = run(project, "new", "--title", "Organizer", "--organization", "Example Org", "--location", "Remote",
                 "--workplace", "remote", "--employment-type", "full-time", "--apply", "https://example.org/apply",
                 env={"SOURCE_DATE_EPOCH": "abc"})  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Nothing was written: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (got 'abc')"
    ]
    assert os.listdir(project.root / "postings") == []


# 2. Settings files


def test_a_config_that_is_not_utf8_names_its_line(make_project) -> None:
    project, before = built(make_project)
    config = project.root / "config.yaml"
    good = config.read_bytes()
    config.write_bytes(good + b"title: Caf\xe9 jobs\n")
    result = project.build()
    byte = len(good) + len(b"title: Caf")
    assert_refused(project, result, before, f"{config}:3: config: is not UTF-8 text (byte {byte}); save the file as "
                   "UTF-8", "Bad settings: 1 problem(s).")  # fmt: skip


@pytest.mark.parametrize("key", ["output", "postings", "templates"])
@pytest.mark.parametrize("value", ["null", '""', "'   '", "3", "[output]", "{a: b}", "true"])
def test_a_folder_setting_that_is_not_a_path_is_a_settings_error(make_project, key: str, value: str) -> None:
    project, before = built(make_project)
    config = project.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"{key}: {value}\n", encoding="utf-8")
    result = project.build()
    assert_refused(project, result, before,
                   f"{config}:3: {key}: must be a folder's path as text, such as `{key}`", "Bad settings: 1 problem(s).")  # fmt: skip


@pytest.mark.parametrize(("value", "folder"), [(".", "project"), ("..", "project"), ("postings", "postings"),
                                                ("templates/..", "project"), ("/", "project")])  # fmt: skip
def test_an_output_folder_holding_the_project_is_refused_before_it_is_swapped_away(make_project, value: str,
                                                                                  folder: str) -> None:  # fmt: skip
    project = make_project({"policy-advocate.md": posting()}, config=f"output: {value}\n")
    result = project.build()
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{project.root / 'config.yaml'}:3: output: must not be the {folder} folder or a folder holding it: each "
        "build replaces the output folder whole", "Bad settings: 1 problem(s)."]  # fmt: skip
    assert sorted(os.listdir(project.root)) == ["config.yaml", "postings", "templates"]
    assert os.listdir(project.root / "postings") == ["policy-advocate.md"]


def test_an_output_option_holding_the_project_is_refused(make_project) -> None:
    project, before = built(make_project)
    result = project.build("--output", str(project.root))
    assert_refused(project, result, before, "--output: output: must not be the postings folder or a folder holding "
                   "it: each build replaces the output folder whole", KEPT)  # fmt: skip


def test_a_config_that_is_a_folder_is_one_line(make_project, tmp_path: Path) -> None:
    project, before = built(make_project)
    (tmp_path / "settings").mkdir()
    result = project.build("--config", str(tmp_path / "settings"))
    assert_refused(project, result, before, f"{tmp_path / 'settings'}: config: can't be read (Is a directory)",
                   "Bad settings: 1 problem(s).")  # fmt: skip


# 3. --config naming a file that is not there


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_config_option_naming_a_missing_file_is_an_error_not_every_default(make_project, monkeypatch,
                                                                             command: str) -> None:  # fmt: skip
    project, before = built(make_project)
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, [command, "--config", "confg.yaml"], catch_exceptions=False)
    assert_refused(project, result, before, "confg.yaml: config: not found", "Bad settings: 1 problem(s).")


def test_without_config_option_or_config_file_every_setting_is_its_default(make_project, monkeypatch) -> None:
    project = make_project({"policy-advocate.md": posting()})
    (project.root / "config.yaml").unlink()
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["build", "--today", TODAY.isoformat()], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert '<link rel="canonical" href="http://localhost:8000/">' in project.read("index.html")


# 4. Entries of postings/ that are not files


def odd_entries(project: Project, monkeypatch) -> None:
    """A folder, a named pipe and a socket, each named like a posting."""
    folder = project.root / "postings"
    (folder / "x.md").mkdir()
    os.mkfifo(folder / "y.md")
    monkeypatch.chdir(folder)  # a socket's path is limited to ~100 bytes: bind it by its short relative name
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("z.md")
    monkeypatch.chdir(project.root)


ODD = ["postings/x.md: file: is a folder, not a posting file",
       "postings/y.md: file: is a named pipe (FIFO), not a posting file",
       "postings/z.md: file: is a socket, not a posting file"]  # fmt: skip


def test_a_folder_a_fifo_and_a_socket_named_like_postings_are_one_line_each_in_a_build(make_project,
                                                                                       monkeypatch) -> None:  # fmt: skip
    project, before = built(make_project)
    odd_entries(project, monkeypatch)
    result = project.build()
    assert_refused(project, result, before, *ODD, "Build failed, the previous site was left as it was: 3 problem(s).")


def test_a_folder_a_fifo_and_a_socket_are_one_line_each_when_checked(make_project, monkeypatch) -> None:
    project = make_project({"policy-advocate.md": posting()})
    odd_entries(project, monkeypatch)
    result = run(project, "check", "--format", "github")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*ODD, "Checked 4 file(s): 3 problem(s)."]
    assert result.stdout.splitlines() == [
        "::error file=postings/x.md,title=file::file: is a folder, not a posting file",
        "::error file=postings/y.md,title=file::file: is a named pipe (FIFO), not a posting file",
        "::error file=postings/z.md,title=file::file: is a socket, not a posting file",
    ]


def test_a_folder_a_fifo_and_a_socket_named_on_the_command_line_are_one_line_each(make_project, monkeypatch) -> None:
    project = make_project()
    odd_entries(project, monkeypatch)
    result = CliRunner().invoke(main, ["check", "postings/x.md", "postings/y.md", "postings/z.md"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*ODD, "Checked 3 file(s): 3 problem(s)."]


def test_a_posting_that_vanishes_while_the_folder_is_read_is_one_line(make_project, monkeypatch) -> None:
    project, before = built(make_project)
    project.write("another-role.md", posting(title="Another Role"))
    listed = loader._entries

    def listed_then_deleted(folder: Path, shown: str) -> list[os.DirEntry[str]]:
        entries = listed(folder, shown)
        (folder / "another-role.md").unlink()  # as a `git checkout` running beside the build would
        return entries

    monkeypatch.setattr(loader, "_entries", listed_then_deleted)
    result = project.build()
    assert_refused(project, result, before, "postings/another-role.md: file: can't be read (No such file or directory)",
                   KEPT)  # fmt: skip


# 5. Hidden postings


DRAFT = "postings/.draft.md: file name: starts with a dot, so it would never be published; rename it"


def test_a_hidden_posting_is_reported_not_skipped(make_project) -> None:
    project, before = built(make_project)
    project.write(".draft.md", posting(title="Draft"))
    assert_refused(project, project.build(), before, DRAFT, KEPT)
    result = run(project, "check", "--format", "github")
    assert result.stderr.splitlines() == [DRAFT, "Checked 2 file(s): 1 problem(s)."]
    assert result.stdout.splitlines() == [f"::error file=postings/.draft.md,title=file name::{DRAFT.split(': ', 1)[1]}"]


def test_a_hidden_posting_named_on_the_command_line_is_reported(make_project, monkeypatch) -> None:
    project = make_project({".draft.md": posting()})
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["check", "postings/.draft.md"], catch_exceptions=False)
    assert result.exit_code == 1 and result.stderr.splitlines() == [DRAFT, "Checked 1 file(s): 1 problem(s)."]


def test_hidden_files_that_are_not_postings_stay_ignored(make_project) -> None:
    project = make_project({"policy-advocate.md": posting(), ".gitkeep": "", ".DS_Store": "\x00\x01"})
    os.symlink("someone@host.1234", project.root / "postings" / ".#policy-advocate.md")  # an Emacs lock
    result = project.build()
    assert result.exit_code == 0, result.output
    assert run(project, "check").stdout == "All 1 posting file(s) are valid.\n"


# 6. Templates that fail while rendering


ROLE = """\
{{% extends "base.html" %}}
{{% block main %}}
<h1>{{{{ posting.title }}}}</h1>
{line}
{{% endblock %}}
"""
OVERRIDE = "(the project's override of the package's role.html, rendering roles/policy-advocate/index.html)"


@pytest.mark.parametrize(("line", "what"), [
    ("{{ 1 // 0 }}", "ZeroDivisionError: integer division or modulo by zero"),
    ("{{ posting.no_such_field }}", "'site_builder.content.model.Posting object' has no attribute 'no_such_field'"),
    ("{{ nowhere }}", "'nowhere' is undefined"),
    ('{% include "missing.html" %}', "refers to `missing.html`, a template neither the project's templates folder nor the package has"),
    ("{% if %}", "syntax error: Expected an expression, got 'end of statement block'"),
])  # fmt: skip
def test_a_template_override_that_fails_names_its_file_and_line(make_project, line: str, what: str) -> None:
    project, before = built(make_project)
    (project.root / "templates" / "role.html").write_text(ROLE.format(line=line), encoding="utf-8")
    result = project.build()
    assert_refused(project, result, before, f"templates/role.html:4: template: {what} {OVERRIDE}", KEPT)


def test_a_template_of_the_projects_own_is_named_as_such(make_project) -> None:
    project, before = built(make_project)
    templates = project.root / "templates"
    (templates / "role.html").write_text(ROLE.format(line='{% include "_extra.html" %}'), encoding="utf-8")
    (templates / "_extra.html").write_text("<p>More</p>\n<p>{{ 1 // 0 }}</p>\n", encoding="utf-8")
    result = project.build()
    assert_refused(project, result, before, "templates/_extra.html:2: template: ZeroDivisionError: integer division "
                   "or modulo by zero (the project's own template, rendering roles/policy-advocate/index.html)", KEPT)  # fmt: skip


def test_a_failure_inside_a_package_template_is_named_as_the_packages(make_project) -> None:
    project, before = built(make_project)
    line = '{% from "_card.html" import card %}{{ card(None) }}'
    (project.root / "templates" / "role.html").write_text(ROLE.format(line=line), encoding="utf-8")
    result = project.build()
    assert result.exit_code == 1 and snapshot(project.output) == before
    problem, summary = result.stderr.splitlines()
    assert re.fullmatch(r"site_builder/site/templates/_card\.html:\d+: template: 'None' has no attribute '\w+' \(the "
                        r"package's own _card\.html, rendering roles/policy-advocate/index\.html\)", problem), problem  # fmt: skip
    assert summary == KEPT


def test_a_template_failing_in_a_forked_render_worker_is_the_same_one_line(make_project, monkeypatch) -> None:
    monkeypatch.setenv("JOBBOARD_WORKERS", "2")
    roles = parallel.MIN_PARALLEL  # the real threshold for forked render workers, not a lowered one
    assert parallel.cores_for(roles, needs_fork=True) == 2
    project = make_project({f"role-{n:04d}.md": posting(title=f"Role {n}") for n in range(roles)})
    (project.root / "templates" / "role.html").write_text(ROLE.format(line="{{ 1 // 0 }}"), encoding="utf-8")
    result = project.build()
    assert result.exit_code == 1
    problem, summary = result.stderr.splitlines()  # the first failing page's, as the pool re-raised it
    assert re.fullmatch(r"templates/role\.html:4: template: ZeroDivisionError: integer division or modulo by zero "
                        r"\(the project's override of the package's role\.html, rendering roles/role-\d{4}/index\.html\)",
                        problem), problem  # fmt: skip
    assert summary == KEPT
    assert not project.output.exists()
    assert not [name for name in os.listdir(project.root) if name.startswith(".output.") and "-" in name]


def test_a_build_failure_survives_the_trip_from_a_worker() -> None:
    errors = [ContentError("templates/role.html", 4, "template", "boom"), ContentError("postings/a.md", None, "f", "x")]
    assert pickle.loads(pickle.dumps(BuildFailed(errors))).errors == BuildFailed(errors).errors


# 7. serve


def serve(project: Project, port: int, tmp: Path) -> subprocess.Popen[str]:
    """`jobboard serve` in a process of its own, with its temporary folders in `tmp`."""
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp)}
    args = [sys.executable, "-m", "site_builder", "serve", "--config", str(project.root / "config.yaml"),
            "--port", str(port)]  # fmt: skip
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def previews(tmp: Path) -> list[str]:
    """The preview folders serve has left in `tmp`."""
    return [name for name in os.listdir(tmp) if name.startswith("jobboard-serve-")]


def test_serve_on_a_busy_port_says_so_before_building(make_project, tmp_path: Path) -> None:
    project = make_project({"policy-advocate.md": posting()})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process = serve(project, port, tmp_path / "tmp")
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.splitlines() == [f"Serve failed: port {port} is in use; pass --port with a free port"]
    assert stdout == ""  # nothing was built
    assert previews(tmp_path / "tmp") == []


def test_serve_stopped_by_sigterm_removes_its_preview_folder(make_project, tmp_path: Path) -> None:
    project = make_project({"policy-advocate.md": posting()})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = serve(project, port, tmp_path / "tmp")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert b"Policy Advocate" in page.read()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "serve did not start"
                time.sleep(0.2)
        assert len(previews(tmp_path / "tmp")) == 1
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0
    assert previews(tmp_path / "tmp") == []


# 8. Every printed line is one line, whatever paths and values hold


def test_an_output_path_with_a_line_break_is_printed_as_one_line(make_project, tmp_path: Path) -> None:
    project = make_project({"policy-advocate.md": posting()})
    try:
        (tmp_path / "out\n::warning::x").mkdir()
    except OSError:
        pytest.skip("this file system refuses such a folder name")
    result = project.build("--output", str(tmp_path / "out\n::warning::x" / "site"))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Built 1 roles (1 open on {TODAY}) into {tmp_path}/out\\n::warning::x/site"
    ]


def test_a_missing_config_with_a_line_break_in_its_name_is_one_line(make_project) -> None:
    result = CliRunner().invoke(main, ["check", "--config", "x\n::error::y.yaml"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["x\\n::error::y.yaml: config: not found", "Bad settings: 1 problem(s)."]


def test_what_livereload_and_tornado_log_while_serving_is_one_line(capfd) -> None:
    logger = logging.getLogger("livereload")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    try:
        with one_line_logs():
            logger.warning("Reload 1 waiters: %s", "postings/new\n::warning::x.md")
            try:
                raise OSError("disk\nfull")
            except OSError:
                logger.error("Error sending message", exc_info=True)
        logger.warning("after\nserving")  # the filter is gone again
    finally:
        logger.removeHandler(handler)
    assert capfd.readouterr().err.splitlines() == [
        "Reload 1 waiters: postings/new\\n::warning::x.md",
        "Error sending message (OSError: disk\\nfull)",
        "after",
        "serving",
    ]
    assert not any(isinstance(f, OneLineLogs) for f in logger.filters)


def test_a_cache_others_could_write_is_not_loaded_and_the_build_is_cold(make_project) -> None:
    from site_builder.build.cache import Cache

    project = make_project({"policy-advocate.md": posting()})
    assert project.build().exit_code == 0
    cache = project.root / ".output.cache"
    assert Cache.beside(project.output).entries  # ours: loaded
    (cache / "index.pickle").chmod(0o666)
    assert not Cache.beside(project.output).entries  # writable by others: a pickle runs code when loaded
    (cache / "index.pickle").chmod(0o600)
    if os.geteuid() == 0:  # only root can give a file away
        os.chown(cache / "index.pickle", 65534, 65534)
        assert not Cache.beside(project.output).entries  # someone else's
    assert project.build().exit_code == 0 and (project.output / "index.html").is_file()


def test_a_body_that_renders_to_too_much_html_is_refused(make_project, monkeypatch) -> None:
    from site_builder.content import markdown

    monkeypatch.setattr(markdown, "MAX_HTML", 100)
    project = make_project({"policy-advocate.md": posting() + "\n" + "Words and more words. " * 10})
    result = project.build()
    assert result.exit_code == 1 and ": body: renders to more than" in result.output


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "٣"])
def test_a_bad_worker_count_is_one_line(make_project, monkeypatch, value: str) -> None:
    project = make_project({"policy-advocate.md": posting()})
    monkeypatch.setenv("JOBBOARD_WORKERS", value)
    monkeypatch.setattr("site_builder.build.parallel.MIN_PARALLEL", 0)  # so the count is read, as on a big board
    result = project.build()
    assert result.exit_code == 1 and "JOBBOARD_WORKERS must be a whole number" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_huge_worker_count_is_capped_not_a_fork_bomb(monkeypatch) -> None:
    from site_builder.build import parallel

    monkeypatch.setenv("JOBBOARD_WORKERS", "99999999999999999999")
    assert parallel.workers() == parallel.MAX_WORKERS


def test_a_template_that_is_not_utf8_is_one_line_with_its_path(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()})
    (project.root / "templates" / "role.html").write_bytes(b"{% extends 'base.html' %}\n\xff\xfe broken")
    result = project.build()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "templates/role.html:2: template: is not UTF-8 text" in result.output
