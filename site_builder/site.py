"""The build: config → postings → indexes → pages → output, reading like the list of pages the site has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from site_builder import indexes as ix
from site_builder.config import Config
from site_builder.errors import SiteError
from site_builder.exports import json_feed, roles_json, search_index
from site_builder.ical import deadlines_calendar
from site_builder.jsonld import job_posting, script_json
from site_builder.loader import load_postings
from site_builder.model import Posting
from site_builder.parallel import map_chunks
from site_builder.render import Fragments, make_environment, pretty, render_page, static_file
from site_builder.writer import write_site


class Pages:
    """The output files being assembled; two pages on one URL is an error, not an overwrite."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, path: str, content: bytes) -> None:
        """Add one file, refusing a path that is already taken."""
        if path in self.files:
            raise SiteError(f"two pages would be written to {path}")
        self.files[path] = content


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


FEED_INDEXES = ("locations", "tags", "types")  # each of their groups gets its own RSS feed


def render_site(config: Config, postings: list[Posting], today: dt.date) -> dict[str, bytes]:
    """Every file of the site, as path → bytes. Pure: reads templates, writes nothing."""
    open_roles = newest_first([p for p in postings if p.is_open(today)])
    closed_roles = newest_first([p for p in postings if not p.is_open(today)])
    indexes = site_indexes(config, open_roles)
    env = make_environment(config)
    page = partial(render_page, env, config, today, fragments=Fragments(env, config, today))
    pages = Pages()

    regions = sorted({code for p in open_roles for code in p.remote_regions})
    groups = {index.slug: index.groups for index in indexes}
    pages.add("index.html", page("index.html", "home.html", postings=open_roles, indexes=indexes,
                                 groups_by_index=groups, regions=regions))  # fmt: skip
    for path, content in map_chunks(partial(render_roles, config, today), postings):
        pages.add(path, content)
    for index in indexes:
        pages.add(f"{index.slug}/index.html", page(f"{index.slug}/index.html", "landing.html", index=index))
        for group in index.groups:
            folder, has_feed = f"{index.slug}/{group.slug}/", index.slug in FEED_INDEXES
            pages.add(folder + "index.html", page(folder + "index.html", "group.html", index=index, group=group,
                                                  has_feed=has_feed))  # fmt: skip
            if has_feed:
                pages.add(folder + "feed.xml", page(folder + "feed.xml", "feed.xml", postings=list(group.postings),
                          feed_title=f"{config.title}: {group.label}", feed_page=folder))  # fmt: skip
    pages.add("archive/index.html", page("archive/index.html", "archive.html", postings=closed_roles))
    pages.add("404.html", page("404.html", "404.html", root=config.base_url))  # served at any depth
    pages.add("feed.xml", page("feed.xml", "feed.xml", postings=open_roles, feed_title=config.title, feed_page=""))
    pages.add("feed.json", json_feed(config, open_roles, today))
    pages.add("deadlines.ics", deadlines_calendar(config, open_roles, today))
    pages.add("roles.json", roles_json(config, open_roles, today))
    for path, content in search_index(open_roles).items():
        pages.add(path, content)
    pages.add("style.css", static_file(config, "style.css"))
    pages.add("board.js", static_file(config, "board.js"))
    pages.add("sitemap.xml", page("sitemap.xml", "sitemap.xml", pages=_indexable(pages.files, closed_roles)))
    pages.add("robots.txt", page("robots.txt", "robots.txt"))
    return pages.files


def _indexable(files: dict[str, bytes], closed: list[Posting]) -> list[str]:
    """Public URLs of the HTML pages search engines should index: all but closed roles and 404."""
    hidden = {f"roles/{p.slug}/index.html" for p in closed}
    return [pretty(path) for path in files if path.endswith("index.html") and path not in hidden]


def render_roles(config: Config, today: dt.date, postings: Sequence[Posting]) -> list[tuple[str, bytes]]:
    """Role pages for a run of postings (one worker's share when the build is parallel)."""
    page = partial(render_page, make_environment(config), config, today)
    return [
        (path, page(path, "role.html", posting=p, jsonld=_jsonld(p, config, today)))
        for p in postings
        for path in [f"roles/{p.slug}/index.html"]
    ]


def _jsonld(posting: Posting, config: Config, today: dt.date) -> str | None:
    """JobPosting markup for open roles only: closed roles must not advertise."""
    data = job_posting(posting, config) if posting.is_open(today) else None
    return script_json(data) if data else None


def build(config: Config, today: dt.date) -> list[Posting]:
    """Load and validate every posting, render the site, and swap it into the output folder."""
    postings = load_postings(config.postings_dir, config.default_hours_per_week, config.postings_dir.parent)
    files = render_site(config, postings, today)
    write_site(files, config.output_dir)
    return postings
