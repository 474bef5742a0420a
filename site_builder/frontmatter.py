"""Split a posting into YAML front matter and Markdown body, and load the YAML safely."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 16  # far deeper than any posting needs; stops nesting bombs before recursion does


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


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader without aliases, with a depth bound and YAML 1.2's plain scalars."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse anchors, aliases and deep nesting before composing a node."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError("anchors and aliases (& and *) are not allowed", event.start_mark.line)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise FrontMatterError(f"nested more than {MAX_DEPTH} levels deep", event.start_mark.line)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# YAML 1.1 reads `NO` as false, `1:30` as 90 and `2026-02-30` as a crash; posters mean strings.
# So only YAML 1.2 core-schema booleans, numbers and nulls are resolved; dates stay strings
# and are checked by the posting validator, which can say which line is wrong.
_BoundedLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    _BoundedLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))

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
    node = _compose(source)
    if node is None:  # empty front matter: report each missing key rather than one vague error
        return Document(data={}, lines={}, body=body, body_line=body_line)
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 2 if node is not None else 1
        raise FrontMatterError("the front matter must be a mapping of `key: value` lines", line)
    lines: dict[str, int] = {}
    try:
        data = _plain(node, "", lines)
    except (_Unusual, ValueError, TypeError):  # PyYAML's constructor then decides, and words any error
        lines, data = _key_lines(node, "", offset=2), _construct(node)
    return Document(data=data, lines=lines, body=body, body_line=body_line)


MAX_BRACKETS = 64  # more flow brackets than this never reach libyaml (it crashes on very deep nesting)
_C_SHY = frozenset("!?")  # front matter with these takes the reference path (see _compose)

def _c_loader() -> Any:
    """libyaml's parser with the same YAML 1.2 plain scalars as _BoundedLoader, where PyYAML has it."""
    if not hasattr(yaml, "CSafeLoader"):
        return None  # PyYAML built without libyaml: everything takes the pure-Python path
    loader: Any = type("_CLoader", (yaml.CSafeLoader,), {})
    loader.yaml_implicit_resolvers = _BoundedLoader.yaml_implicit_resolvers
    return loader


_CLoader = _c_loader()


def _compose(source: str) -> yaml.Node | None:
    """Compose the YAML node tree, turning every YAML problem into FrontMatterError."""
    # libyaml only where it agrees with the reference (found by tests/test_properties.py): it
    # crashes on very deep nesting, reads a bare `!` tag as '' where PyYAML reads null, and accepts
    # explicit `?` keys in flow mappings that PyYAML refuses. Front matter rarely has `!` or `?`.
    use_c = _CLoader is not None and source.count("[") + source.count("{") <= MAX_BRACKETS and not _C_SHY & set(source)
    last = 1 + max(1, len(source.splitlines()))  # errors at the end of input point at the last line
    try:
        return _compose_c(source) if use_c else _compose_python(source)
    except FrontMatterError as error:
        raise FrontMatterError(error.message, min((error.line or 0) + 2, last)) from None
    except yaml.MarkedYAMLError as error:
        line = _line_of(error.problem_mark or error.context_mark)
        raise FrontMatterError(_syntax_message(error), min(line, last) if line else None) from None
    except yaml.reader.ReaderError as error:
        # libyaml counts bytes and PyYAML characters, so find the character itself.
        char = error.character if isinstance(error.character, str) else chr(error.character)
        line = source.count("\n", 0, max(source.find(char), 0)) + 2
        raise FrontMatterError(f"contains a character YAML does not allow ({char!r}); remove it", line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"YAML error: {error}") from None


def _compose_python(source: str) -> yaml.Node | None:
    """The pure-Python composer with its checks built in (anchors, aliases, depth)."""
    loader = _BoundedLoader(source)  # the reader rejects control characters right here
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _compose_c(source: str) -> yaml.Node | None:
    """libyaml: the same checks as the Python path (over its events, or over the tree), composed in C."""
    if "&" not in source and "*" not in source:  # no anchor or alias can exist: check depth on the tree
        node = yaml.compose(source, Loader=_CLoader)
        _check_depth(node, 1)
        return node
    depth = 0
    for event in yaml.parse(source, Loader=_CLoader):
        line = event.start_mark.line if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError("anchors and aliases (& and *) are not allowed", line)
        if isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent)) and depth + 1 > MAX_DEPTH:
            raise FrontMatterError(f"nested more than {MAX_DEPTH} levels deep", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.compose(source, Loader=_CLoader)


def _check_depth(node: yaml.Node | None, depth: int) -> None:
    """Refuse trees nested deeper than MAX_DEPTH (the Python path counts nodes the same way)."""
    if node is None:
        return
    if depth > MAX_DEPTH:
        raise FrontMatterError(f"nested more than {MAX_DEPTH} levels deep", node.start_mark.line)
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_depth(item, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_depth(key, depth + 1)
            _check_depth(value, depth + 1)


def _line_of(mark: yaml.Mark | None) -> int | None:
    """The file line of a mark in the front matter (which starts on line 2)."""
    return mark.line + 2 if mark else None


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, plus where the construct it was reading began (often the real mistake)."""
    message = f"YAML syntax error: {error.problem or error.context}"
    if error.context and error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
        message += f" ({error.context} that starts on line {_line_of(error.context_mark)}; check quotes and indentation there)"
    return message


def _construct(node: yaml.Node) -> dict[str, Any]:
    """Build Python values from a composed tree; unknown tags become errors."""
    loader = _BoundedLoader("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise FrontMatterError(f"YAML tags (!!...) are not allowed: {error.problem}", _line_of(mark)) from None
    except (TypeError, ValueError) as error:
        raise FrontMatterError(f"YAML error: {error}") from None


class _Unusual(Exception):
    """A tree `_plain` leaves to PyYAML's own constructor (a tag it doesn't know, a non-scalar key)."""


_CONSTRUCTOR = yaml.SafeLoader("")  # PyYAML's own scalar constructors (methods that use no loader state)
_SCALARS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:str": lambda node: node.value,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:null": lambda node: None,
}
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def _plain(node: yaml.Node, prefix: str, lines: dict[str, int]) -> Any:
    """Values and key lines in one walk, as `_construct` and `_key_lines` give them, but ~4x faster:
    front matter holds only plain mappings, lists and scalars, and anything else goes to PyYAML."""
    if isinstance(node, yaml.ScalarNode):
        make = _SCALARS.get(node.tag)
        if make is None:
            raise _Unusual
        return make(node)
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        values = []
        for index, item in enumerate(node.value):
            lines[f"{prefix}{index}"] = item.start_mark.line + 2
            values.append(_plain(item, f"{prefix}{index}.", lines))
        return values
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        mapping = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                raise _Unusual  # a number, list or mapping as a key: PyYAML decides (and words the error)
            lines[prefix + key.value] = key.start_mark.line + 2
            mapping[key.value] = _plain(value, f"{prefix}{key.value}.", lines)
        return mapping
    raise _Unusual


def _key_lines(node: yaml.Node, prefix: str, offset: int) -> dict[str, int]:
    """Map dotted key paths (`salary.min`, `location.1`) to the file line of their value."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}{key.value}" if isinstance(key, yaml.ScalarNode) else prefix.rstrip(".")
            lines[path] = key.start_mark.line + offset
            lines.update(_key_lines(value, path + ".", offset))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[f"{prefix}{index}"] = item.start_mark.line + offset
            lines.update(_key_lines(item, f"{prefix}{index}.", offset))
    return lines
