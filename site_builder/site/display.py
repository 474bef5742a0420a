"""How facts are written for readers: money, pay periods, deadlines, dates."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from site_builder.content.codes import COUNTRIES, CURRENCY_SYMBOLS
from site_builder.content.model import (
    DAYS_PER_WEEK,
    EMPLOYMENT_TYPES,
    PAY_KINDS,
    WEEKS_PER_YEAR,
    WORKPLACES,
    Deadline,
    Hours,
    Salary,
    Unstated,
)

PER = {"hour": "an hour", "day": "a day", "week": "a week", "month": "a month", "year": "a year"}


def workplace(value: str) -> str:
    """`onsite` → `On-site`."""
    return WORKPLACES[value].label


def employment(value: str) -> str:
    """`full-time` → `Full-time`."""
    return EMPLOYMENT_TYPES[value].label


def employments(values: tuple[str, ...]) -> str:
    """`("part-time", "fixed-term")` → `Part-time, Fixed-term` (one call: Jinja's map and join cost ~10x more)."""
    return ", ".join(EMPLOYMENT_TYPES[value].label for value in values)


def money(amount: float, currency: str) -> str:
    """`$80,000`, `£12.50`, `KES 1,000`: cents only when there are any."""
    figure = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{figure}" if symbol else f"{currency} {figure}"


def pay_range(low: float, high: float | None, currency: str) -> str:
    """`$62,400–$67,000`, or `from $24` when only a minimum is given."""
    if high is None:
        return f"from {money(low, currency)}"
    if high == low:
        return money(low, currency)
    return f"{money(low, currency)}–{money(high, currency)}"


def salary_text(salary: Salary | Unstated | None) -> str:
    """The pay as the role pays it: `$24 an hour`, `Stipend: £1,500 a month`, `£20,660 a year after tax`,
    `Unpaid`, `Stipend, amount not stated` or `Salary not listed`."""
    if salary is None:
        return "Salary not listed"
    if isinstance(salary, Unstated):
        return "Unpaid" if salary.kind == "unpaid" else f"{PAY_KINDS[salary.kind].label}, amount not stated"
    text = f"{pay_range(*salary.paid(), salary.currency)} {PER[salary.period]}"
    text += " after tax" if salary.net else ""
    text += ", by place" if salary.bands else ""
    if salary.kind != "salary":
        return f"{PAY_KINDS[salary.kind].label}: {text}"
    return text[0].upper() + text[1:]


def annual_text(salary: Salary | Unstated | None) -> str:
    """What readers need to weigh the pay, where it is true: the full-time amounts behind pro-rata pay, the
    yearly equivalent of an ongoing role's non-yearly pay, the whole of a short contract's, and extras."""
    if isinstance(salary, Unstated):
        return salary.extras or ""
    if salary is None:
        return ""
    notes = [f"{band.where}: {pay_range(salary.actual(band.min), salary.actual(band.max, upper=True), salary.currency)}"
             for band in salary.bands]  # fmt: skip
    if salary.fte:
        share = f"{salary.fte:g}–{salary.fte_max:g}" if salary.fte_max else f"{salary.fte:g}"
        notes.append(f"{share} FTE of {pay_range(salary.min, salary.max, salary.currency)} {PER[salary.period]} "
                     "full-time")  # fmt: skip
    if salary.yearly and salary.period != "year":
        high = None if salary.max is None and salary.hours.low == salary.hours.high else salary.annual_max
        basis = f" at {hours_text(salary.hours)} a week" if salary.period == "hour" else ""
        assumed = " (assumed)" if salary.hours_assumed else ""
        notes.append(f"≈ {pay_range(salary.annual_min, high, salary.currency)} a year{basis}{assumed}")
    whole = total(salary)
    if whole is not None:
        figure = pay_range(whole[0], whole[1] if salary.max is not None or whole[1] != whole[0] else None, salary.currency)
        notes.append(f"≈ {figure.replace('from ', 'at least ')} for the whole contract")
    if salary.extras:
        notes.append(salary.extras)  # as written: `plus 8% pension`, `anticipated starting salary $98,571`
    return " · ".join(notes)


_PER_WEEK = MappingProxyType({"day": DAYS_PER_WEEK, "week": 1, "month": 12 / WEEKS_PER_YEAR, "year": 1 / WEEKS_PER_YEAR})


def total(salary: Salary) -> tuple[float, float] | None:
    """The whole pay of a contract shorter than a year, where its length (and, for hourly pay, its hours) are
    stated: lowest and highest."""
    if salary.weeks is None or (salary.period == "hour" and salary.hours_assumed):
        return None
    low_rate = salary.actual(salary.min)
    high_rate = salary.actual(salary.max if salary.max is not None else salary.min, upper=True)
    if salary.period == "hour":
        low, high = low_rate * salary.hours.low * salary.weeks[0], high_rate * salary.hours.high * salary.weeks[1]
    else:
        low, high = low_rate * _PER_WEEK[salary.period] * salary.weeks[0], high_rate * _PER_WEEK[salary.period] * salary.weeks[1]
    return round(low, -1), round(high, -1)


def hours_text(hours: Hours | None) -> str:
    """`29 hours` or `5–30 hours`."""
    if hours is None:
        return ""
    if hours.low == hours.high:
        return f"{hours.low:g} hours"
    return f"{hours.low:g}–{hours.high:g} hours"


def deadline_text(deadline: Deadline, today: dt.date) -> str:
    """`Open until filled` (`Listing ended 8 April 2022` once its listing expires), `Closes today`, `Closes in 5 days (14 January 2027)`, `Closed 8 April 2022`, with the
    time applications close where the posting gives one (`Closes today at 17:00 ET`)."""
    days = deadline.days_left(today)
    if days is None:
        if deadline.is_closed(today):  # open until filled, and its listing has ended
            return f"Listing ended {long_date(deadline.expires)}"  # type: ignore[arg-type]
        return "Open until filled"
    at = f" at {deadline.time:%H:%M} {deadline.zone_shown}" if deadline.time is not None else ""
    if days < 0:
        return f"Closed {long_date(deadline.date)}"  # type: ignore[arg-type]
    if days == 0:
        return f"Closes today{at}"
    if days == 1:
        return f"Closes tomorrow{at}"
    return f"Closes in {days} days ({long_date(deadline.date)}{at})"  # type: ignore[arg-type]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # English whatever the machine's locale (strftime's %B follows LC_TIME)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def long_date(day: dt.date) -> str:
    """`14 February 2025` (formatted by hand: strftime costs ~6 µs, and every page shows a date)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def rfc822(day: dt.date) -> str:
    """RSS 2.0's date format, at midnight UTC: `Mon, 23 Nov 2026 00:00:00 GMT` (as email.utils writes it)."""
    return f"{_DAYS[day.weekday()]}, {day.day:02d} {MONTHS[day.month - 1][:3]} {day.year:04d} 00:00:00 GMT"


def country_name(code: str) -> str:
    """`US` → `United States`; a region remote applicants may live in, `US-CA` → `California, United States`."""
    if code in COUNTRIES:
        return COUNTRIES[code]
    from site_builder.content import places  # only a region's name needs ISO 3166-2 (see fields.place)

    return places.region_name(code)
