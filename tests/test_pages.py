"""Every page type the site has, built from known postings."""

from __future__ import annotations

from conftest import posting


def two_role_project(make_project):
    """An on-site yearly role and a remote hourly one, built."""
    project = make_project({
        "policy-advocate.md": posting(title="Policy Advocate", posted="2026-11-01"),
        "remote-organizer.md": posting(
            title="Remote Organizer", posted="2026-11-10", location="location: Remote",
            workplace="workplace: remote\nremote_regions: [US]", employment_type="employment_type: part-time\nhours_per_week: 20",
            **{"  min": "  min: 30", "  max": "  max: 35", "  period": "  period: hour"}, tags="tags: [organizing, ai-harms]",
        ),
    })  # fmt: skip
    assert project.build().exit_code == 0
    return project


def test_home_lists_open_roles_newest_first_with_their_facts(make_project) -> None:
    home = two_role_project(make_project).read("index.html")
    assert home.index("Remote Organizer") < home.index("Policy Advocate")
    assert "$60,000–$70,000 a year" in home
    assert "$30–$35 an hour" in home and "≈ $31,200–$36,400 a year at 20 hours a week" in home
    assert "Bakersfield, CA, United States" in home and "On-site" in home and "Part-time" in home
    assert "Closes in 38 days (31 December 2026)" in home


def test_role_page_shows_every_fact_and_the_apply_link(make_project) -> None:
    page = two_role_project(make_project).read("roles/remote-organizer/index.html")
    for fact in ["<h1>Remote Organizer</h1>", "Remote from</dt><dd>United States", "20 hours a week",
                 "Part-time", "$30–$35 an hour", 'href="https://example.org/apply"', "Work on Remote Organizer."]:  # fmt: skip
        assert fact in page


def test_role_page_offers_email_when_that_is_how_to_apply(make_project) -> None:
    project = make_project({"email-role.md": posting(apply_url="apply_email: jobs@example.org")})
    assert project.build().exit_code == 0
    assert 'href="mailto:jobs@example.org"' in project.read("roles/email-role/index.html")


def test_location_index_has_each_place_and_remote(make_project) -> None:
    project = two_role_project(make_project)
    landing = project.read("locations/index.html")
    assert landing.index("Remote") < landing.index(">United States<") < landing.index(">Bakersfield, CA<")
    assert "Remote Organizer" in project.read("locations/remote/index.html")
    assert "Policy Advocate" in project.read("locations/bakersfield-ca-us/index.html")


def test_salary_index_uses_annual_equivalents_and_lists_unlisted_pay(make_project) -> None:
    project = two_role_project(make_project)
    project.write("unpaid-listing.md", posting(title="No Pay Listed", salary="", **{"  min": "", "  max": "", "  currency": "", "  period": ""}))
    assert project.build().exit_code == 0
    assert "Remote Organizer" in project.read("salaries/under-40000/index.html")
    assert "Policy Advocate" in project.read("salaries/60000-80000/index.html")
    assert "No Pay Listed" in project.read("salaries/not-listed/index.html")
    landing = project.read("salaries/index.html")
    assert landing.index("Under $40,000") < landing.index("$60,000 to $80,000") < landing.index("Salary not listed")


def test_salary_bands_come_from_config(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()}, config="salary_bands: [65000]\n")
    assert project.build().exit_code == 0
    assert "Policy Advocate" in project.read("salaries/under-65000/index.html")
    assert "Policy Advocate" in project.read("salaries/65000-plus/index.html")


def test_tag_organization_and_type_indexes_have_landing_pages_with_counts(make_project) -> None:
    project = two_role_project(make_project)
    assert "(2 roles)" in project.read("tags/index.html")  # both share `organizing`
    assert "Remote Organizer" in project.read("tags/ai-harms/index.html")
    assert "(2 roles)" in project.read("organizations/index.html")
    assert "Policy Advocate" in project.read("organizations/example-org/index.html")
    assert "Remote Organizer" in project.read("types/part-time/index.html")


def test_archive_lists_closed_roles_only(make_project) -> None:
    project = make_project({"old-role.md": posting(title="Old Role", posted="2020-01-01", deadline="2020-02-01"),
                            "new-role.md": posting(title="New Role")})  # fmt: skip
    assert project.build().exit_code == 0
    archive = project.read("archive/index.html")
    assert "Old Role" in archive and "New Role" not in archive


def test_home_says_so_when_no_role_is_open(make_project) -> None:
    project = make_project({"old-role.md": posting(title="Old Role", posted="2020-01-01", deadline="2020-02-01")})
    assert project.build().exit_code == 0
    assert "No roles are open right now." in project.read("index.html")


def test_stylesheet_is_shipped_and_no_page_loads_external_assets(make_project) -> None:
    project = two_role_project(make_project)
    assert (project.output / "style.css").stat().st_size > 0
    for page in project.output.rglob("*.html"):
        text = page.read_text()
        assert 'src="http' not in text and 'stylesheet" href="http' not in text


def test_hostile_text_in_fields_is_escaped_everywhere(make_project) -> None:
    project = make_project({"hostile.md": posting(tags="tags: [policy]") + "\n<script>alert(1)</script>\n"})
    assert project.build().exit_code == 0
    # Every file a browser or feed reader may interpret as markup (iCalendar text is plain text by spec).
    for page in [*project.output.rglob("*.html"), *project.output.rglob("*.xml"), *project.output.rglob("*.json")]:
        assert "<script>alert" not in page.read_text(), page


def test_a_board_with_few_open_roles_shows_those_that_closed_last(make_project) -> None:
    project = make_project({"open-role.md": posting(title="Open Role"),
                            "closed-role.md": posting(title="Closed Role", deadline="2026-11-01")})  # fmt: skip
    assert project.build().exit_code == 0
    home = project.read("index.html")
    assert "Recently closed" in home and "Closed Role" in home.split("Recently closed")[1]


def test_a_board_with_many_open_roles_shows_no_closed_ones_on_its_home_page(make_project) -> None:
    roles = {f"role-{n}.md": posting(title=f"Role {n}") for n in range(5)}
    project = make_project({**roles, "closed-role.md": posting(title="Closed Role", deadline="2026-11-01")})
    assert project.build().exit_code == 0
    assert "Recently closed" not in project.read("index.html")
