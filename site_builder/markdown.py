"""Render untrusted posting bodies: CommonMark with raw HTML off and only safe links."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = ("http://", "https://", "mailto:")
SUMMARY_LENGTH = 240


def is_safe_link(url: str) -> bool:
    """Only absolute http(s) and mailto links may reach a page."""
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _demote_h1(state: Any) -> None:
    """The role title is the page's only h1, so body headings start at h2."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def _link_open(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    """Mark links as user content so search engines don't credit them to the board."""
    tokens[idx].attrSet("rel", "nofollow ugc noopener")
    return renderer.renderToken(tokens, idx, options, env)


def _make_parser() -> MarkdownIt:
    """CommonMark with HTML off (the preset turns it on), tables, no images (no third-party loads)."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).disable("image")
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.core.ruler.push("demote_h1", _demote_h1)
    md.add_render_rule("link_open", _link_open)
    return md


_MD = _make_parser()


def render(body: str) -> tuple[str, str]:
    """Return the body's HTML and a plain-text summary of its first paragraph."""
    tokens = _MD.parse(body)
    return _MD.renderer.render(tokens, _MD.options, {}), _summary(tokens)


def _summary(tokens: list[Token]) -> str:
    """The first paragraph as plain text, cut at a word boundary."""
    for i, token in enumerate(tokens):
        children = tokens[i + 1].children if token.type == "paragraph_open" else None
        if children is not None:
            return shorten(_plain(children))
    return ""


def _plain(children: list[Token]) -> str:
    """Concatenate the text of inline tokens."""
    breaks = ("softbreak", "hardbreak")
    parts = [c.content if c.type in ("text", "code_inline") else " " if c.type in breaks else "" for c in children]
    return " ".join("".join(parts).split())


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """Cut text to `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
