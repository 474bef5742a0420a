"""Every internal link resolves to a file when the site is served under a sub-path."""

from __future__ import annotations

from conftest import posting
from linkcheck import broken_links


def test_every_internal_link_resolves_under_a_sub_path(launch_project) -> None:
    assert launch_project.build().exit_code == 0
    assert broken_links(launch_project.output, "/jobs/", "https://example.github.io") == []


def test_every_internal_link_resolves_at_the_root_too(launch_project) -> None:
    assert launch_project.build("--base-url", "/").exit_code == 0
    assert broken_links(launch_project.output, "/", "https://example.github.io") == []


def test_link_checker_notices_a_broken_link(make_project) -> None:
    project = make_project({"policy-advocate.md": posting()})
    (project.root / "templates" / "archive.html").write_text('<a href="../nowhere/">x</a><a href="#gone">y</a>')
    assert project.build().exit_code == 0
    problems = broken_links(project.output, "/jobs/", "https://example.github.io")
    assert any("nowhere" in p for p in problems) and any("gone" in p for p in problems)


def test_absolute_urls_carry_site_url_and_base_url(launch_project) -> None:
    assert launch_project.build().exit_code == 0
    page = launch_project.read("roles/policy-advocate-organizer-aclu-socal-kern-county/index.html")
    assert '<link rel="canonical" href="https://example.github.io/jobs/roles/policy-advocate-organizer-aclu-socal-kern-county/">' in page


def test_many_roles_with_varied_facts_still_link_cleanly(make_project) -> None:
    postings = {
        f"role-{i}.md": posting(
            title=f"Role {i}",
            location=f'location: ["City {i % 7}, CA, US", "Town {i % 3}, KE"]',
            tags=f"tags: [topic-{i % 5}, shared]",
            deadline="rolling" if i % 2 else "2027-01-01",
        )
        for i in range(40)
    }
    project = make_project(postings)
    assert project.build().exit_code == 0
    assert broken_links(project.output, "/jobs/", "https://example.github.io") == []
