"""No module-level mutable state (issue 14): what a build needs reaches its workers through their arguments
(forked workers inherit them), no function keeps a cache, and no build changes anything a module holds."""

from __future__ import annotations

import ast
import collections
import functools
import importlib
import inspect
import pickle
import pkgutil
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import TODAY, Project, posting

import site_builder
from site_builder.build import loading, parallel
from site_builder.build import pipeline as site
from site_builder.build.cache import Cache
from site_builder.config import load_config
from site_builder.content import loader
from site_builder.site.render import make_environment

PACKAGE = Path(site_builder.__file__).parent
MUTABLE = (dict, list, set, bytearray, collections.deque, array)  # and their subclasses

# Module-level containers allowed: tables filled as their module is imported and only read after (the
# tests below check that no build changes them). Each is allowed for the reason given.
CONSTANT_TABLES = {
    "site_builder.content.codes.COUNTRIES": "ISO country names, parsed once from the text table beside it",
    "site_builder.content.codes.COUNTRY_ALIASES": "a fixed table of the country spellings postings may use",
    "site_builder.content.codes.CURRENCY_SYMBOLS": "a fixed table of currency signs",
    "site_builder.config.DEFAULTS": "the settings' defaults, read into each Config",
    "site_builder.site.display.PER": "fixed words for pay periods",
    "site_builder.content.schema._HTML": "the fixed translation table for escaping HTML",
    "site_builder.content.fields._EXAMPLES": "fixed examples that error messages quote",
    "site_builder.content.frontmatter._CORE": "YAML's core-schema patterns and their readers, fixed",
    "site_builder.content.markdown._RULES": "the names of the Rust parser's rules, fixed",
}
# Functions under functools.cache allowed: each takes no arguments, so it holds one value, the same for every
# build (a lazily built constant, not a cache a build fills). Each is lazy for the reason given.
LAZY_CONSTANTS = {
    "site_builder.content.markdown._reference_parser": "importing markdown-it-py costs ~30 ms a rebuild parsing nothing skips",
    "site_builder.content.markdown._fast_parser": "markdown-it-pyrs, likewise only imported when a body is parsed",
    "site_builder.content.markdown._linkifier": "linkify-it's compiled patterns, only when a body may hold a bare link",
    "site_builder.content.places._subdivision_index": "ISO 3166-2's 5,000 names folded (~15 ms), only when a place needs them",
}


def modules() -> list[ModuleType]:
    """Every module of the package and its sub-packages, imported (but __main__, which would run the command
    line)."""
    names = [info.name for info in pkgutil.walk_packages([str(PACKAGE)], "site_builder.") if info.name != "site_builder.__main__"]
    assert len(names) > 30  # every module, not just the top level's
    return [importlib.import_module(name) for name in names]


def _own(value: object, module: ModuleType) -> bool:
    """Whether a function or class was defined in `module` (not imported into it)."""
    return getattr(value, "__module__", None) == module.__name__


def holders() -> Iterator[tuple[str, dict[str, Any]]]:
    """Each module's namespace and each of its own classes', by dotted name."""
    for module in modules():
        yield module.__name__, vars(module)
        for name, value in vars(module).items():
            if isinstance(value, type) and _own(value, module):
                yield f"{module.__name__}.{name}", dict(vars(value))


def containers() -> Iterator[tuple[str, object]]:
    """Every mutable container a module or one of its classes holds (class machinery such as
    `__dataclass_fields__` or a NamedTuple's `_field_defaults` aside), by dotted name."""
    for where, names in holders():
        for name, value in names.items():
            if isinstance(value, MUTABLE) and not name.startswith("__") and name != "_field_defaults":
                yield f"{where}.{name}", value


def _resolve(dotted: str) -> object:
    """The object a dotted name like `site_builder.content.codes.COUNTRIES` names."""
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def state() -> dict[str, str]:
    """What every module and package class holds: each container's contents, and which object each name is
    (Python's own `__dunder__` names aside: pickling records `__slotnames__` on a class, for one)."""
    held: dict[str, str] = {}
    for where, names in holders():
        for name, value in names.items():
            if not name.startswith("__"):
                held[f"{where}.{name}"] = repr(value) if isinstance(value, MUTABLE) else f"object {id(value)}"
    return held


def _changes(before: dict[str, str]) -> list[str]:
    """The dotted names whose contents or object differ from `before` (new names included)."""
    now = state()
    return sorted(name for name in before.keys() | now.keys() if before.get(name) != now.get(name))


def test_the_only_module_level_containers_are_tables_filled_at_import() -> None:
    allowed = {id(_resolve(name)) for name in CONSTANT_TABLES if _exists(name)}
    # A table imported into another module (display's COUNTRIES) is the same object, so it is allowed too.
    assert [where for where, value in containers() if id(value) not in allowed] == []


def _exists(dotted: str) -> bool:
    """Whether a dotted name still names something (a table may have gone since this list was written)."""
    try:
        _resolve(dotted)
    except (AttributeError, ModuleNotFoundError):
        return False
    return True


def test_no_function_keeps_a_cache_but_lazily_built_constants() -> None:
    cached = {}
    for where, names in holders():
        for name, value in names.items():
            if hasattr(value, "cache_info") and value.__module__.startswith("site_builder"):  # an lru_cache or cache
                cached[f"{value.__module__}.{value.__qualname__}"] = value  # where it is made, wherever imported
            assert not isinstance(value, functools.cached_property), f"{where}.{name} caches on its instances"
    assert sorted(cached) == sorted(LAZY_CONSTANTS)
    for name, function in cached.items():
        assert inspect.signature(function).parameters == {}, f"{name} takes arguments: it would fill as it runs"


def test_no_module_rebinds_its_names_with_global() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        assert not [node for node in ast.walk(tree) if isinstance(node, ast.Global)], f"{path.name} uses `global`"


def watched(real: Callable[..., Any], before: dict[str, str], calls: list[int]) -> Callable[..., Any]:
    """`real`, first checking that no module holds anything other than it did `before` (in a forked
    worker too: the error then comes back to the build, which raises it)."""

    @functools.wraps(real)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        changed = _changes(before)
        assert not changed, f"module state changed during a build: {changed[:5]}"
        calls.append(1)
        return real(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize("forked", [False, True], ids=["in-process", "forked-workers"])
def test_a_build_and_a_rebuild_change_nothing_any_module_holds_even_midway(make_project, monkeypatch,
                                                                        forked: bool) -> None:  # fmt: skip
    project = make_project({f"role-{n}.md": posting(title=f"Organizer {n}") for n in range(12)})
    if forked:  # a small board forks parse and render workers only with the threshold lowered
        monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
        monkeypatch.setenv("JOBBOARD_WORKERS", "2")
    before: dict[str, str] = {}
    calls: list[int] = []
    monkeypatch.setattr(loader, "parse_posting", watched(loader.parse_posting, before, calls))
    monkeypatch.setattr(site, "render_page", watched(site.render_page, before, calls))
    monkeypatch.setattr(site, "write_files", watched(site.write_files, before, calls))
    before.update(state())  # with the patches in place: they are no change
    _build_edit_rebuild(project)
    assert _changes(before) == []
    assert forked or len(calls) > 24  # every file parsed and every page rendered was checked here


def _build_edit_rebuild(project: Project) -> None:
    """A cold build, an edit, an incremental rebuild, and the pure render of the same board."""
    assert project.build("--no-cache").exit_code == 0
    assert project.build().exit_code == 0  # a cold build that fills the cache
    project.write("role-0.md", posting(title="Organizer 0, edited"))
    assert project.build().exit_code == 0
    config = load_config(project.root / "config.yaml")
    postings = loading.load_postings(config.postings_dir, config.reading)
    assert site.render_site(config, postings, TODAY)


def test_a_rebuild_in_one_process_renders_in_the_last_environment_only_while_the_fingerprint_holds(
        make_project) -> None:  # fmt: skip
    project = make_project({"policy-advocate.md": posting()})
    config, cache = load_config(project.root / "config.yaml"), Cache()  # one cache for every build, as serve's
    site.build(config, TODAY, cache)
    first = _environment_of(cache)
    site.build(config, TODAY, cache)
    assert _environment_of(cache) is first  # same code, templates, settings and day: its templates are loaded
    (project.root / "templates" / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", encoding="utf-8")
    site.build(config, TODAY, cache)
    assert _environment_of(cache) is not first  # a template was added: a new environment sees it
    assert project.read("robots.txt") == "User-agent: *\nDisallow: /drafts/"  # (Jinja drops the last line end)


def _environment_of(cache: Cache) -> object:
    """The environment the cache keeps for the next build."""
    templates = cache.index.derived["templates"]
    assert isinstance(templates, site.Templates)
    return templates.env


def test_the_environment_a_cache_keeps_is_saved_empty(make_project) -> None:
    config = load_config(make_project().root / "config.yaml")
    saved = pickle.loads(pickle.dumps(site.Templates("fingerprint", make_environment(config))))
    assert (saved.made_for, saved.env) == ("", None)  # never the fingerprint of a build: the next makes its own
