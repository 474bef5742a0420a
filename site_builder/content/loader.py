"""Read one posting file safely (a plain UTF-8 file of bounded size in the postings folder) and validate it.

Loading the whole folder, with workers and the last build's cache, is the build's job (build/loading.py).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from site_builder.content.model import Posting, Reading
from site_builder.content.posting import parse_posting
from site_builder.errors import ContentError

MAX_BYTES = 128 * 1024  # a posting is under 20 KB; the front matter and body have their own, tighter bounds


def ignored(name: str) -> bool:
    """Whether the postings folder may hold this entry unremarked: a hidden file that is not a posting
    (`.gitkeep`, `.DS_Store`) or an editor's lock (Emacs's `.#x.md`, there only while a save is pending).
    Any other hidden `.md` file is reported: it looks like a posting but would never be published."""
    return name.startswith(".") and (not name.endswith(".md") or name.startswith(".#"))


def unreadable(problem: OSError) -> str:
    """Why a file or folder could not be read, as the system says it."""
    return f"can't be read ({problem.strerror or problem})"


def joined(folder: str, name: str) -> str:
    """A file's shown path from its folder's (the folder may be the project folder itself)."""
    return name if folder == "." else f"{folder}/{name}"


def parse(shown: str, stem: str, text: str, reading: Reading) -> Posting | list[ContentError]:
    """Validate one file's text into a posting, or every problem it has."""
    return parse_posting(shown, stem, text, reading)


def load_file(path: Path, shown: str, reading: Reading, folder: Path) -> Posting | list[ContentError]:
    """Read and validate one file named on the command line: where it is, size and encoding, then its fields."""
    text = checked_text(path, shown, lambda: read_text(path, folder))
    return text if isinstance(text, list) else parse(shown, path.stem, text, reading)


def checked_text(path: Path, shown: str, read: Callable[[], str]) -> str | list[ContentError]:
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
    return decode(read_entry(str(path)))


def read_entry(path: str) -> bytes:
    """A file's bytes, refusing symbolic links (without following them: no race) and anything but a plain file.

    O_NONBLOCK: opening a FIFO to read would otherwise wait for a writer forever."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as problem:  # a link (O_NOFOLLOW), a socket (which can't be opened), or unreadable
        raise ValueError(_not_a_file(path) or unreadable(problem)) from None
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


def case_collisions(folder: Path, root: Path) -> list[ContentError]:
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
