"""Each front-matter key's validation: one fixture file per bad case, with its file, line and message."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, posting

from site_builder.content.loader import load_file
from site_builder.content.model import Reading

INVALID = FIXTURES / "invalid"

# fixture name → (line or None, field, words the message must contain)
CASES = {
    "title-missing": (2, "title", "is required"),
    "title-is-a-list": (2, "title", "must be text, not a list"),
    "organization-missing": (1, "organization", "is required"),
    "organization-url-javascript": (4, "organization_url", "is not an http(s) URL"),
    "location-missing": (1, "location", "is required"),
    "location-without-country": (5, "location", "write a place as `City, Country`, e.g. `London, UK`"),
    "location-flow-list-splits-places": (5, "location", "quote each place"),
    "location-unknown-country": (5, "location", "`XX` in `Paris, XX` is not a country"),
    "workplace-typo": (6, "workplace", "did you mean `remote`?"),
    "remote-regions-on-onsite-role": (17, "remote_regions", "only for remote or hybrid roles"),
    "remote-regions-not-iso": (7, "remote_regions.0", "is not a country or a region"),
    "employment-type-unknown": (7, "employment_type", "did you mean `full-time`?"),
    "hours-per-week-too-many": (8, "hours_per_week", "between 1 and 168"),
    "hours-per-week-not-a-number": (8, "hours_per_week", "must be a number"),
    "salary-min-above-max": (10, "salary.max", "below the minimum (90000)"),
    "salary-negative": (9, "salary.min", "must be a positive amount, not -5"),
    "salary-zero": (9, "salary.min", "must be a positive amount, not 0"),
    "salary-unknown-currency": (11, "salary.currency", "not an ISO 4217 currency code"),
    "salary-unknown-period": (12, "salary.period", "did you mean `hour`?"),
    "salary-not-a-mapping": (8, "salary", "must be a mapping"),
    "salary-unknown-key": (10, "salary.maximum", "unknown key; did you mean `max`?"),
    "salary-amount-as-text": (9, "salary.min", "must be a number"),
    "posted-missing": (13, "posted", "is required"),
    "posted-impossible-date": (13, "posted", "`2026-02-30` is not a real date"),
    "posted-wrong-format": (13, "posted", "YYYY-MM-DD"),
    "deadline-impossible-month": (14, "deadline", "`2026-13-01` is not a real date"),
    "deadline-not-a-date": (14, "deadline", "or `rolling`"),
    "apply-missing": (1, "apply_url", "give `apply_url`"),
    "apply-url-mixed-case-javascript": (15, "apply_url", "is not an http(s) URL"),
    "apply-url-data": (15, "apply_url", "is not an http(s) URL"),
    "apply-email-invalid": (15, "apply_email", "is not an email address"),
    "tags-not-topics": (16, "tags.0", "must not contain < or >"),
    "unknown-key-typo": (17, "salery", "unknown key; did you mean `salary`?"),
    "yaml-unclosed-quote": (5, "front matter", "block mapping that starts on line 2"),
    "yaml-tab-indent": (9, "front matter", "YAML syntax error"),
    "yaml-bad-indentation": (10, "front matter", "YAML syntax error"),
    "yaml-alias": (16, "front matter", "anchors and aliases"),
    "yaml-python-tag": (2, "front matter", "YAML tags such as `!!python/object/apply:os.system` are not allowed"),
    "front-matter-not-closed": (1, "front matter", "no closing `---`"),
    "front-matter-not-opened": (1, "front matter", "must start with a line `---`"),
    "front-matter-is-a-list": (2, "front matter", "must be a mapping"),
    "front-matter-empty": (1, "title", "is required"),
    "every-required-key-missing": (1, "posted", "is required"),
    "front-matter-is-a-scalar": (2, "front matter", "must be a mapping"),
    "body-empty": (18, "body", "is empty"),
    "empty-file": (None, "file", "is empty"),
    "not-utf8": (None, "file", "line 2 is not UTF-8"),
    "Upper_Case_Name": (None, "file name", "lowercase letters"),
}


def errors_of(name: str) -> list:
    """Validate one fixture file; it must fail."""
    path = INVALID / f"{name}.md"
    result = load_file(path, f"postings/{name}.md", Reading(), INVALID)
    assert isinstance(result, list), f"{name} should be invalid"
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_posting_is_reported_with_file_line_field_and_message(name: str) -> None:
    line, field, words = CASES[name]
    matching = [e for e in errors_of(name) if e.field == field and words in e.message]
    assert matching, [str(e) for e in errors_of(name)]
    assert matching[0].path == f"postings/{name}.md"
    assert matching[0].line == line
    assert str(matching[0]).startswith(f"postings/{name}.md{':' + str(line) if line else ''}: {field}: ")


def test_every_invalid_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in INVALID.iterdir()) == sorted(CASES)


def test_every_missing_required_key_is_reported_at_once() -> None:
    fields = {e.field for e in errors_of("every-required-key-missing")}
    assert fields == {"title", "organization", "location", "workplace", "employment_type", "posted", "apply_url"}


def test_flow_list_error_names_each_split_piece() -> None:
    fields = {e.field for e in errors_of("location-flow-list-splits-places")}
    assert {"location.0", "location.2", "location"} <= fields  # `London` and `Cardiff` alone; `UK` is a country


def check(tmp_path: Path, text: str):
    """Validate a posting's text as postings/role.md."""
    path = tmp_path / "role.md"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_file(path, "postings/role.md", Reading(), tmp_path)


def test_country_code_no_stays_norway_not_false(tmp_path: Path) -> None:
    result = check(tmp_path, posting(location="location: Oslo, NO", workplace="workplace: hybrid"))
    assert result.locations[0].country == "NO" and result.locations[0].label == "Oslo, Norway"


def test_quoted_date_string_is_read_as_the_date_meant(tmp_path: Path) -> None:
    result = check(tmp_path, posting(posted='"2026-11-01"'))
    assert result.posted.isoformat() == "2026-11-01"


def test_utf8_bom_and_crlf_line_endings_are_accepted(tmp_path: Path) -> None:
    result = check(tmp_path, "\ufeff" + posting().replace("\n", "\r\n"))
    assert result.title == "Policy Advocate"


def test_rolling_deadline_means_open_until_filled(tmp_path: Path) -> None:
    assert check(tmp_path, posting(deadline="rolling")).deadline.rolling


def test_absent_deadline_means_open_until_filled(tmp_path: Path) -> None:
    assert check(tmp_path, posting(deadline="")).deadline.rolling


def test_remote_region_with_remote_workplace_is_accepted(tmp_path: Path) -> None:
    text = posting(location="location: Remote", workplace="workplace: remote\nremote_regions: [US, MX]")
    assert check(tmp_path, text).remote_regions == ("US", "MX")


def test_remote_location_contradicting_onsite_workplace_is_an_error(tmp_path: Path) -> None:
    errors = check(tmp_path, posting(location="location: Remote"))
    assert any(e.field == "location" and "says Remote" in e.message for e in errors)


def test_apply_email_alone_is_enough(tmp_path: Path) -> None:
    result = check(tmp_path, posting(apply_url="apply_email: jobs@example.org"))
    assert result.apply_email == "jobs@example.org" and result.apply_url is None


def test_every_error_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = posting(workplace="workplace: remotly", employment_type="employment_type: fultime", posted="2026-02-30")
    assert {e.field for e in check(tmp_path, text)} == {"workplace", "employment_type", "posted"}


def test_oversized_posting_is_refused(tmp_path: Path) -> None:
    errors = check(tmp_path, posting() + "word " * 60_000)
    assert errors[0].field == "file" and "larger than 128 KiB" in errors[0].message


def test_symlink_out_of_postings_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(posting())
    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "role.md").symlink_to(outside)
    errors = load_file(folder / "role.md", "postings/role.md", Reading(), folder)
    assert "symbolic link" in errors[0].message


def test_angle_brackets_in_single_line_fields_are_refused(tmp_path: Path) -> None:
    errors = check(tmp_path, posting(title="Organizer <script>alert(1)</script>"))
    assert errors[0].field == "title" and "must not contain < or >" in errors[0].message


def test_a_value_holding_a_colon_names_its_key_and_the_fix_and_the_files_other_errors_still_show(tmp_path: Path) -> None:
    text = posting(title="Policy Lead: AI Accountability", employment_type="employment_type: fultime")
    errors = check(tmp_path, text)
    assert [(e.line, e.field) for e in errors] == [(2, "title"), (7, "employment_type")]
    assert 'put the value in quotes, `title: "Policy Lead: AI Accountability"`' in errors[0].message


def test_a_block_list_of_places_gets_no_hint_about_flow_lists(tmp_path: Path) -> None:
    errors = check(tmp_path, posting(location='location:\n  - Atlantis City\n  - "London, UK"'))
    assert [e.field for e in errors] == ["location.0"]
