"""Pay says what the posting says: pro-rata pay shown as the role pays it, stipends and unpaid roles named,
no yearly figure for a contract that ends within a year (its whole pay instead, where it is known), extras
and net pay as written, and `hours_assumed` only where hours were assumed."""

from __future__ import annotations

import json

from conftest import posting

SALARY = "salary:\n  min: 60000\n  max: 70000\n  currency: USD\n  period: year\n"


def role_with(make_project, pay: str, **lines: str) -> tuple[dict, str, str]:
    """Build one role with this pay block (and other lines swapped): its roles.json record, its page and the home page."""
    project = make_project({"role.md": posting(**lines).replace(SALARY, pay)})
    result = project.build()
    assert result.exit_code == 0, result.output
    record = json.loads(project.read("roles.json"))["roles"][0]
    return record, project.read("roles/role/index.html"), project.read("index.html")


def test_a_part_time_role_paid_pro_rata_shows_what_it_pays_first_and_the_full_time_amounts_after(make_project) -> None:
    pay = "salary:\n  min: 34433\n  max: 35614\n  currency: GBP\n  period: year\n  fte: 0.6\n"
    record, page, home = role_with(make_project, pay, employment_type="employment_type: part-time",
                                   location='location: "London, GB"')
    assert "£20,659.80–£21,368.40 a year" in page and "0.6 FTE of £34,433–£35,614 a year full-time" in page
    assert "£20,659.80–£21,368.40 a year" in home
    assert record["salary"]["fte"] == 0.6 and record["salary"]["annual_max"] == 21368.4
    assert '"minValue":20659.8,"maxValue":21368.4' in page


def test_a_twelve_week_hourly_contract_shows_its_whole_pay_and_no_yearly_figure(make_project) -> None:
    pay = "salary:\n  min: 40\n  max: 40\n  currency: CAD\n  period: hour\n"
    record, page, _ = role_with(make_project, pay, employment_type="employment_type: contract\nduration: 12 weeks\n"
                                "hours_per_week: 20")  # fmt: skip
    assert "a year" not in page.split("<dt>Pay</dt>")[1].split("</dd>")[0]
    assert "≈ CA$9,600 for the whole contract" in page
    assert record["salary"]["annual_max"] is None and record["salary"]["total_max"] == 9600
    assert record["duration"] == "12 weeks"


def test_an_hourly_contract_of_unstated_hours_gets_no_made_up_total(make_project) -> None:
    pay = "salary:\n  min: 40\n  currency: CAD\n  period: hour\n"
    record, page, _ = role_with(make_project, pay, employment_type="employment_type: contract\nduration: 12 weeks")
    assert "whole contract" not in page and "a year" not in page.split("<dt>Pay</dt>")[1].split("</dd>")[0]
    assert record["salary"]["total_max"] is None and record["salary"]["hours_assumed"] is True


def test_a_monthly_stipend_for_eight_to_ten_months_is_not_annualised(make_project) -> None:
    pay = "salary:\n  kind: stipend\n  min: 2000\n  currency: USD\n  period: month\n"
    record, page, _ = role_with(make_project, pay, employment_type="employment_type: fellowship\nduration: 8-10 months")
    assert "Stipend: from $2,000 a month" in page and "a year" not in page.split("<dt>Pay</dt>")[1].split("</dd>")[0]
    assert record["salary"]["kind"] == "stipend" and record["salary"]["annual_min"] is None


def test_an_unpaid_volunteer_role_says_unpaid_not_salary_not_listed(make_project) -> None:
    record, page, home = role_with(make_project, "salary: unpaid\n", employment_type="employment_type: volunteer")
    assert "Unpaid" in page and "Salary not listed" not in page and "Unpaid" in home
    assert record["salary"]["kind"] == "unpaid" and '"baseSalary"' not in page


def test_a_stipend_of_unstated_amount_says_so(make_project) -> None:
    record, page, _ = role_with(make_project, "salary: stipend\n", employment_type="employment_type: fellowship")
    assert "Stipend, amount not stated" in page and record["salary"]["min"] is None


def test_extras_are_shown_as_written(make_project) -> None:
    pay = ("salary:\n  min: 85000\n  max: 95000\n  currency: AUD\n  period: year\n  extras: plus 11.5% superannuation\n"
           "  net: false\n")  # fmt: skip
    record, page, _ = role_with(make_project, pay)
    assert "A$85,000–A$95,000 a year" in page and "plus 11.5% superannuation" in page


def test_net_pay_says_after_tax(make_project) -> None:
    pay = "salary:\n  min: 1500\n  currency: EUR\n  period: month\n  net: true\n"
    record, page, _ = role_with(make_project, pay)
    assert "€1,500 a month after tax" in page and record["salary"]["net"] is True


def test_yearly_pay_never_claims_its_hours_were_assumed(make_project) -> None:
    record, _, _ = role_with(make_project, SALARY)
    assert record["salary"]["hours_assumed"] is False and record["salary"]["annual_min"] == 60000


def test_a_fixed_term_role_of_unstated_length_gets_no_yearly_figure_for_its_hourly_pay(make_project) -> None:
    pay = "salary:\n  min: 25\n  currency: USD\n  period: hour\n"
    record, page, _ = role_with(make_project, pay, employment_type="employment_type: fixed-term\nhours_per_week: 30")
    assert record["salary"]["annual_min"] is None and "a year" not in page.split("<dt>Pay</dt>")[1].split("</dd>")[0]


def test_a_two_year_fixed_term_role_shows_its_yearly_figure(make_project) -> None:
    pay = "salary:\n  min: 25\n  currency: USD\n  period: hour\n"
    record, page, _ = role_with(make_project, pay, employment_type="employment_type: fixed-term\nhours_per_week: 30\n"
                                "duration: 2 years")  # fmt: skip
    assert record["salary"]["annual_min"] == 39000 and "≈ from $39,000 a year at 30 hours a week" in page


def test_a_contract_with_an_end_date_within_a_year_shows_its_whole_pay(make_project) -> None:
    record, page, _ = role_with(make_project, SALARY, employment_type="employment_type: fixed-term\n"
                                "starts: 2027-02-01\nends: 2027-07-31")  # fmt: skip
    assert record["salary"]["annual_min"] is None and "for the whole contract" in page
    assert record["starts"] == "2027-02-01" and record["ends"] == "2027-07-31"
    assert '"jobStartDate":"2027-02-01"' in page and "1 February 2027" in page and "31 July 2027" in page


def test_a_start_in_words_is_kept_as_written(make_project) -> None:
    record, page, _ = role_with(make_project, SALARY, employment_type="employment_type: full-time\n"
                                "starts: early February 2027")  # fmt: skip
    assert record["starts"] == "early February 2027" and "early February 2027" in page


def test_a_range_of_fte_pays_from_the_smallest_share_of_the_lowest_to_the_largest_share_of_the_highest(
        make_project) -> None:  # fmt: skip
    pay = "salary:\n  min: 42000\n  max: 48000\n  currency: EUR\n  period: year\n  fte: 0.75-1\n"
    record, page, _ = role_with(make_project, pay, employment_type="employment_type: full-time, part-time")
    assert "€31,500–€48,000 a year" in page and "0.75–1 FTE of €42,000–€48,000 a year full-time" in page
    assert record["salary"]["fte"] == 0.75 and record["salary"]["fte_max"] == 1


BANDS = ("salary:\n  - where: New York, NY\n    min: 90000\n    max: 110000\n    currency: USD\n    period: year\n"
         "  - where: elsewhere in the US\n    min: 80,000\n    max: 95,000\n    currency: USD\n    period: year\n")  # fmt: skip


def test_pay_that_differs_by_place_shows_each_place_and_spans_them_for_filters(make_project) -> None:
    record, page, home = role_with(make_project, BANDS)
    assert "$80,000–$110,000 a year, by place" in page
    assert "New York, NY: $90,000–$110,000 · elsewhere in the US: $80,000–$95,000" in page
    assert record["salary"]["min"] == 80000 and record["salary"]["max"] == 110000
    assert record["salary"]["bands"][0] == {"where": "New York, NY", "min": 90000, "max": 110000}
    assert '"minValue":80000.0,"maxValue":110000.0' in page


def test_places_paid_in_different_currencies_or_periods_are_refused(make_project) -> None:
    project = make_project({"role.md": posting().replace(SALARY, BANDS.replace("currency: USD\n    period: year\n  - ",
                                                                                "currency: EUR\n    period: year\n  - "))})  # fmt: skip
    result = project.build()
    assert result.exit_code == 1 and "salary.1.currency: is USD a year, where the first place's is EUR" in result.output
