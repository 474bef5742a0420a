"""Turn one posting file's text into a Posting, or into the list of everything wrong with it."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from site_builder.content import fields, markdown, schema
from site_builder.content.codes import COUNTRIES
from site_builder.content.fields import Checker, Invalid
from site_builder.content.frontmatter import FrontMatterError, load
from site_builder.content.model import (
    PAY_KINDS,
    PERIODS,
    Deadline,
    Hours,
    Location,
    PayBand,
    Posting,
    Reading,
    Salary,
    Unstated,
)
from site_builder.errors import ContentError

if TYPE_CHECKING:
    from site_builder.content.places import Place

SALARY_KEYS = fields.SALARY_KEYS
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80


def parse_posting(path: str, slug: str, source: str, reading: Reading) -> Posting | list[ContentError]:
    """Validate every field of one posting; return the Posting or all its errors."""
    unquoted: list[ContentError] = []
    while True:
        try:
            doc = load(source)
            break
        except FrontMatterError as problem:
            fixed = _quoted(source, problem) if len(unquoted) < MAX_UNQUOTED else None
            if fixed is None:
                return [*unquoted, ContentError(path, problem.line, "front matter", problem.message)]
            key, source, written = fixed
            unquoted.append(ContentError(path, problem.line, key, "holds `: `, which YAML reads as the start of "
                                         f"another key: put the value in quotes, `{key}: \"{written}\"`"))  # fmt: skip
    check = Checker(path, doc)
    check.errors.extend(unquoted)  # the rest of the file was read as if it were quoted, so its errors show too
    _check_slug(check, slug)
    _check_unknown_keys(check)
    posting = _build(check, slug, reading)
    return check.errors or posting  # type: ignore[return-value]


MAX_UNQUOTED = 5  # values holding `: ` read again as if quoted, so the file's other errors are found as well
_UNQUOTED = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):[ \t]+([^'\"\[{#|>&*!%@`\s][^#\n]*?:\s[^#\n]*?)[ \t]*$")


def _quoted(source: str, problem: FrontMatterError) -> tuple[str, str, str] | None:
    """The key, the text with the value on the problem's line in quotes, and that value in quotes' form, where
    the problem is a top-level value holding `: ` (`title: Policy Lead: AI`); None for any other problem."""
    if "mapping values are not allowed" not in problem.message or not problem.line:
        return None
    lines = source.split("\n")
    index = problem.line - 1
    found = _UNQUOTED.match(lines[index]) if 0 <= index < len(lines) else None
    if found is None:
        return None
    value = found[2].replace("\\", "\\\\").replace('"', '\\"')
    lines[index] = f'{found[1]}: "{value}"'
    return found[1], "\n".join(lines), value


def _check_slug(check: Checker, slug: str) -> None:
    """The file name becomes the URL, so it must be a plain lowercase slug."""
    if not SLUG.match(slug) or len(slug) > MAX_SLUG:
        check.errors.append(ContentError(check.path, None, "file name", (
            f"`{slug}.md` must be lowercase letters, digits and single hyphens (at most {MAX_SLUG}), "
            "e.g. `community-organizer-techtonic-justice.md`")))  # fmt: skip


def _check_unknown_keys(check: Checker) -> None:
    """Typos like `salery` must not pass silently."""
    known = schema.keys()
    for key in check.doc.data:
        if key not in known:
            hint = fields._did_you_mean(str(key), known) or f"; the keys are: {', '.join(known)}"
            check.error(str(key), "unknown key" + hint)


def _build(check: Checker, slug: str, reading: Reading) -> Posting | None:
    """Read every field (so every error is found), then cross-check the ones that parsed."""
    plain = {f.key: _read(check, f) for f in schema.FIELDS if f.read is not None}
    title, organization, posted = plain["title"], plain["organization"], plain["posted"]
    workplace, employment_types, hours = plain["workplace"], plain["employment_type"], plain["hours_per_week"]
    locations, implied = _locations(check)
    workplace = workplace or _implied_workplace(check, locations)
    if plain["deadline"] is not None and plain["deadline"].time is not None and plain["deadline"].zone is None:
        plain["deadline"] = _zoned(check, plain["deadline"], locations)
    salary = _salary(check, plain, reading.default_hours)
    deadline = _listed_until(check, plain, reading.max_open_days)
    apply_url, apply_email = _apply(check)
    regions = _remote_regions(check, workplace, implied)
    if workplace and locations:
        _check_workplace(check, workplace, locations)
    body_html, summary = _body(check)
    if check.errors or not (title and organization and workplace and employment_types and posted):
        return None
    extra = tuple((f.key, plain[f.key]) for f in schema.FIELDS if f.attribute is None and plain.get(f.key) is not None)
    return Posting(
        slug=slug, source=check.path, title=title, organization=organization,
        organization_url=plain["organization_url"], locations=locations, workplace=workplace, remote_regions=regions,
        employment_types=employment_types, hours=hours, salary=salary, posted=posted,
        deadline=deadline, apply_url=apply_url, apply_email=apply_email,
        tags=plain["tags"], body_html=body_html, summary=summary, extra=extra,
    )  # fmt: skip


def _listed_until(check: Checker, plain: dict[str, Any], max_open_days: int | None) -> Deadline:
    """The deadline as given; for a role open until filled, with the last day it is listed: `max_open_days` after
    the later of `posted` and `confirmed`."""
    deadline, posted, confirmed = plain["deadline"] or Deadline(None), plain["posted"], plain["confirmed"]
    if confirmed is not None and posted is not None and confirmed < posted:
        check.error("confirmed", f"{confirmed.isoformat()} is before `posted` ({posted.isoformat()}); give the last "
                    "day you confirmed the role is still open")  # fmt: skip
    if deadline.date is not None or max_open_days is None or posted is None:
        return deadline
    since = max(posted, confirmed or posted)
    return replace(deadline, expires=since + dt.timedelta(days=max_open_days))


def _read(check: Checker, field: schema.Field) -> Any:
    """One field read by its declared reader: a value, or a list's distinct values as a tuple."""
    assert field.read is not None
    if field.many:
        read = _list_of(check, field.key, field.read, field.many)
        if field.required == "yes" and check.doc.data.get(field.key) is None:
            check.error(field.key, "is required" + fields._EXAMPLES.get(field.key, ""))
        return tuple(dict.fromkeys(value for item in read for value in (item if isinstance(item, list) else [item])))
    return check.field(field.key, field.read, required=field.required == "yes")


def _apply(check: Checker) -> tuple[str | None, str | None]:
    """How to apply: a link, an address, or both, but never neither."""
    apply_url = check.field("apply_url", fields.url)
    apply_email = check.field("apply_email", fields.email)
    if apply_url is None and apply_email is None and not _has_key(check, "apply_url", "apply_email"):
        check.error("apply_url", "give `apply_url` (an http(s) link) or `apply_email` (or both) so people can apply")
    return apply_url, apply_email


def _has_key(check: Checker, *keys: str) -> bool:
    """Whether any of the keys is written at all (even with a bad value)."""
    return any(key in check.doc.data for key in keys)


def _list_of(check: Checker, key: str, parse: Any, limit: int) -> list[Any]:
    """Parse each item of a list field, recording errors against the item's line."""
    raw = check.doc.data.get(key)
    if raw is None:
        return []
    items = fields.listed(raw)
    if len(items) > limit:
        check.error(key, f"has {len(items)} entries; at most {limit} are allowed")
    parsed = []
    for index, item in enumerate(items[:limit]):
        try:
            parsed.append(parse(item))
        except Invalid as problem:
            check.error(f"{key}.{index}" if isinstance(raw, list) else key, str(problem))
    return parsed


def _locations(check: Checker) -> tuple[tuple[Location, ...], tuple[str, ...]]:
    """One or more places, and the countries its remote phrases name (`Remote (EU)`); spots the
    `[London, UK, Cardiff, UK]` flow-list trap. A place that reads two ways (`Springfield, PA`) is settled by
    what the rest of the posting points to (`_hint`: its pay's currency, its remote regions) and its other
    places, worked out only for such a place."""
    raw = check.doc.data.get("location")
    if raw is None:
        check.error("location", "is required" + fields._EXAMPLES["location"])
        return (), ()
    items = fields.listed(raw)
    if len(items) > fields.MAX_PLACES:
        check.error("location", f"has {len(items)} entries; at most {fields.MAX_PLACES} are allowed")
    read: dict[int, Place] = {}
    for number, item in enumerate(items[: fields.MAX_PLACES]):
        with contextlib.suppress(Invalid):
            read[number] = fields.place(item)
    if len(read) == len(items[: fields.MAX_PLACES]):
        return tuple(dict.fromkeys(place.location for place in read.values())), _remote_from(list(read.values()))
    others = _hint(check) | {p.location.country for p in read.values() if p.location.country}
    before = len(check.errors)
    for number, item in enumerate(items[: fields.MAX_PLACES]):
        if number not in read:
            try:
                read[number] = fields.place(item, others)
            except Invalid as problem:
                check.error(f"location.{number}" if isinstance(raw, list) else "location", str(problem))
    one_line = all(check.doc.lines.get(f"location.{n}") == check.doc.lines.get("location") for n in range(len(items)))
    if len(check.errors) > before and isinstance(raw, list) and one_line and any("," not in str(x) for x in raw):
        check.error("location", 'a list written [a, b] splits places at commas: quote each place, '
                    'e.g. ["London, UK", "Cardiff, UK"], or put one place per `- ` line')  # fmt: skip
    found = [read[n] for n in sorted(read)]
    return tuple(dict.fromkeys(place.location for place in found)), _remote_from(found)


def _remote_from(found: list[Place]) -> tuple[str, ...]:
    """The countries (or regions) the remote phrases among the places name."""
    return tuple(code for place in found for code in place.remote_from)


def _hint(check: Checker) -> frozenset[str]:
    """The countries the posting points to besides its places: its pay's currency's and its remote regions."""
    salary, countries = check.doc.data.get("salary"), set[str]()
    if isinstance(salary, dict) and isinstance(salary.get("currency"), str):
        countries |= fields.countries_of_currency(salary["currency"].strip().upper())
    for item in fields.listed(check.doc.data.get("remote_regions") or []):
        with contextlib.suppress(Invalid):
            countries.update(fields.region(item))
    return frozenset(countries)


def _remote_regions(check: Checker, workplace: str | None, implied: tuple[str, ...]) -> tuple[str, ...]:
    """Countries remote applicants may live in (given, or named by a remote phrase such as `Remote (EU)`);
    meaningless for on-site roles."""
    given = [code for codes in _list_of(check, "remote_regions", fields.region, len(COUNTRIES)) for code in codes]
    regions = tuple(dict.fromkeys(given or implied))
    if given and workplace == "onsite":
        check.error("remote_regions", "is only for remote or hybrid roles; remove it or change `workplace`")
    return regions


def _zoned(check: Checker, deadline: Deadline, locations: tuple[Location, ...]) -> Deadline | None:
    """A deadline's time given without its zone, in the zone of the role's place where it has only one (a time in
    London); else an error asking for the zone."""
    countries = {loc.country for loc in locations if loc.country}
    from site_builder.content.places import one_zone  # (see fields.place: imported on first need)

    zone = one_zone(countries.pop(), deadline.date) if len(countries) == 1 and deadline.date else None
    if zone is None:
        check.error("deadline", "give the time zone of its time, e.g. `17:00 Europe/London` or `5pm ET`: the "
                    "role's place does not settle it")  # fmt: skip
        return None
    return replace(deadline, zone=zone, zone_shown=f"{zone.rsplit('/', 1)[-1].replace('_', ' ')} time")


def _implied_workplace(check: Checker, locations: tuple[Location, ...]) -> str | None:
    """`remote` when the posting gives no workplace and every place it names is remote; else the error."""
    if check.doc.data.get("workplace") is not None:
        return None  # given, but not read: its error is reported already
    if locations and all(loc.remote for loc in locations):
        return "remote"
    check.error("workplace", "is required" + fields._EXAMPLES["workplace"])
    return None


def _check_workplace(check: Checker, workplace: str, locations: tuple[Location, ...]) -> None:
    """`Remote` in the location list must agree with the workplace."""
    says_remote = any(loc.remote for loc in locations)
    if says_remote and workplace != "remote":
        check.error("location", f"says Remote but `workplace` is {workplace}; list the office's place instead, or "
                    "write `workplace: remote` if the role may be done remotely")  # fmt: skip
    if workplace != "remote" and not any(not loc.remote for loc in locations):
        check.error("location", f"a {workplace} role needs at least one place, e.g. `Bakersfield, CA, US`")


_PERIOD, _PAY_KIND = fields.choice(PERIODS), fields.choice(PAY_KINDS)  # readers made once, at import
_UNPAID = ("unpaid", "none", "no pay", "volunteer", "voluntary")
_OPEN_ENDED = ("full-time", "part-time", "permanent")  # types that run on unless the posting gives an end


def _salary(check: Checker, plain: dict[str, Any], default_hours: float) -> Salary | Unstated | None:
    """Pay as a mapping of min, max, currency and period (and its kind, FTE basis, extras and whether it is
    net); or a list of such mappings, one for each place the pay differs in (`where`); or `unpaid`; or a kind of
    pay alone (`stipend`) when the posting gives no amount."""
    raw = check.doc.data.get("salary")
    if raw is None:
        return None
    if isinstance(raw, str) and raw.strip().lower() in _UNPAID:
        return Unstated("unpaid")
    if isinstance(raw, str):
        kind = check.field("salary", _PAY_KIND)
        return Unstated(kind) if kind else None
    if isinstance(raw, list) and raw and all(isinstance(band, dict) for band in raw):
        return _banded(check, raw, plain, default_hours)
    if not isinstance(raw, dict):
        check.error("salary", "must be a mapping with min, max, currency and period on their own indented lines, "
                    "a list of them with `where` for pay that differs by place, or `unpaid`")  # fmt: skip
        return None
    _unknown_pay_keys(check, raw, "salary", SALARY_KEYS)
    if raw.get("min") is None and raw.get("max") is None and raw.get("kind") is not None:
        kind, extras = _sub(check, raw, "kind", _PAY_KIND), _sub(check, raw, "extras", fields.text)
        return Unstated(kind, extras) if kind else None
    return _salary_values(check, raw, plain, default_hours)


def _unknown_pay_keys(check: Checker, raw: dict[str, Any], prefix: str, known: tuple[str, ...]) -> None:
    """A key the pay mapping does not have (`maxx`) is an error, with the nearest."""
    for key in raw:
        if key not in known:
            check.error(f"{prefix}.{key}", "unknown key" + (fields._did_you_mean(str(key), known) or
                        f"; the keys are: {', '.join(known)}"))  # fmt: skip


def _banded(check: Checker, raw: list[dict[str, Any]], plain: dict[str, Any], default: float) -> Salary | None:
    """Pay that differs by place: each band read like a salary mapping, with its `where`; they must share a
    currency and period. The whole spans them all, so filters and bands compare the lowest and the highest."""
    before, read = len(check.errors), []
    for number, band in enumerate(raw):
        prefix = f"salary.{number}"
        _unknown_pay_keys(check, band, prefix, (*SALARY_KEYS, "where"))
        where = _sub(check, band, "where", fields.text, required=True, prefix=prefix)
        read.append((where, _salary_values(check, band, plain, default, prefix)))
    if len(check.errors) > before:
        return None
    first = read[0][1]
    assert first is not None
    for number, (_, salary) in enumerate(read):
        assert salary is not None
        if (salary.currency, salary.period) != (first.currency, first.period):
            check.error(f"salary.{number}.currency", f"is {salary.currency} a {salary.period}, where the first place's "
                        f"is {first.currency} a {first.period}: give every place's pay in one currency and period")  # fmt: skip
            return None
    bands = tuple(PayBand(where, s.min, s.max) for where, s in read if s is not None)
    highest = max(band.max if band.max is not None else band.min for band in bands)
    return replace(first, min=min(band.min for band in bands), max=highest, bands=bands)


def _salary_values(check: Checker, raw: dict[str, Any], plain: dict[str, Any], default: float,
                   prefix: str = "salary") -> Salary | None:  # fmt: skip
    """Check the salary's amounts, currency and period, and that min ≤ max."""
    before = len(check.errors)
    low = _sub(check, raw, "min", fields.number, required=True, prefix=prefix)
    high = _sub(check, raw, "max", fields.number, prefix=prefix)
    currency = _sub(check, raw, "currency", fields.currency, required=True, prefix=prefix)
    period = _sub(check, raw, "period", _PERIOD, required=True, prefix=prefix)
    kind = _sub(check, raw, "kind", _PAY_KIND, prefix=prefix) or "salary"
    fte, fte_max = _sub(check, raw, "fte", fields.shares, prefix=prefix) or (None, None)
    extras = _sub(check, raw, "extras", fields.text, prefix=prefix)
    net = bool(_sub(check, raw, "net", fields.yes_no, prefix=prefix))
    if low is not None and high is not None and low > high:
        check.error(f"{prefix}.max", f"the maximum ({high:g}) is below the minimum ({low:g})")
    if len(check.errors) > before:
        return None
    hours = plain["hours_per_week"]
    weeks, most = _weeks(plain)
    if most is None:  # no length given: only a role of an open-ended type runs on for a year
        ongoing = set(plain["employment_type"] or ()) <= set(_OPEN_ENDED)
    else:
        ongoing, weeks = most >= 52, None if most >= 52 else weeks
    return Salary(low, high, currency, period, hours or Hours(default, default),
                  hours_assumed=hours is None and period == "hour", kind=kind, fte=fte,
                  fte_max=fte_max if fte_max != fte else None, extras=extras, net=net, ongoing=ongoing,
                  weeks=weeks)  # fmt: skip


def _weeks(plain: dict[str, Any]) -> tuple[tuple[float, float] | None, float | None]:
    """How long the contract runs, in weeks: (its length where it is known, for its whole pay; the most it can
    run, to tell whether it runs a year), from its stated length or its end date (Nones: not known). From an end
    date the length is known only with a start date: counted from the day it was posted, a contract starting
    weeks later looks longer, so that count only bounds it."""
    if plain.get("duration") is not None:
        span = plain["duration"].low_weeks, plain["duration"].high_weeks
        return span, span[1]
    ends, starts = plain.get("ends"), plain.get("starts")
    begin = starts if isinstance(starts, dt.date) else plain.get("posted")
    if ends is None or begin is None or ends <= begin:
        return None, None
    weeks = (ends - begin).days / 7
    return ((weeks, weeks) if isinstance(starts, dt.date) else None), weeks


def _sub(check: Checker, raw: dict[str, Any], key: str, parse: Any, required: bool = False,
         prefix: str = "salary") -> Any:  # fmt: skip
    """Parse one key of the salary mapping (or of one of its places' bands, `salary.1`)."""
    if raw.get(key) is None:
        if required:
            check.error(f"{prefix}.{key}", "is required")
        return None
    try:
        return parse(raw[key])
    except Invalid as problem:
        check.error(f"{prefix}.{key}", str(problem))
        return None


def _body(check: Checker) -> tuple[str, str]:
    """Render the Markdown body once it is known to be within bounds; an empty or unsafe body is an error."""
    body, line = check.doc.body, check.doc.body_line
    if not body.strip():
        check.errors.append(ContentError(check.path, line, "body", "is empty; describe the role below the front matter"))
    if fields.has_control(body):
        check.errors.append(ContentError(check.path, line, "body", "contains control characters"))
        return "", ""
    problem = markdown.bounds_problem(body)
    if problem:
        check.errors.append(ContentError(check.path, line + problem[0] - 1, "body", problem[1]))
        return "", ""
    body_html, summary = markdown.render(body)
    if len(body_html) > markdown.MAX_HTML:
        check.errors.append(ContentError(check.path, line, "body", f"renders to more than {markdown.MAX_HTML // 1024} KiB "
                                         "of HTML; shorten or simplify the description"))  # fmt: skip
    return body_html, summary
