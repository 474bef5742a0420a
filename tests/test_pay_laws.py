"""Pay-transparency laws: `check` warns when a role under one gives no pay, or pay of the wrong shape, naming the
laws; `pay_transparency: error` makes that an error, `off` silences it; the README's table is the declared one."""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest
from click.testing import CliRunner
from conftest import posting

from site_builder.commands.cli import main
from site_builder.content.laws import ASKS, LAWS, law_table

README = Path(__file__).resolve().parent.parent / "README.md"
NO_PAY = {"salary": "", "  min": "", "  max": "", "  currency": "", "  period": ""}


def check(project, today: str = "2026-11-23"):
    """`jobboard check` on a project as of a day."""
    return CliRunner().invoke(main, ["check", "--config", str(project.root / "config.yaml"), "--today", today])


def role(place: str, **lines: str) -> str:
    """A posting for an on-site role at a place, with lines replaced."""
    return posting(location=f'location: "{place}"', **lines)


def salary_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if ": salary: " in line]


def test_a_role_in_colorado_with_no_pay_is_warned_of_naming_the_law(make_project) -> None:
    result = check(make_project({"role.md": role("Denver, CO", **NO_PAY)}))
    assert result.exit_code == 0
    assert salary_lines(result.stderr) == [
        "postings/role.md: salary: warning: gives no pay; pay-transparency law asks job postings for this role for the "
        "pay, as a figure or a closed range: Colorado (Equal Pay for Equal Work Act; every employer)"]


def test_a_role_in_new_york_city_giving_only_a_lowest_figure_names_the_city_and_state_laws(make_project) -> None:
    text = role("Brooklyn, NY", **{"  max": ""})
    lines = salary_lines(check(make_project({"role.md": text})).stderr)
    assert len(lines) == 2 and all("gives only a lowest figure" in line for line in lines)
    assert "a pay range, lowest to highest (a fixed rate as both): New York City (Local Law 32 of 2022" in lines[0]
    assert "New York State (Labor Law 194-b; employers of 4+)" in lines[1]


def test_a_remote_role_open_to_the_whole_us_is_under_every_us_law_that_covers_remote_work(make_project) -> None:
    text = posting(location="location: Remote", workplace="workplace: remote\nremote_regions: [US]", **NO_PAY)
    line = " ".join(salary_lines(check(make_project({"role.md": text})).stderr))
    for name in ("Colorado", "California", "Washington", "New York State", "Illinois", "Massachusetts"):
        assert name in line
    assert "Hawaii" not in line and "Ontario" not in line  # Hawaii's law is not recorded as covering remote roles


def test_a_remote_role_open_to_one_state_is_under_that_states_law_alone(make_project) -> None:
    text = posting(location="location: Remote (California)", workplace="workplace: remote", **NO_PAY)
    line = " ".join(salary_lines(check(make_project({"role.md": text})).stderr))
    assert "California (Labor Code 432.3" in line and "Colorado" not in line


@pytest.mark.parametrize("case", ["paid_in_full", "unpaid", "place_without_a_recorded_law", "law_not_yet_in_force"])
def test_no_warning_where_the_pay_meets_the_law_or_no_law_holds(make_project, case: str) -> None:
    text = {
        "paid_in_full": role("Denver, CO"),
        "unpaid": role("Denver, CO", **{**NO_PAY, "salary": "salary: unpaid"}),
        "place_without_a_recorded_law": role("Berlin, DE", **NO_PAY),
        "law_not_yet_in_force": role("Wilmington, DE, US", **NO_PAY),  # Delaware's starts 2027-09-26
    }[case]
    result = check(make_project({"role.md": text}))
    assert result.exit_code == 0 and salary_lines(result.stderr) == []


def test_a_law_counts_from_the_day_it_comes_into_force(make_project) -> None:
    project = make_project({"role.md": role("Wilmington, DE, US", **NO_PAY)})
    assert "Delaware (19 Del. C. 709C; employers of 26+)" in check(project, today="2027-09-26").stderr


def test_an_ontario_range_wider_than_the_law_allows_is_warned_of_below_its_ceiling(make_project) -> None:
    def ontario(low: str, high: str) -> str:
        return role("Toronto, ON, CA", **{"  min": f"  min: {low}", "  max": f"  max: {high}", "  currency": "  currency: CAD"})

    project = make_project({"wide.md": ontario("60000", "120000"), "narrow.md": ontario("60000", "100000"),
                            "high.md": ontario("150000", "260000")})  # fmt: skip
    lines = salary_lines(check(project).stderr)
    assert lines == ["postings/wide.md:8: salary: warning: gives a range 60,000 CAD wide, wider than 50,000 CAD; "
                     "pay-transparency law asks job postings for this role for the pay, as a figure or a closed range: "
                     "Ontario (Employment Standards Act, as amended by the Working for Workers Four Act; employers of 25+)"]  # fmt: skip


def test_the_setting_error_makes_a_shortfall_fail_check_and_off_silences_it(make_project) -> None:
    strict = make_project({"role.md": role("Denver, CO", **NO_PAY)}, config="pay_transparency: error\n")
    result = check(strict)
    assert result.exit_code == 1
    assert "postings/role.md: salary: gives no pay; pay-transparency law asks" in result.output
    assert "warning" not in " ".join(salary_lines(result.output))


def test_the_setting_off_silences_pay_transparency(make_project) -> None:
    quiet = make_project({"role.md": role("Denver, CO", **NO_PAY)}, config="pay_transparency: off\n")
    result = check(quiet)
    assert result.exit_code == 0 and salary_lines(result.stderr) == []


def test_a_bad_pay_transparency_setting_is_refused(make_project) -> None:
    project = make_project({"role.md": role("Denver, CO")}, config="pay_transparency: yes\n")
    assert "pay_transparency: must be `warn`, `error` or `off`" in check(project).output


def test_every_law_names_real_places_a_known_ask_and_an_https_source() -> None:
    for law in LAWS:
        assert law.asks in ASKS and law.source.startswith("https://") and law.employers >= 1
        for where in law.where:
            code = where.split("|")[-1]
            found = pycountry.subdivisions.get(code=code) if "-" in code else pycountry.countries.get(alpha_2=code)
            assert found is not None, (law.name, where)
            assert "|" not in where or where.split("|")[0] == where.split("|")[0].casefold()


def test_the_readme_law_table_is_the_declared_one() -> None:
    readme = README.read_text(encoding="utf-8")
    table = readme[readme.index("<!-- laws:"):readme.index("<!-- /laws -->")].split("\n", 1)[1].strip()
    assert table == law_table(), "run `python3 -m site_builder.content.laws` and paste its table into README.md"
    assert re.search(r"recorded on\s+\d+ \w+ \d{4}", readme)
