"""Deadlines with a time and its zone close at that moment; a rolling review before a final date is said."""

from __future__ import annotations

import json

import pytest
from conftest import posting
from icalendar import Calendar

from site_builder.content import fields
from site_builder.content.fields import Invalid


def role_with(make_project, deadline: str, **lines: str):
    """Build one role with this deadline line: its roles.json record, page and calendar."""
    project = make_project({"role.md": posting(deadline=deadline, **lines)})
    result = project.build()
    assert result.exit_code == 0, result.output
    record = json.loads(project.read("roles.json"))["roles"][0]
    return record, project.read("roles/role/index.html"), project.read("deadlines.ics")


def test_a_deadline_with_a_time_and_an_iana_zone_closes_at_that_moment_everywhere(make_project) -> None:
    record, page, ics = role_with(make_project, '"2026-12-14 17:00 Europe/London"', location='location: "London, UK"')
    assert record["deadline"] == "2026-12-14" and record["closes_at"] == "2026-12-14T17:00:00+00:00"
    assert "Closes in 21 days (14 December 2026 at 17:00 Europe/London)" in page
    assert '"validThrough":"2026-12-14T17:00:00+00:00"' in page
    event = next(e for e in Calendar.from_ical(ics).walk("VEVENT"))
    assert event["DTSTART"].dt.isoformat() == "2026-12-14T17:00:00+00:00"


def test_a_us_zone_abbreviation_reads_as_that_zone(make_project) -> None:
    record, page, _ = role_with(make_project, '"14 December 2026, 5pm ET"')
    assert record["closes_at"] == "2026-12-14T17:00:00-05:00" and "at 17:00 ET" in page


def test_a_time_without_a_zone_takes_the_zone_of_a_place_that_has_one(make_project) -> None:
    record, page, _ = role_with(make_project, '"Monday 14 December 2026 12:00 midday"', location='location: "London, UK"')
    assert record["closes_at"] == "2026-12-14T12:00:00+00:00" and "at 12:00 London time" in page


def test_a_time_without_a_zone_in_a_country_of_many_zones_is_refused(make_project) -> None:
    project = make_project({"role.md": posting(deadline='"2026-12-14 17:00"')})
    result = project.build()
    assert result.exit_code == 1 and "deadline: give the time zone of its time" in result.output


@pytest.mark.parametrize(("written", "why"), [("2026-12-14 17:00 IST", "India"), ("2026-12-14 midnight ET", "23:59"),
                                               ("2026-12-14 5pm Narnia", "Europe/London")])  # fmt: skip
def test_a_zone_or_time_with_more_than_one_meaning_or_none_is_refused_with_the_fix(written: str, why: str) -> None:
    with pytest.raises(Invalid, match=why):
        fields.deadline(written)


def test_a_date_alone_still_closes_at_the_end_of_its_day(make_project) -> None:
    record, page, _ = role_with(make_project, "2026-12-14")
    assert record["closes_at"] is None and '"validThrough":"2026-12-14T23:59"' in page


def test_a_rolling_review_before_the_deadline_is_said_on_the_page_and_in_roles_json(make_project) -> None:
    record, page, _ = role_with(make_project, "2026-12-31\nrolling_review: true")
    assert record["rolling_review"] is True and "Applications are reviewed as they arrive: apply early" in page


@pytest.mark.parametrize(("written", "zone"), [("2026-12-14 12 Uhr MEZ", "Europe/Berlin"),
                                               ("14 December 2026, 12 noon UK time", "Europe/London"),
                                               ("2026-12-14 um 12:00 Uhr MESZ", "Europe/Berlin")])  # fmt: skip
def test_times_and_zones_as_german_and_british_postings_write_them(written: str, zone: str) -> None:
    deadline = fields.deadline(written)
    assert deadline.time is not None and deadline.time.hour == 12 and deadline.zone == zone


def test_a_time_without_a_zone_in_germany_takes_berlins_zone(make_project) -> None:
    record, page, _ = role_with(make_project, '"2026-12-14 12:00"', location='location: "Berlin, Deutschland"')
    assert record["closes_at"] == "2026-12-14T12:00:00+01:00" and "at 12:00 Berlin time" in page
