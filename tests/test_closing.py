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


def test_rolling_role_never_closes(make_project) -> None:
    project = make_project({"rolling-role.md": posting(title="Rolling Role", deadline="rolling")})
    assert project.build(today=dt.date(2099, 1, 1)).exit_code == 0
    assert "Rolling Role" in project.read("index.html") and "Open until filled" in project.read("index.html")
