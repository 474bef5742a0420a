"""The posting format, declared once: each field's key, how it is read, shown, exported, filtered,
searched and asked for. The role page's facts, roles.json, the filter form, `jobboard new` and
the docs' key table are all made from `FIELDS`; nothing else names a field's key for those jobs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from site_builder.content import fields
from site_builder.content.model import EMPLOYMENT_TYPES, WORKPLACES, Posting, Salary, Term, Unstated
from site_builder.site import display
from site_builder.site.indexes import slugify

Url = Callable[[str], str]  # a site path → the link to it from the page being rendered


@dataclass(frozen=True)
class Page:
    """What a fact may need of the page it is shown on: the day it is built for, and links from it."""

    today: dt.date
    url: Url


Fact = Callable[[Any, Posting, Page], str | None]  # the value, its posting, the page → HTML, or None to leave it out
Export = Callable[[Any, Posting, Callable[[str], str]], Any]  # the value, its posting, slugify → JSON value


@dataclass(frozen=True)
class Field:
    """One key of a posting's front matter (or its body), and everything the board does with it."""

    key: str
    label: str  # its name for readers: the role page's fact, the filter's legend
    doc: str  # what to write, for the docs' key table (Markdown); a vocabulary's values are listed after it
    required: str = "no"  # the docs' required column: yes, no, or the condition
    read: Callable[[Any], Any] | None = None  # reads one value; None: posting.py reads it with the keys it depends on
    many: int = 0  # a list of at most this many values, each read by `read` (one value is a list of one)
    attribute: str | None = None  # the Posting attribute holding it; None: kept in Posting.extra under its key
    fact: Fact | None = None  # how the role page shows it; None: not among the role's facts
    export: str | None = None  # its key in roles.json; None: not exported
    exported: Export | None = None  # its value there; None: the value as read (a list's items as label and slug)
    vocabulary: Mapping[str, Term] = field(default_factory=dict)  # the values it may take, in readers' order
    filter: str | None = None  # the query parameter of its checkbox set in the filter form; None: no filter
    search: bool = False  # its words are found by the full-text search
    ask: str | None = None  # `jobboard new`'s question for it; None: not asked
    front_matter: bool = True  # False for the body, which is written below the front matter

    def value(self, posting: Posting) -> Any:
        """This field's value in a posting (a list's values as a tuple; None where not given)."""
        if self.attribute is not None:
            return getattr(posting, self.attribute)
        return dict(posting.extra).get(self.key)

    def words(self, posting: Posting) -> list[str]:
        """The text the search finds this field by."""
        value = self.value(posting)
        values = value if isinstance(value, tuple) else () if value is None else (value,)
        return [str(getattr(item, "label", item)) for item in values]


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})  # as markupsafe escapes


def _h(text: str) -> str:
    """Text escaped for HTML, as a plain str (markupsafe's Markup objects cost more than the escaping)."""
    return text.translate(_HTML) if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text else text


def _items(items: Sequence[str], kind: str = "inline") -> str:
    """A fact's list of items (HTML already), on lines of their own."""
    return f'\n      <ul class="{kind}">\n' + "".join(f"        <li>{item}</li>\n" for item in items) + "      </ul>\n    "


def _locations(value: Any, posting: Posting, page: Page) -> str:
    """Every place as written, and Remote."""
    return _items([_h(loc.label) for loc in value])


def as_text(value: Any, posting: Posting, page: Page) -> str | None:
    """A value as text, or a list of them; nothing when not given."""
    if value is None or value == ():
        return None
    return _items([_h(str(item)) for item in value]) if isinstance(value, tuple) else _h(str(value))


def _term(vocabulary: Mapping[str, Term]) -> Fact:
    """A vocabulary value by its label."""
    return lambda value, posting, page: _h(vocabulary[value].label)


def _terms(vocabulary: Mapping[str, Term]) -> Fact:
    """Vocabulary values by their labels, comma-separated (`Part-time, Fixed-term`)."""
    return lambda value, posting, page: _h(", ".join(vocabulary[each].label for each in value))


def _countries(value: Any, posting: Posting, page: Page) -> str | None:
    """Country names, comma-separated."""
    return _h(", ".join(map(display.country_name, value))) if value else None


def _hours(value: Any, posting: Posting, page: Page) -> str | None:
    """`29 hours a week`."""
    return f"{_h(display.hours_text(value))} a week" if value else None


def _pay(value: Any, posting: Posting, page: Page) -> str:
    """The pay as stated, then its yearly equivalent where it is not yearly."""
    annual = display.annual_text(value)
    return _h(display.salary_text(value)) + (f'<br><span class="muted">{_h(annual)}</span>' if annual else "")


def _deadline(value: Any, posting: Posting, page: Page) -> str:
    """`Closes in 5 days (…)`, or `Open until filled` with the last day it is listed."""
    text = _h(display.deadline_text(value, page.today))
    if value.date is None and value.expires is not None and page.today <= value.expires:
        text += f' <span class="muted">(listed until {_h(display.long_date(value.expires))})</span>'
    return text


def _day(value: Any, posting: Posting, page: Page) -> str:
    """A date readers read, marked up for machines."""
    return f'<time datetime="{value.isoformat()}">{_h(display.long_date(value))}</time>'


def _when(value: Any, posting: Posting, page: Page) -> str | None:
    """A start date marked up for machines, or the words the posting gives."""
    if value is None:
        return None
    return _day(value, posting, page) if isinstance(value, dt.date) else _h(value)


def _day_or_none(value: Any, posting: Posting, page: Page) -> str | None:
    """A date, when given."""
    return None if value is None else _day(value, posting, page)


def _topics(value: Any, posting: Posting, page: Page) -> str | None:
    """Each topic, linked to its page while the role is open (closed roles are on no topic page)."""
    if not value:
        return None
    linked = posting.is_open(page.today)
    return _items([f'<a href="{_h(page.url("tags/" + slugify(tag) + "/"))}">{_h(tag)}</a>' if linked
                   else _h(tag) for tag in value], "inline tags")  # fmt: skip


def _organization(value: Any, posting: Posting, slug: Callable[[str], str]) -> dict[str, Any]:
    """The organization with its site and the slug of its index page."""
    return {"name": value, "url": posting.organization_url, "slug": slug(value)}


def _places(value: Any, posting: Posting, slug: Callable[[str], str]) -> list[dict[str, Any]]:
    """The real places (not Remote), with their country and index slug."""
    return [{"label": loc.label, "country": loc.country, "region": loc.region, "slug": slug(loc.key or loc.label)}
            for loc in posting.places]


def _salary(salary: Salary | Unstated | None, posting: Posting, slug: Callable[[str], str]) -> dict[str, Any] | None:
    """Pay as stated (the amounts as the posting gives them, full-time ones where `fte` is given), with its yearly
    equivalent only where one is true, the whole of a short contract's pay where it is known, and whether the
    hours behind hourly pay were assumed."""
    if salary is None:
        return None
    if isinstance(salary, Unstated):
        return {"kind": salary.kind, "min": None, "max": None, "currency": None, "period": None, "extras": salary.extras,
                "annual_min": None, "annual_max": None}  # fmt: skip
    whole = display.total(salary)
    return {"kind": salary.kind, "min": salary.min, "max": salary.max, "currency": salary.currency,
            "period": salary.period, "fte": salary.fte, "fte_max": salary.fte_max, "net": salary.net,
            "extras": salary.extras,
            "annual_min": salary.annual_min if salary.yearly else None,
            "annual_max": salary.annual_max if salary.yearly else None,
            "total_min": whole[0] if whole else None, "total_max": whole[1] if whole else None,
            "hours_assumed": salary.hours_assumed,
            "bands": [{"where": band.where, "min": band.min, "max": band.max} for band in salary.bands]}  # fmt: skip


def _iso_or_text(value: Any, posting: Posting, slug: Callable[[str], str]) -> str | None:
    """A date as YYYY-MM-DD, or the words given."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _iso(value: Any, posting: Posting, slug: Callable[[str], str]) -> str | None:
    """A date as YYYY-MM-DD (a deadline's, if it has one)."""
    day = getattr(value, "date", value)
    return day.isoformat() if isinstance(day, dt.date) else None


FIELDS: tuple[Field, ...] = (
    Field("title", "Title", "the role's title", "yes", fields.text, attribute="title", export="title", search=True,
          ask="Role title"),
    Field("organization", "Organization", "the organization's name", "yes", fields.text, attribute="organization",
          export="organization", exported=_organization, search=True, ask="Organization"),
    Field("organization_url", "Organization's site", "an http(s) URL", read=fields.url, attribute="organization_url",
          ask="Organization's website"),
    Field("location", "Location", "a place, `Remote`, or a list of them, as people write them: `London, UK`, "
          "`Berlin, Deutschland`, `Philadelphia, PA`, `Melbourne, VIC`, `Bakersfield, CA, US`, a country alone "
          "(`Kenya`), or remote work (`Remote`, `Remote (EU)`, `Anywhere in Canada`: its countries become "
          "`remote_regions`). A code that could mean two places (`PA`: Pennsylvania or Panama) is settled by the pay's "
          "currency or the other places, or refused with both ways to write it", "yes", attribute="locations", fact=_locations, export="locations",
          exported=_places, search=True, ask='Location (e.g. "Bakersfield, CA, US" or Remote)'),
    Field("workplace", "Workplace", "any case or spelling (`On-site`, `Fully remote`). One of",
          "yes, unless every place is remote", fields.choice(WORKPLACES), attribute="workplace",
          fact=_term(WORKPLACES), export="workplace", exported=lambda value, posting, slug: value,
          vocabulary=WORKPLACES, filter="workplace", ask="Workplace"),
    Field("remote_regions", "Remote from", "the countries remote applicants may live in, in any form, or groups of "
          "them: `[US]`, `[Mexico, Canada]`, `[EU]`, `[Africa]`, `worldwide`. Only for remote and hybrid roles. Give it for remote roles: search engines list a remote job only when they know "
          "where applicants may live", attribute="remote_regions", fact=_countries, export="remote_regions",
          exported=lambda value, posting, slug: list(value), ask="Where remote applicants may live (e.g. US, EU)"),
    Field("employment_type", "Employment", "one or more, as a list or in one line: `full-time`, `[part-time, "
          "fixed-term]`, `Part-time, fixed-term`. Any case, spaces or hyphens (`Full time`). One of", "yes",
          fields.choices(EMPLOYMENT_TYPES), many=4, attribute="employment_types", fact=_terms(EMPLOYMENT_TYPES),
          export="employment_type", exported=lambda value, posting, slug: list(value), vocabulary=EMPLOYMENT_TYPES,
          filter="type", search=True, ask="Employment type"),
    Field("hours_per_week", "Hours", "a number (`29`) or a range (`5-30`)", read=fields.hours, attribute="hours",
          fact=_hours, export="hours_per_week", ask="Hours a week (e.g. 40 or 20-30)",
          exported=lambda value, posting, slug: {"min": value.low, "max": value.high} if value else None),
    Field("starts", "Starts", "when the role starts: a date (`2027-02-01`, `1 February 2027`) or words "
          "(`as soon as possible`, `early February 2027`)", read=fields.start, fact=_when, export="starts",
          exported=_iso_or_text, ask="Start date (a date, or words such as `as soon as possible`)"),
    Field("duration", "Length", "how long a fixed-term contract, fellowship or internship runs: `12 months`, "
          "`10-12 weeks`, `2 years`. A yearly figure for its pay is shown only if it runs a year or more",
          read=fields.span, fact=lambda value, posting, page: _h(value.label) if value else None, export="duration",
          exported=lambda value, posting, slug: value.label if value else None, ask="Contract length (e.g. 12 months)"),
    Field("ends", "Ends", "the day a fixed-term contract ends, `YYYY-MM-DD`", read=fields.date, fact=_day_or_none,
          export="ends", exported=_iso, ask="Contract end date"),
    Field("salary", "Pay", "a mapping of `min` (required), `max`, `currency` (ISO 4217, e.g. `USD`) and `period` "
          "(`hour`, `day`, `week`, `month` or `year`; `hourly`, `annual`, `per annum` too). Amounts as people write "
          "them: `60000`, `60,000`, `60 000`, `60k`. For a fixed rate give `min` and `max` equal; with only `min` "
          "the pay reads \"from …\". Also: `kind` (`salary`, `stipend` or `honorarium`); `fte: 0.6` (or `0.75-1`) when the amounts "
          "are full-time ones and the role is part of full time (readers see the pro-rata pay first); `extras` "
          "as readers should read them (`plus 8% pension`); `net: true` for pay after tax. Pay that differs by place is a "
          "list of such mappings, each with `where` (`New York, NY`, `elsewhere in the US`). `salary: unpaid` for unpaid roles; `salary: stipend` "
          "when the posting names a stipend without its amount", 'no (shown as "Salary not listed")', attribute="salary", fact=_pay,
          export="salary", exported=_salary, ask="Pay: the lowest amount (e.g. 60,000)"),
    Field("deadline", "Deadline", "the last day to apply (`2027-01-15` or `15 January 2027`), with the time and zone applications close if "
          "the posting gives them (`2027-01-15 17:00 Europe/London`, `15 January 2027, 5pm ET`; a time without a zone "
          "takes the zone of the role's place where it has one), or `rolling`. Absent means open until filled. "
          "A role closes at the end of its deadline day", read=fields.deadline, attribute="deadline", fact=_deadline,
          ask="Deadline (e.g. 2027-01-15, 15 January 2027 5pm ET, or rolling)",
          export="deadline", exported=_iso),
    Field("closes_at", "Closes at", "", attribute="deadline", export="closes_at", front_matter=False,
          exported=lambda value, posting, slug: value.moment.isoformat() if value.moment else None),
    Field("rolling_review", "Review", "`true` when applications are reviewed as they arrive, before the deadline",
          read=fields.yes_no, fact=lambda value, posting, page: "Applications are reviewed as they arrive: apply early"
          if value else None, export="rolling_review", exported=lambda value, posting, slug: bool(value),
          ask="Are applications reviewed as they arrive? (yes/no)"),
    Field("posted", "Listed on this board", "the date the role was posted: `2026-11-23` or `23 November 2026`", "yes", fields.date,
          attribute="posted", fact=_day, export="posted", exported=_iso),
    Field("confirmed", "Confirmed open on", "for a role open until filled, the last day the organization confirmed "
          "it is still open (`2027-01-10`). Such a role is listed for `max_open_days` (a setting; 60 days unless the "
          "board changes it) from `posted`, or from this date: bump it to keep the role listed", read=fields.date,
          fact=_day_or_none, export="confirmed", exported=_iso),
    Field("expires", "Listed until", "", attribute="deadline", export="expires", front_matter=False,
          exported=lambda value, posting, slug: value.expires.isoformat() if value.expires else None),
    Field("tags", "Topics", "up to 12 short topics in any language: `[policy, organizing, rendición-de-cuentas]`", read=fields.tag, many=fields.MAX_TAGS,
          attribute="tags", fact=_topics, export="tags", search=True, ask="Topics, comma-separated"),
    Field("body", "Description", "the description, in Markdown, below the front matter", "yes", attribute="summary",
          export="summary", exported=lambda value, posting, slug: value, front_matter=False),
    Field("apply_url", "Apply", "an http(s) URL", "this or `apply_email`", attribute="apply_url", export="apply_url",
          exported=lambda value, posting, slug: value, ask="Apply URL or email"),
    Field("apply_email", "Apply by email", "an email address", "this or `apply_url`", attribute="apply_email",
          export="apply_email", exported=lambda value, posting, slug: value),
)  # fmt: skip


def keys() -> tuple[str, ...]:
    """Every front-matter key, in the documented order."""
    return tuple(f.key for f in FIELDS if f.front_matter)


def declared(key: str) -> Field:
    """The field a key names."""
    return next(f for f in FIELDS if f.key == key)


def facts_list(posting: Posting, page: Page) -> Markup:
    """The role page's facts as the lines of a `<dl>`, in the declared order, fields not given left out (made
    here: a Jinja loop over them costs more than them)."""
    lines = []
    for f in FIELDS:
        if f.fact is not None:
            html = f.fact(f.value(posting), posting, page)
            if html is not None:
                lines.append(f"    <div><dt>{_h(f.label)}</dt><dd>{html}</dd></div>")
    return Markup("\n".join(lines))


def record(posting: Posting, url: str, slug: Callable[[str], str] = slugify) -> dict[str, Any]:
    """One role as roles.json exports it: its id and page, then every exported field in the declared order
    (`slug`: slugify, or a memo of it that a whole export shares)."""
    data: dict[str, Any] = {"id": posting.slug, "url": url}
    for f in FIELDS:
        if f.export is not None:
            value = f.value(posting)
            data[f.export] = f.exported(value, posting, slug) if f.exported else _as_exported(value, slug)
    return data


def _as_exported(value: Any, slug: Callable[[str], str]) -> Any:
    """A value as read, with a list's items as label and slug (so filters can match them by slug)."""
    if isinstance(value, tuple):
        return [{"label": item, "slug": slug(item)} for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def search_words(posting: Posting) -> list[str]:
    """The text of every searchable field (the description is searched apart)."""
    return [word for f in FIELDS if f.search for word in f.words(posting)]


@dataclass(frozen=True)
class Choice:
    """One checkbox of a filter: the value in the query, and its label."""

    value: str
    label: str


@dataclass(frozen=True)
class Filter:
    """A checkbox set of the filter form: its query parameter, the roles.json key it tests, and its choices."""

    name: str
    key: str
    legend: str
    choices: tuple[Choice, ...]


def filters(open_roles: Sequence[Posting]) -> list[Filter]:
    """A checkbox set for each filterable field, offering the values open roles have (in vocabulary order)."""
    found = []
    for f in FIELDS:
        if f.filter is None or f.export is None:
            continue
        present = {word for p in open_roles for word in f.words(p)}
        if f.vocabulary:
            choices = [Choice(value, term.label) for value, term in f.vocabulary.items() if value in present]
        else:
            choices = [Choice(slugify(label), label) for label in sorted(present, key=str.casefold)]
        found.append(Filter(f.filter, f.export, f.label, tuple(choices)))
    return found


def key_table() -> str:
    """The docs' table of front-matter keys (README.md holds it between markers; a test keeps it current)."""
    rows = ["| key | required | value |", "|---|---|---|"]
    rows += [f"| `{f.key}` | {f.required} | {_doc(f)} |" for f in FIELDS if f.front_matter]
    return "\n".join(rows)


def _doc(field: Field) -> str:
    """A field's docs, ending with its vocabulary: `remote`, `hybrid` or `onsite`."""
    words = [f"`{value}`" for value in field.vocabulary]
    listed = ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)
    return " ".join(part for part in (field.doc, listed) if part)


if __name__ == "__main__":
    print(key_table())
