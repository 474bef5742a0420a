"""The one place that writes: build into a sibling folder, then swap it in (a failure leaves the old site)."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from site_builder.errors import SiteError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def safe_relative(path: str) -> PurePosixPath:
    """Refuse absolute paths, `..`, backslashes and empty segments: nothing may land outside output."""
    pure = PurePosixPath(path)
    bad = not path or path.startswith("/") or "\\" in path or "\x00" in path
    if bad or any(part in ("", ".", "..") for part in path.split("/")):
        raise SiteError(f"refusing to write outside the output folder: {path!r}")
    return pure


def write_site(files: Mapping[str, bytes], output: Path) -> None:
    """Write every file into a fresh folder next to `output`, then swap it in for `output`."""
    checked = {safe_relative(path): content for path, content in files.items()}
    with staged(output) as staging:
        _write_all(staging, checked)


@contextmanager
def staged(output: Path) -> Iterator[Path]:
    """A fresh folder beside `output` to write the new site into; swapped in only if the block succeeds."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    recover(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    try:
        yield staging
        _swap(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the new site's leftovers, or the old site after a swap


def write_files(staging: Path, files: Mapping[str, bytes]) -> None:
    """Write some of the new site's files into a staging folder (workers call this for their share)."""
    _write_all(staging, {safe_relative(path): content for path, content in files.items()})


def _write_all(root: Path, files: Mapping[PurePosixPath, bytes]) -> None:
    """Create each folder once, then write every file (the hot loop of a cold build)."""
    base = str(root)
    for folder in sorted({str(path.parent) for path in files} - {"."}):
        os.makedirs(os.path.join(base, folder), exist_ok=True)
    for path, content in files.items():
        with open(os.path.join(base, str(path)), "wb") as handle:
            handle.write(content)


def recover(output: Path) -> None:
    """Undo what a killed build left: restore a site moved aside, remove half-written folders."""
    siblings = sorted(output.parent.glob(f".{output.name}.*-*"))
    retired = [p for p in siblings if p.name.startswith(f".{output.name}.old-")]
    if not output.exists() and retired:
        os.replace(retired[-1], output)
    for leftover in output.parent.glob(f".{output.name}.*-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap(staging: Path, output: Path) -> None:
    """Put the new site at `output`; afterwards `staging` holds the old one (or is gone)."""
    if not output.exists():
        os.replace(staging, output)
    elif not _exchange(staging, output):
        # No atomic exchange on this system: two renames, with the old site restored on failure and
        # by `recover` if the process dies between them.
        retired = output.with_name(f".{output.name}.old-{os.getpid()}")
        os.replace(output, retired)
        try:
            os.replace(staging, output)
        except BaseException:
            os.replace(retired, output)
            raise
        shutil.rmtree(retired, ignore_errors=True)
