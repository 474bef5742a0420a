"""Content problems as data: every error knows its file, line and field, and prints as one line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType


def _escape(code: int) -> str:
    """How one control character or line separator is shown: `\\n`, `\\x1b`, `\\u2028`."""
    named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(chr(code))
    return named or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


# Every C0 and C1 control character (U+0085 among them), DEL, and the Unicode line and paragraph
# separators: each of them can end a line in some terminal, log viewer or `str.splitlines`.
_ESCAPES = MappingProxyType({code: _escape(code) for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)})


def one_line(text: str) -> str:
    """The text with every control character and line separator escaped, so it prints as one line."""
    return text.translate(_ESCAPES)


def inert(text: str) -> str:
    """The text as one line that no CI runner takes for a workflow command.

    GitHub's runner reads `::name …::` at the start of a line (after any spaces) and the older
    `##[name]` anywhere in it, on stdout and stderr alike; a posting must not be able to write
    either. Only a path can begin a line we print, and `./` in front of it names the same file."""
    line = one_line(text).replace("##[", "#\\x23[")
    return "./" + line if line.lstrip().startswith("::") else line


@dataclass(frozen=True)
class ContentError:
    """One problem in one file, printed as `path:line: field: message` on one line."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return inert(f"{place}: {self.field}: {self.message}")


def in_order(errors: Iterable[ContentError]) -> list[ContentError]:
    """Problems by file, then line (a problem of the whole file first), then field and message."""
    return sorted(errors, key=lambda e: (e.path, e.line or 0, e.field, e.message))


class BuildFailed(Exception):
    """Raised with every content error found, so all of them are reported at once."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = in_order(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[BuildFailed], tuple[list[ContentError]]]:
        """Pickle as the errors themselves: a render worker raises this, and the pool re-raises it in the build."""
        return BuildFailed, (self.errors,)


class SiteError(Exception):
    """A problem with the site as a whole (two pages on one URL, an unsafe path)."""


class CacheDamaged(Exception):
    """A body the cache should hold could not be read: the build starts over without the cache."""
