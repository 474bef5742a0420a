"""Load every posting file in the postings folder, validating all of them before failing."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from site_builder.errors import BuildFailed, ContentError
from site_builder.exports import posting_terms
from site_builder.model import Posting
from site_builder.parallel import map_chunks
from site_builder.posting import parse_posting

MAX_BYTES = 256 * 1024  # a role description never needs more; bounds parsing time and memory


def load_postings(folder: Path, default_hours: float, display_root: Path | None = None) -> list[Posting]:
    """Return every posting in `folder`, or raise BuildFailed listing every problem in every file."""
    if not folder.is_dir():
        raise BuildFailed([ContentError(str(folder), None, "postings", "folder not found")])
    root = display_root or folder.parent
    paths = [p for p in sorted(folder.iterdir()) if not p.name.startswith(".")]  # .gitkeep is not a posting
    jobs = [(path, shown_path(path, root), default_hours, folder) for path in paths]
    postings: list[Posting] = []
    errors: list[ContentError] = []
    for result in map_chunks(_load_chunk, jobs):
        (errors.extend if isinstance(result, list) else postings.append)(result)  # type: ignore[arg-type]
    errors.extend(_case_collisions(folder, root))
    if errors:
        raise BuildFailed(errors)
    return postings


def _load_chunk(jobs: Sequence[tuple[Path, str, float, Path]]) -> list[Posting | list[ContentError]]:
    """Load a run of files (one worker's share)."""
    return [load_file(*job) for job in jobs]


def load_file(path: Path, shown: str, default_hours: float, folder: Path) -> Posting | list[ContentError]:
    """Read and validate one file: size, encoding and location first, then its fields."""
    if path.suffix != ".md":
        return [ContentError(shown, None, "file", "only `.md` postings belong in the postings folder")]
    try:
        text = read_text(path, folder)
    except ValueError as problem:
        return [ContentError(shown, None, "file", str(problem))]
    result = parse_posting(shown, path.stem, text, default_hours)
    if isinstance(result, list):
        return result
    return replace(result, search_terms=posting_terms(result))  # here, so it runs on every core


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
