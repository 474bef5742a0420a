"""Load every posting file in the postings folder, validating all of them before failing."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from site_builder.cache import Cache, Stamp, posting_key, stamp
from site_builder.errors import BuildFailed, ContentError
from site_builder.exports import posting_terms
from site_builder.model import Posting
from site_builder.parallel import map_chunks
from site_builder.posting import parse_posting

MAX_BYTES = 256 * 1024  # a role description never needs more; bounds parsing time and memory


@dataclass(frozen=True)
class Loaded:
    """Every posting, with the content key of the file each came from (by slug) and each file's stamp."""

    postings: list[Posting]
    keys: dict[str, str]
    files: dict[str, tuple[Stamp, str]]


def load_postings(folder: Path, default_hours: float, display_root: Path | None = None) -> list[Posting]:
    """Return every posting in `folder`, or raise BuildFailed listing every problem in every file."""
    return load_changed(folder, default_hours, display_root or folder.parent, Cache(None)).postings


def load_changed(folder: Path, default_hours: float, root: Path, cache: Cache) -> Loaded:
    """Load every posting, parsing only files the cache doesn't already hold; BuildFailed lists every problem.

    A file whose stamp is unchanged is taken from the cache unread; a changed one is read and hashed,
    and parsed only if its bytes are new (a checkout that rewrites a file as it was costs no parse)."""
    if not folder.is_dir():
        raise BuildFailed([ContentError(str(folder), None, "postings", "folder not found")])
    entries = sorted((e for e in os.scandir(folder) if not e.name.startswith(".")), key=lambda e: e.name)
    found: dict[str, Posting | list[ContentError]] = {}
    files: dict[str, tuple[Stamp, str]] = {}
    jobs: list[tuple[str, str, str, float, str]] = []
    for entry in entries:
        known = cache.index.files.get(entry.name)
        now = stamp(entry.stat(follow_symlinks=False))
        if known and known[0] == now and known[1] in cache.entries:
            found[entry.name], files[entry.name] = cache.entries[known[1]].posting, known
            continue
        read = _read_posting(Path(entry.path), shown_path(Path(entry.path), root), default_hours, folder)
        if isinstance(read, list):
            found[entry.name] = read
            continue
        key, shown, text = read
        files[entry.name] = (now, key)
        if key in cache.entries:
            found[entry.name] = cache.entries[key].posting
        else:
            jobs.append((entry.name, key, shown, default_hours, text))
    for name, key, result in map_chunks(_parse_chunk, jobs):
        found[name] = result
        if not isinstance(result, list):
            cache.add(key, result)
    return _collect(entries, found, files, folder, root)


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
    errors.extend(_case_collisions(folder, root))
    if errors:
        raise BuildFailed(errors)
    return Loaded(postings, keys, files)


def _read_posting(path: Path, shown: str, default_hours: float, folder: Path) -> tuple[str, str, str] | list[ContentError]:
    """A posting file's content key, shown path and text; or why it can't be read."""
    if path.suffix != ".md":
        return [ContentError(shown, None, "file", "only `.md` postings belong in the postings folder")]
    try:
        text = read_text(path, folder)
    except ValueError as problem:
        return [ContentError(shown, None, "file", str(problem))]
    return posting_key(shown, text, default_hours), shown, text


def _parse_chunk(jobs: Sequence[tuple[str, str, str, float, str]]) -> list[tuple[str, str, Posting | list[ContentError]]]:
    """Parse a run of files (one worker's share): (file name, content key, posting or errors)."""
    return [(name, key, _parse(shown, Path(name).stem, text, hours)) for name, key, shown, hours, text in jobs]


def _parse(shown: str, stem: str, text: str, default_hours: float) -> Posting | list[ContentError]:
    """Validate one file's text; a valid posting gets its search words here, so they use every core."""
    result = parse_posting(shown, stem, text, default_hours)
    if isinstance(result, list):
        return result
    return replace(result, search_terms=posting_terms(result))


def load_file(path: Path, shown: str, default_hours: float, folder: Path) -> Posting | list[ContentError]:
    """Read and validate one file: size, encoding and location first, then its fields."""
    read = _read_posting(path, shown, default_hours, folder)
    return read if isinstance(read, list) else _parse(shown, path.stem, read[2], default_hours)


def read_text(path: Path, folder: Path) -> str:
    """Read a posting as UTF-8, refusing links out of the folder, huge files and other encodings."""
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        raise ValueError("is a symbolic link; postings must be plain files in the postings folder")
    if not path.is_file():
        raise ValueError("is not a regular file")
    data = _read_bounded(path)
    if not data.strip():
        raise ValueError("is empty; start from an existing posting or the example in the README")
    try:
        text = data.decode("utf-8-sig")  # a BOM from Windows editors is fine
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        raise ValueError(f"line {line} is not UTF-8 text (byte {problem.start}); save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bounded(path: Path) -> bytes:
    """Read at most MAX_BYTES + 1 bytes, so a huge file is refused without loading it."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"is larger than {MAX_BYTES // 1024} KiB; shorten the description")
    return data


def _case_collisions(folder: Path, root: Path) -> list[ContentError]:
    """Files whose names differ only in case collide on macOS and Windows clones."""
    seen: dict[str, str] = {}
    errors = []
    for name in sorted(os.listdir(folder)):
        key = name.casefold()
        if key in seen:
            errors.append(ContentError(shown_path(folder / name, root), None, "file name",
                                       f"differs from `{seen[key]}` only in letter case; rename one"))  # fmt: skip
        seen.setdefault(key, name)
    return errors


def shown_path(path: Path, root: Path) -> str:
    """The path as a poster knows it: relative to the project folder where it is inside it."""
    for candidate, base in ((path, root), (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)
