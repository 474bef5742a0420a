"""JobPosting structured data that follows Google's rules."""

from __future__ import annotations

import json
import re

from conftest import posting


def jsonld_of(make_project, text: str) -> dict | None:
    """Build one posting and return its page's JSON-LD, or None if it has none."""
    project = make_project({"role.md": text})
    assert project.build().exit_code == 0
    match = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', project.read("roles/role/index.html"), re.S)
    return json.loads(match[1]) if match else None


def test_onsite_role_has_required_properties_and_a_postal_address(make_project) -> None:
    data = jsonld_of(make_project, posting())
    assert data["@type"] == "JobPosting" and data["title"] == "Policy Advocate"
    assert data["datePosted"] == "2026-11-01" and data["validThrough"] == "2026-12-31T23:59"
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Example Org", "sameAs": "https://example.org"}
    assert data["jobLocation"][0]["address"] == {"@type": "PostalAddress", "addressLocality": "Bakersfield",
                                                 "addressRegion": "CA", "addressCountry": "US"}  # fmt: skip
    assert "jobLocationType" not in data and data["employmentType"] == "FULL_TIME"
    assert "<p>Work on Policy Advocate.</p>" in data["description"]


def test_salary_has_a_unit_text(make_project) -> None:
    data = jsonld_of(make_project, posting(**{"  period": "  period: hour"}))
    assert data["baseSalary"] == {"@type": "MonetaryAmount", "currency": "USD", "value": {
        "@type": "QuantitativeValue", "unitText": "HOUR", "minValue": 60000, "maxValue": 70000}}  # fmt: skip


def test_a_role_open_until_filled_is_valid_through_the_last_day_it_is_listed(make_project) -> None:
    assert jsonld_of(make_project, posting(deadline="rolling"))["validThrough"] == "2026-12-31T23:59"  # posted + 60


def test_a_role_open_until_filled_on_a_board_without_a_limit_has_no_valid_through(make_project) -> None:
    project = make_project({"policy-advocate.md": posting(deadline="rolling")}, config="max_open_days: null\n")
    assert project.build().exit_code == 0
    assert "validThrough" not in project.read("roles/policy-advocate/index.html")


def test_fully_remote_role_is_telecommute_with_applicant_countries(make_project) -> None:
    data = jsonld_of(make_project, posting(location="location: Remote", workplace="workplace: remote\nremote_regions: [US, MX]"))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "United States"},
                                                     {"@type": "Country", "name": "Mexico"}]  # fmt: skip
    assert "jobLocation" not in data


def test_hybrid_role_is_not_marked_telecommute(make_project) -> None:
    data = jsonld_of(make_project, posting(workplace="workplace: hybrid\nremote_regions: [US]"))
    assert "jobLocationType" not in data and "applicantLocationRequirements" not in data


def test_remote_role_without_regions_gets_no_markup_rather_than_invalid_markup(make_project) -> None:
    assert jsonld_of(make_project, posting(location="location: Remote", workplace="workplace: remote")) is None


def test_closed_role_has_no_markup(make_project) -> None:
    assert jsonld_of(make_project, posting(posted="2020-01-01", deadline="2020-02-01")) is None


def test_script_end_tag_in_a_value_cannot_end_the_json_block() -> None:
    from site_builder.site.jsonld import script_json

    value = {"title": "</script><script>alert(1)</SCRIPT>", "note": "<!-- a & b"}
    text = script_json(value)
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == value


def test_raw_html_in_a_body_stays_escaped_inside_the_json_ld(make_project) -> None:
    data = jsonld_of(make_project, posting() + "\n</script><script>alert(1)</script>\n")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in data["description"]
