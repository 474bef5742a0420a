"""The full-text search index: each open role's words, inverted and split into small JSON shards by prefix.

An index can also be patched: some roles' words replaced, each role's number taken out of its old
words' lists and put into its new words' lists, and only shards whose words changed encoded again
(a rebuild after a few edits does this rather than invert ~600,000 words again: build/reuse.py).
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Mapping, MutableSequence, Sequence
from dataclasses import dataclass
from typing import Any

from site_builder.content import schema
from site_builder.content.model import Posting
from site_builder.site.exports import compact_json

MIN_TERM = 2
_TAG = re.compile(r"<[^>]+>")
_TERM = re.compile(r"[^\W_]{2,}")  # runs of 2+ letters or digits (MIN_TERM)
_ASCII_SPACES = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))  # for lowercase text
_ACCENTS = re.compile("[\u0300-\u036f]")
Numbers = MutableSequence[int]  # role numbers holding a term, ascending (a list, or an array once stored)


def terms(text: str) -> set[str]:
    """Search terms: lowercase, accents folded, split on anything not a letter or digit.

    Exactly board.js's `terms`: NFKD, then drop U+0300-U+036F (the combining accents), then split."""
    folded = text.lower()
    if folded.isascii():  # the same words, found ~2x faster: bytes.translate and split run in C
        words = set(folded.encode("ascii").translate(_ASCII_SPACES).decode("ascii").split())
        words.difference_update([word for word in words if len(word) < MIN_TERM])
        return words
    return set(_TERM.findall(_ACCENTS.sub("", unicodedata.normalize("NFKD", folded))))


def searchable_text(p: Posting) -> str:
    """Everything a reader may search a role by: its facts and its whole description."""
    body = _TAG.sub(" ", p.body_html)
    body = html.unescape(body) if "&" in body else body
    return " ".join([*schema.search_words(p), body])


def posting_terms(posting: Posting) -> str:
    """A posting's distinct search words, space-separated and sorted (stable output)."""
    return " ".join(sorted(terms(searchable_text(posting))))


def shard_name(term: str) -> str:
    """The shard file holding a term: hex of its first two characters' UTF-8, so any text is a safe name."""
    return term[:MIN_TERM].encode("utf-8").hex()


def words_of(posting: Posting) -> list[str]:
    """A role's distinct search words, worked out from it."""
    return posting_terms(posting).split()


Words = Callable[[Posting], list[str]]  # a role's distinct search words


@dataclass
class SearchIndex:
    """An inverted index over open roles in roles.json order: term → role numbers, and its shards' bytes."""

    slugs: tuple[str, ...]  # the roles, in order
    numbers: dict[str, Numbers]
    shards: dict[str, bytes]  # shard name → `search/<name>.json`'s bytes

    def files(self) -> dict[str, bytes]:
        """The index as site files: `search/<hex>.json` maps each term → role numbers."""
        return {f"search/{name}.json": self.shards[name] for name in sorted(self.shards)}

    def __getstate__(self) -> dict[str, Any]:
        """Stored flat: ~8,000 small lists pickle 10x slower than one array of all their numbers."""
        flat, ends = array("i"), array("i")
        for numbers in self.numbers.values():
            flat.extend(numbers)
            ends.append(len(flat))
        return {"slugs": self.slugs, "terms": "\n".join(self.numbers), "flat": flat,
                "ends": ends, "shards": self.shards}  # fmt: skip

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Read back what __getstate__ stored."""
        flat, ends, start = state["flat"], state["ends"], 0
        self.numbers = {}
        for term, end in zip(state["terms"].split("\n") if ends else (), ends, strict=True):
            self.numbers[term], start = flat[start:end], end
        self.slugs, self.shards = state["slugs"], state["shards"]


def search_index(postings: Sequence[Posting], words: Words = words_of) -> SearchIndex:
    """The index of these roles: every role's words inverted."""
    index: defaultdict[str, list[int]] = defaultdict(list)
    for number, posting in enumerate(postings):
        for term in words(posting):
            index[term].append(number)  # the hot loop: ~600,000 times at 10,000 roles
    numbers: dict[str, Numbers] = {term: index[term] for term in sorted(index)}
    return SearchIndex(tuple(p.slug for p in postings), numbers, _encoded(numbers, _by_shard(numbers)))


def _by_shard(numbers: Mapping[str, Numbers], only: set[str] | None = None) -> dict[str, list[str]]:
    """Terms (in the index's sorted order) by shard name; only the shards named in `only`, if given."""
    shards: dict[str, list[str]] = {}
    for term in numbers:
        name = shard_name(term)
        if only is None or name in only:
            shards.setdefault(name, []).append(term)
    return shards


def _encoded(numbers: Mapping[str, Numbers], shards: Mapping[str, list[str]]) -> dict[str, bytes]:
    """Each shard's JSON: its terms in sorted order, each with its role numbers."""
    return {name: compact_json({term: list(numbers[term]) for term in terms}) for name, terms in shards.items()}


def patched(previous: SearchIndex, postings: Sequence[Posting], changed: list[int], words: Words = words_of) -> SearchIndex:
    """`previous`, over the same roles in the same order, with the words of the roles numbered `changed` replaced
    by what they are now. Lists are copied before they change, never shared changed."""
    numbers, touched = dict(previous.numbers), set()
    for number in changed:
        old = {term for term, held in numbers.items() if _lists(held, number)}
        new = set(words(postings[number]))
        for term in old - new:
            held = [n for n in numbers[term] if n != number]
            if held:
                numbers[term] = held
            else:
                del numbers[term]
        for term in new - old:
            held = list(numbers.get(term, ()))
            bisect.insort(held, number)
            numbers[term] = held
        touched |= old ^ new
    if any(term not in previous.numbers for term in touched):
        numbers = {term: numbers[term] for term in sorted(numbers)}  # a new term: keep terms sorted
    names = {shard_name(term) for term in touched}
    shards = {name: data for name, data in previous.shards.items() if name not in names}
    shards.update(_encoded(numbers, _by_shard(numbers, names)))
    return SearchIndex(previous.slugs, numbers, shards)


def _lists(numbers: Numbers, number: int) -> bool:
    """Whether an ascending list of role numbers holds one."""
    at = bisect.bisect_left(numbers, number)
    return at < len(numbers) and numbers[at] == number
