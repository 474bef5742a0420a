"""The build: config → postings → indexes → pages → output, reading like the list of pages the site has.

The site is split into units rendered as one (a role's page; a group's page and feed; the
site-wide files), each with a key that hashes everything its files show. `render_site` renders
every unit and returns every file (pure: it writes nothing). `build` renders them on every core,
each worker writing its share straight into a staging folder that is then swapped in; or, when
the cache says only some units' keys changed since the last build, renders just those and
swaps in a patched copy of the site. Either way the files are the same.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment

from site_builder.build.cache import (
    Cache,
    Manifest,
    Stamp,
    fingerprint,
    gc_paused,
    gc_running,
    stamp,
)
from site_builder.build.loading import load_changed
from site_builder.build.parallel import Death, Spot, WorkerDied, cores_for, give_back_freed_memory, marked, run_tasks
from site_builder.build.reuse import NO_MEMORY, Memory, planned, searched
from site_builder.build.writer import (
    check_replaceable,
    exclusive,
    patch,
    ready_spare,
    real_output,
    recover,
    staged,
    write_files,
)
from site_builder.config import Config
from site_builder.content.model import Posting
from site_builder.errors import BuildFailed, CacheDamaged, ContentError, SiteError
from site_builder.site.exports import json_feed, roles_json
from site_builder.site.ical import deadlines_calendar
from site_builder.site.jsonld import job_posting, script_json
from site_builder.site.plan import Plan, make_plan, paged
from site_builder.site.render import Fragments, make_environment, pretty, render_page, static_file
from site_builder.version import digest

FEED_INDEXES = ("locations", "tags", "types")
RECENT = 5  # a home page with fewer open roles than this also shows this many that closed last  # each of their groups gets its own RSS feed
ROLES_PER_TASK = 250
GROUPS_PER_TASK = 100
Files = dict[str, bytes]


@dataclass(frozen=True, kw_only=True)
class Rendering(Plan):
    """A plan as one build renders it: the plan, with each role's content key, what the last build left to reuse,
    the page renderer, the per-role pieces its pages share, and the site-wide results made for the cache to keep.

    Made before any worker forks and handed to each unit as its first argument (workers inherit it), so
    nothing a build needs or makes is kept in a module; it goes when its build does."""

    keys: Mapping[str, str] = field(default_factory=dict)  # each role's file's content key, by slug
    memory: Memory = NO_MEMORY  # what the last build left to reuse
    page: Callable[..., bytes] = field(repr=False, compare=False)  # render_page with this build's environment
    fragments: Fragments = field(repr=False, compare=False)  # this process's cards and feed items, by slug
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)  # made here since last asked

    @classmethod
    def of(cls, plan: Plan, env: Environment, keys: Mapping[str, str] | None = None, memory: Memory = NO_MEMORY,
           memo: Mapping[str, dict[str, bytes]] | None = None) -> Rendering:  # fmt: skip
        """The plan, to be rendered in `env`; `memo` holds the pieces already made, by content key."""
        keys = keys or {}
        by_slug = {slug: memo[key] for slug, key in keys.items() if key in memo} if memo else {}
        fragments = Fragments(env, plan.config, plan.today, by_slug)
        page = partial(render_page, env, plan.config, plan.today, fragments=fragments)
        return cls(**{each.name: getattr(plan, each.name) for each in fields(Plan)}, keys=keys, memory=memory,
                   page=page, fragments=fragments)  # fmt: skip


class Templates:
    """The Jinja environment a build rendered in, with the fingerprint it was made for (code, templates,
    settings, day). Kept among the cache's derived results, so the next build in this process (`jobboard
    serve`'s) renders in it again while the fingerprint holds: its templates are loaded already. (A new one
    each rebuild also made Python intern every template's names again, growing its table of interned strings
    until it doubled in size, which the test of 50 rebuilds saw as memory piling up.)"""

    def __init__(self, made_for: str, env: Environment | None = None) -> None:
        self.made_for = made_for
        self.env = env

    def __reduce__(self) -> tuple[type[Templates], tuple[str]]:
        """Saved with the cache, it is empty: an environment does not pickle, and each process makes its own."""
        return Templates, ("",)


def _environment(config: Config, marker: str, memory: Memory) -> Environment:
    """The last build's environment if it was made for this fingerprint, else a new one."""
    last = memory.last("templates")
    if isinstance(last, Templates) and last.env is not None and last.made_for == marker:
        return last.env
    return make_environment(config)


def role_pages(plan: Rendering, start: int, stop: int) -> Files:
    """A page for each role, open or closed (closed ones stay so links keep working)."""
    page, files = plan.page, {}
    for p in map(partial(_with_body, plan), plan.postings[start:stop]):
        files[p.page + "index.html"] = page(p.page + "index.html", "role.html", posting=p,
                                                   jsonld=_jsonld(p, plan.config, plan.today))  # fmt: skip
    return files


def _with_body(plan: Rendering, posting: Posting) -> Posting:
    """The posting with its body, read back from the cache if it was loaded from there without one."""
    return plan.memory.whole(posting, plan.keys.get(posting.slug, ""))


def index_pages(plan: Rendering, number: int, place: int, page_number: int) -> Files:
    """One page of a group of an index (the first also makes the group's feed, for places, topics and types)."""
    index = plan.indexes[number]
    group = index.groups[place]
    folder, has_feed = f"{index.slug}/{group.slug}/", index.slug in FEED_INDEXES
    pager, postings = paged(folder, list(group.postings))[page_number - 1]
    path = pager.path(page_number) + "index.html"
    files = {path: plan.page(path, "group.html", index=index, group=group, has_feed=has_feed, pager=pager,
                             postings=postings)}  # fmt: skip
    if has_feed and page_number == 1:
        files[folder + "feed.xml"] = plan.page(folder + "feed.xml", "feed.xml", postings=list(group.postings),
                                               feed_title=f"{plan.config.title}: {group.label}", feed_page=folder)  # fmt: skip
    return files


def archive_pages(plan: Rendering, page_number: int) -> Files:
    """One page of the archive of closed roles."""
    pager, postings = paged("archive/", plan.closed_roles)[page_number - 1]
    path = pager.path(page_number) + "index.html"
    return {path: plan.page(path, "archive.html", postings=postings, pager=pager, total=len(plan.closed_roles))}


def search_files(plan: Rendering) -> Files:
    """The full-text search index over open roles (patched from the last build's, if it can be)."""
    found = searched(plan.open_roles, plan.keys, plan.memory)
    plan.derived["search"] = found
    return found.index.files()


def front_pages(plan: Rendering) -> Files:
    """The home page, index landing pages, 404, feeds, data exports and static files."""
    config, today, page, memo = plan.config, plan.today, plan.page, plan.fragments.texts
    regions = sorted({code for p in plan.open_roles for code in p.remote_regions})
    files: Files = {
        "index.html": page("index.html", "home.html", postings=plan.open_roles, indexes=plan.indexes,
                           groups_by_index={i.slug: i.groups for i in plan.indexes}, regions=regions,
                           recent=plan.closed_roles[:RECENT] if len(plan.open_roles) < RECENT else []),
        "post/index.html": page("post/index.html", "post.html"),
        "404.html": page("404.html", "404.html", root=config.base_url),  # served at any depth
        "feed.xml": page("feed.xml", "feed.xml", postings=plan.open_roles, feed_title=config.title, feed_page=""),
        "feed.json": json_feed(config, plan.open_roles, today, memo),
        "deadlines.ics": deadlines_calendar(config, plan.open_roles, today, memo),
        "roles.json": roles_json(config, plan.open_roles, today, memo),
        "style.css": static_file(config, "style.css"),
        "board.js": static_file(config, "board.js"),
        "similar.js": static_file(config, "similar.js"),
        "robots.txt": page("robots.txt", "robots.txt"),
    }  # fmt: skip
    for index in plan.indexes:
        files[f"{index.slug}/index.html"] = page(f"{index.slug}/index.html", "landing.html", index=index)
    return files


def sitemap(plan: Rendering, paths: list[str]) -> Files:
    """sitemap.xml of every indexable page: all HTML but closed roles and the 404 page."""
    hidden = {p.page + "index.html" for p in plan.closed_roles}
    indexable = [pretty(path) for path in sorted(paths) if path.endswith("index.html") and path not in hidden]
    return {"sitemap.xml": plan.page("sitemap.xml", "sitemap.xml", pages=indexable)}


@dataclass(frozen=True)
class Unit:
    """Files rendered as one: the site-wide files, a role's page, or a group's page and feed."""

    name: str
    key: str  # a hash of everything the files show: an equal key means equal files
    func: Callable[..., Files]
    args: tuple[Any, ...] = ()


def site_units(plan: Rendering, fingerprint: str = "") -> Iterator[Unit]:
    """The site's units: `fingerprint` covers code, templates, settings and date; content keys the rest."""
    keys = plan.keys
    every_role = digest(fingerprint, "\n".join(f"{p.slug} {keys.get(p.slug)}" for p in plan.postings))
    yield Unit("site/front", every_role, front_pages)
    yield Unit("site/search", every_role, search_files)
    for number, posting in enumerate(plan.postings):
        # The two keys side by side, unhashed: a role's key is built 10,000 times per build.
        yield Unit(posting.page.rstrip("/"), f"{fingerprint} {keys.get(posting.slug)}", role_pages, (number, number + 1))
    # Long lists come in pages, each its own unit keyed by the roles it shows, how many pages there are and how
    # many roles in all (its heading counts them), so an edit renders the one page its role is on (and a group's
    # first page, which makes the group's feed of all).
    closed = [str(keys.get(p.slug)) for p in plan.closed_roles]
    for pager, shown in paged("archive/", closed):
        yield Unit(pager.path(pager.number).rstrip("/"), digest(fingerprint, "archive", str(len(closed)),
                   str(pager.count), "\n".join(shown)), archive_pages, (pager.number,))  # fmt: skip
    for number, index in enumerate(plan.indexes):
        for place, group in enumerate(index.groups):
            member_keys = [str(keys.get(p.slug)) for p in group.postings]  # each worked out once per group
            for pager, shown in paged(f"{index.slug}/{group.slug}/", member_keys):
                yield Unit(pager.path(pager.number).rstrip("/"), digest(fingerprint, index.slug, group.label,
                           str(len(member_keys)), str(pager.count), "\n".join(member_keys if pager.number == 1 else
                           shown)), index_pages, (number, place, pager.number))  # fmt: skip


def tasks(units: list[Unit]) -> list[list[Unit]]:
    """Units batched into pieces of work of similar size: site-wide ones alone, pages in runs."""
    site_wide = [[unit] for unit in units if unit.name.startswith("site/")]
    roles = [unit for unit in units if unit.func is role_pages]
    groups = [unit for unit in units if unit.func is index_pages or unit.func is archive_pages]
    return [*site_wide, *_runs(roles, ROLES_PER_TASK), *_runs(groups, GROUPS_PER_TASK)]


def _runs(units: list[Unit], size: int) -> list[list[Unit]]:
    """Consecutive runs of at most `size` units."""
    return [units[start : start + size] for start in range(0, len(units), size)]


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


def render_units(plan: Rendering, units: Iterable[Unit]) -> dict[str, Files]:
    """Render some units in this process: unit name → its files (pure: writes nothing). Every build renders
    through here: cold builds' workers, rebuilds, and `render_site`."""
    return {unit.name: _render_unit(plan, unit) for unit in units}


def render_site(config: Config, postings: list[Posting], today: dt.date) -> Files:
    """Every file of the site, as path → bytes. Pure: reads templates, writes nothing."""
    plan = Rendering.of(make_plan(config, postings, today), make_environment(config))
    parts = render_units(plan, list(site_units(plan)))
    files: Files = {}
    _no_duplicates([path for part in parts.values() for path in part])
    for part in parts.values():
        files.update(part)
    files.update(sitemap(plan, list(files)))
    return files


Made = tuple[dict[str, dict[str, bytes]], dict[str, object]]  # new fragments by content key; site-wide results
Rendered = tuple[dict[str, tuple[str, ...]], Made]  # unit → paths; what the cache should keep


def _render_and_write(plan: Rendering, staging: Path, batch: Sequence[Unit], spot: Spot | None = None) -> Rendered:
    """In a worker: render a batch of units (each marked on the board while it renders), then write their
    files into the staging folder; their paths, and what the cache should keep.

    Rendering them all before writing any was measured: writing each unit's files as soon as it was
    rendered cost ~15% more CPU in this phase at 2,000 roles."""
    parts = render_units(plan, marked(batch, spot))
    for files in parts.values():
        write_files(staging, files)
    return {name: tuple(files) for name, files in parts.items()}, _made(plan)


def _render_unit(plan: Rendering, unit: Unit) -> Files:
    """One unit's files."""
    return unit.func(plan, *unit.args)


def _render_everything(plan: Rendering, units: list[Unit], staging: Path, cache: Cache) -> dict[str, tuple[str, ...]]:
    """Render every unit into `staging`, on every core when the board is big enough; unit → paths."""
    batches = tasks(units)
    cores = cores_for(len(plan.postings), needs_fork=True)  # workers inherit the plan: forked memory, not pickles
    if cores == 1:
        results = [_render_and_write(plan, staging, batch) for batch in batches]
    else:
        gc.freeze()  # workers' collections then skip the parent's objects (and don't copy their pages)
        give_back_freed_memory()
        try:
            results = run_tasks(partial(_render_and_write, plan, staging), batches, cores, partial(_render_unit, plan))
        except WorkerDied as died:
            raise _render_failure(plan, died) from None
        finally:
            gc.unfreeze()
    paths: dict[str, tuple[str, ...]] = {}
    for unit_paths, made in results:
        paths.update(unit_paths)
        _keep(cache, made)
    return paths


def _render_failure(plan: Plan, died: WorkerDied) -> Exception:
    """What to report when a render worker died: the pages it was on, or that it was on none."""
    if not died.deaths:
        return SiteError("the build's worker died between two pages; the machine may be short of memory: "
                         "run the build again")  # fmt: skip
    return BuildFailed([_died_rendering(plan, death) for death in died.deaths])


def _died_rendering(plan: Plan, death: Death[Unit]) -> ContentError:
    """The posting whose page (or the page) a worker died rendering: alone, or with another."""
    unit = death.item
    if unit.func is role_pages:
        where, what = plan.postings[unit.args[0]].source, "rendering this role's page"
    else:
        where, what = _page_of(unit), "rendering this page"
    if death.how:
        return ContentError(where, None, "page", f"the build's worker died while {what} ({death.how}); please "
                            "report it as a jobboard bug")  # fmt: skip
    return ContentError(where, None, "page", f"the build's worker died while {what} or one beside it, but "
                        "rendering it again alone worked; the machine may be short of memory: run the build again")  # fmt: skip


def _page_of(unit: Unit) -> str:
    """Where in the site a unit other than a role's page writes: `tags/policy/index.html`, `index.html`…"""
    return {"site/front": "index.html", "site/search": "search/"}.get(unit.name, f"{unit.name}/index.html")


def _cold(plan: Rendering, units: list[Unit], output: Path, cache: Cache) -> dict[str, tuple[str, ...]]:
    """Build every file into a staging folder and swap it in for the output folder."""
    with staged(output) as staging, gc_running():  # workers fork with the collector on
        paths = _render_everything(plan, units, staging, cache)
        listed = [path for unit in paths.values() for path in unit]
        _no_duplicates(listed)
        site_map = sitemap(plan, listed)
        write_files(staging, site_map)
    return {**paths, "site/sitemap": tuple(site_map)}


def _stale(units: list[Unit], before: Manifest, output: Path) -> list[Unit] | None:
    """Units whose key changed or whose files were touched since the last build; None if most did."""
    changed = [unit for unit in units if before.units.get(unit.name, ("",))[0] != unit.key]
    if not output.is_dir() or len(changed) > len(units) // 2:
        return None  # a cold build is simpler and, with both cores, faster
    names = {unit.name for unit in changed}
    return changed + [unit for unit in units if unit.name not in names and not _intact(before, unit.name, output)]


def _intact(before: Manifest, name: str, output: Path) -> bool:
    """Whether every file of a unit is still as the last build wrote it."""
    for path in before.units[name][1]:
        try:
            if stamp(os.stat(os.path.join(output, path))) != before.stamps.get(path):
                return False
        except OSError:
            return False
    return True


def _incremental(plan: Rendering, units: list[Unit], stale: list[Unit], before: Manifest, output: Path,
                 cache: Cache) -> tuple[dict[str, tuple[str, ...]], bool]:  # fmt: skip
    """Render only the stale units and patch the output folder with their files; whether every file was
    touched (its stamp then changed)."""
    parts = _render_stale(plan, stale, cache)
    paths = {unit.name: before.units[unit.name][1] for unit in units if unit.name not in parts}
    paths.update({name: tuple(files) for name, files in parts.items()})
    paths.pop("site/sitemap", None)
    files = {path: content for part in parts.values() for path, content in part.items()}
    listed = [path for unit in paths.values() for path in unit]
    _no_duplicates(listed)
    if "site/front" in parts:  # the set of pages may have changed
        files.update(sitemap(plan, listed))
    paths["site/sitemap"] = ("sitemap.xml",)
    kept = {*listed, "sitemap.xml"}
    relinked = patch(output, files, [path for path in before.stamps if path not in kept])
    return paths, relinked


def _render_stale(plan: Rendering, stale: list[Unit], cache: Cache) -> dict[str, Files]:
    """Render the stale units here. (Rendering the front pages in a forked worker meanwhile was
    measured: at 10,000 roles forking and sending the pages back cost what it saved.)"""
    parts = render_units(plan, stale)
    _keep(cache, _made(plan))
    return parts


def _made(plan: Rendering) -> Made:
    """The fragments (by content key) and site-wide results this process made since last asked, handed over
    (and forgotten here)."""
    fresh, plan.fragments.fresh = {plan.keys[slug]: kinds for slug, kinds in plan.fragments.fresh.items()}, {}
    derived = dict(plan.derived)
    plan.derived.clear()
    return fresh, derived


def _keep(cache: Cache, made: Made) -> None:
    """Hand the cache what rendering made that the next build can reuse."""
    cache.add_fragments(made[0])
    cache.keep(made[1])


def _manifest(units: list[Unit], paths: dict[str, tuple[str, ...]], output: Path, before: Manifest,
              written: set[str] | None) -> Manifest:  # fmt: skip
    """Record each unit's key and files, and each file's stamp (re-read only for files just written)."""
    keys = {unit.name: unit.key for unit in units}
    keys["site/sitemap"] = keys.get("site/front", "")
    stamps: dict[str, Stamp] = {}
    for unit_paths in paths.values():
        for path in unit_paths:
            if written is None or path in written or path not in before.stamps:
                stamps[path] = stamp(os.stat(os.path.join(output, path)))
            else:
                stamps[path] = before.stamps[path]
    return Manifest({name: (keys[name], unit_paths) for name, unit_paths in paths.items()}, stamps)


def build(config: Config, today: dt.date, cache: Cache | None = None, spare: bool = False) -> list[Posting]:
    """Load and validate every posting, render what changed, and put the new site in the output folder.

    `cache` is what the last build left: by default the one kept beside the output folder; an
    empty `Cache.in_memory()` makes a cold build; `jobboard serve` passes the same object every time, and
    `spare` so that a cold build also readies the spare copy its next rebuild swaps in."""
    config = replace(config, output_dir=real_output(config.output_dir))  # lock, check and write one folder
    try:
        with gc_paused(), exclusive(config.output_dir):
            check_replaceable(config.output_dir)
            recover(config.output_dir)  # what a killed build left is cleared away first
            chosen = Cache.beside(config.output_dir) if cache is None else cache
            try:
                try:
                    return _build(config, today, chosen, spare)
                except CacheDamaged:  # found only when a stored body was needed: nothing was written yet
                    chosen.abandon()
                    chosen.forget()
                    return _build(config, today, chosen, spare)
            except BaseException:
                chosen.abandon()  # what this build stored is for a site that never went live: free its space
                raise
    except OSError as problem:  # disk full, read-only, no permission, a mount point: the site was not swapped
        where = f" {problem.filename}" if problem.filename else ""
        raise SiteError(f"could not write{where} ({problem.strerror or problem}); the previous site was left "
                        "as it was") from None


def _build(config: Config, today: dt.date, cache: Cache, spare: bool) -> list[Posting]:
    """build, with the cycle collector paused."""
    loaded = load_changed(config.postings_dir, config.reading, config.postings_dir.parent, cache)
    loaded = replace(loaded, postings=cache.stash_bodies(loaded.postings, loaded.keys))  # role pages read them back
    marker, memory = fingerprint(config, today), cache.recall()
    cache.use_fragments_for(marker)
    plan, layout = planned(config, loaded.postings, today, loaded.keys, memory)
    env = _environment(config, marker, memory)
    cache.keep({"layout": layout, "templates": Templates(marker, env)})
    rendering = Rendering.of(plan, env, loaded.keys, memory, cache.memo())
    units = list(site_units(rendering, marker))
    output, before = config.output_dir.resolve(), cache.index.manifest
    stale = _stale(units, before, output)
    if stale is None:
        paths, written = _cold(rendering, units, output, cache), None  # None: every file is stamped anew
        if spare:
            ready_spare(output)
    else:
        paths, relinked = _incremental(rendering, units, stale, before, output, cache) if stale else (
            {name: files for name, (_, files) in before.units.items()}, False)  # fmt: skip
        written = None if relinked else {path for unit in stale for path in paths.get(unit.name, ())} | {"sitemap.xml"}
    try:
        cache.save(loaded.files, _manifest(units, paths, output, before, written))
    except OSError:  # the new site is live; without a whole cache the next build is simply cold
        cache.drop()
    return loaded.postings
