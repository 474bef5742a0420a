"""Topics in any language: kept as written, each on a page of its own whose URL works."""

from __future__ import annotations

import json

import pytest
from conftest import posting

from site_builder.content.fields import Invalid, tag
from site_builder.site.indexes import slugify


def test_a_spanish_topic_with_accents_is_kept_as_written_and_gets_a_working_page(make_project) -> None:
    project = make_project({"role.md": posting(tags="tags: [rendición-de-cuentas, Français]")})
    assert project.build().exit_code == 0
    page = project.read("tags/rendicion-de-cuentas/index.html")
    assert "rendición-de-cuentas" in page
    assert "français" in project.read("tags/francais/index.html")
    role = json.loads(project.read("roles.json"))["roles"][0]
    assert [t["label"] for t in role["tags"]] == ["rendición-de-cuentas", "français"]
    assert 'href="../../tags/rendicion-de-cuentas/index.html"' in project.read("roles/role/index.html")


def test_topics_that_differ_in_a_symbol_get_different_pages() -> None:
    assert len({slugify(label) for label in ["c", "c++", "c#", "data & ai", "data at ai"]}) == 5


def test_topics_that_differ_only_in_accents_case_or_punctuation_share_one_page() -> None:
    assert slugify("rendición-de-cuentas") == slugify("Rendicion de cuentas") == "rendicion-de-cuentas"


def test_a_topic_in_a_script_ascii_cannot_spell_gets_a_unique_stable_url(make_project) -> None:
    project = make_project({"role.md": posting(tags="tags: [日本語, ai-日本, ai]")})
    assert project.build().exit_code == 0
    slugs = {slugify("日本語"), slugify("ai-日本"), slugify("ai")}
    assert len(slugs) == 3 and "ai" in slugs
    for slug in slugs:
        assert (project.output / "tags" / slug / "index.html").is_file()


@pytest.mark.parametrize("written", ["AI/ML", "c++", "women's rights", "node.js", "data & ai", "derechos digitales"])
def test_topics_as_people_write_them_are_accepted(written: str) -> None:
    assert tag(written) == written.lower()


@pytest.mark.parametrize("written", ["../up", "a/../../b", ".hidden", "x-", "a__b"])
def test_path_like_or_broken_topics_are_refused_with_an_example(written: str) -> None:
    with pytest.raises(Invalid, match="rendición-de-cuentas"):
        tag(written)
