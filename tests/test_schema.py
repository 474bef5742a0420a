"""Each posting field is declared once (site_builder/content/schema.py), and everything that shows a field is made from it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Project, posting

from site_builder.commands.cli import main
from site_builder.content import fields, schema

README = Path(__file__).resolve().parent.parent / "README.md"
BENEFITS = schema.Field("benefits", "Benefits", "what the role offers besides pay: `[Health insurance, Paid leave]`",
                        read=fields.text, many=6, fact=schema.as_text, export="benefits", filter="perk", search=True,
                        ask="Benefits, comma-separated")  # fmt: skip


@pytest.fixture
def with_benefits(monkeypatch) -> schema.Field:
    """The posting format with one more field, declared and nothing else."""
    monkeypatch.setattr(schema, "FIELDS", (*schema.FIELDS, BENEFITS))
    return BENEFITS


@pytest.fixture
def board_with_benefits(make_project, with_benefits) -> Project:
    """A board whose one open role gives benefits, built without a cache (the code's hash doesn't see the patch)."""
    text = posting().replace("\n---\n", "\nbenefits: [Health insurance, Paid parental leave]\n---\n", 1)
    project = make_project({"policy-advocate.md": text, "organizer.md": posting(title="Organizer")})
    result = project.build("--no-cache")
    assert result.exit_code == 0, result.output
    return project


def test_a_field_declared_once_is_shown_on_the_role_page(board_with_benefits: Project) -> None:
    page = board_with_benefits.read("roles/policy-advocate/index.html")
    assert "<div><dt>Benefits</dt><dd>" in page and "<li>Paid parental leave</li>" in page
    assert "<dt>Benefits</dt>" not in board_with_benefits.read("roles/organizer/index.html")  # not given: left out


def test_a_field_declared_once_is_exported_in_roles_json(board_with_benefits: Project) -> None:
    roles = {role["id"]: role for role in json.loads(board_with_benefits.read("roles.json"))["roles"]}
    assert roles["policy-advocate"]["benefits"] == [{"label": "Health insurance", "slug": "health-insurance"},
                                                    {"label": "Paid parental leave", "slug": "paid-parental-leave"}]  # fmt: skip
    assert roles["organizer"]["benefits"] == []


def test_a_field_declared_once_is_offered_in_the_filters(board_with_benefits: Project) -> None:
    home = board_with_benefits.read("index.html")
    fieldset = re.search(r'<fieldset class="field" data-key="benefits">.*?</fieldset>', home, re.S)
    assert fieldset and "<legend>Benefits</legend>" in fieldset[0]
    assert 'name="perk" value="health-insurance"> Health insurance' in fieldset[0]


def test_a_field_declared_once_is_found_by_search(board_with_benefits: Project) -> None:
    shards = [json.loads(p.read_text()) for p in (board_with_benefits.output / "search").glob("*.json")]
    assert any("parental" in shard for shard in shards)


def test_a_field_declared_once_is_asked_for_by_new_and_checked(make_project, with_benefits) -> None:
    project = make_project()
    options = ["--title", "Organizer", "--organization", "Example Org", "--location", "Remote", "--workplace",
               "remote", "--employment-type", "full-time", "--apply", "jobs@example.org", "--posted", "2026-11-23"]  # fmt: skip
    answered = {"title", "organization", "location", "workplace", "employment_type", "apply_url", "benefits"}
    before = [f for f in schema.FIELDS if f.ask and f.key not in answered]  # each left empty (pay: one question)
    result = CliRunner().invoke(main, ["new", "--config", str(project.root / "config.yaml"), *options],
                                input="\n".join([*[""] * len(before), "Dental, Paid leave", *[""] * 20]))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Benefits, comma-separated (optional):" in result.output
    text = (project.root / "postings" / "organizer-example-org.md").read_text()
    assert "benefits:\n- Dental\n- Paid leave\n" in text or "benefits: [Dental, Paid leave]" in text
    check = CliRunner().invoke(main, ["check", "--config", str(project.root / "config.yaml")])
    assert check.exit_code == 0, check.output


def test_an_undeclared_key_is_still_an_error(make_project) -> None:
    text = posting().replace("\n---\n", "\nbenefits: [Dental]\n---\n", 1)
    project = make_project({"policy-advocate.md": text})
    result = project.build("--no-cache")
    assert result.exit_code == 1 and "benefits: unknown key" in result.output


def test_a_declared_field_with_a_bad_value_is_refused_with_its_line(make_project, with_benefits) -> None:
    text = posting().replace("\n---\n", "\nbenefits: [Dental, <b>free lunch</b>]\n---\n", 1)
    project = make_project({"policy-advocate.md": text})
    result = project.build("--no-cache")
    assert result.exit_code == 1 and "benefits.1: must not contain < or >" in result.output


def test_the_readme_key_table_is_the_declared_one() -> None:
    readme = README.read_text(encoding="utf-8")
    table = readme[readme.index("<!-- keys:"):readme.index("<!-- /keys -->")].split("\n", 1)[1].strip()
    assert table == schema.key_table(), "run `python3 -m site_builder.content.schema` and paste its table into README.md"


def test_every_front_matter_key_is_in_the_docs_and_the_unknown_key_message(make_project) -> None:
    project = make_project({"x.md": posting().replace("\n---\n", "\nsalery: 1\n---\n", 1)})
    result = project.build("--no-cache")
    assert "salery: unknown key; did you mean `salary`?" in result.output
    assert [f.key for f in schema.FIELDS if f.front_matter] == list(schema.keys())


def test_vocabularies_are_declared_once_and_read_shown_and_filtered_from_there() -> None:
    workplace = schema.declared("workplace")
    assert workplace.read is not None and workplace.read("Hybrid") == "hybrid"
    assert schema._doc(workplace).endswith("`remote`, `hybrid` or `onsite`")
    choices = schema.filters([])[0]
    assert (choices.name, choices.key, choices.choices) == ("workplace", "workplace", ())  # only values roles have
