"""The board's typed, frozen model: what a posting is once it has been validated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import overload


@dataclass(frozen=True)
class Term:
    """One word of a vocabulary: how readers see it, schema.org's word for it (if it has one), and other ways
    posters write it (case, spaces and hyphens never matter: `Full time` is `full-time`)."""

    label: str
    schema_org: str = ""
    also: tuple[str, ...] = ()


# Each vocabulary once, in the order readers see it: value as written in a posting → its Term.
WORKPLACES = MappingProxyType({
    "remote": Term("Remote", also=("fully remote", "remote first", "work from home", "wfh")),
    "hybrid": Term("Hybrid", also=("partly remote", "partially remote", "flexible")),
    "onsite": Term("On-site", also=("in office", "in person", "office based", "office")),
})  # fmt: skip
EMPLOYMENT_TYPES = MappingProxyType({
    "full-time": Term("Full-time", "FULL_TIME", ("ft",)),
    "part-time": Term("Part-time", "PART_TIME", ("pt",)),
    "permanent": Term("Permanent", "", ("permanent contract", "open ended", "open-ended contract")),
    "fixed-term": Term("Fixed-term", "TEMPORARY", ("fixed term contract", "fixed-term contract", "fixed contract")),
    "contract": Term("Contract", "CONTRACTOR", ("contractor", "freelance", "consultant", "consultancy")),
    "temporary": Term("Temporary", "TEMPORARY", ("temp",)),
    "fellowship": Term("Fellowship", "OTHER", ("fellow",)),
    "apprenticeship": Term("Apprenticeship", "OTHER", ("apprentice",)),
    "internship": Term("Internship", "INTERN", ("intern",)),
    "volunteer": Term("Volunteer", "VOLUNTEER", ("volunteering",)),
})  # fmt: skip
PERIODS = MappingProxyType({
    "hour": Term("hour", also=("hourly", "per hour", "an hour", "hr")),
    "day": Term("day", also=("daily", "per day", "a day")),
    "week": Term("week", also=("weekly", "per week", "a week")),
    "month": Term("month", also=("monthly", "per month", "a month")),
    "year": Term("year", also=("yearly", "annual", "annually", "per annum", "pa", "per year", "a year")),
})  # fmt: skip
WEEKS_PER_YEAR = 52
DAYS_PER_WEEK = 5


@dataclass(frozen=True)
class Reading:
    """The board's settings that change what a posting means, so a posting is read with them (and the cache of
    read postings is keyed by them)."""

    default_hours: float = 40.0  # weekly hours assumed behind hourly pay where the posting gives none
    max_open_days: int | None = 60  # a role open until filled closes this many days after `posted` or `confirmed`


@dataclass(frozen=True)
class Hours:
    """Hours per week, a single figure (low == high) or a range."""

    low: float
    high: float


@dataclass(frozen=True)
class Span:
    """How long a contract runs, as written (`12 months`, `10-12 weeks`), and the same in weeks."""

    label: str
    low_weeks: float
    high_weeks: float


PAY_KINDS = MappingProxyType({
    "salary": Term("Salary", also=("wage", "wages", "pay", "paid")),
    "stipend": Term("Stipend"),
    "honorarium": Term("Honorarium", also=("fee",)),
})  # fmt: skip


@dataclass(frozen=True)
class PayBand:
    """The pay in one place, where it differs by place (`New York, NY`: $90,000-$110,000), as stated."""

    where: str
    min: float
    max: float | None


@dataclass(frozen=True)
class Salary:
    """Pay as the posting states it, plus the weekly hours used to annualise hourly pay."""

    min: float
    max: float | None
    currency: str
    period: str
    hours: Hours  # the posting's hours, or the board's default when `hours_assumed`
    hours_assumed: bool  # only ever true for hourly pay: the only pay whose yearly figure depends on hours
    kind: str = "salary"  # a PAY_KINDS value
    fte: float | None = None  # the amounts are full-time ones and the role is this fraction of full time
    fte_max: float | None = None  # the largest fraction, where the posting gives a range (`0.75-1`)
    extras: str | None = None  # what comes on top, as the posting says it (`plus 8% pension`)
    net: bool = False  # the amounts are after tax
    ongoing: bool = True  # no end within a year is known, so a yearly figure is one the role may pay
    weeks: tuple[float, float] | None = None  # how long the contract runs, where it is known to be under a year
    bands: tuple[PayBand, ...] = ()  # the pay in each place, where it differs by place (min and max span them all)

    def _per_year(self, amount: float, hours: float, upper: bool = False) -> float:
        """Convert one amount in this salary's period to a year's worth."""
        factor = {
            "hour": hours * WEEKS_PER_YEAR,
            "day": DAYS_PER_WEEK * WEEKS_PER_YEAR,
            "week": WEEKS_PER_YEAR,
            "month": 12,
            "year": 1,
        }[self.period]
        return round(amount * factor * self.share(upper), 2)

    @property
    def annual_min(self) -> float:
        """The lowest yearly pay (pro rata where the amounts are full-time ones): the minimum rate at the
        fewest hours."""
        return self._per_year(self.min, self.hours.low)

    @property
    def annual_max(self) -> float:
        """The highest yearly pay: the maximum (or only) rate at the most hours."""
        return self._per_year(self.max if self.max is not None else self.min, self.hours.high, upper=True)

    @property
    def yearly(self) -> bool:
        """Whether a yearly figure says something true: the role goes on for a year or more."""
        return self.ongoing

    def share(self, upper: bool = False) -> float:
        """The fraction of full time the amounts are paid at: 1, or the smallest (or, `upper`, largest) FTE."""
        return (self.fte_max if upper and self.fte_max else self.fte) or 1

    @overload
    def actual(self, amount: float, upper: bool = False) -> float: ...

    @overload
    def actual(self, amount: None, upper: bool = False) -> None: ...

    def actual(self, amount: float | None, upper: bool = False) -> float | None:
        """An amount as the role pays it: pro rata where the posting gives full-time amounts (`upper`: at the
        largest fraction, for the top of the range)."""
        return None if amount is None else round(amount * self.share(upper), 2)

    def paid(self) -> tuple[float, float | None]:
        """The range the role pays: its lowest and highest amounts as paid (None: only a lowest is given; one
        amount at a range of FTE is a range)."""
        top = self.max if self.max is not None or not self.fte_max else self.min
        return self.actual(self.min), self.actual(top, upper=True)


@dataclass(frozen=True)
class Unstated:
    """Pay the posting names without an amount: `unpaid`, or a stipend or salary whose amount is not given."""

    kind: str  # `unpaid` or a PAY_KINDS value
    extras: str | None = None  # what comes with it, as the posting says it (`plus 17% superannuation`)


@dataclass(frozen=True)
class Location:
    """A place as written (`Bakersfield, CA, US`), split for structured data; or Remote."""

    label: str  # for readers, every name in full: `Philadelphia, PA, United States`, `Remote (EU)`
    locality: str | None = None
    region: str | None = None
    country: str | None = None
    # In codes, the same however it was written (`Philadelphia, PA, US`): it names the place's page. Not compared:
    # the label already says the same in full.
    key: str = field(default="", compare=False)

    @property
    def remote(self) -> bool:
        """Whether this entry is the word Remote rather than a place."""
        return self.country is None


def zone_info(zone: str) -> dt.tzinfo:
    """The tzinfo of an IANA zone name or a `+01:00` offset (both checked when the posting was read)."""
    if zone[:1] in "+-":
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        offset = dt.timedelta(hours=hours, minutes=minutes)
        return dt.timezone(offset if zone[0] == "+" else -offset)
    from zoneinfo import ZoneInfo  # noqa: PLC0415  (only a deadline with a time needs the zone database)

    return ZoneInfo(zone)


@dataclass(frozen=True)
class Deadline:
    """The last day to apply, or None for a role open until filled (rolling); and, where the posting gives one,
    the time on that day applications close, in its time zone."""

    date: dt.date | None
    time: dt.time | None = None
    zone: str | None = None  # an IANA zone (`Europe/London`) or a UTC offset (`+01:00`), whenever `time` is given
    zone_shown: str | None = None  # the zone as the posting wrote it (`ET`, `London time`), for readers
    # For a role open until filled, the last day it is listed: `max_open_days` after `posted` or `confirmed`
    # (None where the board sets no limit). Roles people forget to take down must not draw applicants for ever.
    expires: dt.date | None = None

    @property
    def moment(self) -> dt.datetime | None:
        """When applications close, as an aware datetime; None without a time."""
        if self.date is None or self.time is None or self.zone is None:
            return None
        return dt.datetime.combine(self.date, self.time, tzinfo=zone_info(self.zone))

    @property
    def rolling(self) -> bool:
        """Whether the role is open until filled."""
        return self.date is None

    @property
    def last_day(self) -> dt.date | None:
        """The last day the role is listed: its deadline, or the day an open-until-filled listing expires."""
        return self.date or self.expires

    def is_closed(self, today: dt.date) -> bool:
        """Applications close at the end of the deadline day; a listing open until filled, at the end of its last."""
        last = self.last_day
        return last is not None and today > last

    def days_left(self, today: dt.date) -> int | None:
        """Whole days from today to the deadline (0 on the day itself)."""
        return None if self.date is None else (self.date - today).days


@dataclass(frozen=True)
class Posting:
    """One role, validated; the file name is its slug and its URL."""

    slug: str
    source: str
    title: str
    organization: str
    organization_url: str | None
    locations: tuple[Location, ...]
    workplace: str
    remote_regions: tuple[str, ...]
    employment_types: tuple[str, ...]  # one or more, e.g. part-time and fixed-term
    hours: Hours | None
    salary: Salary | Unstated | None  # None: the posting says nothing of pay
    posted: dt.date
    deadline: Deadline
    apply_url: str | None
    apply_email: str | None
    tags: tuple[str, ...]
    body_html: str
    summary: str
    extra: tuple[tuple[str, object], ...] = ()  # declared fields the model has no attribute for: (key, value)

    @property
    def page(self) -> str:
        """The role page's path in the site, `roles/<slug>/` (the one place the role URL is decided)."""
        return f"roles/{self.slug}/"

    def is_open(self, today: dt.date) -> bool:
        """Open roles are listed and fed; closed ones keep only their page."""
        return not self.deadline.is_closed(today)

    @property
    def places(self) -> tuple[Location, ...]:
        """The real places (not the word Remote) this role is tied to."""
        return tuple(loc for loc in self.locations if not loc.remote)

    @property
    def fully_remote(self) -> bool:
        """Remote work with no office to attend."""
        return self.workplace == "remote"
