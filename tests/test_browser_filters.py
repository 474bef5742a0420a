"""Filters and search in a real browser: each narrows correctly, URL state round-trips, no-JS works, axe is clean."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import built_board, chromium, require_chromium, serve
from conftest import posting

TODAY = dt.date.today()  # the page's script judges deadlines by the reader's clock


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def role(title: str, posted: int, deadline: str, **lines: str) -> str:
    return posting(title=title, posted=day(posted), deadline=deadline, **lines)


NO_SALARY = {"salary": "", "  min": "", "  max": "", "  currency": "", "  period": ""}
ROLES = {
    "remote-policy-lead.md": role("Remote Policy Lead", -1, day(3), location="location: Remote",
        workplace="workplace: remote\nremote_regions: [US]", organization="organization: Alpha Org",
        tags="tags: [policy]", **{"  min": "  min: 90000", "  max": "  max: 100000"}) + "\nA watershed moment.\n",
    "hourly-organizer.md": role("Hourly Organizer", -2, day(20), location="location: Remote",
        workplace="workplace: remote\nremote_regions: [MX]", organization="organization: Beta Org",
        employment_type="employment_type: part-time\nhours_per_week: 20", tags="tags: [organizing]",
        **{"  min": "  min: 30", "  max": "  max: 30", "  period": "  period: hour"}),
    "onsite-researcher.md": role("Onsite Researcher", -3, "rolling", location='location: "Nairobi, KE"',
        organization="organization: Alpha Org", tags="tags: [research, policy]",
        **{"  min": "  min: 50000", "  max": "  max: 60000"}),
    "hybrid-coordinator.md": role("Hybrid Coordinator", -4, day(40), location='location: "London, GB"',
        workplace="workplace: hybrid", organization="organization: Gamma Org",
        employment_type="employment_type: contract", tags="tags: [coordination]", **NO_SALARY),
    "euro-analyst.md": role("Euro Analyst", -5, "rolling", location='location: "Berlin, DE"',
        organization="organization: Gamma Org", tags="tags: [research]",
        **{"  min": "  min: 70000", "  max": "  max: 70000", "  currency": "  currency: EUR"}),
    "closed-role.md": role("Closed Role", -30, day(-10)),
}  # fmt: skip
ALL = ["Remote Policy Lead", "Hourly Organizer", "Onsite Researcher", "Hybrid Coordinator", "Euro Analyst"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The known roles built as of today and served over HTTP."""
    require_chromium()
    with built_board(tmp_path_factory.mktemp("browser"), ROLES, TODAY.isoformat()) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as shared:
        yield shared


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def open_home(page, site: str, query: str = "") -> None:
    page.goto(site + query)
    page.evaluate("window.jobboard.ready")


def visible(page) -> list[str]:
    return page.locator("#role-list > li:not([hidden]) .card-title").all_text_contents()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("?workplace=remote", ["Remote Policy Lead", "Hourly Organizer"]),
        ("?workplace=hybrid&workplace=onsite", ["Onsite Researcher", "Hybrid Coordinator", "Euro Analyst"]),
        ("?type=part-time", ["Hourly Organizer"]),
        ("?type=internship", ALL),  # an old link naming a type no open role has: no box to untick, so no filter
        ("?type=internship&type=part-time", ["Hourly Organizer"]),
        ("?location=nairobi-ke", ["Onsite Researcher"]),
        ("?location=remote", ["Remote Policy Lead", "Hourly Organizer"]),
        ("?region=MX", ["Hourly Organizer"]),
        ("?tag=policy", ["Remote Policy Lead", "Onsite Researcher"]),
        ("?org=gamma-org", ["Hybrid Coordinator", "Euro Analyst"]),
        ("?paid=1", ["Remote Policy Lead", "Hourly Organizer", "Onsite Researcher", "Euro Analyst"]),
        ("?min_pay=60000", ["Remote Policy Lead", "Onsite Researcher"]),
        ("?min_pay=60k", ["Remote Policy Lead", "Onsite Researcher"]),
        ("?min_pay=60%2C000", ["Remote Policy Lead", "Onsite Researcher"]),
        ("?min_pay=%2460K", ["Remote Policy Lead", "Onsite Researcher"]),
        ("?min_pay=95.5k", ["Remote Policy Lead"]),
        ("?min_pay=60.000", ALL),  # reads two ways: no filter, and the box says why
        ("?min_pay=60000&unlisted=1", ["Remote Policy Lead", "Onsite Researcher", "Hybrid Coordinator"]),
        ("?min_pay=30000", ["Remote Policy Lead", "Hourly Organizer", "Onsite Researcher"]),
        ("?closing=7", ["Remote Policy Lead"]),
        ("?closing=30", ["Remote Policy Lead", "Hourly Organizer"]),
        ("?q=watershed", ["Remote Policy Lead"]),
        ("?q=nairo", ["Onsite Researcher"]),
        ("?q=alpha+researcher", ["Onsite Researcher"]),
        ("?q=zzzz", []),
        ("?workplace=remote&tag=policy&min_pay=60000", ["Remote Policy Lead"]),
        ("?sort=pay", ["Remote Policy Lead", "Onsite Researcher", "Hourly Organizer", "Hybrid Coordinator", "Euro Analyst"]),
        ("?sort=deadline", ["Remote Policy Lead", "Hourly Organizer", "Hybrid Coordinator", "Onsite Researcher", "Euro Analyst"]),
    ],
)
def test_each_filter_narrows_the_list_to_the_roles_it_should(page, site, query: str, expected: list[str]) -> None:
    open_home(page, site, query)
    assert visible(page) == expected


def test_result_count_is_announced_in_a_live_region(page, site) -> None:
    open_home(page, site, "?workplace=remote")
    status = page.locator("#result-count")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert status.text_content() == "Showing 2 matching roles (of 5 open)."


def test_choosing_filters_writes_them_to_the_url_and_a_reload_restores_them(page, site) -> None:
    open_home(page, site)
    page.get_by_label("Remote", exact=True).check()
    page.get_by_label("Topic", exact=True).select_option("policy")
    page.get_by_label("Minimum pay (USD a year)", exact=True).fill("60000")
    page.wait_for_function("location.search.includes('min_pay=60000')")
    page.evaluate("window.jobboard.apply()")
    assert page.evaluate("location.search") == "?workplace=remote&tag=policy&min_pay=60000"
    assert visible(page) == ["Remote Policy Lead"]
    page.reload()
    page.evaluate("window.jobboard.ready")
    assert visible(page) == ["Remote Policy Lead"]
    assert page.get_by_label("Remote", exact=True).is_checked() and page.get_by_label("Topic", exact=True).input_value() == "policy"


def test_back_and_forward_restore_earlier_filters(page, site) -> None:
    open_home(page, site)
    page.get_by_label("Part-time", exact=True).check()
    page.wait_for_function("location.search === '?type=part-time'")
    page.get_by_label("Contract", exact=True).check()
    page.wait_for_function("location.search === '?type=part-time&type=contract'")
    page.go_back()
    page.wait_for_function("location.search === '?type=part-time'")
    page.evaluate("window.jobboard.apply()")
    assert visible(page) == ["Hourly Organizer"] and page.get_by_label("Part-time", exact=True).is_checked()
    page.go_forward()
    page.wait_for_function("location.search === '?type=part-time&type=contract'")
    page.evaluate("window.jobboard.apply()")
    assert visible(page) == ["Hourly Organizer", "Hybrid Coordinator"] and page.get_by_label("Contract", exact=True).is_checked()


def test_clear_all_filters_shows_every_role_again(page, site) -> None:
    open_home(page, site, "?tag=policy&sort=pay")
    page.get_by_role("button", name="Clear all filters").click()
    page.wait_for_function("location.search === ''")
    page.evaluate("window.jobboard.apply()")
    assert visible(page) == ALL


def test_search_works_from_the_keyboard_alone(page, site) -> None:
    open_home(page, site)
    page.keyboard.press("Tab")  # skip link
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.locator("#f-q").focus()
    page.keyboard.type("watershed")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search === '?q=watershed'")
    page.evaluate("window.jobboard.apply()")
    assert visible(page) == ["Remote Policy Lead"]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize("width", [360, 1280])
def test_layout_fits_the_screen_without_sideways_scrolling(browser, site, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    for path in ["?q=policy", "roles/remote-policy-lead/", "locations/"]:
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    page.close()


def test_filter_panel_is_open_on_wide_screens_and_folded_on_phones(browser, site) -> None:
    for width, is_open in [(360, False), (800, False), (1280, True)]:  # open only where it sits beside the results
        page = browser.new_page(viewport={"width": width, "height": 800})
        open_home(page, site)
        assert page.evaluate("document.getElementById('filter-panel').open") is is_open
        page.close()


def test_without_javascript_every_open_role_is_listed_and_the_form_is_hidden(browser, site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "?workplace=remote")
    assert page.locator("#role-list .card-title").all_text_contents() == ALL
    assert not page.locator("#filters").is_visible()
    assert page.get_by_role("link", name="Locations", exact=True).is_visible()  # the header leads to the index pages
    context.close()


@pytest.mark.parametrize(
    "path",
    ["", "?workplace=remote&min_pay=60000", "?q=zzzz", "roles/remote-policy-lead/", "roles/closed-role/",
     "locations/", "tags/policy/", "archive/", "post/"],
)  # fmt: skip
def test_axe_finds_no_accessibility_violations(page, site, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + path)
    if "roles/" not in path and path.split("?")[0] == "":
        page.evaluate("window.jobboard.ready")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_long_lists_show_fifty_at_a_time_and_show_more_moves_focus_to_the_next_role(browser, tmp_path) -> None:
    from click.testing import CliRunner

    from site_builder.commands.cli import main

    (tmp_path / "postings").mkdir()
    for n in range(55):
        (tmp_path / "postings" / f"role-{n:02d}.md").write_text(role(f"Role {n:02d}", -n, "rolling"))
    (tmp_path / "config.yaml").write_text("site_url: https://example.github.io\n")
    result = CliRunner().invoke(main, ["build", "--config", str(tmp_path / "config.yaml"), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    with serve(tmp_path / "output") as url:
        page = browser.new_page()
        open_home(page, url)
        assert len(visible(page)) == 50 and page.locator("#result-count").text_content() == "Showing 50 of all 55 open roles."
        # From the keyboard: a mouse click can miss while cards scrolled into view take their real size.
        page.get_by_role("button", name="Show 5 more").focus()
        page.keyboard.press("Enter")
        assert len(visible(page)) == 55 and not page.locator("#more-roles").is_visible()
        assert page.evaluate("document.activeElement.textContent") == "Role 50"
        page.close()


def test_a_page_built_days_ago_hides_roles_whose_deadline_or_listing_has_since_passed(browser, tmp_path) -> None:
    from click.testing import CliRunner

    from site_builder.commands.cli import main

    (tmp_path / "postings").mkdir()
    roles = {"gone-by-deadline.md": role("Gone By Deadline", -20, day(-2)),
             "gone-by-listing.md": role("Gone By Listing", -65, "rolling"),  # listed until 5 days ago
             "still-open.md": role("Still Open", -10, "rolling")}  # fmt: skip
    for name, text in roles.items():
        (tmp_path / "postings" / name).write_text(text)
    (tmp_path / "config.yaml").write_text("site_url: https://example.github.io\n")
    built = (TODAY - dt.timedelta(days=7)).isoformat()  # the daily rebuild has not run for a week
    result = CliRunner().invoke(main, ["build", "--config", str(tmp_path / "config.yaml"), "--today", built])
    assert result.exit_code == 0, result.output
    assert "Gone By Listing" in (tmp_path / "output" / "index.html").read_text()
    with serve(tmp_path / "output") as url:
        page = browser.new_page()
        open_home(page, url)
        assert visible(page) == ["Still Open"]
        page.close()


def test_typing_pay_as_people_write_it_filters_and_an_unreadable_amount_says_why(page, site) -> None:
    open_home(page, site)
    page.fill("#f-min-pay", "60k")
    page.wait_for_function("document.getElementById('result-count').textContent.includes('Showing 2 matching')")
    assert visible(page) == ["Remote Policy Lead", "Onsite Researcher"]
    assert page.is_hidden("#f-min-pay-hint")
    page.fill("#f-min-pay", "60.000")
    page.wait_for_selector("#f-min-pay-hint", state="visible")
    assert page.get_attribute("#f-min-pay", "aria-invalid") == "true" and len(visible(page)) == 5


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 740)])
def test_the_first_role_is_in_the_first_screen(browser, site, width: int, height: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    open_home(page, site)
    first = page.locator("#role-list > li:not([hidden]) .card-title").first.bounding_box()
    page.close()
    assert first is not None and first["y"] + first["height"] <= height


def test_on_a_wide_screen_the_filters_sit_beside_the_results(browser, site) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    open_home(page, site)
    form, results = page.locator("#filters").bounding_box(), page.locator(".results").bounding_box()
    page.close()
    assert form["x"] + form["width"] <= results["x"] and form["y"] < results["y"] + results["height"]


def test_active_filters_show_as_chips_that_remove_them_and_the_heading_counts_what_is_shown(page, site) -> None:
    open_home(page, site, "?workplace=remote&tag=policy")
    chips = page.locator("#active-filters .chip")
    assert [c.strip(" ×") for c in chips.all_text_contents()] == ["Remote", "Topic: policy"]
    assert page.locator("#role-total").text_content() == "(1 of 5)"
    assert page.locator("#filter-count").text_content() == "(2 on)"
    page.get_by_role("button", name="Remove filter: Topic: policy").click()
    page.wait_for_function("location.search === '?workplace=remote'")
    assert page.locator("#role-total").text_content() == "(2 of 5)"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove filter: Remote"
    page.get_by_role("button", name="Remove filter: Remote").click()
    page.wait_for_function("location.search === ''")
    assert page.locator("#role-total").text_content() == "(5)" and not page.locator("#active-filters").is_visible()
