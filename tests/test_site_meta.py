"""What search engines and sharing see: sitemap, robots.txt, canonical and Open Graph tags, 404, noindex."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import posting
from linkcheck import broken_links

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def built(make_project):
    project = make_project({"open-role.md": posting(title="Open Role"),
                            "closed-role.md": posting(title="Closed Role", deadline="2020-01-01")})  # fmt: skip
    assert project.build().exit_code == 0
    return project


def test_sitemap_lists_open_roles_and_indexes_but_not_closed_roles(make_project) -> None:
    project = built(make_project)
    urls = [loc.text for loc in ET.fromstring(project.read("sitemap.xml").encode()).findall("s:url/s:loc", NS)]
    base = "https://example.github.io/jobs/"
    assert base in urls and base + "roles/open-role/" in urls and base + "tags/policy/" in urls
    assert base + "roles/closed-role/" not in urls and not any("404" in url for url in urls)


def test_robots_txt_points_to_the_sitemap(make_project) -> None:
    robots = built(make_project).read("robots.txt")
    assert "User-agent: *" in robots and "Sitemap: https://example.github.io/jobs/sitemap.xml" in robots


def test_every_page_has_canonical_and_open_graph_tags(make_project) -> None:
    project = built(make_project)
    for page in project.output.rglob("*.html"):
        text = page.read_text()
        for tag in ['<link rel="canonical" href="https://example.github.io/jobs/', '<meta property="og:title" content="',
                    '<meta property="og:url" content="https://example.github.io/jobs/', '<meta property="og:description"']:  # fmt: skip
            assert tag in text, (page, tag)
    role = project.read("roles/open-role/index.html")
    assert '<meta property="og:title" content="Open Role at Example Org · Public-interest tech jobs">' in role


def test_closed_role_pages_and_the_404_page_are_noindex(make_project) -> None:
    project = built(make_project)
    assert '<meta name="robots" content="noindex">' in project.read("roles/closed-role/index.html")
    assert '<meta name="robots" content="noindex">' in project.read("404.html")
    assert "noindex" not in project.read("roles/open-role/index.html")


def test_404_page_links_absolutely_so_it_works_at_any_depth_under_the_sub_path(make_project) -> None:
    project = built(make_project)
    page = project.read("404.html")
    assert 'href="/jobs/index.html"' in page and 'href="/jobs/style.css"' in page
    assert broken_links(project.output, "/jobs/", "https://example.github.io") == []
