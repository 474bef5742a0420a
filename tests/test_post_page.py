"""The "Post a role" page explains both routes and links to the board's own issue form."""

from __future__ import annotations

from conftest import posting


def test_the_post_page_links_to_the_issue_form_with_the_boards_currency(make_project) -> None:
    project = make_project({"role.md": posting()}, config="repository: https://github.com/example/board/\n")
    assert project.build().exit_code == 0
    page = project.read("post/index.html")
    assert 'href="https://github.com/example/board/issues/new?template=post-a-role.yml&amp;salary_currency=USD"' in page
    assert "https://github.com/example/board/blob/main/CONTRIBUTING.md" in page and "jobboard new" in page
    assert "listed for 60 days" in page


def test_every_page_links_to_the_post_page(make_project) -> None:
    project = make_project({"role.md": posting()})
    assert project.build().exit_code == 0
    for path in ("index.html", "roles/role/index.html", "archive/index.html"):
        assert '>Post a role</a>' in project.read(path)


def test_a_build_for_another_repository_links_to_its_form(make_project) -> None:
    project = make_project({"role.md": posting()}, config="repository: https://github.com/example/board\n")
    assert project.build("--repository", "https://github.com/fork/board").exit_code == 0
    assert "https://github.com/fork/board/issues/new?" in project.read("post/index.html")


def test_without_a_repository_the_page_still_explains_both_routes(make_project) -> None:
    project = make_project({"role.md": posting()})
    assert project.build().exit_code == 0
    page = project.read("post/index.html")
    assert "issues/new" not in page and "Open a pull request" in page


def test_a_repository_that_is_not_a_repositorys_address_is_refused(make_project) -> None:
    project = make_project({"role.md": posting()}, config="repository: https://github.com/just-an-owner\n")
    result = project.build()
    assert result.exit_code == 1 and "repository: must be a GitHub repository's address" in result.output


def test_a_home_page_with_few_roles_says_how_to_post(make_project) -> None:
    project = make_project({"role.md": posting()})
    assert project.build().exit_code == 0
    assert "Hiring for this kind of work?" in project.read("index.html")
