"""The plan: open and closed roles in order, their indexes, and reusing the last plan's layout after edits
(build/reuse.planned)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TODAY, posting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build.reuse import Layout, Recollection, planned
from site_builder.config import load_config
from site_builder.content.model import Deadline, Hours, Posting, Reading, Salary
from site_builder.content.posting import parse_posting
from site_builder.site.plan import Plan, make_plan

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONFIG = load_config(Path(__file__).parent / "no-such-config.yaml")  # no file: every setting at its default
FULL_TIME = Hours(40, 40)


def parsed(slug: str, **fields: object) -> Posting:
    """A valid posting with some fields replaced."""
    result = parse_posting(f"postings/{slug}.md", slug, posting(), Reading())
    assert isinstance(result, Posting)
    return replace(result, **fields)


def keyed(postings: list[Posting]) -> dict[str, str]:
    """Content keys standing in for the files' hashes: a posting's whole value is its content."""
    return {p.slug: repr(p) for p in postings}


def shape(plan: Plan) -> tuple[object, ...]:
    """What a plan lays out: every list and group, role by role."""
    return plan.open_roles, plan.closed_roles, plan.indexes


Planned = tuple[Plan, Layout]


def rebuilt(before: list[Posting], after: list[Posting], today: dt.date = TODAY) -> tuple[Planned, Planned]:
    """The plan and layout for `before` (made on the board's day), then those for `after` made with its layout."""
    first = planned(CONFIG, before, TODAY, keyed(before))
    earlier = {repr(p): p for p in before}
    return first, planned(CONFIG, after, today, keyed(after), Recollection({"layout": first[1]}, earlier))


@pytest.fixture
def three_roles() -> list[Posting]:
    return [parsed("a-role", posted=dt.date(2026, 11, 1)), parsed("b-role", posted=dt.date(2026, 11, 5), tags=("data",)),
            parsed("c-role", deadline=Deadline(dt.date(2026, 1, 1)))]  # fmt: skip


def test_open_roles_come_newest_first_and_closed_roles_apart(three_roles) -> None:
    plan = make_plan(CONFIG, three_roles, TODAY)
    assert [p.slug for p in plan.open_roles] == ["b-role", "a-role"] and [p.slug for p in plan.closed_roles] == ["c-role"]
    assert [i.slug for i in plan.indexes] == ["locations", "salaries", "tags", "organizations", "types"]


def test_an_edit_that_moves_nothing_reuses_the_layout_with_the_edited_role_in_place(three_roles) -> None:
    after = [three_roles[0], replace(three_roles[1], title="Data Lead", body_html="<p>New.</p>"), three_roles[2]]
    (_, first), (plan, layout) = rebuilt(three_roles, after)
    assert layout.open_roles is first.open_roles
    assert plan.open_roles[0].title == "Data Lead" and shape(plan) == shape(make_plan(CONFIG, after, TODAY))


def test_an_edit_that_regroups_a_role_lays_out_afresh(three_roles) -> None:
    after = [three_roles[0], replace(three_roles[1], tags=("labor",)), three_roles[2]]
    (_, first), (plan, layout) = rebuilt(three_roles, after)
    assert layout.open_roles is not first.open_roles
    assert shape(plan) == shape(make_plan(CONFIG, after, TODAY))
    assert [g.label for g in plan.indexes[2].groups] == ["labor", "organizing", "policy"]


def test_a_plan_for_another_day_lays_out_afresh(three_roles) -> None:
    plan = rebuilt(three_roles, three_roles, today=dt.date(2025, 12, 1))[1][0]
    assert [p.slug for p in plan.open_roles] == ["b-role", "a-role", "c-role"]
    plan = rebuilt(three_roles, three_roles, today=dt.date(2027, 1, 5))[1][0]
    assert plan.open_roles == [] and len(plan.closed_roles) == 3


edits = st.fixed_dictionaries({}, optional={
    "title": st.sampled_from(["Organizer", "Researcher"]),
    "posted": st.dates(dt.date(2026, 10, 1), dt.date(2026, 10, 4)),
    "deadline": st.sampled_from([Deadline(None), Deadline(dt.date(2026, 11, 22)), Deadline(dt.date(2026, 12, 1))]),
    "tags": st.lists(st.sampled_from(["data", "labor", "policy"]), max_size=2, unique=True).map(tuple),
    "organization": st.sampled_from(["Org A", "org a", "Org B"]),
    "workplace": st.sampled_from(["remote", "onsite"]),
    "salary": st.sampled_from([None, Salary(50000, 70000, "USD", "year", FULL_TIME, True),
                                   Salary(30, 40, "EUR", "hour", FULL_TIME, True)]),
})  # fmt: skip


@FAST
@given(st.lists(edits, min_size=1, max_size=6), st.lists(st.tuples(st.integers(0, 5), edits), max_size=5))
def test_any_run_of_edits_plans_what_a_fresh_plan_makes(start, changes) -> None:
    postings = [parsed(f"role-{n}", **fields) for n, fields in enumerate(start)]
    plan, layout = planned(CONFIG, postings, TODAY, keyed(postings))
    for number, fields in changes:
        earlier = {repr(p): p for p in postings}
        number %= len(postings)
        postings[number] = replace(postings[number], **fields)
        plan, layout = planned(CONFIG, postings, TODAY, keyed(postings), Recollection({"layout": layout}, earlier))
        assert shape(plan) == shape(make_plan(CONFIG, postings, TODAY))
