"""Group open roles for the index pages: by location, salary band, tag, organization and type."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

from site_builder.content.model import EMPLOYMENT_TYPES, Posting, Salary, Unstated
from site_builder.site.display import employment, money


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


def slugify(label: str) -> str:
    """An ASCII URL segment that names one label: letters and digits lowercased, accents dropped, `+ # & @`
    spelled out (so `C++` is not `C`), anything else a hyphen. Labels that differ only in case, accents or
    punctuation share one (they name one thing); a label whose letters ASCII cannot hold (`日本`, `ai-日本`),
    or too long to keep whole, gets a short stable hash, so it never shares another's."""
    lowered = label.lower()
    folded = lowered if lowered.isascii() else _fold(lowered)
    slug = _NOT_SLUG.sub("-", folded.translate(_SPOKEN)).strip("-")
    if not slug or len(slug) > 60 or (not lowered.isascii() and _loses_letters(lowered)):
        tail = hashlib.sha256(unicodedata.normalize("NFC", lowered).encode()).hexdigest()[:10]
        slug = f"{slug[:48].strip('-') or 'g'}-{tail}"
    return slug


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SPOKEN = MappingProxyType(str.maketrans({"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "}))


def _fold(text: str) -> str:
    """Text with its accents dropped, as ASCII (letters with no ASCII form are dropped too)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _loses_letters(text: str) -> bool:
    """Whether dropping accents loses a letter or digit (a script ASCII cannot spell, or `ß`, `ø`)."""
    base = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return any(ch.isalnum() and not ch.isascii() for ch in base)


class Slugs(dict[str, str]):
    """Labels' slugs, each worked out once (~1 µs each): a board has a few hundred distinct labels, slugged
    thousands of times. Owned by one plan or one build's templates, so it goes with them."""

    def __missing__(self, label: str) -> str:
        slug = self[label] = slugify(label)
        return slug


Keys = Callable[[Posting], list[tuple[str, str]]]  # the (slug, label) of each group a role belongs in


def group_by(postings: Iterable[Posting], keys: Keys) -> dict[str, Group]:
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


@dataclass(frozen=True)
class Kind:
    """One way of grouping roles: its names, the groups each role belongs in, and the order of the groups."""

    slug: str
    title: str
    noun: str
    keys: Keys
    order: Callable[[dict[str, Group]], tuple[Group, ...]]

    def index(self, postings: Iterable[Posting]) -> Index:
        """The index of these roles."""
        return Index(self.slug, self.title, self.noun, self.order(group_by(postings, self.keys)))


def kinds(edges: tuple[int, ...], currency: str) -> list[Kind]:
    """Every index of the site, in the order the navigation shows them."""
    slug = Slugs().__getitem__  # one memo for the plan these kinds group
    places, topics, employers = (partial(keys, slug=slug) for keys in (location_keys, tag_keys, organization_keys))
    return [
        Kind("locations", "Roles by location", "location", places, partial(_alphabetical, first=("remote",))),
        Kind("salaries", "Roles by salary", "salary band", salary_keys(edges, currency), _in_order(salary_order(edges, currency))),
        Kind("tags", "Roles by topic", "topic", topics, _alphabetical),
        Kind("organizations", "Roles by organization", "organization", employers, _alphabetical),
        Kind("types", "Roles by employment type", "employment type", type_keys, _in_order(tuple(EMPLOYMENT_TYPES))),
    ]  # fmt: skip


def _alphabetical(groups: dict[str, Group], first: tuple[str, ...] = ()) -> tuple[Group, ...]:
    """Groups sorted by label, with the slugs in `first` leading."""
    ordered = sorted(groups.values(), key=lambda g: (g.slug not in first, g.label.casefold(), g.slug))
    return tuple(ordered)


def by_country(groups: Sequence[Group]) -> list[tuple[str, list[tuple[str, Group]]]]:
    """Location groups under the country each is in (the last part of its label, which names the country in
    full), Remote first and then countries A to Z; each place shown without its country, the country itself
    (a role anywhere in it) first."""
    sections: dict[str, list[tuple[str, Group]]] = {}
    for group in groups:
        country = "Remote" if group.slug == "remote" else group.label.rsplit(", ", 1)[-1]
        if group.slug == "remote":
            place = "Fully remote roles"
        else:
            place = group.label.removesuffix(f", {country}") if group.label != country else f"Anywhere in {country}"
        sections.setdefault(country, []).append((place, group))
    order = sorted(sections, key=lambda country: (country != "Remote", country.casefold()))
    return [(country, sorted(sections[country], key=lambda item: (not item[0].startswith("Anywhere in "),
                                                                   item[0].casefold()))) for country in order]  # fmt: skip


def _in_order(slugs: Sequence[str]) -> Callable[[dict[str, Group]], tuple[Group, ...]]:
    """An order that lists groups as `slugs` does (each only if it has roles)."""
    return lambda groups: tuple(groups[slug] for slug in slugs if slug in groups)


def location_keys(p: Posting, slug: Callable[[str], str] = slugify) -> list[tuple[str, str]]:
    """Each place named by a role, plus Remote for roles with no office to attend."""
    places = [(slug(loc.key or loc.label), loc.label) for loc in p.places]  # the key: one page however it is written
    return [("remote", "Remote")] * p.fully_remote + places


def tag_keys(p: Posting, slug: Callable[[str], str] = slugify) -> list[tuple[str, str]]:
    """Each topic tag."""
    return [(slug(t), t) for t in p.tags]


def organization_keys(p: Posting, slug: Callable[[str], str] = slugify) -> list[tuple[str, str]]:
    """The hiring organization."""
    return [(slug(p.organization), p.organization)]


def type_keys(p: Posting) -> list[tuple[str, str]]:
    """Full-time, part-time, contract and the rest."""
    return [(each, employment(each)) for each in p.employment_types]


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
        return isinstance(s, Salary) and s.yearly and s.currency == self.currency and self.reaches(s.annual_min, s.annual_max)

    def reaches(self, annual_min: float, annual_max: float) -> bool:
        """Whether a yearly pay range in this band's currency reaches into it."""
        return annual_max >= self.low and (self.high is None or annual_min < self.high)


def bands(edges: tuple[int, ...], currency: str) -> tuple[Band, ...]:
    """Bands between consecutive edges, with one below the first and one above the last."""
    bounds = (0, *edges)
    return tuple(Band(low, high, currency) for low, high in zip(bounds, (*edges, None), strict=True))


def salary_keys(edges: tuple[int, ...], currency: str) -> Keys:
    """Salary bands compared on annual equivalents, then roles in other currencies and unlisted pay."""
    named = [(band, band.slug, band.label) for band in bands(edges, currency)]  # labels format money: once

    def keys(p: Posting) -> list[tuple[str, str]]:
        if p.salary is None or (isinstance(p.salary, Unstated) and p.salary.kind != "unpaid"):
            return [("not-listed", "Salary not listed")]
        if isinstance(p.salary, Unstated):
            return [("unpaid", "Unpaid")]
        if not p.salary.yearly:
            return [("short-term", "Contracts under a year")]
        if p.salary.currency != currency:
            return [("other-currencies", f"Paid in currencies other than {currency}")]
        low, high = p.salary.annual_min, p.salary.annual_max  # computed once, not once per band
        return [(slug, label) for band, slug, label in named if band.reaches(low, high)]

    return keys


def salary_order(edges: tuple[int, ...], currency: str) -> list[str]:
    """The bands from lowest, then other currencies, then unlisted pay."""
    return [band.slug for band in bands(edges, currency)] + ["other-currencies", "short-term", "unpaid", "not-listed"]
