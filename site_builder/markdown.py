"""Render untrusted posting bodies: CommonMark with raw HTML off and only safe links.

Two renderers, one output. markdown-it-py is the reference: HTML off, images off, links
validated by `is_safe_link`. markdown-it-pyrs (the same parser in Rust, ~17x faster) is
assembled from the same rules without HTML or images; its output is used only when every
link in it passes `is_safe_link`, after the same two touches the reference applies (h1 → h2,
rel="nofollow ugc noopener"). Any body with a doubtful link goes to the reference renderer.
tests/test_markdown.py checks the two agree on the fixtures, the launch content and a corpus.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http://", "https://", "mailto:")
SUMMARY_LENGTH = 240
REL = "nofollow ugc noopener"
_RULES: list[Any] = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
          "autolink", "backticks", "emphasis", "entity", "escape", "link", "newline", "strikethrough", "table"]  # fmt: skip
_HREF = re.compile(r'<a href="([^"]*)"')
_ANCHOR = re.compile(r'<a (href="[^"]*"(?: title="[^"]*")?)>')
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def is_safe_link(url: str) -> bool:
    """Only absolute http(s) and mailto links may reach a page."""
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _demote_h1(state: Any) -> None:
    """The role title is the page's only h1, so body headings start at h2."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def _link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """Mark links as user content so search engines don't credit them to the board."""
    tokens[idx].attrSet("rel", REL)
    return renderer.renderToken(tokens, idx, options, env)


# Both parsers are built on first use: a rebuild that parses nothing skips importing them (~30 ms).
@functools.cache
def _reference_parser() -> MarkdownIt:
    """CommonMark with HTML off (the preset turns it on), tables, no images (no third-party loads)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).disable("image")
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.core.ruler.push("demote_h1", _demote_h1)
    md.add_render_rule("link_open", _link_open)
    return md


@functools.cache
def _fast_parser() -> Any:
    """markdown-it-pyrs with the reference's rules but no HTML or images; None where it isn't installed."""
    try:
        import markdown_it_pyrs
    except ImportError:  # the fast path is optional; the reference renderer is always there
        return None
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(_RULES)


def _fast_render(body: str) -> str | None:
    """The Rust renderer's HTML with the reference's touches, or None if any link is doubtful."""
    fast = _fast_parser()
    if fast is None:
        return None
    out = fast.render(body)
    if "<img" in out or not all(is_safe_link(html.unescape(href)) for href in _HREF.findall(out)):
        return None
    out = out.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return _ANCHOR.sub(rf'<a \1 rel="{REL}">', out)


def render_reference(body: str) -> str:
    """The reference renderer alone (used when the fast one declines, and by the tests)."""
    return _reference_parser().render(body)


def render(body: str) -> tuple[str, str]:
    """Return the body's HTML and a plain-text summary of its first paragraph."""
    rendered = _fast_render(body)
    body_html = rendered if rendered is not None else render_reference(body)
    return body_html, summary(body_html)


def summary(body_html: str) -> str:
    """The first paragraph as plain text, cut at a word boundary."""
    match = _FIRST_PARAGRAPH.search(body_html)
    return shorten(" ".join(html.unescape(_TAG.sub("", match[1])).split())) if match else ""


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """Cut text to `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
