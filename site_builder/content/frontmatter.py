"""Split a posting into YAML front matter and Markdown body, and read the YAML with one meaning.

One path reads every file: libyaml's event parser (PyYAML's pure-Python one where PyYAML was built
without it), and a small builder over its events. The builder refuses what a posting never needs
and what YAML readers disagree on (tags, anchors, aliases, complex or repeated keys, more than one
document, deep nesting, huge values) as it meets them, and resolves plain values by YAML 1.2's
core schema: `050000` is 50000 and `NO` is the text "NO". Nothing is composed into a tree first,
so no input reaches a recursive step. tests/test_yaml_suite.py holds it to the yaml-test-suite.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

MAX_FRONT_MATTER = 16 * 1024  # characters; real front matter is under 2 KB, the description goes below it
MAX_DEPTH = 16  # far deeper than any posting needs (it uses 2); stops nesting bombs at once
NO_ANCHORS = "anchors and aliases (& and *) are not allowed"
MAX_SCALAR = 4096  # characters in one value: a long URL fits; fields have their own, smaller limits


class FrontMatterError(Exception):
    """A problem with the front matter, with the file line it was found on."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Document:
    """A posting split in two: its parsed front matter, where each key sits, and the body."""

    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int


_DELIMITER = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, first line of body) of a posting's text."""
    if not re.match(r"---[ \t]*\n", text):
        raise FrontMatterError("the file must start with a line `---` that opens the front matter", 1)
    start = text.index("\n") + 1
    end = _DELIMITER.search(text, start)
    if end is None:
        raise FrontMatterError("the front matter has no closing `---` line", 1)
    body_start = text.find("\n", end.end())
    body = "" if body_start < 0 else text[body_start + 1 :]
    return text[start : end.start()], body, text.count("\n", 0, end.end()) + 2


def load(text: str) -> Document:
    """Parse a posting's text into a Document, raising FrontMatterError with a line."""
    source, body, body_line = split(text)
    data, lines = read_mapping(source, first_line=2)
    return Document(data=data, lines=lines, body=body, body_line=body_line)


def read_mapping(source: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """A YAML mapping's values and the file line of each dotted key path (`salary.min`, `location.1`).

    `first_line` is the file line `source` starts on. Empty YAML is an empty mapping; anything
    else that is not a plain mapping raises FrontMatterError with a line."""
    last = first_line + max(0, source.count("\n", 0, len(source.rstrip("\n"))))
    if len(source) > MAX_FRONT_MATTER:
        raise FrontMatterError(f"is longer than {MAX_FRONT_MATTER // 1024} KiB; the description belongs below "
                               "the closing `---` line", first_line)  # fmt: skip
    odd = _ODD_CHARACTER.search(source)
    if odd:
        line = first_line + source.count("\n", 0, odd.start())
        raise FrontMatterError(f"contains the character U+{ord(odd[0]):04X}, which YAML readers take for a line end "
                               "or cannot read; remove it", line)  # fmt: skip
    if "?" in source:
        _refuse_explicit_keys(source, first_line)
    if source and not source.endswith("\n"):
        source += "\n"  # as in a posting, whose front matter ends at the `---` line: libyaml misreads a last
        # block-scalar line that has no line end (yaml-test-suite L24T)
    builder = _Builder(first_line)
    try:
        for event in yaml.parse(source, Loader=_LOADER):
            builder.take(event)
    except FrontMatterError as error:
        raise FrontMatterError(error.message, min(error.line or first_line, last)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        if "nesting depth" in str(error.problem):  # libyaml 0.2.6 stops deep flow nesting while scanning ahead
            raise FrontMatterError(f"nested more than {MAX_DEPTH} levels deep", min(line, last)) from None
        raise FrontMatterError(_syntax_message(error, first_line), min(line, last)) from None
    except yaml.reader.ReaderError as error:
        # libyaml counts bytes and PyYAML characters, so find the character itself.
        char = error.character if isinstance(error.character, str) else chr(error.character)
        line = source.count("\n", 0, max(source.find(char), 0)) + first_line
        raise FrontMatterError(f"contains a character YAML does not allow ({char!r}); remove it", line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"YAML error: {error}", first_line) from None
    return builder.result()


# libyaml takes U+0085, U+2028 and U+2029 for line ends (YAML 1.1; YAML 1.2 does not), so
# `title: A<U+2028>apply_email: x` would be two keys; lone surrogates cannot be encoded for it.
_ODD_CHARACTER = re.compile("[\x85\u2028\u2029\ud800-\udfff]")


def _refuse_explicit_keys(source: str, first_line: int) -> None:
    """Refuse a `?` key indicator (libyaml reads `{?a: b}` unlike YAML 1.2; no posting needs one)."""
    try:
        for token in yaml.scan(source, Loader=_LOADER):
            if isinstance(token, yaml.KeyToken) and token.end_mark.index > token.start_mark.index:
                raise FrontMatterError("a `?` before a key is not needed, and YAML readers disagree on what it "
                                       "means; write `key: value`", token.start_mark.line + first_line)  # fmt: skip
    except yaml.YAMLError:
        return  # a syntax error: the parser reports it with its line


# libyaml where PyYAML has it (the same parser either way for every posting on one machine).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Container = dict[str, Any] | list[Any]


class _Builder:
    """Builds plain Python values from parser events, refusing anything beyond plain YAML as it arrives."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.stack: list[tuple[Container, str, str | None]] = []  # container, its dotted path, pending key
        self.lines: dict[str, int] = {}
        self.root: Any = None
        self.documents = 0

    def line(self, event: yaml.Event) -> int:
        """The file line an event starts on."""
        return event.start_mark.line + self.first_line if event.start_mark else self.first_line

    def take(self, event: yaml.Event) -> None:
        """Fold one event into the values being built (scalars first: they are most events)."""
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None or event.tag is not None:
                self._refuse_node(event)
            if len(event.value) > MAX_SCALAR:
                raise FrontMatterError(f"a value is longer than {MAX_SCALAR} characters", self.line(event))
            self._add(_plain_value(event.value) if event.implicit[0] else event.value, event)
        elif isinstance(event, yaml.CollectionStartEvent):
            if event.anchor is not None or event.tag is not None:
                self._refuse_node(event)
            if len(self.stack) >= MAX_DEPTH:
                raise FrontMatterError(f"nested more than {MAX_DEPTH} levels deep", self.line(event))
            container: Container = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = self._add(container, event)
            self.stack.append((container, path, None))
        elif isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            raise FrontMatterError(NO_ANCHORS, self.line(event))
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise FrontMatterError("holds more than one YAML document; remove the `---` or `...` line",
                                       self.line(event))  # fmt: skip

    def _refuse_node(self, event: yaml.NodeEvent) -> None:
        """Refuse an anchor or explicit tag: no posting needs them, and readers give them different meanings."""
        if event.anchor is not None:
            raise FrontMatterError(NO_ANCHORS, self.line(event))
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise FrontMatterError(f"YAML tags such as `{tag}` are not allowed; write the value plainly "
                                   "(quote it if it is text)", self.line(event))  # fmt: skip

    def _add(self, value: Any, event: yaml.NodeEvent) -> str:
        """Put a value (or a new container) in its place; return its dotted path."""
        if not self.stack:
            if not isinstance(value, dict) and not (value is None and isinstance(event, yaml.ScalarEvent) and event.value == ""):
                raise FrontMatterError("the front matter must be a mapping of `key: value` lines", self.line(event))
            self.root = value
            return ""
        container, path, key = self.stack[-1]
        prefix = f"{path}." if path else ""
        if isinstance(container, list):
            here = f"{prefix}{len(container)}"
            self.lines[here] = self.line(event)
            container.append(value)
            return here
        if key is None:  # this event is a key
            if not isinstance(event, yaml.ScalarEvent):
                raise FrontMatterError("a key must be a plain name, not a list or mapping", self.line(event))
            name = event.value
            if not name and not event.implicit[1]:
                raise FrontMatterError("a key is missing before a `:`", self.line(event))
            if name in container:
                raise FrontMatterError(f"`{prefix}{name}` is given twice (first on line "
                                       f"{self.lines[prefix + name]}); keep one", self.line(event))  # fmt: skip
            self.lines[prefix + name] = self.line(event)
            self.stack[-1] = (container, path, name)
            return prefix + name
        container[key] = value
        self.stack[-1] = (container, path, None)
        return prefix + key

    def result(self) -> tuple[dict[str, Any], dict[str, int]]:
        """The mapping read (empty for empty YAML) and its key lines."""
        return (self.root if isinstance(self.root, dict) else {}), self.lines


# YAML 1.2's core schema for plain (unquoted) values; everything else is text.
_CORE: list[tuple[re.Pattern[str], Callable[[str], Any]]] = [
    (re.compile(r"(?:null|Null|NULL|~)?"), lambda text: None),
    (re.compile(r"true|True|TRUE"), lambda text: True),
    (re.compile(r"false|False|FALSE"), lambda text: False),
    (re.compile(r"[-+]?[0-9]+"), lambda text: int(text, 10)),
    (re.compile(r"0o[0-7]+"), lambda text: int(text[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda text: int(text[2:], 16)),
    (re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(?:inf|Inf|INF)"), lambda text: -math.inf if text[0] == "-" else math.inf),
    (re.compile(r"\.(?:nan|NaN|NAN)"), lambda text: math.nan),
]
_MAYBE_CORE = frozenset("nN~tTfF-+.0123456789")  # first characters of every core value but the empty one


def reads_as_text(text: str) -> bool:
    """Whether a value written unquoted reads back as that same text (`1e3` and `true` do not)."""
    return _plain_value(text) is text


def _plain_value(text: str) -> Any:
    """An unquoted value as YAML 1.2's core schema reads it."""
    if text and text[0] not in _MAYBE_CORE:
        return text  # most values are words: skip the patterns
    for pattern, make in _CORE:
        if pattern.fullmatch(text):
            return make(text)
    return text


def _syntax_message(error: yaml.MarkedYAMLError, first_line: int) -> str:
    """The parser's problem, plus where the construct it was reading began (often the real mistake)."""
    message = f"YAML syntax error: {error.problem or error.context}"
    if error.context and error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
        message += (f" ({error.context} that starts on line {error.context_mark.line + first_line}; "
                    "check quotes and indentation there)")  # fmt: skip
    return message
