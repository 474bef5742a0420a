"""The site's settings, read once from config.yaml into a frozen Config."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from site_builder.content.codes import CURRENCIES
from site_builder.content.frontmatter import FrontMatterError, read_mapping
from site_builder.content.model import Reading
from site_builder.errors import BuildFailed, ContentError


@dataclass(frozen=True)
class Config:
    """Settings for one build; paths are absolute, resolved against the config file's folder."""

    title: str
    description: str
    site_url: str  # scheme and host only, e.g. https://example.github.io
    base_url: str  # the sub-path the site is served under, e.g. /jobboard/
    language: str
    postings_dir: Path
    templates_dir: Path
    output_dir: Path
    salary_currency: str
    salary_bands: tuple[int, ...]
    default_hours_per_week: float
    max_open_days: int | None  # None: roles open until filled stay listed until taken down
    repository: str | None  # the board's GitHub repository, https://github.com/<owner>/<repo>: where to post
    pay_transparency: str  # what `check` makes of a role short of a pay-transparency law: warn, error or off

    @property
    def reading(self) -> Reading:
        """The settings a posting is read with."""
        return Reading(self.default_hours_per_week, self.max_open_days)

    def post_form(self) -> str | None:
        """The link to the "Post a role" issue form, with the board's currency filled in; None without a
        repository."""
        if self.repository is None:
            return None
        return f"{self.repository}/issues/new?template={ISSUE_FORM}&salary_currency={self.salary_currency}"

    def absolute(self, path: str) -> str:
        """Return the absolute URL of a site path such as `roles/x/`."""
        return f"{self.site_url}{self.base_url}{path}"


DEFAULTS: dict[str, Any] = {
    "title": "Public-interest tech jobs",
    "description": "Roles for organizers, advocates and researchers who fight the harms of AI.",
    "site_url": "http://localhost:8000",
    "base_url": "/",
    "language": "en",
    "postings": "postings",
    "templates": "templates",
    "output": "output",
    "salary_currency": "USD",
    "salary_bands": [40000, 60000, 80000, 100000],
    "default_hours_per_week": 40,
    "max_open_days": 60,
    "pay_transparency": "warn",
    "repository": None,
}
ISSUE_FORM = "post-a-role.yml"  # the issue form's file in .github/ISSUE_TEMPLATE/ (made by `jobboard issue-form`)


def load_config(path: Path) -> Config:
    """Read config.yaml (missing file: all defaults), raising BuildFailed on any bad setting."""
    raw, lines = _read(path)
    errors: list[ContentError] = []

    def err(key: str, message: str) -> None:
        errors.append(ContentError(str(path), lines.get(key), key, message))

    for key in raw:
        if key not in DEFAULTS:
            close = difflib.get_close_matches(str(key), DEFAULTS, n=1)
            err(str(key), "unknown setting" + (f"; did you mean `{close[0]}`?" if close else ""))
    values = {**DEFAULTS, **raw}
    config = _make(path.parent.resolve(), values, err)
    _output_apart(config, err, path.parent)
    if errors:
        raise BuildFailed(errors)
    return config


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse the config file with the postings' one YAML reader; a missing file means every default."""
    if not os.path.lexists(path):
        return {}, {}
    text = _text_of(path)
    try:
        return read_mapping(text, first_line=1)
    except FrontMatterError as error:
        raise BuildFailed([ContentError(str(path), error.line, "config", f"cannot read settings: {error.message}")]) from None


def _text_of(path: Path) -> str:
    """The config file's text (Unix line ends), or BuildFailed if it can't be read or is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise BuildFailed([ContentError(str(path), None, "config", f"can't be read ({problem.strerror})")]) from None
    try:
        text = data.decode("utf-8-sig")  # a BOM from Windows editors is fine
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        message = f"is not UTF-8 text (byte {problem.start}); save the file as UTF-8"
        raise BuildFailed([ContentError(str(path), line, "config", message)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _make(root: Path, v: dict[str, Any], err: Any) -> Config:
    """Check each setting and build the Config (with defaults where a setting is bad)."""
    return Config(
        title=_text(v, "title", err),
        description=_text(v, "description", err),
        site_url=_site_url(v["site_url"], err),
        base_url=_base_url(v["base_url"], err),
        language=_text(v, "language", err),
        postings_dir=root / _folder(v, "postings", err),
        templates_dir=root / _folder(v, "templates", err),
        output_dir=root / _folder(v, "output", err),
        salary_currency=_currency(v["salary_currency"], err),
        salary_bands=_bands(v["salary_bands"], err),
        default_hours_per_week=_hours(v["default_hours_per_week"], err),
        max_open_days=_open_days(v["max_open_days"], err),
        pay_transparency=_pay_transparency(v["pay_transparency"], err),
        repository=_repository(v["repository"], err),
    )


def _text(v: dict[str, Any], key: str, err: Any) -> str:
    """A non-empty string setting."""
    if not isinstance(v[key], str) or not v[key].strip():
        err(key, "must be a non-empty string")
        return str(DEFAULTS[key])
    return v[key].strip()


def _folder(v: dict[str, Any], key: str, err: Any) -> str:
    """A folder's path as text, relative to the config file's folder (a number or `null` is a mistake, not a name)."""
    if not isinstance(v[key], str) or not v[key].strip():
        err(key, f"must be a folder's path as text, such as `{DEFAULTS[key]}`")
        return str(DEFAULTS[key])
    return str(v[key])


def _output_apart(config: Config, err: Any, settings_folder: Path | None = None) -> None:
    """Each build replaces the output folder whole, so it must not be (or hold) the settings', postings' or
    templates' folder: `output: .` would swap the whole project for the site."""
    try:
        output = config.output_dir.resolve()
        kept = {"the postings folder": config.postings_dir.resolve(), "the templates folder": config.templates_dir.resolve()}
        if settings_folder is not None:
            kept = {"the project folder": settings_folder.resolve(), **kept}
    except (RuntimeError, OSError) as problem:  # Python 3.11 raises RuntimeError on a loop of links
        err("output", f"a folder path can't be followed ({problem})")
        return
    for name, folder in kept.items():
        if folder.is_relative_to(output):
            err("output", f"must not be {name} or a folder holding it: each build replaces the output folder whole")
            return
        if name != "the project folder" and output.is_relative_to(folder):
            err("output", f"must not be inside {name}: the site would be read back as part of it")
            return


def _site_url(value: Any, err: Any) -> str:
    """Scheme and host of the published site, without a path (that goes in base_url)."""
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        err("site_url", "must be an http(s) URL such as https://example.github.io")
        return DEFAULTS["site_url"]
    if parts.path.strip("/") or parts.query or parts.fragment:
        err("site_url", f"must have no path; put `{parts.path}` in base_url instead")
    return f"{parts.scheme}://{parts.netloc}"


def _base_url(value: Any, err: Any) -> str:
    """The sub-path, normalised to start and end with a slash."""
    text = str(value).strip()
    if not text.startswith("/") or "//" in text or ".." in text.split("/") or "?" in text or "#" in text:
        err("base_url", "must be a path such as / or /jobboard/")
        return "/"
    return text.rstrip("/") + "/"


def _currency(value: Any, err: Any) -> str:
    """An ISO 4217 code."""
    if value not in CURRENCIES:
        err("salary_currency", "must be an ISO 4217 currency code such as USD")
        return "USD"
    return str(value)


def _bands(value: Any, err: Any) -> tuple[int, ...]:
    """Ascending positive band edges."""
    ok = isinstance(value, list) and value and all(isinstance(x, int) and x > 0 for x in value)
    if not ok or list(value) != sorted(set(value)):
        err("salary_bands", "must be a list of ascending positive whole numbers, e.g. [40000, 60000]")
        return tuple(DEFAULTS["salary_bands"])
    return tuple(value)


def _hours(value: Any, err: Any) -> float:
    """Hours in a week assumed for hourly pay when a posting does not say."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 168:
        err("default_hours_per_week", "must be a number of hours between 1 and 168")
        return 40.0
    return float(value)


def _open_days(value: Any, err: Any) -> int | None:
    """How many days a role open until filled stays listed without being confirmed; `null` for no limit."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3650:
        err("max_open_days", "must be a whole number of days between 1 and 3650, or `null` for no limit")
        return int(DEFAULTS["max_open_days"])
    return value


def _pay_transparency(value: Any, err: Any) -> str:
    """`warn`, `error` or `off`."""
    if value not in ("warn", "error", "off"):
        err("pay_transparency", "must be `warn`, `error` or `off`")
        return "warn"
    return str(value)


def _repository(value: Any, err: Any) -> str | None:
    """A GitHub repository's address, `https://github.com/<owner>/<repo>` (or a GitHub Enterprise host's), or
    None."""
    if value is None:
        return None
    parts = urlsplit(str(value).strip().rstrip("/"))
    path = parts.path.strip("/").split("/")
    if parts.scheme != "https" or not parts.netloc or len(path) != 2 or not all(path) or parts.query or parts.fragment:
        err("repository", "must be a GitHub repository's address, such as https://github.com/owner/board")
        return None
    return f"https://{parts.netloc}/{path[0]}/{path[1]}"


def with_overrides(config: Config, output: Path | None, base_url: str | None, site_url: str | None = None,
                   repository: str | None = None) -> Config:  # fmt: skip
    """Apply command-line overrides."""
    errors: list[ContentError] = []

    def err(key: str, message: str) -> None:
        errors.append(ContentError(f"--{key.replace('_', '-')}", None, key, message))

    changed = replace(
        config,
        output_dir=output.absolute() if output else config.output_dir,  # resolved (and checked) by the build
        base_url=_base_url(base_url, err) if base_url is not None else config.base_url,
        site_url=_site_url(site_url, err) if site_url is not None else config.site_url,
        repository=_repository(repository, err) if repository is not None else config.repository,
    )
    if output:
        _output_apart(changed, err)
    if errors:
        raise BuildFailed(errors)
    return changed
