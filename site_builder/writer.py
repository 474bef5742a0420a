"""The one place that writes: build into a sibling folder, then swap it in (a failure leaves the old site)."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from site_builder.errors import SiteError

PATCH_PLAN = ".jobboard-patch.json"  # inside a patch's staging folder, never in the site
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


def patch(output: Path, files: Mapping[str, bytes], remove: list[str]) -> None:
    """Change some files of the site in place, each in one atomic step (as Lektor does).

    The new files are written aside first, with a list of what to move in and delete; writing
    that list is the commit point. A build killed before it leaves the old site; one killed after
    it is finished by the next build's `recover`. A failed render never gets here."""
    checked = {safe_relative(path): content for path, content in files.items()}
    doomed = [safe_relative(path) for path in remove]
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.patch-", dir=output.parent))
    _write_all(staging, checked)
    plan = {"write": [str(path) for path in checked], "remove": [str(path) for path in doomed]}
    (staging / PATCH_PLAN).write_text(json.dumps(plan), encoding="utf-8")
    _apply(staging, output)


def _apply(staging: Path, output: Path) -> None:
    """Move a patch's files into the site and delete what it drops; safe to run again after a crash."""
    plan = json.loads((staging / PATCH_PLAN).read_text(encoding="utf-8"))
    for path in plan["write"]:
        source, target = staging / safe_relative(path), output / safe_relative(path)
        if source.exists():  # absent: moved in by an earlier, interrupted run
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    for path in plan["remove"]:
        target = output / safe_relative(path)
        target.unlink(missing_ok=True)
        _prune(target.parent, output)
    shutil.rmtree(staging)


def _prune(folder: Path, output: Path) -> None:
    """Remove folders left empty, up to (not including) the output folder: a cold build has none."""
    while folder != output and folder.is_relative_to(output):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent


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
    for committed in (p for p in siblings if p.name.startswith(f".{output.name}.patch-") and (p / PATCH_PLAN).is_file()):
        _apply(committed, output)  # its plan was written: finish it, or the site stays half old, half new
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
