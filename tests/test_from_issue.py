"""Posting without git: the issue form is made from the posting format, a submitted issue reads back into the
posting it describes (or a reply saying what to fix, by the form's labels), and only an approval from someone
who may merge writes the file."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from site_builder.commands.cli import main
from site_builder.commands.issueform import answers_of, approves, form, questions
from site_builder.content import schema
from site_builder.content.loader import load_file
from site_builder.content.model import Posting, Reading

REPO = Path(__file__).resolve().parent.parent
ISSUES = Path(__file__).resolve().parent / "fixtures" / "issues"
COMPLETE = (ISSUES / "complete.md").read_text(encoding="utf-8")
MISTAKES = (ISSUES / "with-mistakes.md").read_text(encoding="utf-8")
FILE = "postings/community-technology-organizer-data-justice-collective.md"


def event(body: str, action: str = "opened", labels: tuple[str, ...] = ("posting",), **more: object) -> dict:
    """A GitHub `issues` (or `issue_comment`) event payload for an issue made by the form."""
    issue = {"number": 12, "title": "Role: Organizer", "body": body, "state": "open",
             "created_at": "2026-11-30T09:15:00Z", "labels": [{"name": name} for name in labels]}  # fmt: skip
    return {"action": action, "issue": issue, "sender": {"login": "someone"}, **more}


def take(project, payload: dict, permission: str = "none"):
    """Run `jobboard from-issue` on an event; the result, the reply and the step outputs."""
    root = project.root
    (root / "event.json").write_text(json.dumps(payload), encoding="utf-8")
    argv = ["from-issue", "--config", str(root / "config.yaml"), "--event", str(root / "event.json"), "--permission",
            permission, "--reply", str(root / "reply.md"), "--outputs", str(root / "outputs"), "--today", "2026-12-01"]  # fmt: skip
    here = os.getcwd()
    os.chdir(root)  # the workflow runs it at the repository's root, and the path it gives is from there
    try:
        result = CliRunner().invoke(main, argv)
    finally:
        os.chdir(here)
    reply = (root / "reply.md").read_text(encoding="utf-8") if (root / "reply.md").exists() else ""
    outputs = (root / "outputs").read_text(encoding="utf-8") if (root / "outputs").exists() else ""
    return result, reply, outputs


def test_the_committed_issue_form_is_the_one_the_posting_format_makes() -> None:
    committed = (REPO / ".github" / "ISSUE_TEMPLATE" / "post-a-role.yml").read_text(encoding="utf-8")
    assert committed == form("USD"), "run `jobboard issue-form` and commit the form"


def test_the_form_asks_every_question_new_asks_with_ids_github_accepts() -> None:
    data = yaml.safe_load(form("USD"))
    ids = [element["id"] for element in data["body"] if "id" in element]
    asked = {f.key for f in schema.FIELDS if f.ask} - {"salary", "apply_url"}
    assert asked <= set(ids) and {"salary_min", "salary_max", "apply", "description"} <= set(ids)
    assert all(i.replace("_", "").replace("-", "").isalnum() for i in ids) and len(ids) == len(set(ids))
    labels = [element["attributes"]["label"] for element in data["body"] if element["type"] != "markdown"]
    assert len(labels) == len(set(labels)) and data["labels"] == ["posting"]


def test_a_complete_issue_reads_back_into_the_posting_it_describes(make_project) -> None:
    project = make_project({})
    result, reply, outputs = take(project, event(COMPLETE))
    assert result.exit_code == 0, result.output
    assert outputs == f"verdict=ready\npath={FILE}\n"
    assert "**This posting reads well.**" in reply and "location: Philadelphia, PA" in reply
    assert not (project.root / FILE).exists()  # nothing is written until a maintainer approves


def test_an_approved_issue_writes_a_posting_that_check_accepts_with_every_fact(make_project) -> None:
    project = make_project({})
    approval = event(COMPLETE, "labeled", ("posting", "approved"), label={"name": "approved"})
    result, reply, outputs = take(project, approval, "write")
    assert result.exit_code == 0 and outputs.startswith("verdict=approved\n")
    posting = load_file(project.root / FILE, FILE, Reading(), project.root / "postings")
    assert isinstance(posting, Posting)
    assert (posting.title, posting.organization, posting.workplace) == ("Community Technology Organizer",
                                                                        "Data Justice Collective", "hybrid")
    assert posting.locations[0].label == "Philadelphia, PA, United States"  # settled by the pay's USD
    assert posting.employment_types == ("full-time", "fixed-term") and posting.remote_regions == ("US",)
    assert (posting.salary.min, posting.salary.max, posting.salary.currency) == (62000, 70000, "USD")
    assert str(posting.deadline.date) == "2027-01-15"
    assert str(posting.posted) == "2026-12-01"  # listed from the day it was approved, not the day it was asked
    assert posting.tags == ("organizing", "surveillance", "rendición-de-cuentas")
    assert "<li>Build a coalition with tenant unions</li>" in posting.body_html


def test_an_issue_with_mistakes_gets_a_reply_naming_each_by_the_forms_label(make_project) -> None:
    project = make_project({})
    result, reply, outputs = take(project, event(MISTAKES), "write")
    assert result.exit_code == 0 and outputs.startswith("verdict=problems\n")
    for label, message in (("Organization", "is required"),
                           ("Organization's website", "`datajustice dot org` is not an http(s) URL"),
                           ("Location", "`Springfield` is not a country or region"),
                           ("Pay: lowest amount", "must be a number"),
                           ("Deadline (e.g. 2027-01-15, 15 January 2027 5pm ET, or rolling)",
                            "`03/02/2027` could be 3 February 2027 or 2 March 2027")):  # fmt: skip
        assert re.search(rf"^- \*\*{re.escape(label)}\*\*: `+ {re.escape(message)}", reply, re.MULTILINE), label
    assert not list((project.root / "postings").glob("*.md"))


def test_an_approval_does_not_write_a_posting_that_has_problems(make_project) -> None:
    project = make_project({})
    approval = event(MISTAKES, "labeled", ("posting", "approved"), label={"name": "approved"})
    _, reply, outputs = take(project, approval, "admin")
    assert outputs.startswith("verdict=problems\n") and not list((project.root / "postings").glob("*.md"))


def test_a_role_already_on_the_board_under_the_same_name_is_a_problem_not_an_overwrite(make_project) -> None:
    project = make_project({"community-technology-organizer-data-justice-collective.md": "kept"})
    approval = event(COMPLETE, "labeled", ("posting", "approved"), label={"name": "approved"})
    _, reply, outputs = take(project, approval, "write")
    assert outputs.startswith("verdict=problems\n") and "a role is already posted as" in reply
    assert (project.root / FILE).read_text() == "kept"


def test_an_issue_the_form_did_not_make_is_left_alone(make_project) -> None:
    _, reply, outputs = take(make_project({}), event(COMPLETE, labels=("bug",)))
    assert outputs == "verdict=skipped\npath=\n" and reply == ""


def test_the_reply_quotes_a_strangers_words_without_mentions_or_links(make_project) -> None:
    body = MISTAKES.replace("jobs@@example", "@everyone [x](https://evil.example)")
    _, reply, _ = take(make_project({}), event(body))
    line = next(line for line in reply.splitlines() if line.startswith("- **How to apply"))
    assert re.fullmatch(r"- \*\*How to apply\*\*: (`+) .*@everyone \[x\]\(https://evil.example\).* \1", line)


def test_a_poster_s_own_third_level_headings_stay_in_the_description() -> None:
    body = COMPLETE.replace("- Run listening sessions", "### What you'll do\n\n- Run listening sessions")
    assert "### What you'll do" in answers_of(body, "USD")["description"]


def test_headings_in_the_description_that_repeat_the_forms_labels_change_no_answer() -> None:
    extra = "\n\n### Location\n\nOur office is accessible.\n\n### Description\n\nMore.\n\n### Before you submit\n\nNothing."
    body = COMPLETE.replace("- Build a coalition with tenant unions", "- Build a coalition with tenant unions" + extra)
    answers = answers_of(body, "USD")
    assert answers["location"] == "Philadelphia, PA"
    assert answers["description"].startswith("## About the role") and answers["description"].endswith("Nothing.")


def test_the_reply_quotes_answers_as_plain_text_that_links_and_formats_nothing(make_project) -> None:
    body = MISTAKES.replace("03/02/2027", "x` https://evil.example/a **bold** #1 other/repo#5 www.evil.example")
    _, reply, _ = take(make_project({}), event(body))
    line = next(line for line in reply.splitlines() if line.startswith("- **Deadline"))
    fence, quoted = re.fullmatch(r"- \*\*[^*]+\*\*: (`+) (.*) `+", line).groups()
    assert "https://evil.example/a **bold** #1" in quoted and fence not in quoted  # all of it inside the code span


def test_several_regions_for_remote_applicants_are_read_one_by_one(make_project) -> None:
    body = COMPLETE.replace("\nUS\n", "\nUS, Mexico; Canada\n")
    project = make_project({})
    approval = event(body, "labeled", ("posting", "approved"), label={"name": "approved"})
    assert take(project, approval, "write")[2].startswith("verdict=approved\n")
    posting = load_file(project.root / FILE, FILE, Reading(), project.root / "postings")
    assert posting.remote_regions == ("US", "MX", "CA")


def test_a_role_whose_deadline_has_passed_is_not_approved(make_project) -> None:
    body = COMPLETE.replace("\n15 January 2027\n", "\n15 November 2026\n")
    approval = event(body, "labeled", ("posting", "approved"), label={"name": "approved"})
    _, reply, outputs = take(make_project({}), approval, "write")
    assert outputs.startswith("verdict=problems\n") and "2026-11-15 has passed" in reply


def test_a_title_yaml_would_read_as_a_number_is_written_in_quotes(make_project) -> None:
    body = COMPLETE.replace("Community Technology Organizer", "1e3")
    project = make_project({})
    approval = event(body, "labeled", ("posting", "approved"), label={"name": "approved"})
    _, _, outputs = take(project, approval, "write")
    assert outputs == "verdict=approved\npath=postings/1e3-data-justice-collective.md\n"
    assert 'title: "1e3"' in (project.root / "postings" / "1e3-data-justice-collective.md").read_text()


@pytest.mark.parametrize("payload", [
    '{"issue": ' * 5000 + "{}" + "}" * 5000,
    '{"action": "labeled", "label": "approved", "issue": {"labels": [{"name": ["posting"]}], "number": "x"}}',
    '{"action": "created", "comment": "/approve", "issue": {"labels": "posting", "body": 7}}',
    "[]",
])  # fmt: skip
def test_a_malformed_event_ends_in_a_verdict_or_one_line_never_a_traceback(make_project, payload: str) -> None:
    project = make_project({})
    (project.root / "event.json").write_text(payload, encoding="utf-8")
    argv = ["from-issue", "--config", str(project.root / "config.yaml"), "--event", str(project.root / "event.json")]
    result = CliRunner().invoke(main, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_an_event_larger_than_any_issue_is_refused(make_project) -> None:
    result, _, _ = take(make_project({}), event("x" * 600_000))
    assert result.exit_code == 1 and "the event is larger than any issue" in result.output


@pytest.mark.parametrize(("case", "payload", "permission", "expected"), [
    ("label by a writer", event("", "labeled", ("posting", "approved"), label={"name": "approved"}), "write", True),
    ("label by a maintainer", event("", "labeled", ("posting", "approved"), label={"name": "approved"}), "maintain", True),
    ("label by triage", event("", "labeled", ("posting", "approved"), label={"name": "approved"}), "triage", False),
    ("another label", event("", "labeled", ("posting", "good"), label={"name": "good"}), "admin", False),
    ("comment by an admin", event("", "created", comment={"body": " /approve\n"}), "admin", True),
    ("comment by a reader", event("", "created", comment={"body": "/approve"}), "read", False),
    ("comment saying more", event("", "created", comment={"body": "/approve this please"}), "write", False),
    ("issue not from the form", event("", "created", ("bug",), comment={"body": "/approve"}), "write", False),
    ("edited issue", event("", "edited", ("posting", "approved")), "write", False),
])  # fmt: skip
def test_only_someone_who_may_merge_approves_and_only_by_label_or_comment(case, payload, permission, expected) -> None:
    assert approves(payload, permission) is expected, case


def test_a_closed_issue_is_not_approved() -> None:
    payload = event("", "labeled", ("posting", "approved"), label={"name": "approved"})
    payload["issue"]["state"] = "closed"
    assert approves(payload, "admin") is False


def test_every_question_has_a_label_the_reply_can_name() -> None:
    assert all(q.label and q.id for q in questions("USD"))
