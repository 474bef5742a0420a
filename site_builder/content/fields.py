"""Validate a posting's front matter into a Posting, collecting every error with its line."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from site_builder.content.codes import COUNTRIES, CURRENCIES
from site_builder.content.frontmatter import Document
from site_builder.content.model import EMPLOYMENT_TYPES, WORKPLACES, Deadline, Hours, Span, Term
from site_builder.errors import ContentError

if TYPE_CHECKING:
    from site_builder.content.places import Place

T = TypeVar("T")


class Invalid(Exception):
    """One field's value is wrong; carries the message for that field."""

SALARY_KEYS = ("min", "max", "currency", "period", "kind", "fte", "extras", "net")
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
    "location": ' (a place such as "London, UK" or "Philadelphia, PA", or Remote, or a list of them)',
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


def _folded(word: str) -> str:
    """A word as vocabularies compare it: lowercase, accents dropped, only letters and digits (`On-site` → onsite)."""
    lowered = word.lower()
    if lowered.isascii():  # bytes.translate drops the rest in C: ~10x faster than a loop over characters
        return lowered.encode("ascii").translate(None, _NOT_ALNUM).decode("ascii")
    return "".join(ch for ch in unicodedata.normalize("NFKD", lowered) if ch.isalnum())


_NOT_ALNUM = bytes(code for code in range(128) if not chr(code).isalnum())


def choice(vocabulary: Mapping[str, Term]) -> Callable[[Any], str]:
    """A parser accepting a vocabulary's value however it is written (`Full time`, `FULL-TIME`, `full_time`) or one
    of its other words (`annually` for `year`), suggesting the nearest on a typo."""
    names = MappingProxyType({key: value for value, term in vocabulary.items() for written in (value, term.label,
                              *term.also) for key in (written, _folded(written))})  # fmt: skip
    options = tuple(vocabulary)

    def parse(value: Any) -> str:
        word = text(value)
        found = names.get(word) or names.get(_folded(word))  # as written (nearly always), else folded
        if found is None:
            raise Invalid(f"`{word}` is not one of: {', '.join(options)}{_did_you_mean(word.lower(), options)}")
        return found

    return parse


def choices(vocabulary: Mapping[str, Term]) -> Callable[[Any], list[str]]:
    """A parser for one or more of a vocabulary's values, given as a list or written in one line joined by
    commas, `/`, `and` or `or` (`Part-time, fixed-term`)."""
    one = choice(vocabulary)

    def parse(value: Any) -> list[str]:
        if isinstance(value, str) and _JOINED.search(value):
            return [one(part) for part in _JOINED.split(value) if part.strip()]
        return [one(value)]

    return parse


_JOINED = re.compile(r"\s*(?:[,;/&+]|\band\b|\bor\b)\s*", re.IGNORECASE)
_MONTHS = MappingProxyType({name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names})  # fmt: skip
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)  # `Thursday 14 January`
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})$")  # 1. April 2027
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def date(value: Any) -> dt.date:
    """A real calendar date: `YYYY-MM-DD` (quoted or not), or with the month as a word (`15 January 2027`,
    `Jan 15, 2027`). `01/02/2027` is refused: it is 1 February in most places and January 2 in the US."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = str(value).strip()
    if _DATE.match(written):
        return _real(written, int(written[:4]), int(written[5:7]), int(written[8:]))
    lowered = _WEEKDAY.sub("", " ".join(written.lower().split()))
    words = _DAY_MONTH_YEAR.match(lowered) or _MONTH_DAY_YEAR.match(lowered)
    if words:
        day, month, year = (words[1], words[2], words[3]) if words.re is _DAY_MONTH_YEAR else (words[2], words[1], words[3])
        number = _MONTHS.get(month) or _month_in_other_languages(month)
        if number:
            return _real(written, int(year), number, int(day))
    numeric = _NUMERIC_DATE.match(written)
    if numeric and "." in written:  # `01.04.2027`: day first, as everywhere dots part a date
        return _real(written, int(numeric[3]), int(numeric[2]), int(numeric[1]))
    if numeric and numeric[1] != numeric[2] and int(numeric[1]) <= 12 and int(numeric[2]) <= 12:
        first, second, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        raise Invalid(f"`{written}` could be {_spelled(year, second, first)} or {_spelled(year, first, second)}; "
                      f"write it YYYY-MM-DD, e.g. {dt.date(year, second, first).isoformat()}")  # fmt: skip
    if numeric:  # one reading only (13/02/2027, 02/13/2027, 01/01/2027)
        first, second, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        return _real(written, year, second, first) if first > 12 else _real(written, year, first, second)
    raise Invalid(f"`{written}` is not a date; write it YYYY-MM-DD, e.g. 2026-11-23 (or `23 November 2026`)")


# Languages postings on this board are written in besides English; their month names come from CLDR (babel).
_DATE_LANGUAGES = ("de", "es", "fr", "pt", "it", "nl")


def _month_in_other_languages(word: str) -> int | None:
    """The month a name in another language means (`März`, `marzo`, `août`), from CLDR; babel loads only here."""
    from babel.dates import get_month_names  # noqa: PLC0415  (English dates, nearly all, never need it)

    for language in _DATE_LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, language).items():
                    if name.lower().rstrip(".") == word:
                        return int(number)
    return None


def _real(written: str, year: int, month: int, day: int) -> dt.date:
    """The date, if the calendar has it."""
    try:
        return dt.date(year, month, day)
    except ValueError as problem:
        raise Invalid(f"`{written}` is not a real date ({problem})") from None


def _spelled(year: int, month: int, day: int) -> str:
    """`1 February 2027` (in English, whatever the machine's locale)."""
    return f"{day} {_MONTH_NAMES[month - 1]} {year}"


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")  # fmt: skip


def deadline(value: Any) -> Deadline:
    """A date, with the time applications close and its zone if the posting gives one (`2027-01-14 17:00
    Europe/London`, `14 January 2027, 5pm ET`); or `rolling` for a role open until filled. A time without a
    zone is kept for the posting's place to settle (content/posting.py)."""
    if isinstance(value, str) and value.strip().lower() in ("rolling", "open until filled"):
        return Deadline(None)
    timed = _TIMED.match(" ".join(value.split())) if isinstance(value, str) else None
    try:
        if timed is None:
            return Deadline(date(value))
        day = date(timed["date"])
    except Invalid as problem:
        raise Invalid(f"{problem}, or `rolling` for a role open until filled") from None
    return Deadline(day, _clock(timed["time"]), *_zone(timed["zone"]))


# `<date>[,] [at] <time> [zone]`: a time has a colon, am/pm, or is a word; the zone is what follows.
_TIMED = re.compile(r"^(?P<date>.+?)[,\s]+(?:at\s+|um\s+)?(?P<time>\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
                    r"|\d{1,2}(?=\s*(?:uhr|noon|midday)\b)|noon|midday|midnight)(?:\s*uhr\b)?(?:\s+(?:noon|midday))?"
                    r"\s*(?P<zone>.*)$", re.IGNORECASE)  # `17:00`, `5pm`, `12 noon`, `12 Uhr` fmt: skip
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?m\.?)?$", re.IGNORECASE)
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
# Zone abbreviations people write in postings, and the zone each means. They are not standardised, so only
# those with one meaning are read; the others are refused with their meanings.
_ABBREVIATIONS = MappingProxyType({
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York",
    "ct": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
    "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles", "bst": "Europe/London", "uk": "Europe/London", "cet": "Europe/Berlin",
    "cest": "Europe/Berlin", "mez": "Europe/Berlin", "mesz": "Europe/Berlin", "eat": "Africa/Nairobi", "wat": "Africa/Lagos", "sast": "Africa/Johannesburg",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "utc": "UTC", "gmt": "UTC", "z": "UTC",
})  # fmt: skip
_AMBIGUOUS_ZONES = MappingProxyType({"ist": "India (Asia/Kolkata), Ireland (Europe/Dublin) or Israel (Asia/Jerusalem)",
                                     "cst": "US Central (write CT) or China (Asia/Shanghai)"})  # fmt: skip


def _clock(written: str) -> dt.time:
    """`17:00`, `5pm`, `5.30 p.m.`, `noon`: a time of day (`midnight` is refused: which end of the day?)."""
    word = written.lower()
    if word in ("noon", "midday"):
        return dt.time(12, 0)
    if word == "midnight":
        raise Invalid("`midnight` could be the start or the end of the day; write 23:59 or 00:00")
    found = _CLOCK.match(written)
    hour, minute = (int(found[1]), int(found[2] or 0)) if found else (99, 0)
    if found and found[3]:
        hour = hour % 12 + (12 if found[3].lower() == "p" else 0) if 1 <= hour <= 12 else 99
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise Invalid(f"`{written}` is not a time of day such as 17:00 or 5pm")
    return dt.time(hour, minute)


def _zone(written: str) -> tuple[str | None, str | None]:
    """(an IANA zone or a `+01:00` offset, the zone as written) from what follows a deadline's time; (None, None)
    when nothing does."""
    shown = written.strip(" ()[],")
    token = re.sub(r"\s+time$", "", shown, flags=re.IGNORECASE).strip()
    if not token:
        return None, None
    key = token.lower().replace(".", "")
    if key in _AMBIGUOUS_ZONES:
        raise Invalid(f"`{token}` could be {_AMBIGUOUS_ZONES[key]}; write the zone's name, e.g. `Asia/Kolkata`")
    offset = _OFFSET.match(token)
    if offset:
        sign, hours, minutes = offset[1], int(offset[2]), int(offset[3] or 0)
        if hours > 14 or minutes > 59:
            raise Invalid(f"`{token}` is not a UTC offset such as UTC+1 or -05:00")
        return f"{sign}{hours:02d}:{minutes:02d}", shown
    zone = _ABBREVIATIONS.get(key) or _iana(token)
    if zone is None:
        raise Invalid(f"`{token}` is not a time zone the board knows: write one such as `Europe/London`, `UTC+1`, "
                      "`ET` or `London time`")  # fmt: skip
    return zone, shown


def _iana(token: str) -> str | None:
    """The IANA zone a name (`Europe/London`) or a zone's city (`London`, `New York`) names, if one does."""
    import zoneinfo  # noqa: PLC0415  (only a deadline with a time reads the zone database)

    name = token.replace(" ", "_")
    if "/" in name:
        try:
            zoneinfo.ZoneInfo(name)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            return None
        return name
    cities = [zone for zone in zoneinfo.available_timezones() if zone.rsplit("/", 1)[-1].lower() == name.lower()
              and zone.split("/")[0] in _ZONE_AREAS]  # fmt: skip
    return cities[0] if len(cities) == 1 else None


_ZONE_AREAS = frozenset({"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"})


_THOUSANDS = re.compile(r"^\d{1,3}(?:([, \u00a0\u202f'])\d{3})(?:\1\d{3})*(?:\.\d+)?$")  # 60,000 · 60 000 · 1'000
_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # 60.000: sixty thousand in Germany, sixty elsewhere
_THOUSAND_K = re.compile(r"^(\d+(?:\.\d+)?)\s*k$", re.IGNORECASE)  # 60k


def number(value: Any) -> float:
    """A positive number: `60000`, `60,000`, `60 000` or `60k` (YAML's true/false are not numbers)."""
    if isinstance(value, str):
        value = _amount(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"must be a number, not {_kind(value)} (write 80000, not \"$80K\")")
    if not 0 < value < 1e12:
        raise Invalid(f"must be a positive amount, not {value}")
    return float(value)


def _amount(written: str) -> float | str:
    """An amount written as text, as a number; the text itself if it is none (so the caller names its kind)."""
    plain = written.strip()
    if _DOTTED_THOUSANDS.match(plain):
        whole = plain.replace(".", "")
        raise Invalid(f"`{plain}` could be {whole} or {plain}; write the amount without separators, e.g. {whole}")
    if _THOUSANDS.match(plain):
        return float(re.sub(r"[, \u00a0\u202f']", "", plain))
    k = _THOUSAND_K.match(plain)
    if k:
        return float(k[1]) * 1000
    try:
        return float(plain) if re.fullmatch(r"\d+(?:\.\d+)?", plain) else written
    except ValueError:
        return written


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


# content/places.py is imported where a place is first read, not with this module: a rebuild that parses
# nothing (or `serve` between saves) never reads its ISO tables (~10 ms).
def place(value: Any, hint: frozenset[str] = frozenset()) -> Place:
    """A place or remote phrase as people write it (content/places.py), in a posting pointing to `hint`'s countries."""
    from site_builder.content import places

    return places.read(text(value), hint)


def region(value: Any) -> tuple[str, ...]:
    """The countries a remote applicant may live in: a country in any form, or a group (`EU`, `Africa`)."""
    from site_builder.content import places

    return places.read_region(text(value))


def countries_of_currency(code: str) -> frozenset[str]:
    """The countries a currency points to: ISO 4217 codes begin with their country's ISO 3166 code (USD, GBP,
    KES), and the euro's are the EU's members."""
    if code == "EUR":
        from site_builder.content import places

        return frozenset(places.read_region("EU"))
    return frozenset({code[:2]}) if code[:2] in COUNTRIES else frozenset()


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


_NUMBER_WORDS = MappingProxyType({word: n for n, word in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"), start=1)})
_UNIT_WEEKS = MappingProxyType({"week": 1.0, "month": 52 / 12, "year": 52.0})
_SPAN = re.compile(r"^(?:about |around |up to )?(\d+(?:\.\d+)?|[a-z]+)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?|[a-z]+))?"
                   r"[\s-]*(week|month|year|wk|mo|yr)s?$")  # fmt: skip


def span(value: Any) -> Span:
    """How long a contract runs: `12 months`, `10-12 weeks`, `two years`, `6-month`, `3 years 3 months`, or a
    choice (`3, 6 or 12 months`: from the shortest to the longest)."""
    label = text(value, limit=40)
    written = label.lower()
    choice = _SPAN_CHOICE.match(written)
    if choice:  # `3, 6 or 12 months` → 3-12 months
        numbers = [_count(n) for n in re.split(r"\s*(?:,|\bor\b|\band\b)\s*", choice[1]) if n]
        written = f"{min(numbers)}-{max(numbers)} {choice[2]}" if None not in numbers and numbers else written  # type: ignore[type-var]
    parts = _SPAN_PARTS.findall(written)
    if len(parts) == 2 and _SPAN_PARTS.sub("", written).strip(" ,and") == "":  # `3 years 3 months`
        weeks = sum(_span_weeks(part) for part in parts)
        return Span(label, weeks, weeks)
    found = _SPAN.match(written)
    if found:
        low, high = _count(found[1]), _count(found[2] or found[1])
        unit = {"wk": "week", "mo": "month", "yr": "year"}.get(found[3], found[3])
        if low is not None and high is not None and 0 < low <= high <= 600:
            return Span(label, low * _UNIT_WEEKS[unit], high * _UNIT_WEEKS[unit])
    raise Invalid(f"`{label}` is not a length such as `12 months`, `10-12 weeks` or `2 years`")


_SPAN_CHOICE = re.compile(r"^((?:\w+\s*,\s*)*\w+\s+or\s+\w+)\s+(weeks?|months?|years?)$")
_SPAN_PARTS = re.compile(r"(\d+|[a-z]+)\s*(week|month|year)s?")


def _span_weeks(part: tuple[str, str]) -> float:
    """One `3 months` part of a length, in weeks."""
    count = _count(part[0])
    if count is None or not 0 < count <= 600:
        raise Invalid(f"`{part[0]}` is not a number of {part[1]}s")
    return count * _UNIT_WEEKS[part[1]]


def _count(word: str) -> float | None:
    """`12` or `twelve` as a number."""
    return float(word) if word[0].isdigit() else _NUMBER_WORDS.get(word)


def start(value: Any) -> dt.date | str:
    """When the role starts: a date (`2027-02-01`, `1 February 2027`), or words (`as soon as possible`,
    `early February 2027`)."""
    if isinstance(value, (dt.date, int)):
        return date(value)
    words = text(value, limit=60)
    try:
        return date(words)
    except Invalid:
        return words


def shares(value: Any) -> tuple[float, float]:
    """A fraction of full time or a range of them (`0.6`, `60%`, `3/5`, `0.75-1`, `75-100%`): lowest and highest."""
    if isinstance(value, str):
        ranged = re.fullmatch(r"\s*([\d.]+)\s*(%?)\s*[-–]\s*([\d.]+)\s*(%?)\s*", value)
        if ranged:
            scale = 100 if ranged[2] or ranged[4] else 1
            try:
                low, high = float(ranged[1]) / scale, float(ranged[3]) / scale
            except ValueError:
                low = high = 0.0
            if 0 < low < high <= 1:
                return low, high
            raise Invalid(f"`{value}` is not a range of fractions of full time, e.g. `0.75-1` or `75-100%`")
    share = fraction(value)
    return share, share


def fraction(value: Any) -> float:
    """A fraction of full time, above 0 and below 1: `0.6`, `60%`, `3/5`."""
    if isinstance(value, str):
        written = value.strip()
        share = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", written)
        ratio = re.fullmatch(r"(\d+)\s*/\s*(\d+)", written)
        value = float(share[1]) / 100 if share else int(ratio[1]) / int(ratio[2]) if ratio and int(ratio[2]) else value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise Invalid(f"`{value}` is not a fraction of full time between 0 and 1, e.g. `0.6` or `60%`")
    return float(value)


def yes_no(value: Any) -> bool:
    """true or false (`yes` and `no` too, as `jobboard new` is answered)."""
    if isinstance(value, str) and value.strip().lower() in ("yes", "y", "no", "n"):
        return value.strip().lower().startswith("y")
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, not {_kind(value)}")
    return value
