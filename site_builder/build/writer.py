"""The one place that writes: build into a sibling folder, then swap it in (a failure leaves the old site).

It replaces only a folder it made (its marker file is at the root of every site it builds) or an empty
one, never a link, a file, the home folder or `/`; and one build at a time holds an output's lock."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from site_builder.errors import SiteError

MARKER = ".jobboard-site"  # at the root of every site this generator builds: only such a folder is replaced
MARKER_TEXT = b"This folder is a site built by jobboard; each build replaces it whole.\n"
STAGING_MARK = ".jobboard-staging"  # in every folder a build writes beside the output: only those are cleaned up
SPARE_MARK = ".jobboard-spare"  # in the spare copy of the site only while it equals the live site
_OLD_PATCH_PLAN = ".jobboard-patch.json"  # marks a patch folder left by versions that patched in place
_MARKS = (STAGING_MARK, MARKER, _OLD_PATCH_PLAN)  # what marks a folder beside the output as a build's
_LEFTOVERS = ("new", "patch", "old")  # .NAME.new-*, .NAME.old-*, and .NAME.patch-* from older versions
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
        remove_marked(staging)  # the new site's leftovers, or the old site after a swap
    recover(output)  # the spare copy of the old site is of no use now: free its space


def patch(output: Path, files: Mapping[str, bytes], remove: list[str]) -> bool:
    """Change some files of the site, swapping the whole new site in at once (as a cold build does).

    The changes are made to a spare copy of the site kept beside it (`.NAME.spare`, its files hard
    links to the site's, so it costs folders, not pages), which is then exchanged with the site in
    one step; the old site, now the spare, gets the same files. `files` are every file just rendered:
    each is written where the spare's copy differs, so a live file changed by hand (a checkout, a
    restore) can't leave the spare stale. A build killed at any moment leaves exactly the old site or
    the new one, and a spare it left half-changed is discarded. True if the spare had to be made
    first, which touches every file's link count (and ctime)."""
    checked = {safe_relative(path): content for path, content in files.items()}
    doomed = [safe_relative(path) for path in remove]
    spare = _spare(output)
    made = ready_spare(output)
    try:
        (spare / SPARE_MARK).unlink(missing_ok=True)  # from here on it is not a copy of the live site
        _replace_all(spare, {path: content for path, content in checked.items() if not _has_bytes(spare / path, content)})
        _remove_all(spare, doomed)
        _swap(spare, output)  # the new site is live; the spare's path now holds the old one
    except BaseException:
        _discard(spare)  # a half-changed spare is never used: free its space now rather than at the next build
        raise
    try:
        _link_all(output, spare, checked)
        _remove_all(spare, doomed)
        _mark_spare(spare, output)
    except Exception:  # the new site is live already: only the spare is lost, and the next rebuild remakes it
        shutil.rmtree(spare, ignore_errors=True)
    return made


def _has_bytes(path: Path, content: bytes) -> bool:
    """Whether a file already has exactly these bytes: rewriting it would only cost time (and deploy size).

    A re-rendered search shard or feed is often unchanged; comparing costs a read, replacing a file ~0.5 ms."""
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def ready_spare(output: Path) -> bool:
    """Make the spare copy of the site, if it has none whole: `patch` first, and `serve` after its first
    build (while the reader has not saved anything yet). True if it was made, touching every file's ctime."""
    spare = _spare(output)
    if _spare_ready(spare, output):
        return False
    try:
        _discard(spare)
        _copy_site(output, spare)
        _mark_spare(spare, output)
    except BaseException:
        _discard(spare)
        raise
    return True


def _spare(output: Path) -> Path:
    """Where the spare copy of a site is kept: beside it, named for it."""
    return output.with_name(f".{output.name}.spare")


def _mark_spare(spare: Path, output: Path) -> None:
    """Mark the spare whole, as a copy of the site whose marker file has this identity."""
    (spare / SPARE_MARK).write_text(_identity(output / MARKER), encoding="ascii")


def _identity(marker: Path) -> str:
    """A site's marker file's inode and change time: a cold build, by any version, writes a new one."""
    status = marker.stat()
    return f"{status.st_ino} {status.st_ctime_ns}"


def _spare_ready(spare: Path, output: Path) -> bool:
    """Whether the spare is a whole copy of this very site: marked so when finished, for the site's own
    marker file (the spare's links, or copies where the file system has no hard links)."""
    try:
        return (spare / SPARE_MARK).read_text(encoding="ascii") == _identity(output / MARKER)
    except (OSError, UnicodeDecodeError):
        return False


def _discard(spare: Path) -> None:
    """Remove a spare copy, if there is one and a build made it (a folder no build made is refused)."""
    if not os.path.lexists(spare):
        return
    if not _made_by_a_build(spare):
        raise SiteError(f"{spare} is in the way: jobboard keeps a copy of the site there; move it elsewhere")
    shutil.rmtree(spare)


def _copy_site(output: Path, spare: Path) -> None:
    """Make `spare` a copy of the site whose files are hard links to the site's (copies where links can't be)."""
    spare.mkdir()
    (spare / STAGING_MARK).write_bytes(b"")  # known as a build's leftover until the site's marker is linked in
    base, into = str(output), str(spare)
    for folder, subfolders, names in os.walk(base):
        target = os.path.join(into, os.path.relpath(folder, base))
        for name in subfolders:
            os.mkdir(os.path.join(target, name))
        for name in names:
            _link(os.path.join(folder, name), os.path.join(target, name))
    (spare / STAGING_MARK).unlink()


def _link(source: str, target: str) -> None:
    """Give a file a second name, or copy it on a file system without hard links."""
    try:
        os.link(source, target)
    except OSError as problem:
        if problem.errno not in (errno.EPERM, errno.ENOTSUP, errno.EMLINK, errno.EXDEV):
            raise
        shutil.copyfile(source, target)


def _replace_all(root: Path, files: Mapping[PurePosixPath, bytes]) -> None:
    """Write each file as a new file: the name it replaces may be a link shared with the live site."""
    for path in files:
        try:
            os.unlink(root / path)  # written anew below, so the shared file keeps its old bytes
        except (FileNotFoundError, NotADirectoryError):
            pass
    _write_all(root, files)


def _link_all(source: Path, root: Path, files: Mapping[PurePosixPath, bytes]) -> None:
    """Give `root` the files just written to `source`, as links to them."""
    for path in files:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        _link(str(source / path), str(target))


def _remove_all(root: Path, paths: list[PurePosixPath]) -> None:
    """Delete some files, and folders left empty by it."""
    for path in paths:
        target = root / path
        target.unlink(missing_ok=True)
        _prune(target.parent, root)


def _leftover_folder(output: Path, kind: str) -> Path:
    """A new folder beside the output for a build's work, marked so that only this generator cleans it up."""
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.{kind}-", dir=output.parent))
    (folder / STAGING_MARK).write_bytes(b"")
    return folder


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
    """Undo what a killed build left beside the output: restore a site moved aside (only where the system
    has no atomic exchange), and remove the rest of what builds made, a half-changed spare copy included.
    Folders beside it that no build made (a backup, another site's files) are never touched."""
    leftovers = sorted(_leftovers(output), key=lambda p: p.lstat().st_mtime_ns)
    retired = [p for p in leftovers if p.name.startswith(f".{output.name}.old-")]
    if not os.path.lexists(output) and retired:
        os.replace(retired[-1], output)
    for leftover in leftovers:  # a restored site is gone already: no matter
        remove_marked(leftover)
    spare = _spare(output)
    if _made_by_a_build(spare) and not _spare_ready(spare, output):
        shutil.rmtree(spare, ignore_errors=True)


def _leftovers(output: Path) -> list[Path]:
    """The folders beside the output that a build of it made and left: named for it, and marked by a build."""
    found = []
    for kind in _LEFTOVERS:
        for folder in output.parent.glob(f"{glob.escape('.' + output.name)}.{kind}-*"):
            if _made_by_a_build(folder):
                found.append(folder)
    return found


def remove_marked(folder: Path) -> None:
    """Remove a folder a build made, its marks last: if anything stops the removal (a file a dying worker still
    wrote), what is left keeps its mark, so the next build knows it as its own and removes it then."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name not in _MARKS:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    with contextlib.suppress(OSError):
        if any(entry.name not in _MARKS for entry in os.scandir(folder)):
            return  # something is still there (or came back): keep the marks for the next build
        for mark in _MARKS:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder / mark)
        folder.rmdir()


def _made_by_a_build(folder: Path) -> bool:
    """Whether a folder beside the output holds a build's mark, or nothing (a build killed before it wrote
    its mark); a real folder, not a link to one."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    return any((folder / mark).is_file() for mark in _MARKS) or not any(folder.iterdir())


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


def _swap(new: Path, output: Path) -> None:
    """Put the site at `new` in place of `output`; afterwards `new`'s path holds the old site (or nothing)."""
    if not os.path.lexists(output):
        os.replace(new, output)
    elif not _exchange(new, output):
        # No atomic exchange on this system: two renames, with the old site restored on failure and
        # by `recover` if the process dies between them.
        retired = output.with_name(f".{output.name}.old-{os.getpid()}")
        os.replace(output, retired)
        try:
            os.replace(new, output)
        except BaseException:
            os.replace(retired, output)
            raise
        os.replace(retired, new)
