"""`jobboard check`: validation without building, as text or GitHub annotations."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import posting

from site_builder.commands.checking import github_annotation
from site_builder.commands.cli import main
from site_builder.errors import ContentError


def run(project, *args: str):
    return CliRunner().invoke(main, ["check", "--config", str(project.root / "config.yaml"), *args])


def test_valid_postings_pass_and_nothing_is_built(make_project) -> None:
    project = make_project({"a.md": posting(), "b.md": posting(title="Other")})
    result = run(project)
    assert result.exit_code == 0 and "All 2 posting file(s) are valid." in result.output
    assert not project.output.exists()


def test_every_error_in_every_file_is_reported_with_exit_status_1(make_project) -> None:
    project = make_project({"a.md": posting(workplace="workplace: remotly"), "b.md": posting(posted="2026-02-30")})
    result = run(project)
    assert result.exit_code == 1
    assert "postings/a.md:6: workplace: `remotly` is not one of" in result.output
    assert "postings/b.md:13: posted: `2026-02-30` is not a real date" in result.output


def test_named_files_only_are_checked(make_project) -> None:
    project = make_project({"good.md": posting(), "bad.md": posting(posted="nope")})
    assert run(project, str(project.root / "postings" / "good.md")).exit_code == 0
    assert run(project, str(project.root / "postings" / "bad.md")).exit_code == 1


def test_a_named_file_outside_the_postings_folder_is_refused(make_project, tmp_path) -> None:
    project = make_project({"good.md": posting()})
    stray = tmp_path / "stray.md"
    stray.write_text(posting())
    result = run(project, str(stray))
    assert result.exit_code == 1 and "is not in the postings folder" in result.output


def test_github_format_prints_annotations_for_the_pull_request_diff(make_project) -> None:
    project = make_project({"a.md": posting(workplace="workplace: remotly")})
    result = run(project, "--format", "github")
    assert result.exit_code == 1
    assert "::error file=postings/a.md,line=6,title=workplace::workplace: `remotly` is not one of" in result.output


def test_annotation_escapes_workflow_command_characters() -> None:
    error = ContentError("postings/a,b.md", None, "salary.min", "100% wrong\nsecond line: here")
    assert github_annotation(error) == (  # the newline shows as `\n`, as in the text format: one line
        "::error file=postings/a%2Cb.md,title=salary.min::salary.min: 100%25 wrong\\nsecond line: here"
    )
