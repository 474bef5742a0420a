"""How facts are written for readers: money, pay periods, deadlines, dates."""

from __future__ import annotations

import datetime as dt

from site_builder.content.codes import COUNTRIES, CURRENCY_SYMBOLS
from site_builder.content.model import EMPLOYMENT_TYPES, WORKPLACES, Deadline, Hours, Salary

PER = {"hour": "an hour", "day": "a day", "week": "a week", "month": "a month", "year": "a year"}


def workplace(value: str) -> str:
    """`onsite` → `On-site`."""
    return WORKPLACES[value].label


def employment(value: str) -> str:
    """`full-time` → `Full-time`."""
    return EMPLOYMENT_TYPES[value].label


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


def salary_text(salary: Salary | None) -> str:
    """The pay as the posting states it: `$24 an hour` or `Salary not listed`."""
    if salary is None:
        return "Salary not listed"
    text = f"{pay_range(salary.min, salary.max, salary.currency)} {PER[salary.period]}"
    return text[0].upper() + text[1:]


def annual_text(salary: Salary | None) -> str:
    """The yearly equivalent of non-annual pay, with the hours it assumes; empty for yearly pay."""
    if salary is None or salary.period == "year":
        return ""
    high = None if salary.max is None and salary.hours.low == salary.hours.high else salary.annual_max
    figure = pay_range(salary.annual_min, high, salary.currency)
    basis = f" at {hours_text(salary.hours)} a week" if salary.period == "hour" else ""
    assumed = " (assumed)" if salary.period == "hour" and salary.hours_assumed else ""
    return f"≈ {figure} a year{basis}{assumed}"


def hours_text(hours: Hours | None) -> str:
    """`29 hours` or `5–30 hours`."""
    if hours is None:
        return ""
    if hours.low == hours.high:
        return f"{hours.low:g} hours"
    return f"{hours.low:g}–{hours.high:g} hours"


def deadline_text(deadline: Deadline, today: dt.date) -> str:
    """`Open until filled`, `Closes today`, `Closes in 5 days`, `Closed 8 Apr 2022`."""
    days = deadline.days_left(today)
    if days is None:
        return "Open until filled"
    if days < 0:
        return f"Closed {long_date(deadline.date)}"  # type: ignore[arg-type]
    if days == 0:
        return "Closes today"
    if days == 1:
        return "Closes tomorrow"
    return f"Closes in {days} days ({long_date(deadline.date)})"  # type: ignore[arg-type]


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
    """`US` → `United States`."""
    return COUNTRIES.get(code, code)
