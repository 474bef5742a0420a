"""roles.json, the documented public export of open roles."""

from __future__ import annotations

import json

from conftest import posting


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
    assert role["locations"] == [{"label": "Bakersfield, CA, United States", "country": "US", "region": "CA",
                                  "slug": "bakersfield-ca-us"}]
    assert role["salary"]["annual_max"] == 70000 and role["salary"]["period"] == "year"
    assert role["deadline"] == "2026-12-31" and role["tags"][0] == {"label": "policy", "slug": "policy"}


def test_hourly_role_exports_its_yearly_equivalent_and_hours(make_project) -> None:
    text = posting(employment_type="employment_type: part-time\nhours_per_week: 5-30",
                   **{"  min": "  min: 35", "  max": "  max: 35", "  period": "  period: hour"})  # fmt: skip
    role = json.loads(built(make_project, role=text).read("roles.json"))["roles"][0]
    assert role["hours_per_week"] == {"min": 5, "max": 30}
    assert (role["salary"]["annual_min"], role["salary"]["annual_max"]) == (9100, 54600)
