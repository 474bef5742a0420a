"""Load every posting file in the postings folder, validating all of them before failing, and parsing
only the files the last build's cache does not already hold (on every core when there are many)."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from site_builder.build.cache import Cache, Stamp, posting_key, stamp
from site_builder.build.parallel import Death, WorkerDied, map_chunks
from site_builder.content.loader import (
    case_collisions,
    checked_text,
    decode,
    ignored,
    joined,
    parse,
    read_entry,
    shown_path,
    unreadable,
)
from site_builder.content.model import Posting, Reading
from site_builder.errors import BuildFailed, ContentError
from site_builder.site.search import posting_terms

Parsed = tuple[Posting, str]  # a posting and its search words (worked out where it is parsed, so on every core)


@dataclass(frozen=True)
class Loaded:
    """Every posting, with the content key of the file each came from (by slug) and each file's stamp."""

    postings: list[Posting]
    keys: dict[str, str]
    files: dict[str, tuple[Stamp, str]]


def load_postings(folder: Path, reading: Reading, display_root: Path | None = None) -> list[Posting]:
    """Return every posting in `folder`, or raise BuildFailed listing every problem in every file."""
    return load_changed(folder, reading, display_root or folder.parent, Cache(None)).postings


def load_changed(folder: Path, reading: Reading, root: Path, cache: Cache) -> Loaded:
    """Load every posting, parsing only files the cache doesn't already hold; BuildFailed lists every problem.

    A file whose stamp is unchanged is taken from the cache unread. The others are read, hashed and
    parsed by workers, which skip the parse when the bytes are already known (a checkout that
    rewrites a file as it was costs no parse)."""
    shown_folder = shown_path(folder, root)
    entries = _entries(folder, shown_folder)
    found: dict[str, Posting | list[ContentError]] = {}
    files: dict[str, tuple[Stamp, str]] = {}
    jobs: list[Job] = []
    for entry in entries:
        try:
            known, now = cache.index.files.get(entry.name), stamp(entry.stat(follow_symlinks=False))
        except OSError as problem:  # gone since the folder was listed, or not ours to look at
            found[entry.name] = [ContentError(joined(shown_folder, entry.name), None, "file", unreadable(problem))]
            continue
        if known and known[0] == now and known[1] in cache.entries:
            found[entry.name], files[entry.name] = cache.entries[known[1]].posting, known
        else:
            jobs.append(Job(entry.name, entry.path, joined(shown_folder, entry.name), now, reading))
    # Bytes the cache holds need no parse. Forked workers inherit the set; spawned ones get it pickled.
    held = frozenset(cache.entries) if jobs else frozenset()
    try:
        results = map_chunks(partial(_load_one, known=held), jobs)
    except WorkerDied as died:
        raise BuildFailed([_died_reading(death) for death in died.deaths] or [_died_between(shown_folder)]) from None
    for job, (key, result) in zip(jobs, results, strict=True):
        if key:
            files[job.name] = (job.stamp, key)
        if result is None:
            found[job.name] = cache.entries[key].posting
        elif isinstance(result, list):
            found[job.name] = result
        else:
            found[job.name] = result[0]
            cache.add(key, *result)
    return _collect(entries, found, files, folder, root)


def _entries(folder: Path, shown_folder: str) -> list[os.DirEntry[str]]:
    """The postings folder's entries in name order, but for hidden files that are no posting (`.gitkeep`)."""
    try:
        return sorted((e for e in os.scandir(folder) if not ignored(e.name)), key=lambda e: e.name)
    except NotADirectoryError:
        raise BuildFailed([ContentError(shown_folder, None, "postings", "is a file, not a folder")]) from None
    except FileNotFoundError:
        raise BuildFailed([ContentError(shown_folder, None, "postings", "folder not found")]) from None
    except OSError as problem:
        raise BuildFailed([ContentError(shown_folder, None, "postings", unreadable(problem))]) from None


@dataclass(frozen=True)
class Job:
    """A posting file a worker must read (and parse, unless its bytes are already known)."""

    name: str
    path: str
    shown: str
    stamp: Stamp
    reading: Reading


def _load_one(job: Job, known: Collection[str]) -> tuple[str, Parsed | list[ContentError] | None]:
    """Read and parse one file (in a worker, if many): its content key, and its posting with its search words,
    its errors, or None if `known` holds the key (the cache holds its posting)."""
    text = checked_text(Path(job.name), job.shown, lambda: decode(read_entry(job.path)))
    if isinstance(text, list):
        return "", text
    key = posting_key(job.shown, text, job.reading)
    if key in known:
        return key, None
    result = parse(job.shown, Path(job.name).stem, text, job.reading)
    return key, result if isinstance(result, list) else (result, posting_terms(result))


def _died_reading(death: Death[Job]) -> ContentError:
    """The file a worker died on: one that crashes the parser by itself, or one of those it was reading."""
    if death.how:
        return ContentError(death.item.shown, None, "file", f"the build's worker died while reading this file "
                            f"({death.how}); please report it as a jobboard bug, and simplify or remove it meanwhile")  # fmt: skip
    return ContentError(death.item.shown, None, "file", "the build's worker died while reading this file or one "
                        "beside it, but reading it again alone worked; the machine may be short of memory: run the "
                        "build again")  # fmt: skip


def _died_between(shown_folder: str) -> ContentError:
    """A worker died while on no file (between two, or sending its results back)."""
    return ContentError(shown_folder, None, "postings", "the build's worker died between two files; the machine "
                        "may be short of memory: run the build again")  # fmt: skip


def _collect(entries: list[os.DirEntry[str]], found: dict[str, Posting | list[ContentError]],
             files: dict[str, tuple[Stamp, str]], folder: Path, root: Path) -> Loaded:  # fmt: skip
    """Postings in file-name order, or BuildFailed with every file's problems."""
    postings: list[Posting] = []
    keys: dict[str, str] = {}
    errors: list[ContentError] = []
    for entry in entries:
        result = found[entry.name]
        if isinstance(result, list):
            errors.extend(result)
        else:
            postings.append(result)
            keys[result.slug] = files[entry.name][1]
    errors.extend(case_collisions(folder, root))
    if errors:
        raise BuildFailed(errors)
    return Loaded(postings, keys, files)
