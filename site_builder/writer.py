"""The one place that writes: build into a sibling folder, then swap it in (a failure leaves the old site).

It replaces only a folder it made (its marker file is at the root of every site it builds) or an empty
one, never a link, a file, the home folder or `/`; and one build at a time holds an output's lock."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import glob
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from site_builder.errors import SiteError

PATCH_PLAN = ".jobboard-patch.json"  # inside a patch's staging folder, never in the site
MARKER = ".jobboard-site"  # at the root of every site this generator builds: only such a folder is replaced
MARKER_TEXT = b"This folder is a site built by jobboard; each build replaces it whole.\n"
STAGING_MARK = ".jobboard-staging"  # in every folder a build writes beside the output: only those are cleaned up
_LEFTOVERS = ("new", "patch", "old")  # .NAME.new-*, .NAME.patch-*, .NAME.old-*
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


def check_replaceable(output: Path) -> None:
    """Refuse an output folder this generator may not replace: `/`, the home folder, a link, a file, or a
    folder with files in it that holds no marker (and no cache beside it from a build before markers)."""
    output = Path(os.path.abspath(output))
    if output == Path(output.anchor) or output == Path.home().absolute():
        raise SiteError(f"refusing to build into {output}: each build replaces the output folder whole")
    if output.is_symlink():
        raise SiteError(f"the output folder {output} is a symbolic link; give the folder itself")
    if not os.path.lexists(output):
        return
    if not output.is_dir():
        raise SiteError(f"the output path {output} is a file, not a folder; remove it or choose another --output")
    with os.scandir(output) as entries:
        empty = next(entries, None) is None
    legacy = output.with_name(f".{output.name}.cache") / "index.pickle"  # a build's from before markers
    if not empty and not (output / MARKER).is_file() and not _ours(legacy):
        raise SiteError(f"{output} holds files jobboard did not make (it has no {MARKER} file), and each build "
                        "replaces the output folder whole; empty or remove it, or choose another --output")  # fmt: skip


def _ours(path: Path) -> bool:
    """Whether a file exists, belongs to this user and no one else may write it."""
    try:
        status = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid() and not status.st_mode & 0o022


def real_output(output: Path) -> Path:
    """The output folder's real path (links resolved), so its lock, checks and writes all name one folder."""
    try:
        return output.resolve()
    except (RuntimeError, OSError) as problem:  # Python 3.11 raises RuntimeError on a loop of links
        raise SiteError(f"the output path {output} can't be followed ({problem})") from None


@contextmanager
def exclusive(output: Path) -> Iterator[None]:
    """Hold the output's lock (a file beside it) for a whole build: a second build at once is refused."""
    output = Path(os.path.abspath(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(output.with_name(f".{output.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SiteError(f"another jobboard build is writing {output} right now; wait for it to finish") from None
        yield
    finally:
        os.close(handle)  # closing releases the lock, also when the process is killed


@contextmanager
def staged(output: Path) -> Iterator[Path]:
    """A fresh folder beside `output` to write the new site into; swapped in only if the block succeeds."""
    output = output.resolve()
    check_replaceable(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    recover(output)
    staging = _leftover_folder(output, "new")
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    try:
        yield staging
        (staging / MARKER).write_bytes(MARKER_TEXT)
        (staging / STAGING_MARK).unlink()  # a whole site now, known as ours by its marker
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
    staging = _leftover_folder(output, "patch")
    try:
        _write_all(staging, checked)
        plan = {"write": [str(path) for path in checked], "remove": [str(path) for path in doomed]}
        _write_plan(staging, plan)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # not committed: the site is untouched; free the space
        raise
    _apply(staging, output)


def _leftover_folder(output: Path, kind: str) -> Path:
    """A new folder beside the output for a build's work, marked so that only this generator cleans it up."""
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.{kind}-", dir=output.parent))
    (folder / STAGING_MARK).write_bytes(b"")
    return folder


def _write_plan(staging: Path, plan: dict[str, list[str]]) -> None:
    """Write a patch's plan (the commit point) whole or not at all: a torn plan must never be replayed."""
    part = staging / f"{PATCH_PLAN}.part"
    with open(part, "wb") as handle:
        handle.write(json.dumps(plan).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(part, staging / PATCH_PLAN)


def _read_plan(staging: Path) -> dict[str, list[str]]:
    """A patch's plan; ValueError if it is not one this code writes (damaged, or from another version)."""
    plan = json.loads((staging / PATCH_PLAN).read_text(encoding="utf-8"))
    if not (isinstance(plan, dict) and set(plan) == {"write", "remove"}
            and all(isinstance(paths, list) and all(isinstance(p, str) for p in paths) for paths in plan.values())):
        raise ValueError("not a patch plan")  # fmt: skip
    return plan


def _apply(staging: Path, output: Path) -> None:
    """Move a patch's files into the site and delete what it drops; safe to run again after a crash."""
    plan = _read_plan(staging)
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
    """Undo what a killed build left beside the output: finish a committed patch (only onto the site it was
    made for, still marked as ours), restore a site moved aside, and remove the rest of what builds made.
    Folders beside it that no build made (a backup, another site's files) are never touched."""
    leftovers = sorted(_leftovers(output), key=lambda p: p.lstat().st_mtime_ns)
    for committed in (p for p in leftovers if p.name.startswith(f".{output.name}.patch-") and (p / PATCH_PLAN).is_file()):
        if (output / MARKER).is_file():
            try:
                _apply(committed, output)  # its plan was written: finish it, or the site stays half old, half new
            except (ValueError, SiteError, OSError):
                pass  # a plan that can't be read is no commitment: discarded below
    retired = [p for p in leftovers if p.name.startswith(f".{output.name}.old-") and p.exists()]
    if not os.path.lexists(output) and retired:
        os.replace(retired[-1], output)
    for leftover in leftovers:  # a finished patch's folder or the restored site is gone already: no matter
        shutil.rmtree(leftover, ignore_errors=True)


def _leftovers(output: Path) -> list[Path]:
    """The folders beside the output that a build of it made and left: named for it, and marked by a build."""
    found = []
    for kind in _LEFTOVERS:
        for folder in output.parent.glob(f"{glob.escape('.' + output.name)}.{kind}-*"):
            if not folder.is_symlink() and any((folder / mark).is_file() for mark in (STAGING_MARK, MARKER, PATCH_PLAN)):
                found.append(folder)
    return found


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
