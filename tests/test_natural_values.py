"""Values as people write them: choices in any case and spelling, amounts with separators, dates in words,
and more than one employment type. Where a value is truly ambiguous it is refused with the choices."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import posting

from site_builder.content import fields
from site_builder.content.fields import Invalid
from site_builder.content.model import EMPLOYMENT_TYPES, PERIODS, WORKPLACES


@pytest.mark.parametrize(("written", "meant"), [("Full time", "full-time"), ("FULL-TIME", "full-time"),
                                                 ("full_time", "full-time"), ("Part time", "part-time"),
                                                 ("Fixed term contract", "fixed-term"), ("Fellowship", "fellowship"),
                                                 ("Apprentice", "apprenticeship"), ("freelance", "contract")])  # fmt: skip
def test_employment_types_are_read_however_they_are_written(written: str, meant: str) -> None:
    assert fields.choice(EMPLOYMENT_TYPES)(written) == meant


@pytest.mark.parametrize(("written", "meant"), [("On-site", "onsite"), ("on site", "onsite"), ("In office", "onsite"),
                                                 ("Remote", "remote"), ("Fully remote", "remote"), ("HYBRID", "hybrid")])  # fmt: skip
def test_workplaces_are_read_however_they_are_written(written: str, meant: str) -> None:
    assert fields.choice(WORKPLACES)(written) == meant


@pytest.mark.parametrize(("written", "meant"), [("annual", "year"), ("per annum", "year"), ("p.a.", "year"),
                                                 ("hourly", "hour"), ("Monthly", "month")])  # fmt: skip
def test_pay_periods_are_read_in_their_common_words(written: str, meant: str) -> None:
    assert fields.choice(PERIODS)(written) == meant


def test_a_misspelt_choice_is_refused_with_the_nearest_value() -> None:
    with pytest.raises(Invalid, match="did you mean `full-time`"):
        fields.choice(EMPLOYMENT_TYPES)("fultime")


@pytest.mark.parametrize(("written", "meant"), [("60,000", 60000), ("60 000", 60000), ("1,250,000", 1250000),
                                                 ("60k", 60000), ("62.5K", 62500), ("60000", 60000), ("17.50", 17.5)])  # fmt: skip
def test_amounts_are_read_with_thousands_separators_and_k(written: str, meant: float) -> None:
    assert fields.number(written) == meant


def test_an_amount_with_dots_between_thousands_is_refused_as_ambiguous() -> None:
    with pytest.raises(Invalid, match="could be 60000 or 60.000"):
        fields.number("60.000")


@pytest.mark.parametrize("written", ["15 January 2027", "15 Jan 2027", "January 15, 2027", "Jan. 15 2027",
                                     "15th January 2027", "2027-01-15", "15/01/2027", "01/15/2027"])  # fmt: skip
def test_dates_are_read_when_they_have_one_meaning(written: str) -> None:
    assert fields.date(written) == dt.date(2027, 1, 15)


def test_a_date_that_is_day_first_in_one_country_and_month_first_in_another_is_refused_with_both() -> None:
    with pytest.raises(Invalid, match="could be 3 February 2027 or 2 March 2027"):
        fields.date("03/02/2027")


def test_a_date_the_calendar_does_not_have_is_refused() -> None:
    with pytest.raises(Invalid, match="not a real date"):
        fields.date("30 February 2027")


def test_a_posting_written_naturally_builds_with_every_fact_read(make_project) -> None:
    text = posting(employment_type="employment_type: Part time, fixed-term", workplace="workplace: On-site",
                   deadline="15 January 2027")
    text = text.replace("  min: ", "  min: '").replace("\n  max:", "'\n  max:", 1)
    project = make_project({"role.md": text})
    result = project.build()
    assert result.exit_code == 0, result.output
    role = json.loads(project.read("roles.json"))["roles"][0]
    assert role["employment_type"] == ["part-time", "fixed-term"] and role["workplace"] == "onsite"
    assert role["deadline"] == "2027-01-15"
    page = project.read("roles/role/index.html")
    assert "Part-time, Fixed-term" in page and '"employmentType":["PART_TIME","TEMPORARY"]' in page


def test_a_role_of_two_types_is_listed_under_each_type(make_project) -> None:
    project = make_project({"role.md": posting(employment_type="employment_type: [part-time, fellowship]")})
    assert project.build().exit_code == 0
    assert "Policy Advocate" in project.read("types/part-time/index.html")
    assert "Policy Advocate" in project.read("types/fellowship/index.html")


def test_a_date_with_dots_is_day_first_as_everywhere_dots_part_a_date() -> None:
    assert fields.date("01.04.2027") == dt.date(2027, 4, 1)


@pytest.mark.parametrize(("written", "weeks"), [("3 years 3 months", (169, 169)), ("3, 6 or 12 months", (13, 52)),
                                                ("6 or 12 months", (26, 52)), ("10-12 weeks", (10, 12))])  # fmt: skip
def test_contract_lengths_as_postings_write_them(written: str, weeks: tuple[float, float]) -> None:
    span = fields.span(written)
    assert (round(span.low_weeks), round(span.high_weeks)) == weeks and span.label == written


@pytest.mark.parametrize(("written", "meant"), [("1. April 2022", dt.date(2022, 4, 1)), ("16. März 2022", dt.date(2022, 3, 16)),
                                                ("15 de enero de 2027", dt.date(2027, 1, 15)), ("3 août 2026", dt.date(2026, 8, 3))])  # fmt: skip
def test_dates_as_german_spanish_and_french_postings_write_them(written: str, meant: dt.date) -> None:
    assert fields.date(written) == meant
