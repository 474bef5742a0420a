"""Roles close after their deadline day: they leave every list and feed but keep their page."""

from __future__ import annotations

import datetime as dt

from conftest import posting


def build_with_deadline(make_project, today: dt.date):
    """A project with one role whose deadline is 2026-12-01, built as of `today`."""
    project = make_project({"closing-role.md": posting(title="Closing Role", deadline="2026-12-01")})
    assert project.build(today=today).exit_code == 0
    return project


def test_role_is_open_on_its_deadline_day(make_project) -> None:
    project = build_with_deadline(make_project, dt.date(2026, 12, 1))
    assert "Closing Role" in project.read("index.html")
    assert "Closes today" in project.read("index.html")


def test_role_closes_the_day_after_its_deadline(make_project) -> None:
    project = build_with_deadline(make_project, dt.date(2026, 12, 2))
    assert "Closing Role" not in project.read("index.html").split('id="recent-heading"')[0]  # not among open roles
    assert "Closing Role" not in project.read("feed.xml")
    assert "Closing Role" in project.read("archive/index.html")


def test_closed_role_page_stays_with_a_banner_and_no_apply_link(make_project) -> None:
    page = build_with_deadline(make_project, dt.date(2026, 12, 2)).read("roles/closing-role/index.html")
    assert "This role is closed." in page and "1 December 2026" in page
    assert "https://example.org/apply" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_closed_role_leaves_every_index(make_project) -> None:
    project = build_with_deadline(make_project, dt.date(2026, 12, 2))
    for index in ("locations", "salaries", "tags", "organizations", "types"):
        assert "Closing Role" not in project.read(f"{index}/index.html")
    assert not (project.output / "tags" / "policy").exists()


def test_days_left_are_counted_on_cards(make_project) -> None:
    project = build_with_deadline(make_project, dt.date(2026, 11, 26))
    assert "Closes in 5 days (1 December 2026)" in project.read("index.html")


def build_open_until_filled(make_project, today: dt.date, config: str = "", confirmed: str = ""):
    """A project with one role open until filled, posted 2026-11-01 (and `confirmed`, if given), built as of `today`."""
    text = posting(title="Rolling Role", posted="2026-11-01", deadline="rolling" + (f"\nconfirmed: {confirmed}" if confirmed else ""))
    project = make_project({"rolling-role.md": text}, config=config)
    assert project.build(today=today).exit_code == 0
    return project


def test_role_open_until_filled_is_listed_for_max_open_days_after_posted(make_project) -> None:
    project = build_open_until_filled(make_project, dt.date(2026, 12, 31))  # 60 days after 1 November
    assert "Rolling Role" in project.read("index.html") and "Open until filled" in project.read("index.html")
    assert "(listed until 31 December 2026)" in project.read("roles/rolling-role/index.html")


def test_role_open_until_filled_closes_like_a_past_deadline_once_its_listing_ends(make_project) -> None:
    project = build_open_until_filled(make_project, dt.date(2027, 1, 1))
    assert "Rolling Role" not in project.read("index.html").split('id="recent-heading"')[0]
    assert "Rolling Role" not in project.read("feed.xml")
    assert "Rolling Role" in project.read("archive/index.html")
    page = project.read("roles/rolling-role/index.html")
    assert "This listing has ended." in page and "31 December 2026" in page
    assert "https://example.org/apply" not in page and '<meta name="robots" content="noindex">' in page
    assert "JobPosting" not in page


def test_a_confirmed_date_keeps_a_role_open_until_filled_listed_for_max_open_days_more(make_project) -> None:
    project = build_open_until_filled(make_project, dt.date(2027, 1, 20), confirmed="2026-12-15")
    assert "Rolling Role" in project.read("index.html")
    assert "(listed until 13 February 2027)" in project.read("roles/rolling-role/index.html")
    assert "Confirmed open on" in project.read("roles/rolling-role/index.html")


def test_max_open_days_is_a_setting(make_project) -> None:
    short = build_open_until_filled(make_project, dt.date(2026, 11, 12), config="max_open_days: 10\n")
    assert "Rolling Role" not in short.read("index.html").split('id="recent-heading"')[0]


def test_max_open_days_null_means_a_role_open_until_filled_stays_listed(make_project) -> None:
    endless = build_open_until_filled(make_project, dt.date(2099, 1, 1), config="max_open_days: null\n")
    assert "Rolling Role" in endless.read("index.html") and "listed until" not in endless.read("index.html")


def test_a_role_with_a_deadline_never_expires_before_it(make_project) -> None:
    project = make_project({"late.md": posting(title="Late Role", posted="2026-11-01", deadline="2027-06-30")})
    assert project.build(today=dt.date(2027, 6, 30)).exit_code == 0
    assert "Late Role" in project.read("index.html")


def test_roles_json_gives_the_day_a_listing_ends(make_project) -> None:
    import json

    project = build_open_until_filled(make_project, dt.date(2026, 12, 1))
    role = json.loads(project.read("roles.json"))["roles"][0]
    assert role["deadline"] is None and role["expires"] == "2026-12-31" and role["confirmed"] is None


def test_a_confirmed_date_before_posted_is_an_error(make_project) -> None:
    project = make_project({"rolling-role.md": posting(deadline="rolling\nconfirmed: 2026-10-01")})
    result = project.build()
    assert result.exit_code == 1 and "confirmed: 2026-10-01 is before `posted` (2026-11-01)" in result.output
