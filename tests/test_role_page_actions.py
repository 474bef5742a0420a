"""On a role page Apply is in reach at once, on a phone too, and again after the description; a closed role's
page lists open roles like it."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import built_board, chromium, require_chromium
from conftest import posting

TODAY = dt.date(2026, 11, 23)
ROLES = {
    "closed-organizer.md": posting(title="Closed Organizer", posted="2026-10-01", deadline="2026-11-01",
                                   tags="tags: [organizing, surveillance]"),
    "open-organizer.md": posting(title="Open Organizer", tags="tags: [organizing]"),
    "open-researcher.md": posting(title="Open Researcher", tags="tags: [research]",
                                  organization="organization: Another Org"),
}  # fmt: skip


def test_an_open_role_page_offers_apply_before_the_facts_and_again_after_the_description(make_project) -> None:
    project = make_project(ROLES)
    assert project.build(today=TODAY).exit_code == 0
    page = project.read("roles/open-organizer/index.html")
    top, facts, body, bottom = (page.index(mark) for mark in ('class="apply-top"', 'class="role-facts"',
                                                             'class="role-body"', 'id="apply-heading"'))  # fmt: skip
    assert top < facts < body < bottom
    assert page.count('href="https://example.org/apply"') == 2


def test_a_closed_role_page_has_no_apply_but_a_place_for_similar_open_roles(make_project) -> None:
    project = make_project(ROLES)
    assert project.build(today=TODAY).exit_code == 0
    page = project.read("roles/closed-organizer/index.html")
    assert "apply-top" not in page and "https://example.org/apply" not in page
    assert 'data-tags="organizing surveillance "' in page and "similar.js" in page
    assert 'href="../../index.html?tag=organizing">Open roles in organizing</a>' in page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    with built_board(tmp_path_factory.mktemp("roles"), ROLES, TODAY.isoformat()) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as shared:
        yield shared


def test_on_a_phone_apply_is_in_the_first_screen(site, browser) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(site + "roles/open-organizer/")
    box = page.locator(".apply-top .button").bounding_box()
    page.close()
    assert box is not None and box["y"] + box["height"] <= 740


def test_a_closed_role_page_lists_open_roles_like_it_first(site, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site + "roles/closed-organizer/")
    page.wait_for_selector(".similar-list li")
    items = page.locator(".similar-list li a").all_text_contents()
    page.close()
    assert items[0] == "Open Organizer"  # same organization and topic before same organization alone
