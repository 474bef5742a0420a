"""Content problems as data: every error knows its file, line and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file, printed as `path:line: field: message`."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.field}: {self.message}"


class BuildFailed(Exception):
    """Raised with every content error found, so all of them are reported at once."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path, e.line or 0, e.field, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))


class SiteError(Exception):
    """A problem with the site as a whole (two pages on one URL, an unsafe path)."""
