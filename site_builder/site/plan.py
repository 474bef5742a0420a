"""The plan of the site: open and closed roles in order, and the open ones grouped into indexes.

Sorting and grouping 10,000 roles takes ~0.15 s, most of a small rebuild. So each plan also leaves
a `Layout` (where each role sat, by position) and the next plan reuses it when the same files are
there and every edited role still sorts and groups exactly as before: a typo fixed in a
description moves nothing. Anything else (a new file, a changed date, tag or pay, another day or
other settings) lays the roles out from scratch.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from site_builder.config import Config
from site_builder.content.model import Posting
from site_builder.site import indexes as ix

MAX_MOVED = 64  # edited roles checked one by one against the layout; past that, laying out afresh is as quick


class Memory(Protocol):
    """What the last build left that this one may reuse. The site asks through this alone and never sees
    how or where any of it is kept (the build's cache answers: build/cache.Recall)."""

    def whole(self, posting: Posting, key: str) -> Posting:
        """The posting with its description (which may be kept apart until a page shows it)."""
        ...

    def last(self, name: str) -> object | None:
        """The last build's site-wide result of this name (its `layout`, its `search` index), if any."""
        ...

    def earlier(self, key: str) -> Posting | None:
        """The posting a file with this content key was read into last time, if it is remembered."""
        ...


@dataclass(frozen=True)
class Recollection:
    """A Memory of given results and postings (a plan made without a cache remembers nothing)."""

    results: Mapping[str, object] = field(default_factory=dict)
    postings: Mapping[str, Posting] = field(default_factory=dict)

    def whole(self, posting: Posting, key: str) -> Posting:
        """The posting as it is: nothing is kept apart here."""
        return posting

    def last(self, name: str) -> object | None:
        """A given result."""
        return self.results.get(name)

    def earlier(self, key: str) -> Posting | None:
        """A given posting."""
        return self.postings.get(key)


NO_MEMORY = Recollection()


@dataclass(frozen=True)
class Plan:
    """Everything the pages are made from, worked out once before rendering starts."""

    config: Config
    today: dt.date
    postings: list[Posting]
    open_roles: list[Posting]
    closed_roles: list[Posting]
    indexes: list[ix.Index]
    keys: Mapping[str, str] = field(default_factory=dict)  # each role's file's content key, by slug
    memory: Memory = NO_MEMORY  # what the last build left to reuse
    layout: Layout | None = None  # where this plan put each role, for the next one (None without content keys)


@dataclass(frozen=True)
class Layout:
    """Where a plan put each role, by its position among the postings: enough to lay out the same roles again."""

    made_for: str  # the date and settings the layout holds for
    slugs: tuple[str, ...]  # the postings, in file order
    keys: tuple[str, ...]  # their content keys
    open_roles: array[int]  # positions, newest first
    closed_roles: array[int]
    indexes: tuple[tuple[str, str, str, tuple[tuple[str, str, array[int]], ...]], ...]  # groups' members: open places


def order(posting: Posting) -> tuple[int, str]:
    """Where a role goes in every list: most recently posted first, slug breaking ties (the one sort order)."""
    return -posting.posted.toordinal(), posting.slug


def newest_first(postings: list[Posting]) -> list[Posting]:
    """Roles in the board's order."""
    return sorted(postings, key=order)


def make_plan(config: Config, postings: list[Posting], today: dt.date, keys: Mapping[str, str] | None = None,
              memory: Memory = NO_MEMORY) -> Plan:  # fmt: skip
    """Split open from closed roles and group the open ones, in the last plan's layout if it still holds.

    `memory` holds the last build's layout, and the posting each content key was read into then, so an
    edited role can be checked to sort and group as before."""
    keys = keys or {}
    kinds = ix.kinds(config.salary_bands, config.salary_currency)
    made_for = f"{today.isoformat()} {config!r}"
    last = memory.last("layout")
    last = last if isinstance(last, Layout) else None
    laid = _relaid(last, made_for, postings, keys, kinds, today, memory.earlier) if last else None
    if laid is not None and last is not None:
        layout: Layout | None = replace(last, keys=tuple(keys[p.slug] for p in postings))
    else:
        open_roles = newest_first([p for p in postings if p.is_open(today)])
        closed_roles = newest_first([p for p in postings if not p.is_open(today)])
        laid = open_roles, closed_roles, [kind.index(open_roles) for kind in kinds]
        layout = _layout(made_for, postings, keys, *laid) if keys else None
    return Plan(config, today, postings, *laid, keys, memory, layout)


Laid = tuple[list[Posting], list[Posting], list[ix.Index]]


def _layout(made_for: str, postings: list[Posting], keys: Mapping[str, str], open_roles: list[Posting],
            closed_roles: list[Posting], indexes: list[ix.Index]) -> Layout:  # fmt: skip
    """Record where each role went, by position."""
    place = {p.slug: number for number, p in enumerate(postings)}
    open_place = {p.slug: number for number, p in enumerate(open_roles)}
    return Layout(
        made_for, tuple(place), tuple(keys[slug] for slug in place),
        array("i", [place[p.slug] for p in open_roles]), array("i", [place[p.slug] for p in closed_roles]),
        tuple((index.slug, index.title, index.noun, tuple(
            (group.slug, group.label, array("i", [open_place[p.slug] for p in group.postings])) for group in index.groups))
            for index in indexes),
    )  # fmt: skip


def _relaid(layout: Layout, made_for: str, postings: list[Posting], keys: Mapping[str, str], kinds: list[ix.Kind],
            today: dt.date, earlier: Callable[[str], Posting | None]) -> Laid | None:  # fmt: skip
    """The roles laid out as `layout` says, if it still holds for them; else None."""
    if layout.made_for != made_for or layout.slugs != tuple(p.slug for p in postings):
        return None
    edited = [n for n, (old, p) in enumerate(zip(layout.keys, postings, strict=True)) if old != keys.get(p.slug)]
    if len(edited) > MAX_MOVED:
        return None
    for number in edited:
        old = earlier(layout.keys[number])
        if old is None or _placement(old, kinds, today) != _placement(postings[number], kinds, today):
            return None
    open_roles = list(map(postings.__getitem__, layout.open_roles))
    closed_roles = list(map(postings.__getitem__, layout.closed_roles))
    indexes = [ix.Index(slug, title, noun, tuple(ix.Group(group, label, tuple(map(open_roles.__getitem__, members)))
                                                for group, label, members in groups))
               for slug, title, noun, groups in layout.indexes]  # fmt: skip
    return open_roles, closed_roles, indexes


def _placement(posting: Posting, kinds: Sequence[ix.Kind], today: dt.date) -> object:
    """Everything that decides where a role goes in a plan: open or not, its place in the order, its groups."""
    return posting.is_open(today), order(posting), [kind.keys(posting) for kind in kinds]
