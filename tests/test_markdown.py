"""Posting bodies are untrusted: raw HTML is never live and only http(s)/mailto links survive."""

from __future__ import annotations

import pytest

from site_builder.content.markdown import render, shorten

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_raw_html_in_a_body_is_shown_as_text_not_markup(html: str) -> None:
    rendered, _ = render(f"Intro\n\n{html}\n")
    assert "<script" not in rendered and "<img" not in rendered and "<iframe" not in rendered
    assert "&lt;" in rendered


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", "data:text/html,x", "vbscript:x", "/relative"],
)
def test_unsafe_markdown_links_are_not_made_into_links(link: str) -> None:
    rendered, _ = render(f"[apply]({link})")
    assert "<a " not in rendered


def test_http_and_mailto_links_survive_with_ugc_rel() -> None:
    rendered, _ = render("[site](https://example.org) and [mail](mailto:jobs@example.org)")
    assert '<a href="https://example.org" rel="nofollow ugc noopener">site</a>' in rendered
    assert 'href="mailto:jobs@example.org"' in rendered


def test_images_are_not_loaded_from_third_parties() -> None:
    rendered, _ = render("![tracker](https://evil.example/pixel.png)")
    assert "<img" not in rendered


def test_body_headings_start_below_the_page_title() -> None:
    rendered, _ = render("# About us\n\n## Duties")
    assert "<h1>" not in rendered and "<h2>About us</h2>" in rendered


def test_summary_is_the_first_paragraph_as_plain_text() -> None:
    _, summary = render("## Heading\n\nWe **fight** [AI harms](https://x.org).\n\nSecond.")
    assert summary == "We fight AI harms."


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    assert shorten("one two three four", 12) == "one two…"


def reference_and_fast_agree(body: str) -> bool:
    """What a body renders to is exactly the reference renderer's HTML, whichever renderer ran."""
    from site_builder.content.markdown import render_reference

    body = body if body.endswith("\n") or not body else body + "\n"
    return render(body)[0] == render_reference(body)


def test_fast_renderer_matches_the_reference_on_launch_content_fixtures_and_a_corpus(tmp_path) -> None:
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo / "bench"))
    from corpus import generate

    generate(tmp_path, 300, seed=11)
    files = [*(repo / "postings").glob("*.md"), *(repo / "tests/fixtures/invalid").glob("*.md"), *tmp_path.glob("postings/*.md")]
    bodies = [f.read_bytes().decode("utf-8", "replace").split("---\n", 2)[-1] for f in files]
    assert len(bodies) > 350 and all(reference_and_fast_agree(body) for body in bodies)


def test_the_launch_content_and_a_corpus_take_the_fast_path_but_where_a_bare_link_may_be(tmp_path) -> None:
    import sys
    from pathlib import Path

    from site_builder.content.markdown import _fast_parser, _fast_render, may_linkify

    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo / "bench"))
    from corpus import generate

    generate(tmp_path, 100, seed=12)
    files = [*(repo / "postings").glob("*.md"), *tmp_path.glob("postings/*.md")]
    bodies = [f.read_text().split("---\n", 2)[-1] for f in files]
    assert all((_fast_render(body) is None) == may_linkify(_fast_parser().render(body)) for body in bodies)
    assert sum(_fast_render(body) is not None for body in bodies) >= 100  # the corpus's links are all in `[…](…)`


@pytest.mark.parametrize("body", ["[rel](/x)", "[f](ftp://x.org)", "[t](tel:123)", "![i](https://x.org/a.png)", "<ftp://x.org>"])
def test_fast_renderer_defers_to_the_reference_whenever_a_link_is_doubtful(body: str) -> None:
    assert reference_and_fast_agree(body)
    rendered, _ = render(body)
    assert "<img" not in rendered and 'href="/' not in rendered and "ftp:" not in rendered.split("</a>")[0].split(">")[0]


@pytest.mark.parametrize(("body", "link"), [
    ("Apply at https://example.org/jobs/1.", '<a href="https://example.org/jobs/1" rel="nofollow ugc noopener">'),
    ("Send your CV to jobs@example.org", '<a href="mailto:jobs@example.org" rel="nofollow ugc noopener">'),
    ("See www.example.org for more", '<a href="http://www.example.org" rel="nofollow ugc noopener">'),
])  # fmt: skip
def test_bare_urls_and_addresses_are_linked_as_githubs_preview_links_them(body: str, link: str) -> None:
    from site_builder.content.markdown import render

    assert link in render(body)[0]


@pytest.mark.parametrize("body", ["Not ftp://example.org/file", "Not javascript:alert(1) either", "file:///etc/passwd"])
def test_a_bare_link_of_another_scheme_stays_text(body: str) -> None:
    from site_builder.content.markdown import render

    assert "<a " not in render(body)[0]
