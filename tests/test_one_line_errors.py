"""One line per problem: whatever a posting holds, each problem prints as one `path:line: field: message` line
(text) or one annotation (GitHub), and nothing a posting writes reaches the CI runner as a workflow command."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import Project, posting

from site_builder.commands.checking import github_annotation
from site_builder.commands.cli import main
from site_builder.errors import ContentError, one_line

# The commands GitHub's runner knows (its command extensions, plus stop-commands).
RUNNER_COMMANDS = {"add-mask", "add-matcher", "add-path", "debug", "echo", "endgroup", "error", "group", "notice",
                   "remove-matcher", "save-state", "set-env", "set-output", "stop-commands", "warning"}  # fmt: skip
SUMMARY = re.compile(
    r"^(Checked \d+ file\(s\)|Build failed, the previous site was left as it was): (\d+) problem\(s\)\.$"
)


def workflow_command(line: str) -> str | None:
    """The command GitHub's runner would read in this output line, as its parser does, or None.

    It tries `::name props::data` at the start of the line after any white space, then the older
    `##[name props]data` anywhere in it (actions/runner, ActionCommand.TryParseV2 and TryParse)."""
    trimmed = line.lstrip()
    end = trimmed.find("::", 2)
    if trimmed.startswith("::") and end >= 0 and trimmed[2:end].split(" ")[0] in RUNNER_COMMANDS:
        return trimmed[2:end].split(" ")[0]
    start = line.find("##[")
    close = line.find("]", start)
    if start >= 0 and close >= 0 and line[start + 3 : close].split(" ")[0] in RUNNER_COMMANDS:
        return line[start + 3 : close].split(" ")[0]
    return None


HOSTILE = {
    # A YAML double-quoted string may hold any character as an escape: here, a newline.
    "regions.md": posting(workplace='workplace: remote\nremote_regions: ["U\\nS"]'),
    # U+2028 ends a line for many viewers (and for str.splitlines); in the title and in a refused value.
    "separator.md": posting(title='"Role\\u2028Two"', employment_type='employment_type: "ful\\u2028tme"'),
    # A value that tries to print a workflow command of its own, in both of the runner's syntaxes.
    "posted.md": posting(posted='"2026-13-01\\n::notice title=Maintainers::Reviewed"'),
    "legacy.md": posting(posted='"2026-13-01 ##[warning]Reviewed\\r##[stop-commands]x"'),
    # Other line ends: NEL (a C1 control), the paragraph separator, a form feed, an escape sequence.
    "controls.md": posting(employment_type='employment_type: "a\\x85b\\u2029c\\fd\\e[2Je"'),
    # A key is a field name, and the field is printed too.
    "key.md": posting(tags='tags: [policy]\n"x\\n::warning file=README.md::y": 1'),
}


def run(project: Project, *args: str):
    """A command's result, stdout and stderr apart."""
    return CliRunner().invoke(main, [*args, "--config", str(project.root / "config.yaml")], catch_exceptions=False)


def assert_one_line_per_problem(stdout: str, stderr: str, annotations: bool) -> None:
    """stderr is one line per problem and a count; stdout holds one annotation per problem, or nothing."""
    *problems, summary = stderr.splitlines()  # splitlines breaks at every line end Unicode knows
    count = SUMMARY.match(summary)
    assert count and int(count[2]) == len(problems) >= 1, stderr
    assert all(line.startswith("postings/") and workflow_command(line) is None for line in problems), stderr
    if annotations:
        assert len(stdout.splitlines()) == len(problems), stdout
        assert all(workflow_command(line) == "error" and line.startswith("::error ") for line in stdout.splitlines())
    else:
        assert stdout == ""


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("style", ["text", "github"])
def test_each_problem_is_one_line_on_both_streams_in_both_formats(make_project, name: str, style: str) -> None:
    project = make_project({name: HOSTILE[name]})
    result = run(project, "check", "--format", style)
    assert result.exit_code == 1
    assert_one_line_per_problem(result.stdout, result.stderr, annotations=style == "github")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_failed_build_prints_each_problem_on_one_line(make_project, name: str) -> None:
    project = make_project({name: HOSTILE[name]})
    result = run(project, "build")
    assert result.exit_code == 1 and not project.output.exists()
    assert_one_line_per_problem(result.stdout, result.stderr, annotations=False)


def test_a_newline_in_a_quoted_value_never_breaks_its_line(make_project) -> None:
    project = make_project({"regions.md": HOSTILE["regions.md"]})
    result = run(project, "check", "--format", "github")
    assert "postings/regions.md:7: remote_regions.0: `U S` is not a country" in result.stderr  # white space read as one space
    assert (
        "::error file=postings/regions.md,line=7,title=remote_regions.0::remote_regions.0: `U S` is not"
        in result.stdout
    )


def test_a_value_posing_as_a_workflow_command_stays_inside_its_own_line(make_project) -> None:
    project = make_project({"posted.md": HOSTILE["posted.md"], "legacy.md": HOSTILE["legacy.md"]})
    result = run(project, "check", "--format", "github")
    assert "posted: `2026-13-01\\n::notice title=Maintainers::Reviewed` is not" in result.stderr
    assert "posted: `2026-13-01 #\\x23[warning]Reviewed\\r#\\x23[stop-commands]x` is not" in result.stderr
    assert [workflow_command(line) for line in result.output.splitlines()] == ["error", "error", None, None, None]


@pytest.mark.parametrize(("name", "shown"), [("new\n::warning::line.md", "new\\n::warning::line.md"),
                                             ("sep\u2028arator.md", "sep\\u2028arator.md"),
                                             ("next\x85line\r.txt", "next\\x85line\\r.txt")])  # fmt: skip
@pytest.mark.parametrize("style", ["text", "github"])
def test_a_file_name_with_a_line_end_is_one_line(make_project, name: str, shown: str, style: str) -> None:
    project = make_project()
    try:
        project.write(name, posting())
    except OSError:
        pytest.skip("this file system refuses such a file name")
    result = run(project, "check", "--format", style)
    assert result.exit_code == 1
    assert_one_line_per_problem(result.stdout, result.stderr, annotations=style == "github")
    assert f"postings/{shown}: file" in result.stderr


def test_every_line_breaking_character_is_escaped() -> None:
    breaking = "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]))
    shown = one_line(breaking)
    assert len(shown.splitlines()) == 1 and shown.isprintable()
    assert one_line("a\tb\nc\rd\x1be\x85f\u2028g") == "a\\tb\\nc\\rd\\x1be\\x85f\\u2028g"
    assert one_line("plain text, `quoted`, é, 名前, \\n") == "plain text, `quoted`, é, 名前, \\n"


def test_a_path_that_would_begin_a_workflow_command_is_prefixed_with_dot_slash() -> None:
    for path in ("::warning::x.md", " \u3000::warning::x.md"):
        line = str(ContentError(path, 2, "title", "is missing"))
        assert line.startswith("./") and workflow_command(line) is None
        assert workflow_command(github_annotation(ContentError(path, 2, "title", "is missing"))) == "error"
