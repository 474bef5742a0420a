"""Validate a posting's front matter into a Posting, collecting every error with its line."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

from site_builder.content.codes import COUNTRIES, COUNTRY_ALIASES, CURRENCIES
from site_builder.content.frontmatter import Document
from site_builder.content.model import EMPLOYMENT_TYPES, WORKPLACES, Deadline, Hours, Location
from site_builder.errors import ContentError

T = TypeVar("T")

SALARY_KEYS = ("min", "max", "currency", "period")
MAX_TEXT = 200
MAX_TAGS = 12
MAX_PLACES = 30
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"  # the ASCII characters _CONTROL allows
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_HOURS_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*$")
# Words of letters or digits in any script, joined by a space or one of & + / ' . # - (with spaces
# around it or not), and maybe a trailing + or # (`c++`, `c#`): never `..`, `/` at an end, or a leading dot.
_TAG = re.compile(r"^[^\W_]+(?:(?: ?[&+/'.#-] ?| )[^\W_]+)*[+#]*$")


class Invalid(Exception):
    """One field's value is wrong; carries the message for that field."""


class Checker:
    """Reads one document's fields, recording an error (with its line) for each bad one."""

    def __init__(self, path: str, doc: Document) -> None:
        self.path = path
        self.doc = doc
        self.errors: list[ContentError] = []

    def error(self, key: str, message: str) -> None:
        """Record a problem at the line of `key` (or of its nearest parent key)."""
        # A missing key has no line of its own: point at the opening `---`.
        line = self.doc.lines.get(key) or self.doc.lines.get(key.split(".")[0]) or 1
        self.errors.append(ContentError(self.path, line, key, message))

    def field(self, key: str, parse: Callable[[Any], T], required: bool = False) -> T | None:
        """Parse one key with `parse`, recording a missing or invalid value as an error."""
        value = self.doc.data.get(key)
        if value is None:
            if required:
                self.error(key, "is required" + _EXAMPLES.get(key, ""))
            return None
        try:
            return parse(value)
        except Invalid as problem:
            self.error(key, str(problem))
            return None


_EXAMPLES = {
    "title": " (the role's title, e.g. `title: Community Organizer`)",
    "organization": " (e.g. `organization: TechTonic Justice`)",
    "location": ' (a place such as "Bakersfield, CA, US", or Remote, or a list of them)',
    "workplace": f" (one of: {', '.join(WORKPLACES)})",
    "employment_type": f" (one of: {', '.join(EMPLOYMENT_TYPES)})",
    "posted": " (the date the role was posted, e.g. `posted: 2026-11-23`)",
}


def has_control(text: str) -> bool:
    """Whether text holds control characters (tabs and line ends aside) or non-characters."""
    if text.isascii():  # a posting body: ~15x faster than the regex, as bytes.translate runs in C
        return bool(text.encode("ascii").translate(None, _PLAIN_ASCII))
    return _CONTROL.search(text) is not None


def text(value: Any, limit: int = MAX_TEXT) -> str:
    """A single-line string without control characters."""
    if not isinstance(value, str):
        raise Invalid(f"must be text, not {_kind(value)}; put it in quotes")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise Invalid("must not be empty")
    if has_control(cleaned):
        raise Invalid("contains control characters")
    if "<" in cleaned or ">" in cleaned:
        # Feed readers and other consumers may treat titles as HTML; no field needs angle brackets.
        raise Invalid("must not contain < or > (no HTML in front matter)")
    if len(cleaned) > limit:
        raise Invalid(f"is {len(cleaned)} characters long; keep it under {limit}")
    return cleaned


def url(value: Any) -> str:
    """An absolute http(s) URL: other schemes (javascript:, data:) are refused."""
    link = text(value, limit=2000)
    if not re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+", link, re.IGNORECASE) or re.search(r"\s|[<>\"]", link):
        raise Invalid(f"`{link}` is not an http(s) URL such as https://example.org/jobs/1")
    return link


def email(value: Any) -> str:
    """An email address (a `mailto:` prefix is removed)."""
    address = text(value, limit=254)
    address = address[7:] if address.lower().startswith("mailto:") else address
    if not _EMAIL.match(address):
        raise Invalid(f"`{address}` is not an email address such as jobs@example.org")
    return address


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    """A parser accepting one of `options`, suggesting the nearest on a typo."""

    def parse(value: Any) -> str:
        word = text(value).lower()
        if word not in options:
            raise Invalid(f"`{word}` is not one of: {', '.join(options)}{_did_you_mean(word, options)}")
        return word

    return parse


def date(value: Any) -> dt.date:
    """A real calendar date written YYYY-MM-DD (quoted or not)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = str(value).strip()
    if not _DATE.match(written):
        raise Invalid(f"`{written}` is not a date written YYYY-MM-DD, e.g. 2026-11-23")
    try:
        return dt.date.fromisoformat(written)
    except ValueError as problem:
        raise Invalid(f"`{written}` is not a real date ({problem})") from None


def deadline(value: Any) -> Deadline:
    """A date, or `rolling` for a role open until filled."""
    if isinstance(value, str) and value.strip().lower() in ("rolling", "open until filled"):
        return Deadline(None)
    try:
        return Deadline(date(value))
    except Invalid as problem:
        raise Invalid(f"{problem}, or `rolling` for a role open until filled") from None


def number(value: Any) -> float:
    """A positive number (YAML's true/false are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"must be a number, not {_kind(value)} (write 80000, not \"$80K\")")
    if not 0 < value < 1e12:
        raise Invalid(f"must be a positive amount, not {value}")
    return float(value)


def hours(value: Any) -> Hours:
    """Hours per week: a number, or a range written `5-30`."""
    match = _HOURS_RANGE.match(value) if isinstance(value, str) else None
    low, high = (float(match[1]), float(match[2])) if match else (number(value),) * 2
    if not 0 < low <= high <= 168:
        raise Invalid("must be hours between 1 and 168, low to high, e.g. 20 or 5-30")
    return Hours(low, high)


def _kind(value: Any) -> str:
    """Name a YAML value's type the way a poster would."""
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    return names.get(type(value), "text")


def _did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    """A `; did you mean ...?` suffix, or nothing."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def country(value: Any) -> str:
    """An ISO 3166-1 alpha-2 country code."""
    code = str(value).strip().upper() if value is not False else "NO"
    if code in COUNTRY_ALIASES:
        raise Invalid(f"`{code}` is not an ISO 3166 country code; use `{COUNTRY_ALIASES[code]}`")
    if code not in COUNTRIES:
        raise Invalid(f"`{value}` is not an ISO 3166 two-letter country code such as US, GB or KE")
    return code


def place(value: Any) -> Location:
    """`Remote`, a country code, `City, CC` or `City, Region, CC`."""
    label = text(value)
    if label.lower() == "remote":
        return Location("Remote")
    parts = [part.strip() for part in label.split(",")]
    if len(parts) == 1 and (parts[0].upper() in COUNTRIES or parts[0].upper() in COUNTRY_ALIASES):
        code = country(parts[0])
        return Location(COUNTRIES[code], country=code)
    if len(parts) == 1 or len(parts) > 3 or not all(parts):
        raise Invalid(f"`{label}` should be `City, CC` or `City, Region, CC` ending in a country code, e.g. `London, GB`")
    code = country(parts[-1])
    region = parts[1] if len(parts) == 3 else None
    return Location(", ".join([*parts[:-1], code]), locality=parts[0], region=region, country=code)


def listed(value: Any) -> list[Any]:
    """A value given once or as a list, always as a list."""
    return value if isinstance(value, list) else [value]


def tag(value: Any) -> str:
    """A short lowercase topic in any language, kept as written otherwise (`rendición-de-cuentas`, `français`)."""
    word = unicodedata.normalize("NFC", text(value, limit=40)).lower()
    if not _TAG.match(word):
        raise Invalid(f"`{word}` should be a short topic: words in any language joined by spaces or hyphens "
                      "(`& ' + . # /` are fine too), e.g. `policy` or `rendición-de-cuentas`")  # fmt: skip
    return word


def currency(value: Any) -> str:
    """An ISO 4217 currency code."""
    code = text(value).upper()
    if code not in CURRENCIES:
        raise Invalid(f"`{value}` is not an ISO 4217 currency code such as USD, GBP or EUR")
    return code
