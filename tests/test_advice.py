"""Warnings for likely mistakes: `check` prints them with their place, the build publishes the posting as
written, and `check --strict` fails on them."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import posting

from site_builder.commands.cli import main
from site_builder.content.advice import OUTLINE


def check(project, *args: str, today: str = "2026-11-23"):
    """Run `jobboard check` on a project as of a day."""
    argv = ["check", "--config", str(project.root / "config.yaml"), "--today", today, *args]
    return CliRunner().invoke(main, argv)


def test_a_deadline_before_the_posting_date_is_a_warning_with_its_line(make_project) -> None:
    project = make_project({"role.md": posting(posted="2026-11-20", deadline="2026-11-10")})
    result = check(project)
    assert result.exit_code == 0
    assert "postings/role.md:14: deadline: warning: 2026-11-10 is before `posted` (2026-11-20)" in result.stderr
    assert "valid, with 1 warning(s)." in result.stdout


def test_a_deadline_already_past_and_a_posting_date_still_to_come_are_warnings(make_project) -> None:
    project = make_project({"old.md": posting(posted="2026-10-01", deadline="2026-11-01"),
                            "early.md": posting(posted="2026-12-24", deadline="2027-01-31")})  # fmt: skip
    result = check(project)
    assert "postings/old.md:14: deadline: warning: 2026-11-01 has passed" in result.stderr
    assert "postings/early.md:13: posted: warning: 2026-12-24 is after today (2026-11-23)" in result.stderr


def test_yearly_pay_of_a_few_units_is_a_warning_to_check_the_period(make_project) -> None:
    project = make_project({"role.md": posting().replace("  min: 60000\n  max: 70000", "  min: 5\n  max: 7")})
    assert "postings/role.md:9: salary.min: warning: 5 a year looks like a monthly" in check(project).stderr


def test_pay_in_another_currency_than_the_boards_is_a_warning(make_project) -> None:
    project = make_project({"role.md": posting().replace("currency: USD", "currency: EUR")})
    assert "salary.currency: warning: is EUR and the board's is USD" in check(project).stderr


def test_a_remote_role_with_no_regions_is_a_warning(make_project) -> None:
    project = make_project({"role.md": posting(location="location: Remote", workplace="workplace: remote")})
    assert "remote_regions: warning: not given for a remote role" in check(project).stderr


def test_new_s_outline_left_in_the_body_is_a_warning(make_project) -> None:
    project = make_project({"role.md": posting().split("---\n## About")[0] + "---\n" + OUTLINE})
    assert "body: warning: still holds `jobboard new`'s outline" in check(project).stderr


def test_strict_makes_warnings_errors_and_github_format_annotates_them(make_project) -> None:
    project = make_project({"role.md": posting(posted="2026-11-20", deadline="2026-11-10")})
    strict = check(project, "--strict")
    assert strict.exit_code == 1 and "Checked 1 file(s): 1 problem(s)." in strict.stderr
    github = check(project, "--format", "github")
    assert github.exit_code == 0 and "::warning file=postings/role.md,line=14,title=deadline::" in github.stdout


def test_a_posting_with_likely_mistakes_still_builds(make_project) -> None:
    project = make_project({"role.md": posting(posted="2026-11-20", deadline="2026-11-10")})
    assert project.build().exit_code == 0


def test_a_posting_without_mistakes_gets_no_warnings(make_project) -> None:
    result = check(make_project({"role.md": posting()}))
    assert result.exit_code == 0 and "warning" not in result.output


def test_two_open_roles_of_one_title_at_one_organization_are_a_warning_on_the_later_file(make_project) -> None:
    project = make_project({"a-role.md": posting(), "b-role.md": posting(title="policy  advocate"),
                            "c-role.md": posting(title="Policy Advocate", deadline="2026-11-01")})  # fmt: skip
    result = check(project)
    assert result.exit_code == 0
    assert ("postings/b-role.md:2: title: warning: postings/a-role.md is an open role of the same title at the same "
            "organization") in result.stderr  # fmt: skip
    assert "postings/a-role.md:2: title" not in result.stderr and "c-role.md:2: title" not in result.stderr


def test_a_listing_open_until_filled_that_has_ended_is_a_warning_saying_how_to_keep_it(make_project) -> None:
    project = make_project({"stale.md": posting(posted="2026-08-01", deadline="rolling"),
                            "bumped.md": posting(posted="2026-08-01", deadline="rolling\nconfirmed: 2026-09-01")})  # fmt: skip
    result = check(project)
    assert result.exit_code == 0
    assert ("postings/stale.md:13: posted: warning: open until filled, and its listing ended 2026-09-30 "
            "(`max_open_days` after its last confirmation): if it is still open, add `confirmed: 2026-11-23`"
            in result.stderr)  # fmt: skip
    assert "postings/bumped.md:15: confirmed: warning: open until filled, and its listing ended 2026-10-31" in result.stderr


def test_a_confirmed_date_on_a_role_with_a_deadline_is_a_warning(make_project) -> None:
    project = make_project({"role.md": posting(deadline="2026-12-31\nconfirmed: 2026-11-20")})
    assert "postings/role.md:15: confirmed: warning: only matters for a role open until filled" in check(project).stderr
