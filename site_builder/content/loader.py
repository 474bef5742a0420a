"""Load every posting file in the postings folder, validating all of them before failing."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from site_builder.build.cache import Cache, Stamp, posting_key, stamp
from site_builder.build.parallel import Death, WorkerDied, map_chunks
from site_builder.content.model import Posting
from site_builder.content.posting import parse_posting
from site_builder.errors import BuildFailed, ContentError
from site_builder.site.search import posting_terms

MAX_BYTES = 128 * 1024  # a posting is under 20 KB; the front matter and body have their own, tighter bounds


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
            found[entry.name] = [ContentError(_join(shown_folder, entry.name), None, "file", _unreadable(problem))]
            continue
        if known and known[0] == now and known[1] in cache.entries:
            found[entry.name], files[entry.name] = cache.entries[known[1]].posting, known
        else:
            jobs.append(Job(entry.name, entry.path, _join(shown_folder, entry.name), now, default_hours))
    # Bytes the cache holds need no parse. Forked workers inherit the set; spawned ones get it pickled.
    held = frozenset(cache.entries) if jobs else frozenset()
    try:
        results = map_chunks(partial(_load_one, known=held), jobs)
    except WorkerDied as died:
        raise BuildFailed([_died_reading(death) for death in died.deaths] or [_died_between(shown_folder)]) from None
    for job, (key, result) in zip(jobs, results, strict=True):
        found[job.name] = cache.entries[key].posting if result is None else result
        if key:
            files[job.name] = (job.stamp, key)
        if key and result is not None and not isinstance(result, list):
            cache.add(key, result)
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
        raise BuildFailed([ContentError(shown_folder, None, "postings", _unreadable(problem))]) from None


def ignored(name: str) -> bool:
    """Whether the postings folder may hold this entry unremarked: a hidden file that is not a posting
    (`.gitkeep`, `.DS_Store`) or an editor's lock (Emacs's `.#x.md`, there only while a save is pending).
    Any other hidden `.md` file is reported: it looks like a posting but would never be published."""
    return name.startswith(".") and (not name.endswith(".md") or name.startswith(".#"))


def _unreadable(problem: OSError) -> str:
    """Why a file or folder could not be read, as the system says it."""
    return f"can't be read ({problem.strerror or problem})"


@dataclass(frozen=True)
class Job:
    """A posting file a worker must read (and parse, unless its bytes are already known)."""

    name: str
    path: str
    shown: str
    stamp: Stamp
    default_hours: float


def _join(folder: str, name: str) -> str:
    """A file's shown path from its folder's (the folder may be the project folder itself)."""
    return name if folder == "." else f"{folder}/{name}"


def _load_one(job: Job, known: Collection[str]) -> tuple[str, Posting | list[ContentError] | None]:
    """Read and parse one file (in a worker, if many): its content key, and its posting, errors, or None if
    `known` holds the key (the cache holds its posting)."""
    text = _checked_text(Path(job.name), job.shown, lambda: decode(_read_entry(job.path)))
    if isinstance(text, list):
        return "", text
    key = posting_key(job.shown, text, job.default_hours)
    return key, None if key in known else _parse(job.shown, Path(job.name).stem, text, job.default_hours)


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
    errors.extend(_case_collisions(folder, root))
    if errors:
        raise BuildFailed(errors)
    return Loaded(postings, keys, files)


def _parse(shown: str, stem: str, text: str, default_hours: float) -> Posting | list[ContentError]:
    """Validate one file's text; a valid posting gets its search words here, so they use every core."""
    result = parse_posting(shown, stem, text, default_hours)
    if isinstance(result, list):
        return result
    return replace(result, search_terms=posting_terms(result))


def load_file(path: Path, shown: str, default_hours: float, folder: Path) -> Posting | list[ContentError]:
    """Read and validate one file named on the command line: where it is, size and encoding, then its fields."""
    text = _checked_text(path, shown, lambda: read_text(path, folder))
    return text if isinstance(text, list) else _parse(shown, path.stem, text, default_hours)


def _checked_text(path: Path, shown: str, read: Callable[[], str]) -> str | list[ContentError]:
    """A posting file's text, or why it can't be one: hidden, not `.md`, or unreadable (as `read` says)."""
    if path.name.startswith(".") and path.name.endswith(".md"):
        return [ContentError(shown, None, "file name", "starts with a dot, so it would never be published; rename it")]
    if path.suffix != ".md":
        return [ContentError(shown, None, "file", "only `.md` postings belong in the postings folder")]
    try:
        return read()
    except ValueError as problem:
        return [ContentError(shown, None, "file", str(problem))]


def read_text(path: Path, folder: Path) -> str:
    """Read a posting as UTF-8, refusing links out of the folder, huge files and other encodings."""
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        raise ValueError("is a symbolic link; postings must be plain files in the postings folder")
    return decode(_read_entry(str(path)))


def _read_entry(path: str) -> bytes:
    """A file's bytes, refusing symbolic links (without following them: no race) and anything but a plain file.

    O_NONBLOCK: opening a FIFO to read would otherwise wait for a writer forever."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as problem:  # a link (O_NOFOLLOW), a socket (which can't be opened), or unreadable
        raise ValueError(_not_a_file(path) or _unreadable(problem)) from None
    kind = _kind(os.fstat(handle).st_mode)
    if kind:
        os.close(handle)
        raise ValueError(_refusal(kind))
    with open(handle, "rb") as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"is larger than {MAX_BYTES // 1024} KiB; shorten the description")
    return data


def _not_a_file(path: str) -> str | None:
    """Why the entry at `path` is no posting file (a link, a folder, a socket…), or None if it is a plain one."""
    try:
        kind = _kind(os.lstat(path).st_mode)
    except OSError:
        return None
    return _refusal(kind) if kind else None


def _kind(mode: int) -> str | None:
    """What a file system entry is, when it is not a plain file: `a folder`, `a socket`…; None for a plain file."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))  # fmt: skip
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in kinds if test(mode)), "a special file")


def _refusal(kind: str) -> str:
    """The message for an entry of the postings folder that is not a plain file."""
    if kind == "a symbolic link":
        return "is a symbolic link; postings must be plain files in the postings folder"
    return f"is {kind}, not a posting file"


def decode(data: bytes) -> str:
    """A posting's text from its bytes: UTF-8 (a BOM is fine), not blank, with Unix line ends."""
    if not data.strip():
        raise ValueError("is empty; start from an existing posting or the example in the README")
    try:
        text = data.decode("utf-8-sig")  # a BOM from Windows editors is fine
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        raise ValueError(f"line {line} is not UTF-8 text (byte {problem.start}); save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    try:
        pairs = [(path, root), (path.resolve(), root.resolve())]
    except (RuntimeError, OSError):  # a loop of links: show the path as given
        pairs = [(path, root)]
    for candidate, base in pairs:
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)
