"""Dates are written the same on every machine, and as the standards' own formatters write them."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

from site_builder.site.display import long_date, rfc822


def test_long_dates_are_english_day_month_year_for_every_day_of_ten_years() -> None:
    for offset in range(3653):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=offset)
        assert long_date(day) == f"{day.day} {('January February March April May June July August September October November December').split()[day.month - 1]} {day.year}"  # noqa: E501


def test_rfc822_dates_are_what_email_utils_writes_for_every_day_of_ten_years() -> None:
    for offset in range(3653):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=offset)
        assert rfc822(day) == format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), usegmt=True)
