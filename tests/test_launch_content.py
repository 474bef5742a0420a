"""The launch postings carry the source documents' facts faithfully and build into the site."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO, TODAY

from site_builder.build.loading import load_postings
from site_builder.content.model import Reading


@pytest.fixture(scope="module")
def roles() -> dict:
    """The launch postings by slug."""
    return {p.slug: p for p in load_postings(REPO / "postings", Reading())}


def test_six_roles_from_five_documents(roles) -> None:
    assert len(roles) == 6
    assert sum(p.organization == "Queer in AI" for p in roles.values()) == 2


def test_techtonic_justice_organizer_is_remote_annual_and_closed(roles) -> None:
    p = roles["community-organizer-techtonic-justice"]
    assert (p.salary.min, p.salary.max, p.salary.period) == (80000, 100000, "year")
    assert p.workplace == "remote" and p.remote_regions == ("US",)
    assert p.apply_email == "admin@techtonicjustice.org"
    assert p.deadline.date == dt.date(2025, 2, 14) and not p.is_open(TODAY)


def test_la_defensa_organizer_is_hourly_part_time_at_29_hours(roles) -> None:
    p = roles["community-organizer-la-defensa"]
    assert (p.salary.min, p.salary.max, p.salary.period) == (24, None, "hour")
    assert p.employment_types == ("part-time",) and (p.hours.low, p.hours.high) == (29, 29)
    assert p.salary.annual_min == 24 * 29 * 52
    assert p.deadline.date == dt.date(2022, 4, 8)


def test_aclu_advocate_is_onsite_in_bakersfield_with_rolling_deadline(roles) -> None:
    p = roles["policy-advocate-organizer-aclu-socal-kern-county"]
    assert [loc.label for loc in p.locations] == ["Bakersfield, CA, United States"] and p.workplace == "onsite"
    assert (p.salary.min, p.salary.max, p.salary.period) == (62400, 67000, "year")
    assert p.deadline.rolling and p.is_open(TODAY)
    assert p.apply_url == "https://secure.onehcm.com/ta/ACLUSC.careers?ShowJob=486693636"


@pytest.mark.parametrize("slug", ["research-advocacy-executive-queer-in-ai", "dei-administrator-queer-in-ai"])
def test_queer_in_ai_roles_pay_35_an_hour_for_5_to_30_hours(roles, slug: str) -> None:
    p = roles[slug]
    assert (p.salary.min, p.salary.max, p.salary.currency, p.salary.period) == (35, 35, "USD", "hour")
    assert (p.hours.low, p.hours.high) == (5, 30) and p.employment_types == ("part-time",)
    assert p.workplace == "remote" and p.deadline.date.month == 1 and p.deadline.date.day == 15


def test_amnesty_coordinator_lists_nine_cities_and_no_salary(roles) -> None:
    p = roles["algorithmic-accountability-lab-coordinator-amnesty"]
    assert {loc.locality for loc in p.locations} == {
        "Mexico City", "New York", "Washington", "Dakar", "Nairobi", "Johannesburg", "Colombo", "London", "Tunis"}
    assert {loc.country for loc in p.locations} == {"MX", "US", "SN", "KE", "ZA", "LK", "GB", "TN"}
    assert p.salary is None and p.deadline.rolling


def test_launch_site_lists_open_roles_and_archives_closed_ones(launch_project) -> None:
    assert launch_project.build().exit_code == 0
    home, archive = launch_project.read("index.html"), launch_project.read("archive/index.html")
    assert "Policy Advocate and Organizer, Kern County" in home and "Algorithmic Accountability Lab Coordinator" in home
    open_part, recent = home.split('id="recent-heading"')  # two open roles: the four closed ones follow them
    assert "Community Organizer" not in open_part and "Community Organizer" in recent
    assert archive.count('class="card card-closed"') == 4
    locations = launch_project.read("locations/index.html")
    assert ">Tunisia</h2>" in locations and ">Tunis<" in locations
