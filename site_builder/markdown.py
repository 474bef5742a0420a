"""Render untrusted posting bodies: CommonMark with raw HTML off and only safe links, in bounded time.

A body's HTML is markdown-it-py's (the reference): HTML off, images off, tables and strikethrough
on, links validated by `is_safe_link`, h1 demoted to h2, rel="nofollow ugc noopener" on links.
Before either parser sees a body, `bounds_problem` refuses bodies whose size, lines, markup
characters, nesting or table width could make a parser slow or crash (a stack overflow in Rust
kills the process). markdown-it-pyrs (the same parser in Rust, ~11x faster) renders a body only
where it is known to give the reference's bytes: `_fast_render` declines every construct on which
the two were found to differ (the whole CommonMark spec and a differential fuzzer, both in
tests/test_markdown.py), and the reference renders those.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http://", "https://", "mailto:")
SUMMARY_LENGTH = 240
REL = "nofollow ugc noopener"

# Bounds, each far beyond a real posting (under 20 KB and 300 lines, a few hundred markup characters,
# lists three deep, tables of a few columns) and together keeping either parser near 50 ms at worst.
MAX_BODY = 64 * 1024  # characters
MAX_LINES = 1000
MAX_MARKUP = 2000  # characters that may start inline markup: * _ [ ] ` < & ! ~ \
MAX_WORD = 2000  # characters without a space: a link destination is scanned to its end, once per `[`
MAX_NESTING = 8  # lists and quotes inside each other (markdown-it-py silently drops the rest at ~10)
MAX_STACKED = 1000  # markers on lines that hold several (`- - a`, `> > a`): each opens a block
MAX_CELLS = 5000  # the widest line's `|` count times the lines: a table pads every row to its header
_MARKUP = "*_[]`<&!~\\"

_RULES: list[Any] = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
          "autolink", "backticks", "emphasis", "entity", "escape", "link", "newline", "strikethrough", "table"]  # fmt: skip
_HREF = re.compile(r'<a href="([^"]*)"')
_ANCHOR = re.compile(r'<a (href="[^"]*"(?: title="[^"]*")?)>')
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
# A line's container prefix: indentation, list markers and quote markers (see _depth).
# Lines that may nest deep or stack markers: a tab, nine prefix characters, or a second marker.
_MAY_NEST_DEEP = re.compile(r"\n(?:[ \t>*+\-0-9.)]*\t|[ \t>*+\-0-9.)]{9,}|[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+|>[ \t]*)"
                            r"(?:[-+*>]|[0-9]{1,9}[.)]))")
_LONG_WORD = re.compile(rf"[^\s]{{{MAX_WORD + 1}}}")
_PREFIX = re.compile(r"(?:[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t\n]|$)|>))*[ \t]*")
_PREFIX_TOKEN = re.compile(r"[ \t]+|[-+*>]|[0-9]{1,9}[.)]")
# Where markdown-it-pyrs differs from markdown-it-py (found on the spec and by the fuzzer):
# Python's str.strip() drops Unicode spaces the Rust parser keeps; CommonMark 0.31 counts Unicode
# symbols (£, €) as punctuation beside `*` and `_`, the Rust parser does not.
_BRACKET_THEN_BACKTICK = re.compile(r"\[[^\[\]`]*`")
_EMPTY_ITEM = re.compile(r"\n[ \t>]*(?:[-+*]|[0-9]{1,9}[.)])[ \t]*(?=\n|$)")  # an empty list item
_DELIMITER_ROW = re.compile(r"\n([ \t]*[|:-][ \t|:-]*)(?=\n|$)")
_BLOCK_START = re.compile(r"[ \t]*(?:[#>`~*+-]|[0-9]{1,9}[.)])")
_BLANK_CODE = re.compile(r"<code> *</code>")  # the Rust parser trims a code span of only spaces
_UNICODE_SPACE = re.compile(r"[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_BESIDE_DELIMITER = re.compile(r"(?<=[*_~])[^\x00-\x7f]|[^\x00-\x7f](?=[*_~])")


def is_safe_link(url: str) -> bool:
    """Only absolute http(s) and mailto links may reach a page."""
    return url.strip().lower().startswith(SAFE_SCHEMES)


def bounds_problem(body: str) -> tuple[int, str] | None:
    """(line within the body, what is wrong) if the body is too big or too tangled to render, else None."""
    if len(body) > MAX_BODY:
        return 1, f"is longer than {MAX_BODY // 1024} KiB; real descriptions are under 20 KB, link to the rest"
    lines = body.count("\n") + 1
    if lines > MAX_LINES:
        return MAX_LINES + 1, f"has more than {MAX_LINES} lines; shorten the description"
    markup = sum(body.count(char) for char in _MARKUP)
    if markup > MAX_MARKUP:
        return 1, (f"uses Markdown's markup characters ({' '.join(_MARKUP)}) {markup} times, more than "
                   f"{MAX_MARKUP}; simplify the formatting")  # fmt: skip
    nesting = _nesting_problem(body)
    if nesting:
        return nesting
    word = _long_word(body)
    if word is not None:
        return _line_at(body, word), f"has a word or link longer than {MAX_WORD} characters"
    return _table_problem(body, lines) if "|" in body else None


def _long_word(body: str) -> int | None:
    """Where a run of more than MAX_WORD characters without whitespace starts, if there is one.

    Such a run covers at least one whole aligned block of MAX_WORD // 2 characters, and that block holds no
    space or line end; real text has one in every block, so the exact search runs only around such blocks."""
    size = MAX_WORD // 2
    for block in range(0, len(body) - size + 1, size):
        if " " not in body[block : block + size] and "\n" not in body[block : block + size]:
            found = _LONG_WORD.search(body, max(0, block - MAX_WORD), block + size + MAX_WORD)
            if found:
                return found.start()
    return None


def _line_at(body: str, index: int) -> int:
    """The line (from 1) of a character in the body."""
    return body.count("\n", 0, index) + 1


def _nesting_problem(body: str) -> tuple[int, str] | None:
    """Lists and quotes nested too deep on one line, or too many markers stacked on lines."""
    stacked = 0
    for match in _MAY_NEST_DEEP.finditer("\n" + body):  # match.start() is where the line starts in `body`
        markers, depth = _depth(body, match.start())
        if depth > MAX_NESTING:
            return _line_at(body, match.start()), (
                f"nests lists, quotes or indentation more than {MAX_NESTING} levels deep; flatten it")
        stacked += markers if markers > 1 else 0
        if stacked > MAX_STACKED:
            return _line_at(body, match.start()), (
                f"has more than {MAX_STACKED} list or quote markers on lines that hold several (`- - a`); flatten them")
    return None


def _table_problem(body: str, lines: int) -> tuple[int, str] | None:
    """A table too wide, or wide enough that padding every line to its width is too much."""
    widest = max(body.split("\n"), key=lambda line: line.count("|"))
    if widest.count("|") * lines > MAX_CELLS:
        return _line_at(body, body.index(widest)), (
            f"has a line with {widest.count('|')} `|` in a description of {lines} lines: as a table that is more "
            f"than {MAX_CELLS} cells; use fewer columns or a list")
    return None


def _depth(body: str, start: int) -> tuple[int, int]:
    """The list and quote markers that open the line at `start`, and at least how deep the line nests.

    Each marker opens a level. Lists opened on earlier lines show as indentation, at line start or after a
    `>`, of at least two columns each (no list item indents its content by less). Spaces after a list marker
    are its content's offset; five or more start indented code, so nothing after them nests. A line with no
    marker opens nothing, so its indentation (code, pasted text) is no deeper nesting."""
    prefix = _PREFIX.match(body, start)
    markers = depth = column = 0
    after_list_marker = after_quote = False
    for token in _PREFIX_TOKEN.findall(prefix[0] if prefix else ""):
        if token[0] in " \t":
            width = _width(token, column)
            column += width
            if after_list_marker and width >= 5:
                break
            if not after_list_marker:
                depth += max(0, width - after_quote) // 2
        else:
            markers += 1
            depth += 1
            column += len(token)
            after_list_marker, after_quote = token != ">", token == ">"
            continue
        after_list_marker = after_quote = False
    return markers, depth if markers else 0


def _width(space: str, column: int) -> int:
    """Columns a run of spaces and tabs takes from `column` (a tab reaches the next multiple of 4)."""
    start = column
    for char in space:
        column += 4 - column % 4 if char == "\t" else 1
    return column - start


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


def _fast_declines(body: str) -> bool:
    """Whether the body holds a construct the Rust parser was found to read unlike the reference."""
    if "]:" in body or "~~~" in body:  # reference definitions: the reference keeps an unsafe one as text, the
        return True  # Rust one drops it; runs of 3+ tildes: the reference strikes through pairs within them
    if "_" in body and ("*" in body or "~" in body):
        return True  # `_` beside `*` or `~` delimiters: the Rust parser misses some emphasis after the first
    if "`" in body and _BRACKET_THEN_BACKTICK.search(body):
        return True  # a code span inside a `[` that has not closed yet: the Rust parser loses the code span
    if _EMPTY_ITEM.search("\n" + body) or (("|" in body or ":" in body) and _odd_table(body)):
        return True
    if body.isascii():
        return False
    if _UNICODE_SPACE.search(body):
        return True
    return any(not unicodedata.category(char).startswith(("L", "N")) for char in _BESIDE_DELIMITER.findall(body))


def _odd_table(body: str) -> bool:
    """Whether a line that could be a table's delimiter row is not under a plain header row, or has no `|`:
    the two parsers disagree on which of those make a table."""
    for match in _DELIMITER_ROW.finditer("\n" + body):  # match.start() is where the row starts in `body`
        row = match[1]
        start = body.rfind("\n", 0, max(match.start() - 1, 0)) + 1
        header = body[start : max(match.start() - 1, start)] if match.start() else ""
        has_pipe = "|" in row
        if not has_pipe and ":" not in row and "|" not in header:
            continue  # `---` under text: a heading or a rule to both parsers
        if not has_pipe or "|" not in header or _BLOCK_START.match(header):
            return True
    return False


def _fast_render(body: str) -> str | None:
    """The Rust renderer's HTML with the reference's touches, or None where it may differ from the reference."""
    fast = _fast_parser()
    if fast is None or _fast_declines(body):
        return None
    try:
        out = fast.render(body)
    except BaseException as panic:  # noqa: BLE001 - a Rust panic arrives as pyo3's PanicException (a BaseException)
        if isinstance(panic, KeyboardInterrupt | SystemExit):
            raise
        return None
    if "<img" in out or _BLANK_CODE.search(out) or not all(_fast_link_ok(html.unescape(href)) for href in _HREF.findall(out)):
        return None
    out = out.replace("<h1>", "<h2>").replace("</h1>", "</h2>").replace("<blockquote>\n</blockquote>", "<blockquote></blockquote>")
    return _ANCHOR.sub(rf'<a \1 rel="{REL}">', out)


def _fast_link_ok(url: str) -> bool:
    """A safe link whose host the Rust parser wrote as the reference does (it percent-encodes where the
    reference writes punycode)."""
    if not is_safe_link(url):
        return False
    host = url.split(":", 1)[1].lstrip("/").split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return "%" not in host


def render_reference(body: str) -> str:
    """The reference renderer alone (used when the fast one declines, and by the tests)."""
    return _reference_parser().render(body)


def render(body: str) -> tuple[str, str]:
    """Return the body's HTML and a plain-text summary of its first paragraph (for a body within the bounds)."""
    body = body if body.endswith("\n") or not body else body + "\n"  # as a file's last line: see _fast_render
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
