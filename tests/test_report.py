"""`jobboard report`: open roles closing soon, soonest first, with whom to ask, as a Markdown table."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import posting

from site_builder.commands.cli import main


def report(project, *args: str):
    return CliRunner().invoke(main, ["report", "--config", str(project.root / "config.yaml"), "--today", "2026-11-23",
                                     *args])  # fmt: skip


def test_report_lists_roles_closing_within_a_week_soonest_first_with_a_contact(make_project) -> None:
    project = make_project({
        "later.md": posting(title="Later Role", deadline="2026-11-30"),
        "sooner.md": posting(title="Sooner | Role", deadline="2026-11-25").replace(
            "apply_url: https://example.org/apply", "apply_email: jobs@example.org"),
        "far.md": posting(title="Far Role", deadline="2026-12-31"),
        "closed.md": posting(title="Closed Role", deadline="2026-11-01"),
        "rolling.md": posting(title="Rolling Role", deadline="rolling"),
    })  # fmt: skip
    result = report(project)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and "last day" not in line]
    assert rows == [
        "| 25 November 2026 | deadline | Sooner \\| Role | Example Org | jobs@example.org | postings/sooner.md |",
        "| 30 November 2026 | deadline | Later Role | Example Org | https://example.org | postings/later.md |"]


def test_report_says_so_when_nothing_closes_soon(make_project) -> None:
    result = report(make_project({"far.md": posting(deadline="2026-12-31")}))
    assert result.exit_code == 0 and "No open role closes or ends its listing in the 7 days from 23 November 2026." in result.stdout


def test_report_lists_a_listing_open_until_filled_that_ends_soon_with_how_to_keep_it(make_project) -> None:
    project = make_project({"rolling.md": posting(title="Rolling Role", posted="2026-09-25", deadline="rolling")})
    result = report(project)  # listed 60 days from 25 September: to 24 November
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "Rolling Role" in line)
    assert row.startswith("| 24 November 2026 | listing (open until filled): add `confirmed: <today's date>`")
