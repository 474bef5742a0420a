"""The full-text search index: its terms, its shards, and patching it after edits (build/reuse.searched)."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass

from conftest import posting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build.reuse import Recollection, Searched, searched
from site_builder.site.search import SearchIndex, search_index, shard_name, terms

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Role:
    """What the index reads of a role: its slug and its words."""

    slug: str
    words: str


class Remembered(Recollection):
    """The last build's index, and each role's words as its loading worked them out."""

    def words(self, posting, key: str) -> list[str]:
        return posting.words.split()


def index_of(roles: list[Role], last: Searched | None = None, keys: dict[str, str] | None = None) -> Searched:
    """The roles' search index, patched from `last` where it can be."""
    return searched(roles, keyed(roles) if keys is None else keys, Remembered({"search": last} if last else {}))


def fresh(roles: list[Role]) -> SearchIndex:
    """The roles' index made from scratch."""
    return search_index(roles, lambda role: role.words.split())


def roles_with(words: list[set[str]]) -> list[Role]:
    """Roles numbered in order, each with its words."""
    return [Role(f"role-{n}", " ".join(sorted(found))) for n, found in enumerate(words)]


def keyed(roles: list[Role]) -> dict[str, str]:
    """Content keys standing in for the files' hashes: a role's words are its content."""
    return {role.slug: f"key {role.words}" for role in roles}


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
    first = index_of(before)
    patched = index_of(after, first).index
    assert patched.files() == fresh(after).files()
    assert json.loads(patched.shards[shard_name("tenant")]) == {"tenant": [1]}
    assert shard_name("union") not in patched.shards
    assert patched.shards[shard_name("audit")] is first.index.shards[shard_name("audit")]


def test_patching_leaves_the_previous_index_as_it_was() -> None:
    before = roles_with([{"audit"}, {"audit", "union"}])
    first = index_of(before)
    after = roles_with([{"audit"}, {"tenant"}])
    index_of(after, first)
    assert first.index.files() == fresh(before).files() and first.index.numbers["audit"] == [0, 1]


def test_an_index_without_content_keys_is_never_patched() -> None:
    before = roles_with([{"audit"}])
    after = roles_with([{"tenant"}])
    patched = index_of(after, index_of(before, keys={}), keys={})
    assert patched.index.files() == fresh(after).files() and patched.keys == ("",)


vocabulary = st.sampled_from(["audit", "au", "bias", "policy", "tenant", "union", "unions", "ünion", "日本", "zz"])
word_sets = st.lists(st.sets(vocabulary, max_size=5), min_size=1, max_size=8)


@FAST
@given(word_sets, st.lists(st.tuples(st.integers(0, 7), st.sets(vocabulary, max_size=5)), max_size=6), st.booleans())
def test_any_run_of_edits_patches_to_the_index_a_fresh_build_makes(start, edits, stored) -> None:
    words = list(start)
    roles = roles_with(words)
    found_last = index_of(roles)
    for number, found in edits:
        words[number % len(words)] = found
        roles = roles_with(words)
        previous = pickle.loads(pickle.dumps(found_last)) if stored else found_last  # as the cache keeps it
        found_last = index_of(roles, previous)
        index, made = found_last.index, fresh(roles)
        assert index.files() == made.files()
        assert {term: list(numbers) for term, numbers in index.numbers.items()} == made.numbers
        assert list(index.numbers) == list(made.numbers)  # sorted, as shards must be
