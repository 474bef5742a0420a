"""The build: config → postings → indexes → pages → output, reading like the list of pages the site has.

Rendering is split into independent tasks (role pages, index pages, the search index, the rest).
`render_site` runs them one after another and returns every file (pure: it writes nothing);
`build` runs them on every core, each worker writing its share straight into the staging folder,
so a big board never holds its whole output in memory. Either way the files are the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from site_builder import indexes as ix
from site_builder.config import Config
from site_builder.errors import SiteError
from site_builder.exports import json_feed, roles_json, search_index
from site_builder.ical import deadlines_calendar
from site_builder.jsonld import job_posting, script_json
from site_builder.loader import load_postings
from site_builder.model import Posting
from site_builder.parallel import cores_for, new_pool
from site_builder.render import Fragments, make_environment, pretty, render_page, static_file
from site_builder.writer import staged, write_files

FEED_INDEXES = ("locations", "tags", "types")  # each of their groups gets its own RSS feed
ROLES_PER_TASK = 250
GROUPS_PER_TASK = 100
Files = dict[str, bytes]


@dataclass(frozen=True)
class Plan:
    """Everything the pages are made from, worked out once before rendering starts."""

    config: Config
    today: dt.date
    postings: list[Posting]
    open_roles: list[Posting]
    closed_roles: list[Posting]
    indexes: list[ix.Index]


def newest_first(postings: list[Posting]) -> list[Posting]:
    """Most recently posted first; slug breaks ties so the order is stable."""
    return sorted(sorted(postings, key=lambda p: p.slug), key=lambda p: p.posted, reverse=True)


def site_indexes(config: Config, open_roles: list[Posting]) -> list[ix.Index]:
    """Every index of open roles, in the order the navigation shows them."""
    return [
        ix.by_location(open_roles),
        ix.by_salary(open_roles, config.salary_bands, config.salary_currency),
        ix.by_tag(open_roles),
        ix.by_organization(open_roles),
        ix.by_employment_type(open_roles),
    ]


def make_plan(config: Config, postings: list[Posting], today: dt.date) -> Plan:
    """Split open from closed roles and group the open ones."""
    open_roles = newest_first([p for p in postings if p.is_open(today)])
    closed_roles = newest_first([p for p in postings if not p.is_open(today)])
    return Plan(config, today, postings, open_roles, closed_roles, site_indexes(config, open_roles))


def _pager(plan: Plan) -> Callable[..., bytes]:
    """render_page bound to this plan, with this process's shared cards and feed items (one per plan)."""
    if _PAGERS.get("plan") is not plan:
        env = make_environment(plan.config)
        fragments = Fragments(env, plan.config, plan.today)
        _PAGERS.update(plan=plan, pager=partial(render_page, env, plan.config, plan.today, fragments=fragments))
    return _PAGERS["pager"]


_PAGERS: dict[str, Any] = {}  # this process's pager, so every task of a build shares rendered cards


def role_pages(plan: Plan, start: int, stop: int) -> Files:
    """A page for each role, open or closed (closed ones stay so links keep working)."""
    page = _pager(plan)
    return {
        f"roles/{p.slug}/index.html": page(f"roles/{p.slug}/index.html", "role.html", posting=p,
                                           jsonld=_jsonld(p, plan.config, plan.today))  # fmt: skip
        for p in plan.postings[start:stop]
    }


def index_pages(plan: Plan, number: int, start: int, stop: int) -> Files:
    """One index's group pages (and their feeds, for places, topics and types)."""
    page, index = _pager(plan), plan.indexes[number]
    files: Files = {}
    for group in index.groups[start:stop]:
        folder, has_feed = f"{index.slug}/{group.slug}/", index.slug in FEED_INDEXES
        files[folder + "index.html"] = page(folder + "index.html", "group.html", index=index, group=group, has_feed=has_feed)
        if has_feed:
            files[folder + "feed.xml"] = page(folder + "feed.xml", "feed.xml", postings=list(group.postings),
                                              feed_title=f"{plan.config.title}: {group.label}", feed_page=folder)  # fmt: skip
    return files


def search_files(plan: Plan) -> Files:
    """The full-text search index over open roles."""
    return search_index(plan.open_roles)


def front_pages(plan: Plan) -> Files:
    """The home page, index landing pages, archive, 404, feeds, data exports and static files."""
    config, today, page = plan.config, plan.today, _pager(plan)
    regions = sorted({code for p in plan.open_roles for code in p.remote_regions})
    files: Files = {
        "index.html": page("index.html", "home.html", postings=plan.open_roles, indexes=plan.indexes,
                           groups_by_index={i.slug: i.groups for i in plan.indexes}, regions=regions),
        "archive/index.html": page("archive/index.html", "archive.html", postings=plan.closed_roles),
        "404.html": page("404.html", "404.html", root=config.base_url),  # served at any depth
        "feed.xml": page("feed.xml", "feed.xml", postings=plan.open_roles, feed_title=config.title, feed_page=""),
        "feed.json": json_feed(config, plan.open_roles, today),
        "deadlines.ics": deadlines_calendar(config, plan.open_roles, today),
        "roles.json": roles_json(config, plan.open_roles, today),
        "style.css": static_file(config, "style.css"),
        "board.js": static_file(config, "board.js"),
        "robots.txt": page("robots.txt", "robots.txt"),
    }  # fmt: skip
    for index in plan.indexes:
        files[f"{index.slug}/index.html"] = page(f"{index.slug}/index.html", "landing.html", index=index)
    return files


def sitemap(plan: Plan, paths: list[str]) -> Files:
    """sitemap.xml of every indexable page: all HTML but closed roles and the 404 page."""
    hidden = {f"roles/{p.slug}/index.html" for p in plan.closed_roles}
    indexable = [pretty(path) for path in sorted(paths) if path.endswith("index.html") and path not in hidden]
    return {"sitemap.xml": _pager(plan)("sitemap.xml", "sitemap.xml", pages=indexable)}


def tasks(plan: Plan) -> Iterator[tuple[Callable[..., Files], tuple[Any, ...]]]:
    """The site's pages as independent pieces of work: (function, arguments after the plan)."""
    yield front_pages, ()
    yield search_files, ()
    for start in range(0, len(plan.postings), ROLES_PER_TASK):
        yield role_pages, (start, start + ROLES_PER_TASK)
    for number, index in enumerate(plan.indexes):
        for start in range(0, len(index.groups), GROUPS_PER_TASK):
            yield index_pages, (number, start, start + GROUPS_PER_TASK)


def _jsonld(posting: Posting, config: Config, today: dt.date) -> str | None:
    """JobPosting markup for open roles only: closed roles must not advertise."""
    data = job_posting(posting, config) if posting.is_open(today) else None
    return script_json(data) if data else None


def _no_duplicates(paths: list[str]) -> None:
    """Two pages on one URL is an error, never an overwrite."""
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            raise SiteError(f"two pages would be written to {path}")
        seen.add(path)


def render_site(config: Config, postings: list[Posting], today: dt.date) -> Files:
    """Every file of the site, as path → bytes. Pure: reads templates, writes nothing."""
    plan = make_plan(config, postings, today)
    files: Files = {}
    parts = [func(plan, *args) for func, args in tasks(plan)]
    _no_duplicates([path for part in parts for path in part])
    for part in parts:
        files.update(part)
    files.update(sitemap(plan, list(files)))
    return files


# The plan and staging folder the forked workers read (set just before the pool starts).
_SHARED: dict[str, Any] = {}


def _render_and_write(task: tuple[Callable[..., Files], tuple[Any, ...]]) -> list[str]:
    """In a worker: render one task's files, write them into the staging folder, return their paths."""
    func, args = task
    files = func(_SHARED["plan"], *args)
    write_files(_SHARED["staging"], files)
    return list(files)


def _write_in_parallel(plan: Plan, staging: Path, cores: int) -> list[str]:
    """Run every task on `cores` forked workers; returns every path written."""
    _SHARED.update(plan=plan, staging=staging)
    try:
        with new_pool(cores) as pool:
            return [path for paths in pool.map(_render_and_write, list(tasks(plan))) for path in paths]
    finally:
        _SHARED.clear()


def build(config: Config, today: dt.date) -> list[Posting]:
    """Load and validate every posting, render the site, and swap it into the output folder."""
    postings = load_postings(config.postings_dir, config.default_hours_per_week, config.postings_dir.parent)
    cores = cores_for(len(postings), needs_fork=True)  # workers read the plan from forked memory
    if cores == 1:
        files = render_site(config, postings, today)  # small boards: simplest path, same files
        with staged(config.output_dir) as staging:
            write_files(staging, files)
        return postings
    plan = make_plan(config, postings, today)
    with staged(config.output_dir) as staging:
        paths = _write_in_parallel(plan, staging, cores)
        _no_duplicates(paths)
        write_files(staging, sitemap(plan, paths))
    return postings
