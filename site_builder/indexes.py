"""Group open roles for the index pages: by location, salary band, tag, organization and type."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from site_builder.display import EMPLOYMENT, money
from site_builder.model import EMPLOYMENT_TYPES, Posting


@dataclass(frozen=True)
class Group:
    """One page of an index: a label, its URL slug, and its roles."""

    slug: str
    label: str
    postings: tuple[Posting, ...]


@dataclass(frozen=True)
class Index:
    """A family of groups with a landing page, e.g. every location."""

    slug: str
    title: str
    noun: str
    groups: tuple[Group, ...]


@functools.lru_cache(maxsize=65536)  # a board has a few hundred distinct labels, slugged thousands of times
def slugify(label: str) -> str:
    """An ASCII URL segment; labels with no ASCII letters get a short stable hash."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or "g-" + hashlib.sha256(label.encode()).hexdigest()[:10]


def group_by(postings: Iterable[Posting], keys: Callable[[Posting], list[tuple[str, str]]]) -> dict[str, Group]:
    """Group postings under each (slug, label) their `keys` gives, keeping posting order."""
    labels: dict[str, str] = {}
    members: dict[str, list[Posting]] = {}
    for posting in postings:
        pairs = keys(posting)
        for slug, label in dict(pairs).items() if len(pairs) > 1 else pairs:  # a role counts once per group
            if slug in members:
                members[slug].append(posting)
            else:
                labels[slug], members[slug] = label, [posting]
    return {slug: Group(slug, labels[slug], tuple(members[slug])) for slug in labels}


def _alphabetical(groups: dict[str, Group], first: tuple[str, ...] = ()) -> tuple[Group, ...]:
    """Groups sorted by label, with the slugs in `first` leading."""
    ordered = sorted(groups.values(), key=lambda g: (g.slug not in first, g.label.casefold(), g.slug))
    return tuple(ordered)


def by_location(postings: list[Posting]) -> Index:
    """Each place named by an open role, plus Remote for roles with no office to attend."""

    def keys(p: Posting) -> list[tuple[str, str]]:
        places = [(slugify(loc.label), loc.label) for loc in p.places]
        return [("remote", "Remote")] * p.fully_remote + places

    return Index("locations", "Roles by location", "location", _alphabetical(group_by(postings, keys), ("remote",)))


def by_tag(postings: list[Posting]) -> Index:
    """Each topic tag."""
    groups = group_by(postings, lambda p: [(slugify(t), t) for t in p.tags])
    return Index("tags", "Roles by topic", "topic", _alphabetical(groups))


def by_organization(postings: list[Posting]) -> Index:
    """Each hiring organization."""
    groups = group_by(postings, lambda p: [(slugify(p.organization), p.organization)])
    return Index("organizations", "Roles by organization", "organization", _alphabetical(groups))


def by_employment_type(postings: list[Posting]) -> Index:
    """Full-time, part-time, contract and the rest, in that order."""
    groups = group_by(postings, lambda p: [(p.employment_type, EMPLOYMENT[p.employment_type])])
    ordered = tuple(groups[t] for t in EMPLOYMENT_TYPES if t in groups)
    return Index("types", "Roles by employment type", "employment type", ordered)


@dataclass(frozen=True)
class Band:
    """A salary band on the annual equivalent: low ≤ pay < high (high None: no ceiling)."""

    low: int
    high: int | None
    currency: str

    @property
    def slug(self) -> str:
        """`under-40000`, `40000-60000`, `100000-plus`."""
        if self.low == 0:
            return f"under-{self.high}"
        return f"{self.low}-{self.high}" if self.high else f"{self.low}-plus"

    @property
    def label(self) -> str:
        """`Under $40,000`, `$40,000 to $60,000`, `$100,000 and over` (a year)."""
        if self.low == 0:
            return f"Under {money(self.high or 0, self.currency)} a year"
        if self.high is None:
            return f"{money(self.low, self.currency)} and over a year"
        return f"{money(self.low, self.currency)} to {money(self.high, self.currency)} a year"

    def holds(self, posting: Posting) -> bool:
        """Whether the role's annual pay range reaches into this band."""
        s = posting.salary
        return s is not None and s.currency == self.currency and self.reaches(s.annual_min, s.annual_max)

    def reaches(self, annual_min: float, annual_max: float) -> bool:
        """Whether a yearly pay range in this band's currency reaches into it."""
        return annual_max >= self.low and (self.high is None or annual_min < self.high)


def bands(edges: tuple[int, ...], currency: str) -> tuple[Band, ...]:
    """Bands between consecutive edges, with one below the first and one above the last."""
    bounds = (0, *edges)
    return tuple(Band(low, high, currency) for low, high in zip(bounds, (*edges, None), strict=True))


def by_salary(postings: list[Posting], edges: tuple[int, ...], currency: str) -> Index:
    """Salary bands compared on annual equivalents, then roles in other currencies and unlisted pay."""

    def keys(p: Posting) -> list[tuple[str, str]]:
        if p.salary is None:
            return [("not-listed", "Salary not listed")]
        if p.salary.currency != currency:
            return [("other-currencies", f"Paid in currencies other than {currency}")]
        low, high = p.salary.annual_min, p.salary.annual_max  # computed once, not once per band
        return [(slug, label) for band, slug, label in named if band.reaches(low, high)]

    all_bands = bands(edges, currency)
    named = [(band, band.slug, band.label) for band in all_bands]  # labels format money: once, not per role
    groups = group_by(postings, keys)
    order = [b.slug for b in all_bands] + ["other-currencies", "not-listed"]
    return Index("salaries", "Roles by salary", "salary band", tuple(groups[s] for s in order if s in groups))
