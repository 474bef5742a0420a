"""`jobboard build`: all errors at once, exit 1, old output untouched, reproducible output."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from click.testing import CliRunner
from conftest import posting

from site_builder.commands.cli import main, resolve_today


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_succeeds_and_reports_what_it_built(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()})
    result = project.build()
    assert result.exit_code == 0, result.output
    assert "Built 1 roles (1 open on 2026-11-23)" in result.output


def test_errors_in_several_files_are_all_reported_with_exit_status_1(make_project) -> None:
    project = make_project({
        "a.md": posting(workplace="workplace: remotly"),
        "b.md": posting(salary="salery:"),
        "good.md": posting(),
    })  # fmt: skip
    result = project.build()
    assert result.exit_code == 1
    assert "postings/a.md:6: workplace:" in result.output
    assert "postings/b.md:8: salery: unknown key; did you mean `salary`?" in result.output
    assert "Build failed, the previous site was left as it was: 2 problem(s)." in result.output


def test_failed_build_leaves_previous_output_untouched(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()})
    assert project.build().exit_code == 0
    before = snapshot(project.output)
    project.write("broken.md", posting(posted="2026-02-30"))
    assert project.build().exit_code == 1
    assert snapshot(project.output) == before


def test_failed_first_build_creates_no_output(make_project) -> None:
    project = make_project({"broken.md": "no front matter"})
    assert project.build().exit_code == 1
    assert not project.output.exists()


def test_two_builds_with_the_same_today_are_byte_identical(launch_project) -> None:
    launch_project.build()
    first = snapshot(launch_project.output)
    launch_project.build()
    assert snapshot(launch_project.output) == first


def test_output_option_builds_elsewhere(make_project, tmp_path: Path) -> None:
    project = make_project({"policy-advocate.md": posting()})
    assert project.build("--output", str(tmp_path / "elsewhere")).exit_code == 0
    assert (tmp_path / "elsewhere" / "index.html").is_file() and not project.output.exists()


def test_missing_template_field_fails_the_build_loudly(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()})
    (project.root / "templates" / "home.html").write_text("{{ no_such_field }}")
    result = project.build()
    assert result.exit_code == 1 and "no_such_field" in result.output and "home.html" in result.output


def test_project_template_overrides_the_package_default_by_name(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()})
    (project.root / "templates" / "archive.html").write_text('{% extends "base.html" %}{% block main %}CUSTOM{% endblock %}')
    assert project.build().exit_code == 0
    assert "CUSTOM" in project.read("archive/index.html")


def test_bad_config_setting_is_reported_with_its_line(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()}, config="salary_bands: [80000, 40000]\ntitel: x\n")
    result = project.build()
    assert result.exit_code == 1
    assert "config.yaml:3: salary_bands:" in result.output
    assert "config.yaml:4: titel: unknown setting; did you mean `title`?" in result.output


def test_site_url_with_a_path_is_refused_in_favour_of_base_url(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()}, config="site_url: https://x.github.io/repo\n")
    result = project.build()
    assert result.exit_code == 1 and "put `/repo` in base_url" in result.output


def test_today_comes_from_source_date_epoch_when_not_given(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert resolve_today(None) == dt.date(2023, 11, 14)
    assert resolve_today(dt.datetime(2026, 1, 2)) == dt.date(2026, 1, 2)


def test_python_dash_m_runs_the_same_command(launch_project) -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    args = [sys.executable, "-m", "site_builder", "build", "--config", str(launch_project.root / "config.yaml"), "--today", "2026-11-23"]
    done = subprocess.run(args, capture_output=True, text=True, cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)})
    assert done.returncode == 0, done.stderr
    assert (launch_project.output / "index.html").is_file()


def test_version_option_prints_the_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "0.1.0" in result.output


def test_the_command_keeps_its_exit_status_and_messages_when_it_exits_fast(make_project) -> None:
    import subprocess
    import sys

    project = make_project({"bad.md": posting(workplace="workplace: moon")})
    repo = Path(__file__).resolve().parent.parent
    args = [sys.executable, "-m", "site_builder", "build", "--config", str(project.root / "config.yaml")]
    done = subprocess.run(args, capture_output=True, text=True, cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)})
    assert done.returncode == 1 and "postings/bad.md:" in done.stderr and "workplace" in done.stderr
    usage = subprocess.run([*args[:3], "no-such-command"], capture_output=True, text=True, cwd=repo,
                           env={**os.environ, "PYTHONPATH": str(repo)})  # fmt: skip
    assert usage.returncode == 2 and "No such command" in usage.stderr
