"""Pure rendering: model in, bytes out. Templates override by name: project first, package behind."""

from __future__ import annotations

import datetime as dt
import functools
import html
import traceback
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,  # fmt: skip
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from site_builder.config import Config
from site_builder.content import schema
from site_builder.content.loader import shown_path
from site_builder.content.model import Location, Posting
from site_builder.errors import BuildFailed, CacheDamaged, ContentError, SiteError
from site_builder.site import display, indexes
from site_builder.site.indexes import Slugs
from site_builder.version import code_version


@pass_context
def url(context: Context, path: str) -> str:
    """A link from the current page to a site path, relative so any sub-path and file:// work."""
    return link(context["root"], path)


def link(root: str, path: str) -> str:
    """A link to a site path from a page `root` below the site's root (`../../`): folders end in index.html."""
    target = path + "index.html" if path == "" or path.endswith("/") else path
    return root + target


@pass_context
def facts(context: Context, posting: Posting) -> Markup:
    """Template helper: a role's facts as its fields declare them, as the lines of a `<dl>`."""
    return schema.facts_list(posting, schema.Page(context["today"], functools.partial(link, context["root"])))


def pretty(path: str) -> str:
    """The public URL path of an output file: `roles/x/index.html` → `roles/x/`."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def places_short(locations: tuple[Location, ...], limit: int = 3) -> str:
    """`London, GB · Tunis, TN · and 7 more` for cards; the role page lists them all."""
    labels = [loc.label for loc in locations]
    shown = " · ".join(labels[:limit])
    return shown + (f" · and {len(labels) - limit} more" if len(labels) > limit else "")


def html_text(text: str) -> str:
    """Plain text as HTML source (for RSS descriptions, which readers render as HTML); autoescape then
    escapes it once more for XML, so a literal `<script>` in a posting stays text in every reader."""
    return html.escape(text, quote=False)


class Fragments:
    """Per-role pieces (cards, feed items, JSON records) rendered once and reused by every page listing the role.

    A role appears on the home page and in about seven index pages and feeds; rendering its pieces
    once keeps large boards linear. `memo` holds pieces already made, by slug (the build fills it with
    what its last build made); `fresh` holds those made here since the build last asked. They are kept
    as UTF-8: a page or export is then one join of bytes, with no encoding of ~6 MB of text per file."""

    def __init__(self, env: Environment, config: Config, today: dt.date,
                 memo: dict[str, dict[str, bytes]] | None = None) -> None:  # fmt: skip
        self.env = env
        self.base = {"site": config, "today": today}
        self.memo = {} if memo is None else memo
        self.fresh: dict[str, dict[str, bytes]] = {}
        self.modules: dict[tuple[str, str], Any] = {}  # one small module per template and link depth

    def _module(self, template: str, root: str) -> Any:
        """A template made into a module for pages whose links start with `root` (made once per build).

        Kept on the instance, not in a functools.cache: that would keep every build's Fragments, and
        all their pieces, alive for as long as `jobboard serve` runs."""
        module = self.modules.get((template, root))
        if module is None:
            module = self.modules[(template, root)] = self.env.get_template(template).make_module({**self.base, "root": root})
        return module

    def text(self, posting: Posting, kind: str, make: Callable[[Posting], str]) -> bytes:
        """The role's piece of this kind, made by `make` the first time it is asked for."""
        kinds = self.memo.setdefault(posting.slug, {})
        if kind not in kinds:
            kinds[kind] = self.fresh.setdefault(posting.slug, {})[kind] = str(make(posting)).encode("utf-8")
        return kinds[kind]

    def texts(self, postings: Sequence[Posting], kind: str, make: Callable[[Posting], str]) -> list[bytes]:
        """Each role's piece of one kind: the hot path of a rebuild, so cached pieces are looked up inline."""
        memo, found = self.memo, []
        for posting in postings:
            kinds = memo.get(posting.slug)
            text = kinds.get(kind) if kinds is not None else None
            found.append(text if text is not None else self.text(posting, kind, make))
        return found

    def cards(self, postings: Sequence[Posting], root: str) -> list[bytes]:
        """The roles' cards, each in its list item, as seen from a page whose links start with `root`."""
        card = self._module("_card.html", root).card
        # Slugs are checked to be [a-z0-9-] when the posting loads, so they need no escaping here.
        return self.texts(postings, "card " + root, lambda p: f'<li data-id="{p.slug}">{card(p)}</li>\n')

    def items(self, postings: Sequence[Posting]) -> list[bytes]:
        """The roles' RSS <item> sources, one per line (absolute links, so the same in every feed)."""
        item = self._module("_item.xml", "").item
        return self.texts(postings, "rss", lambda p: f"{item(p)}\n")


@pass_context
def card_items(context: Context, postings: Sequence[Posting]) -> Markup:
    """Template helper: a `<li>` holding each role's cached card, joined here (a Jinja loop costs ~30 µs a role)."""
    return Markup(b"".join(context["fragments"].cards(postings, context["root"])).decode("utf-8"))


@pass_context
def feed_items(context: Context, postings: Sequence[Posting]) -> Markup:
    """Template helper: every role's cached RSS item, one per line."""
    return Markup(b"".join(context["fragments"].items(postings)).decode("utf-8"))


@pass_context
def sitemap_urls(context: Context, paths: Sequence[str]) -> Markup:
    """Template helper: a sitemap `<url>` per page path, joined here (a Jinja loop costs ~6 µs a page)."""
    base = escape(context["site"].absolute(""))
    return Markup("".join(f"<url><loc>{base}{escape(path)}</loc></url>\n" for path in paths))


def make_environment(config: Config) -> Environment:
    """Jinja with StrictUndefined (a missing field fails the build) and autoescaping for HTML and XML.

    Made in the build's process before workers fork, so they inherit it; a build in the same process reuses
    it only while code, templates, settings and day are the same (site.Templates). Its filters for dates and
    slugs memoize: every page's footer shows today, and the same few hundred labels recur on thousands of pages."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(config.templates_dir), PackageLoader("site_builder.site", "templates")]),
        # Compiled templates kept in the user's temp folder between runs (compiling costs ~0.1 s a
        # build); Jinja checks each one against its source, and the name carries this code's version.
        bytecode_cache=FileSystemBytecodeCache(pattern=f"__jobboard_{code_version()[:16]}_%s.cache"),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        auto_reload=False,  # a build sees one version of each template (and is spared a stat per page)
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=display.money, salary_text=display.salary_text, annual_text=display.annual_text,
        hours_text=display.hours_text, deadline_text=display.deadline_text, country_name=display.country_name,
        long_date=display.long_date, rfc822=display.rfc822,
        places_short=places_short,
        workplace=display.workplace, employment=display.employment, employments=display.employments, html_text=html_text,
        by_country=indexes.by_country,
    )  # fmt: skip
    env.globals.update(url=url, tag_slug=Slugs().__getitem__, card_items=card_items, feed_items=feed_items,
                       sitemap_urls=sitemap_urls, facts=facts, filters=schema.filters)
    return env


def render_page(env: Environment, config: Config, today: dt.date, path: str, template: str, **context: Any) -> bytes:
    """Render one output file; `root` leads from its folder back to the site root (relative by default)."""
    page = {
        "site": config,
        "today": today,
        "path": path,
        "root": context.pop("root", "../" * path.count("/")),
        "canonical": config.absolute(pretty(path)),
    }
    try:
        return env.get_template(template).render(**page, **context).encode("utf-8")
    except (BuildFailed, SiteError, CacheDamaged, MemoryError):
        raise  # the build's own failures, not the template's
    except UnicodeDecodeError as problem:  # a template file that is not UTF-8 fails as it loads, in no template
        raise _undecodable(config, problem) from None
    except Exception as problem:  # a template can raise anything (`{{ 1 // 0 }}`); each becomes one line
        failure = template_failure(problem, config, path)
        if failure is None:
            raise  # raised outside every template: a bug in jobboard itself, whose traceback is wanted
        # BuildFailed pickles, so a render worker's failure reaches the build as this same one line.
        raise failure from None


def _undecodable(config: Config, problem: UnicodeDecodeError) -> BuildFailed:
    """The project's template files that are not UTF-8 text, each as one line (Jinja's error names none)."""
    errors = []
    folder = config.templates_dir
    for file in sorted(folder.rglob("*")) if folder.is_dir() else []:
        try:
            data = file.read_bytes() if file.is_file() else b""
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = data[: bad.start].count(b"\n") + 1
            errors.append(ContentError(shown_path(file, config.postings_dir.parent), line, "template",
                                       f"is not UTF-8 text (byte {bad.start}); save it as UTF-8"))  # fmt: skip
        except OSError:
            continue
    return BuildFailed(errors or [ContentError(str(folder), None, "template", f"a template is not UTF-8 text ({problem.reason})")])


def template_failure(problem: Exception, config: Config, page: str) -> BuildFailed | None:
    """`templates/role.html:12: template: …` for an error a template raised (at its innermost template's file and
    line), saying whose template it is; None if no template was at work."""
    folders = {"project": config.templates_dir.resolve(), "package": _package_templates()}
    where = _template_line(problem, tuple(folders.values()))
    if where is None:
        return None
    file, line = where
    if file.is_relative_to(folders["package"]):
        name = file.relative_to(folders["package"]).as_posix()
        shown, whose = f"site_builder/site/templates/{name}", f"the package's own {name}"
    else:
        name = file.relative_to(folders["project"]).as_posix()
        shown = shown_path(file, config.postings_dir.parent.resolve())
        overrides = (folders["package"] / name).is_file()
        whose = f"the project's override of the package's {name}" if overrides else "the project's own template"
    return BuildFailed([ContentError(shown, line, "template", f"{_what(problem)} ({whose}, rendering {page})")])


def _package_templates() -> Path:
    """The folder of the package's own templates."""
    return Path(str(resources.files("site_builder.site").joinpath("templates"))).resolve()


def _template_line(problem: Exception, folders: tuple[Path, ...]) -> tuple[Path, int | None] | None:
    """The file and line of a syntax error, or of the innermost template at work when `problem` was raised (Jinja
    gives each template's frames its file and line); None if no template in `folders` was at work."""
    if isinstance(problem, TemplateSyntaxError) and problem.filename:
        file = Path(problem.filename).resolve()
        if any(file.is_relative_to(folder) for folder in folders):
            return file, problem.lineno
    for frame in reversed(traceback.extract_tb(problem.__traceback__)):
        file = Path(frame.filename).resolve()
        if any(file.is_relative_to(folder) for folder in folders):
            return file, frame.lineno
    return None


def _what(problem: Exception) -> str:
    """What went wrong, in Jinja's words or Python's."""
    if isinstance(problem, TemplateNotFound):
        return f"refers to `{problem.name}`, a template neither the project's templates folder nor the package has"
    if isinstance(problem, TemplateSyntaxError):
        return f"syntax error: {problem.message}"
    if isinstance(problem, TemplateError):
        return problem.message or type(problem).__name__
    return f"{type(problem).__name__}: {problem}" if str(problem) else type(problem).__name__


def static_file(config: Config, name: str) -> bytes:
    """A static asset: the project's copy in its templates folder if any, else the package's."""
    override = config.templates_dir / name
    if override.is_file():
        return override.read_bytes()
    return resources.files("site_builder.site").joinpath("static", name).read_bytes()
