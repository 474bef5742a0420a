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

# Bounds, each far beyond a real posting (under 20 KB and 300 lines, a few hundred special characters,
# lists three deep, tables of a few columns) and together keeping either parser near 50 ms at worst.
MAX_BODY = 64 * 1024  # characters
MAX_LINES = 1000
MAX_SPECIAL = 3000  # characters markdown-it-py stops at to try its inline rules (each a step in Python)
MAX_RUN = 2000  # characters without whitespace, beyond which `[`, `(` and `<` in the run are limited:
MAX_RUN_SCANS = 100_000  # a link's destination is scanned to the end of its run, once per opener
MAX_NESTING = 12  # lists and quotes inside each other, counting 2 columns of indentation as a level
MAX_STACKED = 1000  # markers on lines that hold several (`- - a`, `> > a`): each opens a block
MAX_CELLS = 5000  # a table's columns times its lines: every row is padded to the header's width
MAX_HTML = 512 * 1024  # characters of rendered HTML: a safety net the bounds above already keep far off
# markdown-it-py's nesting limit for blocks, raised from 20 so that 12 levels of lists (two tokens each)
# never reach it: it silently drops the rest of a body that does. Inline parsing keeps 20, which also
# caps how often an unclosed `[` rescans its paragraph.
BLOCK_NESTING = 32
INLINE_NESTING = 20
_SPECIAL = "!#$%&*+-:<=>@[\\]^_`{}~"
_SPECIAL_BYTES = _SPECIAL.encode("ascii")
_SPECIAL_CHARACTER = re.compile(f"[{re.escape(_SPECIAL)}]")

_RULES: list[Any] = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
          "autolink", "backticks", "emphasis", "entity", "escape", "link", "newline", "strikethrough", "table"]  # fmt: skip
_HREF = re.compile(r'<a href="([^"]*)"')
_ANCHOR = re.compile(r'<a (href="[^"]*"(?: title="[^"]*")?)>')
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
# Lines that may nest deep or stack markers: a tab, nine prefix characters, or a second marker.
_MAY_NEST_DEEP = re.compile(r"\n(?:[ \t>*+\-0-9.)]*\t|[ \t>*+\-0-9.)]{9,}|[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+|>[ \t]*)"
                            r"(?:[-+*>]|[0-9]{1,9}[.)]))")
_SPACE = re.compile(r"\s")
# A line's container prefix: indentation, list markers and quote markers (see _depth).
_PREFIX = re.compile(r"(?:[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t\n]|$)|>))*[ \t]*")
_PREFIX_TOKEN = re.compile(r"[ \t]+|[-+*>]|[0-9]{1,9}[.)]")
# What the fast path's checks (_fast_declines) look for.
_BRACKET = re.compile(r"[\[\]]")
_DEFINITION, _COLON_DASH, _DASH_COLON = re.compile(r"\]:"), re.compile(":-"), re.compile("-:")
_NOT_BRACKETS = bytes(code for code in range(128) if chr(code) not in "[]")
_DEEP_BRACKETS = 10
_INDENTED_FENCE = re.compile(r"\n[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)*[ \t]+```")
_QUOTE = re.compile(r"\n[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)*>")  # a quote, in a list item or not
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PERCENT_AUTOLINK = re.compile(r"<[^<>\s]*%[^<>\s]*>")
_DOT_WORD, _AT_WORD = re.compile(r"\.[^\W_]"), re.compile(r"@[^\W_]")  # a host's or an address's mark
_ANCHORED = re.compile(r"<a [^>]*>.*?</a>", re.S)  # a link and its text, in the Rust renderer's output
_DESTINATION = re.compile(r"\]\([^()\s]*\)")  # an inline link's destination without a title: `](https://…)`
_EMPTY_ITEM = re.compile(r"\n[ \t>]*(?:[-+*]|[0-9]{1,9}[.)])[ \t]*(?=\n|$)")  # an empty list item
_DELIMITER_ROW = re.compile(r"\n([ \t]*[|:-][ \t|:-]*)(?=\n|$)")
# A line that could be a table's delimiter row, in any container: `|`, `:`, `-`, spaces and markers.
_TABLE_RULE = re.compile(r"\n([ \t>*+.)0-9|:-]*-[ \t>*+.)0-9|:-]*)(?=\n|$)")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n|$)")
_BLOCK_START = re.compile(r"[ \t]*(?:[#>`~*+-]|[0-9]{1,9}[.)])")
_BLANK_CODE = re.compile(r"<code> *</code>")  # the Rust parser trims a code span of only spaces
# Python's str.strip() drops Unicode spaces the Rust parser keeps; CommonMark 0.31 counts Unicode
# symbols (£, €) as punctuation beside `*` and `_`, the Rust parser does not.
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
    nesting = _nesting_problem(body)
    if nesting:
        return nesting
    special = _special_count(body)
    if special > MAX_SPECIAL:
        return 1, (f"uses Markdown's special characters ({' '.join(_SPECIAL)}) {special} times, more than "
                   f"{MAX_SPECIAL}; simplify the formatting")  # fmt: skip
    return _run_problem(body) or (_table_problem(body) if "|" in body else None)  # no `|`: no table has 2 columns


def _special_count(body: str) -> int:
    """How many of markdown-it-py's special characters the body holds (bytes.translate in C where it is ASCII)."""
    if body.isascii():
        return len(body) - len(body.encode("ascii").translate(None, _SPECIAL_BYTES))
    return len(_SPECIAL_CHARACTER.findall(body))


def _line_at(body: str, index: int) -> int:
    """The line (from 1) of a character in the body."""
    return body.count("\n", 0, index) + 1


def _run_problem(body: str) -> tuple[int, str] | None:
    """A run of text without whitespace so long, and holding so many link openers, that scanning it is slow.

    Such a run covers at least one whole aligned block of MAX_RUN // 2 characters, and that block holds no
    space or line end; real text has one in every block but in scripts written without spaces (Chinese,
    Japanese, Thai), whose long runs hold few openers."""
    size = MAX_RUN // 2
    for block in range(0, len(body) - size + 1, size):
        if " " in body[block : block + size] or "\n" in body[block : block + size]:
            continue
        start = max((m.end() for m in _SPACE.finditer(body, max(0, block - MAX_RUN), block)), default=max(0, block - MAX_RUN))
        end_match = _SPACE.search(body, block + size)
        end = end_match.start() if end_match else len(body)
        run = body[start:end]
        openers = run.count("[") + run.count("(") + run.count("<")
        if len(run) > MAX_RUN and openers * len(run) > MAX_RUN_SCANS:
            return _line_at(body, start), (f"has {len(run)} characters without a space holding {openers} of "
                                           "`[`, `(` and `<`; add spaces or shorten it")  # fmt: skip
    return None


def _nesting_problem(body: str) -> tuple[int, str] | None:
    """Lists and quotes nested too deep on one line, or too many markers stacked on lines."""
    stacked = 0
    text = "\n" + body
    for match in _MAY_NEST_DEEP.finditer(text):  # match.start() is where the line starts in `body`
        markers, depth = _depth(body, match.start())
        if depth > MAX_NESTING:
            return _line_at(body, match.start()), (
                f"nests lists, quotes or indentation more than {MAX_NESTING} levels deep; flatten it")
        stacked += markers if markers > 1 else 0
        if stacked > MAX_STACKED:
            return _line_at(body, match.start()), (
                f"has more than {MAX_STACKED} list or quote markers on lines that hold several (`- - a`); flatten them")
    return None


def _table_problem(body: str) -> tuple[int, str] | None:
    """Tables whose columns times lines, up to the blank line that surely ends each, are too many cells."""
    cells = 0
    text = "\n" + body  # a line starting at text[i + 1] starts at body[i]
    for match in _TABLE_RULE.finditer(text):
        header_end = match.start()  # the line end before the rule, in `text`
        header_start = text.rfind("\n", 0, header_end) + 1 if header_end else 0
        columns = max(text.count("|", header_start, header_end), match[1].count("|")) + 1
        if columns == 1:
            continue  # no `|` in the header or the rule: a heading's underline or a rule, not a table
        blank = _BLANK_LINE.search(text, match.end())
        cells += columns * (text.count("\n", header_start, blank.start() if blank else len(text)) + 1)
        if cells > MAX_CELLS:
            return _line_at(text, header_start) - 1 or 1, (
                f"has tables of more than {MAX_CELLS} cells (columns times lines); use fewer columns or a list")
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


def _deeper_blocks(block: Any, state: Any) -> None:
    """The block rule with BLOCK_NESTING as the limit (the option is shared with the inline rules)."""
    state.md.options["maxNesting"] = BLOCK_NESTING
    try:
        block(state)
    finally:
        state.md.options["maxNesting"] = INLINE_NESTING


def _link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """Mark links as user content so search engines don't credit them to the board."""
    tokens[idx].attrSet("rel", REL)
    return renderer.renderToken(tokens, idx, options, env)


# Both parsers are built on first use: a rebuild that parses nothing skips importing them (~30 ms). Each is
# then a constant, not a cache: a function of no arguments holds one value, the same for every build.
@functools.cache
def _reference_parser() -> MarkdownIt:
    """CommonMark with HTML off (the preset turns it on), tables, no images (no third-party loads)."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import block

    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "maxNesting": INLINE_NESTING})
    md.enable(["table", "strikethrough", "linkify"]).disable("image")
    md.linkify = _linkifier()  # bare URLs, `www.` and email addresses become links, as GitHub's preview shows them
    md.core.ruler.at("block", functools.partial(_deeper_blocks, block))
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.core.ruler.push("demote_h1", _demote_h1)
    md.add_render_rule("link_open", _link_open)
    return md


@functools.cache
def _linkifier() -> Any:
    """linkify-it as the reference uses it: URLs with a scheme or a known top-level domain, and email addresses;
    not bare IP addresses."""
    from linkify_it import LinkifyIt

    return LinkifyIt().set({"fuzzy_ip": False})


def may_linkify(rendered: str) -> bool:
    """Whether the reference's linkify could find a link in this HTML's text outside its links (the Rust parser
    links nothing bare, so such a body is the reference's to render): an overestimate, as `e.g.` counts.

    Read from the Rust renderer's output, not the body, because only the parse knows what is a link: `a](https://…)`
    without its `[`, or `\\<https://…>`, are text the reference would link. Every link linkify finds holds `://`,
    or a dot or `@` right before a letter or digit (a host, an address), so text without them has none. (Asking
    linkify-it itself was tried and is not the same: the reference links what follows markup or a letter,
    `_https://x.org`, `éhttps://x.org`, which linkify-it alone does not.)"""
    if not ("." in rendered or "@" in rendered or ":" in rendered):
        return False
    text = _TAG.sub(" ", _ANCHORED.sub(" ", rendered))
    return _linkish(html.unescape(text) if "&" in text else text)


def _no_bare_link(body: str, links: int) -> bool:
    """Whether the body certainly holds no bare link, read from its source: true when, once every `](…)` link
    destination is taken out, no text could be one, and each of those was a link (as many as the output's
    `links`; any other link, such as an autolink, holds `://` and so is not taken out). ~15 µs, where reading
    the output takes ~100 µs; where this cannot tell, the output is read."""
    stripped, count = _DESTINATION.subn("](x)", body)
    if count != links:
        return False
    text = html.unescape(stripped) if "&" in stripped else stripped  # `jobs&#64;example.org` is an address
    return not _linkish(text.replace("\\", ""))  # `https:\/\/x.org` is text with `://` once unescaped


def _linkish(text: str) -> bool:
    """Whether text holds `://`, or a dot or `@` right before a letter or digit, as every link linkify finds
    does (a pattern for each mark: one starting with a literal is searched ~8x faster than `[.@]…`)."""
    return "://" in text or _DOT_WORD.search(text) is not None or ("@" in text and _AT_WORD.search(text) is not None)


@functools.cache
def _fast_parser() -> Any:
    """markdown-it-pyrs with the reference's rules but no HTML or images; None where it isn't installed."""
    try:
        import markdown_it_pyrs
    except ImportError:  # the fast path is optional; the reference renderer is always there
        return None
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(_RULES)


def _fast_declines(body: str) -> bool:
    """Whether the body holds a construct the Rust parser was found to read unlike the reference (each rule
    covers a family of inputs the CommonMark spec, the fuzzers in the tests or a red team found)."""
    text = "\n" + body
    # (A compiled literal search is ~3x faster than `in` for two-character needles; `in` is fastest for one.)
    if _DEFINITION.search(body) or ("~" in body and "~~~" in body):  # reference definitions: the reference keeps
        return True  # an unsafe one as text, the Rust one drops it; 3+ tildes: the reference strikes pairs within
    if body.count("[") >= _DEEP_BRACKETS and _bracket_depth(body) >= _DEEP_BRACKETS:
        return True  # brackets nested near the inline nesting limit, which the two parsers place apart
    if "_" in body and ("*" in body or "~" in body):
        return True  # `_` beside `*` or `~` delimiters: the Rust parser misses some emphasis after the first
    if "`" in body and ("[" in body or _inline_ticks(body) or _INDENTED_FENCE.search(text)):
        return True  # code spans with links or with runs of 2+ backticks, fences inside lists: it misreads them
    if (">" in body and _QUOTE.search(text)) or _EMPTY_ITEM.search(text):
        return True  # block quotes (lazy lines, tabs, code spans over lines) and empty list items
    if ("|" in body or _COLON_DASH.search(body) or _DASH_COLON.search(body)) and _odd_table(body, text):  # a rule without `|`
        return True
    if "&" in body and _blank_entity(body):
        return True  # an entity that stands for a space or line end: they trim and split it differently
    if "<" in body and _PERCENT_AUTOLINK.search(body):
        return True  # the reference decodes an autolink's percent escapes in its text (U+FFFD where invalid)
    if body.isascii():
        return False
    if _UNICODE_SPACE.search(body):
        return True
    return any(not unicodedata.category(char).startswith(("L", "N")) for char in _BESIDE_DELIMITER.findall(body))


def _inline_ticks(body: str) -> bool:
    """Whether a run of two or more backticks starts anywhere but at a line's start (a fence)."""
    start = body.find("``")
    while start >= 0:
        if start and body[start - 1] != "\n":
            return True
        start = body.find("``", start + 2)
        while 0 <= start and body[start - 1] == "`":  # the rest of the same run
            start = body.find("``", start + 1)
    return False


def _bracket_depth(body: str) -> int:
    """How deep `[` nest in the body (escaped ones counted too: an overestimate is safe)."""
    brackets = body.encode("ascii").translate(None, _NOT_BRACKETS) if body.isascii() else "".join(_BRACKET.findall(body)).encode()
    depth = deepest = 0
    for bracket in brackets:
        depth = depth + 1 if bracket == 0x5B else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest


def _blank_entity(body: str) -> bool:
    """Whether an entity in the body stands for whitespace or a control character (`&#10;`, `&nbsp;`)."""
    for entity in _ENTITY.findall(body):
        char = html.unescape(entity)
        if char != entity and any(c.isspace() or unicodedata.category(c) == "Cc" for c in char):
            return True
    return False


def _odd_table(body: str, text: str) -> bool:
    """Whether a table, or a line that could be a table's delimiter row, is one the two parsers read apart:
    a rule not under a plain header row or without `|`, a tab in the rule, an escaped `|`, or a row that
    starts another block before the blank line that ends the table. `text` is the body after a line end."""
    for match in _DELIMITER_ROW.finditer(text):  # match.start() is where the row starts in `body`
        row = match[1]
        start = body.rfind("\n", 0, max(match.start() - 1, 0)) + 1
        header = body[start : max(match.start() - 1, start)] if match.start() else ""
        has_pipe = "|" in row
        if not has_pipe and ":" not in row and "|" not in header:
            continue  # `---` under text: a heading or a rule to both parsers
        if not has_pipe or "|" not in header or _BLOCK_START.match(header) or "\t" in row:
            return True
        blank = _BLANK_LINE.search(text, match.end())
        rows = text[match.end() + 1 : blank.start() if blank else len(text)]
        if "\\|" in header or "\\|" in rows or any(_BLOCK_START.match(line) for line in rows.split("\n") if line):
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
    hrefs = _HREF.findall(out)
    if "<img" in out or ("`" in body and _BLANK_CODE.search(out)) or not all(_fast_link_ok(html.unescape(href)) for href in hrefs):
        return None
    if not _no_bare_link(body, len(hrefs)) and may_linkify(out):
        return None  # a bare URL or address: only the reference links them
    out = out.replace("<h1>", "<h2>").replace("</h1>", "</h2>")  # (quotes never get here: see _fast_declines)
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
