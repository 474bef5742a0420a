"""`jobboard new`: writes a posting that passes `jobboard check`, and never overwrites one."""

from __future__ import annotations

from click.testing import CliRunner

from site_builder.commands.cli import main

FACTS = [
    "--title", "Policy Advocate", "--organization", "Example Org", "--location", "Bakersfield, CA, US",
    "--workplace", "hybrid", "--remote-regions", "US", "--employment-type", "full-time",
    "--salary-min", "60000", "--salary-max", "70000", "--deadline", "2026-12-31",
    "--apply", "https://example.org/apply", "--tags", "policy, organizing", "--posted", "2026-11-23",
]  # fmt: skip


SKIP_THE_REST = "\n" * 40  # an empty answer to every optional question the options left open


def new(project, *args: str, input: str = SKIP_THE_REST):
    return CliRunner().invoke(main, ["new", "--config", str(project.root / "config.yaml"), *args], input=input)


def check(project):
    return CliRunner().invoke(main, ["check", "--config", str(project.root / "config.yaml")])


def test_new_posting_from_options_passes_check(make_project) -> None:
    project = make_project()
    result = new(project, *FACTS)
    assert result.exit_code == 0, result.output
    path = project.root / "postings" / "policy-advocate-example-org.md"
    text = path.read_text()
    assert 'location: Bakersfield, CA, US' in text and "apply_url: https://example.org/apply" in text
    assert "## About the role" in text
    assert check(project).exit_code == 0


def test_new_asks_for_what_it_was_not_told(make_project) -> None:
    project = make_project()
    # title, organization, its site, a place, no other, workplace, regions, type, hours, start, length, end, pay,
    # deadline, rolling review, topics, where to apply
    answers = "\n".join(["Community Organizer", "TechTonic Justice", "", "Remote", "", "remote", "", "full-time", "",
                          "", "", "", "", "", "", "", "jobs@example.org", ""])  # fmt: skip
    result = new(project, "--posted", "2026-11-23", input=answers)
    assert result.exit_code == 0, result.output
    text = (project.root / "postings" / "community-organizer-techtonic-justice.md").read_text()
    assert "apply_email: jobs@example.org" in text and "location: Remote" in text
    assert check(project).exit_code == 0


def test_new_refuses_to_overwrite_an_existing_posting(make_project) -> None:
    project = make_project()
    assert new(project, *FACTS).exit_code == 0
    path = project.root / "postings" / "policy-advocate-example-org.md"
    path.write_text(path.read_text() + "\nEdited by hand.\n")
    result = new(project, *FACTS)
    assert result.exit_code == 1 and "already exists" in result.output
    assert path.read_text().endswith("Edited by hand.\n")


def test_new_asks_again_for_an_answer_that_does_not_read_and_keeps_the_rest(make_project) -> None:
    project = make_project()
    args = [a if a != "2026-12-31" else "2026-02-30" for a in FACTS]
    # the site, hours, start, length, end, currency and period are left empty; then the deadline again
    result = new(project, *args, input="\n" * 7 + "15 January 2027\n" + "\n" * 20)
    assert result.exit_code == 0, result.output
    assert "deadline: `2026-02-30` is not a real date" in result.stderr
    text = (project.root / "postings" / "policy-advocate-example-org.md").read_text()
    assert "deadline: 15 January 2027" in text and "title: Policy Advocate" in text


def test_new_takes_values_as_people_write_them_and_writes_block_yaml(make_project) -> None:
    project = make_project()
    args = [{"60000": "60,000", "70000": "70k", "full-time": "Full time"}.get(a, a) for a in FACTS]
    result = new(project, *args)
    assert result.exit_code == 0, result.output
    text = (project.root / "postings" / "policy-advocate-example-org.md").read_text()
    assert "salary:\n  min: 60000\n  max: 70000\n  currency: USD\n  period: year\n" in text
    assert "employment_type: full-time\n" in text and "tags:\n- policy\n- organizing\n" in text
    assert check(project).exit_code == 0


def test_a_posting_whose_facts_disagree_is_still_written_with_what_to_fix(make_project) -> None:
    project = make_project()
    args = [{"hybrid": "onsite", "Bakersfield, CA, US": "Remote"}.get(a, a) for a in FACTS]
    result = new(project, *[a for a in args if a not in ("--remote-regions", "US")])
    assert result.exit_code == 1 and "Wrote" in result.stderr and "says Remote but `workplace` is onsite" in result.stderr
    assert (project.root / "postings" / "policy-advocate-example-org.md").exists()


def test_values_that_look_like_other_yaml_types_are_quoted(make_project) -> None:
    project = make_project()
    swap = {"Bakersfield, CA, US": "Oslo, NO", "Policy Advocate": "NO"}  # NO: YAML 1.1 would read false
    args = [swap.get(arg, arg) for arg in FACTS]
    result = new(project, *args, "--slug", "no-role")
    assert result.exit_code == 0, result.output
    assert check(project).exit_code == 0
