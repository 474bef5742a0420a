"""Long lists come in pages: the archive and each index's group pages show at most PER_PAGE roles a page, linked
in order; rebuilds make the same pages a cold build does as lists grow and shrink."""

from __future__ import annotations

import re

from conftest import Project, posting
from test_incremental import cold, rebuild

from site_builder.site.plan import PER_PAGE


def many(count: int, closed: bool = False) -> dict[str, str]:
    """`count` roles on one topic, open or closed on TODAY."""
    deadline = "2026-11-01" if closed else "2026-12-31"
    return {f"role-{n:03d}.md": posting(title=f"Role {n:03d}", posted="2026-10-01", deadline=deadline)
            for n in range(count)}  # fmt: skip


def cards(page: str) -> int:
    return page.count('class="card-title"')


def test_the_archive_comes_in_pages_linked_in_order(make_project) -> None:
    project = make_project(many(2 * PER_PAGE + 3, closed=True))
    assert project.build().exit_code == 0
    first, second, third = (project.read(p) for p in ("archive/index.html", "archive/page/2/index.html",
                                                       "archive/page/3/index.html"))  # fmt: skip
    assert (cards(first), cards(second), cards(third)) == (PER_PAGE, PER_PAGE, 3)
    assert "Page 2 of 3" in second and 'href="../../../archive/index.html" rel="prev"' in second
    assert 'href="../../../archive/page/3/index.html" rel="next"' in second
    assert "Closed roles (103)" in re.sub(r"<[^>]+>", "", first) and "Closed roles, page 3" in third
    assert not (project.output / "archive" / "page" / "4").exists()


def test_a_group_page_comes_in_pages_and_its_feed_keeps_every_role(make_project) -> None:
    project = make_project(many(PER_PAGE + 1))
    assert project.build().exit_code == 0
    assert cards(project.read("tags/policy/index.html")) == PER_PAGE
    assert cards(project.read("tags/policy/page/2/index.html")) == 1
    assert project.read("tags/policy/feed.xml").count("<item>") == PER_PAGE + 1
    assert "page/2/" in project.read("sitemap.xml")


def test_a_short_list_has_one_page_and_no_pager(make_project) -> None:
    project = make_project(many(3))
    assert project.build().exit_code == 0
    assert 'class="pager"' not in project.read("tags/policy/index.html")
    assert not (project.output / "tags" / "policy" / "page").exists()


def test_rebuilds_add_and_drop_pages_as_a_cold_build_would(make_project) -> None:
    project: Project = make_project(many(PER_PAGE))
    rebuild(project)
    project.write("role-extra.md", posting(title="Role Extra", posted="2026-10-02"))
    assert rebuild(project) == cold(project)  # a second page appears
    assert (project.output / "tags" / "policy" / "page" / "2" / "index.html").exists()
    (project.root / "postings" / "role-extra.md").unlink()
    assert rebuild(project) == cold(project)  # and goes, folder and all
    assert not (project.output / "tags" / "policy" / "page").exists()


def test_editing_a_role_on_a_later_page_rebuilds_what_a_cold_build_makes(make_project) -> None:
    project: Project = make_project(many(PER_PAGE + 10) | {
        f"closed-{n:03d}.md": posting(title=f"Closed {n:03d}", posted="2026-09-01", deadline="2026-10-01")
        for n in range(PER_PAGE + 5)})  # fmt: skip
    rebuild(project)
    path = project.root / "postings" / "role-005.md"
    path.write_text(path.read_text().replace("Work on Role 005.", "Work on Role 005, edited."))
    closed = project.root / "postings" / "closed-003.md"
    closed.write_text(closed.read_text().replace("title: Closed 003", "title: Closed 003 (renamed)"))
    assert rebuild(project) == cold(project)


def test_every_page_counts_the_whole_list_again_when_a_role_joins_another_page(make_project) -> None:
    project: Project = make_project(many(2 * PER_PAGE + 10))
    rebuild(project)
    project.write("role-oldest.md", posting(title="Role Oldest", posted="2026-09-01"))  # joins the last page only
    assert rebuild(project) == cold(project)
    assert "(111)" in project.read("tags/policy/page/2/index.html")  # page 2 shows the same roles, a new count
