"""Salary annualisation and how pay is written for readers."""

from __future__ import annotations

from site_builder.content.model import Hours, Salary
from site_builder.site.display import annual_text, salary_text
from site_builder.site.indexes import Band


def salary(low: float, high: float | None, period: str, hours: Hours | None = None) -> Salary:
    """A USD salary; hours default to the board's 40 a week, marked as assumed."""
    return Salary(low, high, "USD", period, hours or Hours(40, 40), hours_assumed=hours is None)


def test_hourly_salary_annualises_with_hours_per_week() -> None:
    pay = salary(24, None, "hour", Hours(29, 29))
    assert (pay.annual_min, pay.annual_max) == (24 * 29 * 52, 24 * 29 * 52)


def test_hourly_salary_with_an_hours_range_spans_fewest_to_most_hours() -> None:
    pay = salary(35, 35, "hour", Hours(5, 30))
    assert (pay.annual_min, pay.annual_max) == (9100, 54600)


def test_hourly_salary_without_hours_uses_the_default_week_and_says_so() -> None:
    pay = salary(20, 25, "hour")
    assert (pay.annual_min, pay.annual_max) == (41600, 52000)
    assert annual_text(pay) == "≈ $41,600–$52,000 a year at 40 hours a week (assumed)"


def test_monthly_salary_annualises_times_twelve() -> None:
    assert salary(3000, 3500, "month").annual_max == 42000


def test_weekly_and_daily_salaries_annualise_by_weeks_and_working_days() -> None:
    assert salary(1000, None, "week").annual_min == 52000
    assert salary(200, None, "day").annual_min == 52000


def test_yearly_salary_is_its_own_annual_equivalent_and_shows_no_conversion() -> None:
    pay = salary(80000, 100000, "year")
    assert (pay.annual_min, pay.annual_max) == (80000, 100000)
    assert salary_text(pay) == "$80,000–$100,000 a year" and annual_text(pay) == ""


def test_minimum_only_salary_reads_as_from() -> None:
    pay = salary(24, None, "hour", Hours(29, 29))
    assert salary_text(pay) == "From $24 an hour"
    assert annual_text(pay) == "≈ from $36,192 a year at 29 hours a week"


def test_fixed_rate_reads_as_one_figure() -> None:
    assert salary_text(salary(35, 35, "hour", Hours(5, 30))) == "$35 an hour"


def test_missing_salary_reads_as_not_listed() -> None:
    assert salary_text(None) == "Salary not listed" and annual_text(None) == ""


def test_cents_are_shown_only_when_present() -> None:
    assert salary_text(salary(17.5, None, "hour")) == "From $17.50 an hour"


def test_other_currencies_are_written_with_their_code() -> None:
    pay = Salary(100000, None, "KES", "month", Hours(40, 40), False)
    assert salary_text(pay) == "From KES 100,000 a month"


def test_band_holds_a_role_whose_annual_range_reaches_into_it() -> None:
    band = Band(60000, 80000, "USD")
    assert band.label == "$60,000 to $80,000 a year" and band.slug == "60000-80000"
