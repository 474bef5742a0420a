"""The plan of the site: open and closed roles in the board's one order, and the open ones grouped into indexes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from site_builder.config import Config
from site_builder.content.model import Posting
from site_builder.site import indexes as ix


@dataclass(frozen=True)
class Plan:
    """Everything the pages are made from, worked out once before rendering starts."""

    config: Config
    today: dt.date
    postings: list[Posting]
    open_roles: list[Posting]
    closed_roles: list[Posting]
    indexes: list[ix.Index]


def order(posting: Posting) -> tuple[int, str]:
    """Where a role goes in every list: most recently posted first, slug breaking ties (the one sort order)."""
    return -posting.posted.toordinal(), posting.slug


def newest_first(postings: list[Posting]) -> list[Posting]:
    """Roles in the board's order."""
    return sorted(postings, key=order)


def make_plan(config: Config, postings: list[Posting], today: dt.date) -> Plan:
    """Split open from closed roles, each newest first, and group the open ones into the board's indexes."""
    open_roles = newest_first([p for p in postings if p.is_open(today)])
    closed_roles = newest_first([p for p in postings if not p.is_open(today)])
    kinds = ix.kinds(config.salary_bands, config.salary_currency)
    return Plan(config, today, postings, open_roles, closed_roles, [kind.index(open_roles) for kind in kinds])


def placement(posting: Posting, kinds: list[ix.Kind], today: dt.date) -> object:
    """Everything that decides where a role goes in a plan: open or not, its place in the order, its groups."""
    return posting.is_open(today), order(posting), [kind.keys(posting) for kind in kinds]


T = TypeVar("T")
PER_PAGE = 50  # roles a list page shows: the archive and each index's group pages are split into pages of this many


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list is, and its neighbours: `number` of `count`, in the list's `folder`."""

    folder: str
    number: int
    count: int

    def path(self, number: int) -> str:
        """The site path of a page of this list: its folder for the first, `page/<n>/` under it for the rest
        (the one place that URL rule is written)."""
        return self.folder if number == 1 else f"{self.folder}page/{number}/"


def paged(folder: str, items: list[T]) -> list[tuple[Pager, list[T]]]:
    """A list of roles (or of what stands for each) in pages of PER_PAGE (one page, perhaps empty, for a short
    list)."""
    count = max(1, -(-len(items) // PER_PAGE))
    return [(Pager(folder, n, count), items[(n - 1) * PER_PAGE : n * PER_PAGE]) for n in range(1, count + 1)]
