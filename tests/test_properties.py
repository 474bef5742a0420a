"""Properties beyond examples: any input loads or raises our own error type, never another, never a hang."""

from __future__ import annotations

import re

from conftest import posting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.content.frontmatter import Document, FrontMatterError, load, split
from site_builder.content.model import Hours, Posting, Reading, Salary
from site_builder.content.posting import parse_posting
from site_builder.errors import ContentError
from site_builder.site.indexes import slugify

FAST = settings(max_examples=int(__import__("os").environ.get("PROPERTY_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like front matter often enough to reach the YAML and field code, not just the splitter.
yamlish = st.lists(
    st.one_of(
        st.sampled_from(["---", "...", "title: x", "salary:", "  min: 5", "- a", "[", "]", "{", "}", "&a", "*a",
                         "!!python/object:os.system", "\t", "key: 'open", "? x", "%YAML 1.1", ": ", "#"]),  # fmt: skip
        st.text(max_size=30),
    ),
    max_size=25,
).map("\n".join)


@FAST
@given(yamlish)
def test_splitter_returns_parts_or_our_error(text: str) -> None:
    try:
        front, body, line = split(text)
    except FrontMatterError as problem:
        assert problem.line in (None, 1)
    else:
        assert text.startswith("---") and front in text and text.endswith(body)
        assert line == text[: len(text) - len(body)].count("\n") + 1 or not body


@FAST
@given(yamlish)
def test_front_matter_loads_or_raises_our_error(text: str) -> None:
    try:
        document = load(text)
    except FrontMatterError as problem:
        assert problem.message
    else:
        assert isinstance(document, Document) and isinstance(document.data, dict)


@FAST
@given(st.one_of(yamlish, st.text(max_size=400)))
def test_any_posting_text_gives_a_posting_or_content_errors(text: str) -> None:
    result = parse_posting("postings/x.md", "x", text, Reading())
    assert isinstance(result, Posting) or (result and all(isinstance(e, ContentError) for e in result))


field_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.lists(st.text(max_size=10), max_size=3), st.sampled_from(["NO", "2026-02-30", "rolling", "5-30", "javascript:x"]),
)  # fmt: skip


@FAST
@given(st.sampled_from(["title", "location", "workplace", "hours_per_week", "posted", "deadline", "apply_url", "tags",
                        "  min", "  period", "  currency", "remote_regions"]), field_values)  # fmt: skip
def test_any_value_in_any_field_is_accepted_or_reported(key: str, value: object) -> None:
    import yaml

    line = f"{key}: {yaml.safe_dump(value, default_flow_style=True).strip().removesuffix('...').strip()}"
    extra = key in ("remote_regions", "hours_per_week")  # not in the template: add after tags
    text = posting(**({"tags": "tags: [x]\n" + line} if extra else {key: line}))
    result = parse_posting("postings/x.md", "x", text, Reading())
    assert isinstance(result, Posting) or all(isinstance(e, ContentError) and e.line for e in result)


amounts = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)


@FAST
@given(amounts, st.one_of(st.none(), amounts), st.sampled_from(["hour", "day", "week", "month", "year"]),
       st.floats(min_value=1, max_value=168), st.floats(min_value=1, max_value=168))  # fmt: skip
def test_annual_range_is_ordered_positive_and_consistent(low: float, extra: float | None, period: str, h1: float, h2: float) -> None:
    high = None if extra is None else low + extra
    hours = Hours(min(h1, h2), max(h1, h2))
    salary = Salary(low, high, "USD", period, hours, hours_assumed=False)
    assert 0 < salary.annual_min <= salary.annual_max
    if period == "year":
        assert salary.annual_min == round(low, 2)


@FAST
@given(st.text(max_size=200))
def test_slugs_are_always_safe_url_segments(label: str) -> None:
    slug = slugify(label)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) and len(slug) <= 60
    assert slugify(label) == slug  # stable


@FAST
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=0x7F)), st.text()))
def test_control_character_check_matches_the_pattern_on_any_text(text: str) -> None:
    from site_builder.content import fields

    assert fields.has_control(text) == (fields._CONTROL.search(text) is not None)
