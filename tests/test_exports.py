"""roles.json (the documented public export) and the full-text search index."""

from __future__ import annotations

import json

from conftest import posting

from site_builder.exports import shard_name, terms


def built(make_project, **postings: str):
    project = make_project({f"{slug}.md": text for slug, text in postings.items()})
    assert project.build().exit_code == 0
    return project


def test_roles_json_lists_open_roles_newest_first_with_their_facts(make_project) -> None:
    project = built(make_project, **{"new-role": posting(title="New", posted="2026-11-20"),
                                     "old-role": posting(title="Old", posted="2026-11-01"),
                                     "gone-role": posting(title="Gone", deadline="2020-01-01")})  # fmt: skip
    data = json.loads(project.read("roles.json"))
    assert data["version"] == 1 and data["generated"] == "2026-11-23" and data["salary_currency"] == "USD"
    assert [r["id"] for r in data["roles"]] == ["new-role", "old-role"]
    role = data["roles"][0]
    assert role["url"] == "https://example.github.io/jobs/roles/new-role/"
    assert role["locations"] == [{"label": "Bakersfield, CA, US", "country": "US", "slug": "bakersfield-ca-us"}]
    assert role["salary"]["annual_max"] == 70000 and role["salary"]["period"] == "year"
    assert role["deadline"] == "2026-12-31" and role["tags"][0] == {"label": "policy", "slug": "policy"}


def test_hourly_role_exports_its_yearly_equivalent_and_hours(make_project) -> None:
    text = posting(employment_type="employment_type: part-time\nhours_per_week: 5-30",
                   **{"  min": "  min: 35", "  max": "  max: 35", "  period": "  period: hour"})  # fmt: skip
    role = json.loads(built(make_project, role=text).read("roles.json"))["roles"][0]
    assert role["hours_per_week"] == {"min": 5, "max": 30}
    assert (role["salary"]["annual_min"], role["salary"]["annual_max"]) == (9100, 54600)


def test_search_index_finds_a_word_from_deep_in_a_body(make_project) -> None:
    project = built(make_project, role=posting() + "\n\nWe value **Quechua** speakers.\n")
    shard = json.loads(project.read(f"search/{shard_name('quechua')}.json"))
    assert shard["quechua"] == [0]


def test_search_terms_fold_case_and_accents_and_split_on_punctuation() -> None:
    assert terms("Café-Owner, naïve A.I. x") == {"cafe", "owner", "naive"}


def test_shard_names_are_safe_file_names_for_any_script() -> None:
    assert shard_name("../etc") == "2e2e" and shard_name("αβγ") == "ceb1ceb2"
