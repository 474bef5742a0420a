"""The full-text search index: its terms, its shards, and patching it after edits."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass

from conftest import posting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.site.search import search_index, shard_name, terms

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Role:
    """What the index reads of a posting (a role with no words falls back to its empty text)."""

    slug: str
    search_terms: str
    title: str = ""
    organization: str = ""
    employment_type: str = ""
    body_html: str = ""
    locations: tuple[()] = ()
    tags: tuple[()] = ()


def roles_with(words: list[set[str]]) -> list[Role]:
    """Roles numbered in order, each with its words."""
    return [Role(f"role-{n}", " ".join(sorted(found))) for n, found in enumerate(words)]


def keyed(roles: list[Role]) -> dict[str, str]:
    """Content keys standing in for the files' hashes: a role's words are its content."""
    return {role.slug: f"key {role.search_terms}" for role in roles}


def test_search_index_finds_a_word_from_deep_in_a_body(make_project) -> None:
    project = make_project({"role.md": posting() + "\n\nWe value **Quechua** speakers.\n"})
    assert project.build().exit_code == 0
    shard = json.loads(project.read(f"search/{shard_name('quechua')}.json"))
    assert shard["quechua"] == [0]


def test_search_terms_fold_case_and_accents_and_split_on_punctuation() -> None:
    assert terms("Café-Owner, naïve A.I. x") == {"cafe", "owner", "naive"}


def test_shard_names_are_safe_file_names_for_any_script() -> None:
    assert shard_name("../etc") == "2e2e" and shard_name("αβγ") == "ceb1ceb2"


def test_an_edit_patches_only_the_shards_whose_words_changed() -> None:
    before = roles_with([{"audit", "policy"}, {"policy", "union"}])
    after = roles_with([{"audit", "policy"}, {"policy", "tenant"}])
    first = search_index(before, keyed(before))
    patched = search_index(after, keyed(after), first)
    assert patched.files() == search_index(after).files()
    assert json.loads(patched.shards[shard_name("tenant")]) == {"tenant": [1]}
    assert shard_name("union") not in patched.shards
    assert patched.shards[shard_name("audit")] is first.shards[shard_name("audit")]


def test_patching_leaves_the_previous_index_as_it_was() -> None:
    before = roles_with([{"audit"}, {"audit", "union"}])
    first = search_index(before, keyed(before))
    after = roles_with([{"audit"}, {"tenant"}])
    search_index(after, keyed(after), first)
    assert first.files() == search_index(before).files() and first.numbers["audit"] == [0, 1]


def test_an_index_without_content_keys_is_never_patched() -> None:
    before = roles_with([{"audit"}])
    after = roles_with([{"tenant"}])
    assert search_index(after, None, search_index(before)).files() == search_index(after).files()


vocabulary = st.sampled_from(["audit", "au", "bias", "policy", "tenant", "union", "unions", "ünion", "日本", "zz"])
word_sets = st.lists(st.sets(vocabulary, max_size=5), min_size=1, max_size=8)


@FAST
@given(word_sets, st.lists(st.tuples(st.integers(0, 7), st.sets(vocabulary, max_size=5)), max_size=6), st.booleans())
def test_any_run_of_edits_patches_to_the_index_a_fresh_build_makes(start, edits, stored) -> None:
    words = list(start)
    roles = roles_with(words)
    index = search_index(roles, keyed(roles))
    for number, found in edits:
        words[number % len(words)] = found
        roles = roles_with(words)
        previous = pickle.loads(pickle.dumps(index)) if stored else index  # as the cache keeps it
        index = search_index(roles, keyed(roles), previous)
        fresh = search_index(roles)
        assert index.files() == fresh.files()
        assert {term: list(numbers) for term, numbers in index.numbers.items()} == fresh.numbers
        assert list(index.numbers) == list(fresh.numbers)  # sorted, as shards must be
