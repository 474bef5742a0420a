"""iCalendar (RFC 5545) of open roles' deadlines: one all-day event on each role's last day to apply."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from site_builder.config import Config
from site_builder.content.model import Posting
from site_builder.site.exports import Memo, direct

MAX_OCTETS = 75


def escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    if len(line) * 4 <= MAX_OCTETS or len(line.encode("utf-8")) <= MAX_OCTETS:
        return line  # most lines: no folding, and no per-character walk
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = 1 if char < "\x80" else len(char.encode("utf-8"))
        if size + width > (MAX_OCTETS if not parts else MAX_OCTETS - 1):  # continuation lines start with a space
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _event(config: Config, p: Posting, stamp: str, host: str) -> list[str]:
    """One VEVENT for a role with a deadline."""
    assert p.deadline.date is not None
    url = config.absolute(p.page)
    day, moment = p.deadline.date, p.deadline.moment
    # An all-day event on the last day; or, where the posting gives the time, an event at that instant (UTC).
    when = [f"DTSTART:{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"] if moment else [
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}"]  # fmt: skip
    return [
        "BEGIN:VEVENT",
        f"UID:{p.slug}-deadline@{host}",
        f"DTSTAMP:{stamp}",
        *when,
        f"SUMMARY:{escape(f'Deadline: {p.title} at {p.organization}')}",
        f"DESCRIPTION:{escape(f'Last day to apply for {p.title} at {p.organization}. {url}')}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def deadlines_calendar(config: Config, postings: list[Posting], today: dt.date, memo: Memo = direct) -> bytes:
    """The calendar file; DTSTAMP is the build date so rebuilds are byte-identical."""
    host = urlsplit(config.site_url).hostname or "localhost"
    stamp = f"{today:%Y%m%d}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//jobboard//{escape(config.title)}//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(config.title + ': application deadlines')}"]  # fmt: skip
    def event(posting: Posting) -> str:
        return "".join(fold(line) + "\r\n" for line in _event(config, posting, stamp, host))

    dated = sorted((p for p in postings if p.deadline.date), key=lambda p: (p.deadline.date, p.slug))
    head = "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
    return b"".join([head, *memo(dated, "ics", event), b"END:VCALENDAR\r\n"])
