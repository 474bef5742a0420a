"""What one build leaves for the next, so a rebuild parses and renders only what changed.

Kept beside the output folder (`.output.cache/` for `output/`), never inside it, so it is never
published. It holds, by content key (a hash of a posting file's name and bytes): the parsed
posting and the fragments rendered from it (cards, feed items, JSON records), with each posting's
HTML body kept in separate files of a few hundred bodies each, read only when a role page must be
rendered (the bodies are two thirds of the bytes, and a rebuild rarely needs one). A build writes
the bodies of the postings it parsed before it renders, and drops them from memory: each render
worker then reads only the body files of the roles it renders. And, for the output folder,
a manifest: which page units were built from which inputs, and the stat stamp of
every file written. A stale or unreadable cache only costs speed: the build then starts cold.

The files are pickles: they must only ever be written by this program on this machine (never
restored from an untrusted source, e.g. a cache shared with pull requests).
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import gc
import hashlib
import hmac
import os
import pickle
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.config import Config
from site_builder.content.model import Posting, Reading
from site_builder.errors import CacheDamaged
from site_builder.site.search import posting_terms
from site_builder.version import code_version, digest, tree_digest

MAX_SEGMENTS = 8  # appended segments (or small body files) before they are merged into one
BODIES_PER_FILE = 500  # two render batches' worth: a worker reads one file for each
SMALL_BODY_FILE = 50  # body files this small (one per rebuild, say) are merged once there are MAX_SEGMENTS
Stamp = str  # "inode size mtime_ns ctime_ns": any write to a file changes it
STORED_APART = "\x00"  # body_html of a posting loaded from disk: its body is in a body segment (a real
# body never holds NUL: control characters are refused and the Markdown renderer replaces NUL)


def stamp(stat: os.stat_result) -> Stamp:
    """A file's identity and last change, as git's index records it; ctime can't be set back by hand.

    One string rather than a tuple of four numbers: a cache of 20,000 stamps loads 5x faster."""
    return f"{stat.st_ino} {stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns}"


def posting_key(shown: str, text: str, reading: Reading) -> str:
    """The content key of a posting file: everything its parsed form depends on."""
    return digest(code_version(), shown, repr(reading), text)


def fingerprint(config: Config, today: dt.date) -> str:
    """Everything besides the postings that rendered pages depend on: code, templates, settings, date."""
    return digest(code_version(), repr(config), today.isoformat(), *tree_digest(config.templates_dir))


@dataclass
class Entry:
    """One posting file's parsed form, its search words and the fragments rendered from it (kind → text)."""

    posting: Posting
    words: str = ""  # its distinct search words, space-separated (site/search.posting_terms)
    fragments: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Manifest:
    """What the last build wrote: each unit's input key and files, and each file's stamp."""

    units: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)


@dataclass
class Contents:
    """The cache's table of contents, written last so a crash mid-save leaves the old one whole."""

    version: str = ""
    files: dict[str, tuple[Stamp, str]] = field(default_factory=dict)  # posting file name → (stamp, key)
    segments: list[str] = field(default_factory=list)
    stored: int = 0  # entries in all segments, live or not: garbage beyond twice the live ones is merged
    body_files: dict[str, str] = field(default_factory=dict)  # content key → the file holding its HTML body
    bodies_written: dict[str, int] = field(default_factory=dict)  # body file → bodies it holds, live or not
    fragments_for: str = ""  # the fingerprint the stored fragments were rendered under
    manifest: Manifest = field(default_factory=Manifest)
    derived: dict[str, object] = field(default_factory=dict)  # site-wide results a rebuild may patch, by name
    stamps: dict[str, Stamp] = field(default_factory=dict)  # segment or body file → its stamp when written


class Cache:
    """The cache folder for one output folder: loaded at the start of a build, saved at the end."""

    def __init__(self, folder: Path | None = None, key: bytes = b"") -> None:
        self.folder = folder  # None: kept in memory only, nothing is read or written
        self.key = key  # seals the index: only a cache this user's builds wrote is ever unpickled
        self.written: set[str] = set()  # files this build wrote that no saved index lists yet
        self.index = Contents(version=code_version())
        self.entries: dict[str, Entry] = {}
        self.fresh: set[str] = set()  # keys whose entry is new or gained fragments in this build
        self._read: dict[str, dict[str, str]] = {}  # the body files last read (a couple), by name

    @classmethod
    def in_memory(cls) -> Cache:
        """A cache kept nowhere and starting empty: the next build is cold (`--no-cache`; `serve` keeps one
        for its rebuilds)."""
        return cls()

    @classmethod
    def beside(cls, output: Path) -> Cache:
        """The cache kept next to `output`, loaded if it is usable."""
        output = output.resolve()
        folder, key = output.with_name(f".{output.name}.cache"), user_key()
        if key is None or (os.path.lexists(folder) and (folder.is_symlink() or not folder.is_dir())):
            return cls()  # no key to seal with, or something not ours in the cache's place: build cold, keep nothing
        cache = cls(folder, key)
        cache.load()
        return cache

    def load(self) -> None:
        """Read the index and segments; anything unreadable or from other code means an empty cache."""
        assert self.folder is not None
        try:
            with gc_paused():
                index = pickle.loads(_unseal(self.key, _read_trusted(self.folder / "index.pickle")))
                if not isinstance(index, Contents) or index.version != code_version() or not _index_well_formed(index):
                    return
                entries: dict[str, Entry] = {}
                for name in index.segments:
                    segment = _unpickle(self.folder / name, index.stamps.get(name))
                    if not isinstance(segment, dict) or not _entries_well_formed(segment):
                        return
                    entries.update(segment)
        except Exception:  # noqa: BLE001 - a damaged cache must never fail a build, only slow it down
            return
        # An older segment may still hold an entry whose body was dropped when its file changed: a file changed
        # back to it must be parsed again, not found without its body (which made the whole build start over).
        self.index, self.entries = index, {key: entry for key, entry in entries.items() if key in index.body_files}

    def abandon(self) -> None:
        """Delete the files this build wrote (a failed build's stored bodies), which no saved index lists."""
        if self.folder is not None:
            for name in self.written:
                (self.folder / name).unlink(missing_ok=True)
        self.written = set()

    def drop(self) -> None:
        """Forget everything and remove the folder (a cache that could not be saved whole): the next build is cold."""
        self.forget()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def forget(self) -> None:
        """Drop everything loaded: the build starts cold, and saving replaces the cache."""
        self.index, self.entries, self.fresh, self._read = Contents(version=code_version()), {}, set(), {}

    def stash_bodies(self, postings: list[Posting], keys: Mapping[str, str]) -> list[Posting]:
        """Write the bodies of postings parsed in this build to body files (in this order, a few hundred
        a file) and return the postings without them, which the cache now holds as well. In memory only: as given."""
        parsed = [p for p in postings if p.body_html != STORED_APART]
        if self.folder is None or not parsed:
            return postings
        self._write_bodies({keys[p.slug]: p.body_html for p in parsed})
        bodiless = {p.slug: replace(p, body_html=STORED_APART) for p in parsed}
        for slug, posting in bodiless.items():
            entry = self.entries.get(keys[slug])
            if entry is not None:
                entry.posting = posting
        return [bodiless.get(p.slug, p) for p in postings]

    def _write_bodies(self, bodies: dict[str, str]) -> None:
        """Write bodies to new body files of BODIES_PER_FILE each, in the order given."""
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        keys = list(bodies)
        for start in range(0, len(keys), BODIES_PER_FILE):
            run = keys[start : start + BODIES_PER_FILE]
            name = self._write_segment({key: bodies[key] for key in run}, "bodies-")
            self.index.body_files.update(dict.fromkeys(run, name))
            self.index.bodies_written[name] = len(run)

    def body(self, key: str) -> str:
        """One stored body (its file is read on first need, in this process); CacheDamaged if it is lost."""
        name = self.index.body_files.get(key)
        body = self._body_file(name).get(key) if name and self.folder else None
        if body is None:
            raise CacheDamaged(f"no stored body for {key}")
        return body

    def _body_file(self, name: str) -> dict[str, str]:
        """A body file's bodies; the last two read are kept (a render batch needs one or two)."""
        if name not in self._read:
            assert self.folder is not None
            try:
                with gc_paused():
                    bodies = _unpickle(self.folder / name, self.index.stamps.get(name))
            except Exception as problem:  # noqa: BLE001 - any damage means the same: start over
                raise CacheDamaged(str(problem)) from None
            if not isinstance(bodies, dict):
                raise CacheDamaged(f"{name} holds no bodies")
            self._read = {**dict(list(self._read.items())[-1:]), name: bodies}
        return self._read[name]

    def use_fragments_for(self, fingerprint: str) -> None:
        """Forget fragments rendered under other code, templates, settings or date."""
        if self.index.fragments_for != fingerprint:
            for entry in self.entries.values():
                entry.fragments = {}
            self.index.fragments_for = fingerprint
            self.fresh = set(self.entries)  # every entry must be written again, without them

    def add(self, key: str, posting: Posting, words: str) -> None:
        """Remember a newly parsed posting and its search words."""
        self.entries[key] = Entry(posting, words)
        self.fresh.add(key)

    def posting(self, key: str) -> Posting | None:
        """The posting parsed from a file with this content key, if the cache holds it."""
        entry = self.entries.get(key)
        return entry.posting if entry else None

    def recall(self) -> Recall:
        """What this build may reuse from the last one, as the site asks for it (a plan's Memory)."""
        return Recall(self, dict(self.index.derived))

    def memo(self) -> dict[str, dict[str, bytes]]:
        """Fragments by content key, for the renderer to read and add to."""
        return {key: entry.fragments for key, entry in self.entries.items()}

    def keep(self, derived: dict[str, object]) -> None:
        """Keep site-wide results (each says what it was made from) for the next build to patch."""
        self.index.derived.update(derived)

    def add_fragments(self, fragments: dict[str, dict[str, bytes]]) -> None:
        """Take fragments rendered in this build (by this process or its workers)."""
        for key, kinds in fragments.items():
            entry = self.entries.get(key)
            if entry is not None:
                entry.fragments.update(kinds)  # already there when rendered in this process: harmless
                self.fresh.add(key)

    def save(self, files: dict[str, tuple[Stamp, str]], manifest: Manifest) -> None:
        """Keep only the live entries and this build's record; write what changed: new segments, then the index."""
        live = {key for _, key in files.values()}
        self.entries = {key: entry for key, entry in self.entries.items() if key in live}
        self.index.files, self.index.manifest = files, manifest
        if self.folder is None:
            return  # kept in memory only (`jobboard serve` reuses this object for its next rebuild)
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self._save_bodies(live)
        except CacheDamaged:  # stored bodies lost while merging them: save an empty cache (the next build is cold)
            self.forget()
        new = {key: self.entries[key] for key in self.fresh & live}
        index = self.index
        if len(index.segments) >= MAX_SEGMENTS or index.stored + len(new) > 2 * len(self.entries) + 100:
            index.segments, index.stored, new = [], 0, self.entries  # merge: rewrite every live entry once
        if new:
            index.segments.append(self._write_segment({key: _bodiless(entry) for key, entry in new.items()}))
            index.stored += len(new)
        listed = {*index.segments, *index.bodies_written}
        index.stamps = {name: value for name, value in index.stamps.items() if name in listed}
        _write_atomically(self.folder / "index.pickle", _seal(self.key, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)))
        self._remove_unlisted()
        self.fresh, self.written = set(), set()

    def _save_bodies(self, live: set[str]) -> None:
        """Write bodies not yet written; forget dead ones, and rewrite files when they hold too many or are too small."""
        index = self.index
        loose = {key: entry.posting.body_html for key, entry in self.entries.items()
                 if entry.posting.body_html != STORED_APART}  # fmt: skip
        self._write_bodies(loose)
        index.body_files = {key: name for key, name in index.body_files.items() if key in live}
        held = collections.Counter(index.body_files.values())
        index.bodies_written = {name: count for name, count in index.bodies_written.items() if name in held}
        if sum(index.bodies_written.values()) > 2 * len(live) + 100:  # mostly dead bodies: write the live ones afresh
            self._rewrite_bodies(list(held))
        else:
            small = [name for name, count in held.items() if count < SMALL_BODY_FILE]
            if len(small) >= MAX_SEGMENTS:
                self._rewrite_bodies(small)

    def _rewrite_bodies(self, names: list[str]) -> None:
        """Move the live bodies of some body files into new ones (the old files are then unlisted)."""
        wanted: dict[str, list[str]] = {name: [] for name in names}
        for key, name in self.index.body_files.items():
            if name in wanted:
                wanted[name].append(key)
        bodies = {key: self._body_file(name)[key] for name, keys in wanted.items() for key in keys}
        self._write_bodies(bodies)
        for name in names:
            self.index.bodies_written.pop(name, None)

    def _write_segment(self, entries: dict[str, Entry] | dict[str, str], prefix: str = "segment-") -> str:
        """Write entries (or bodies) to a new segment file; returns its name."""
        assert self.folder is not None
        handle, path = tempfile.mkstemp(prefix=prefix, suffix=".pickle", dir=self.folder)
        with os.fdopen(handle, "wb") as out:
            pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
        name = Path(path).name
        self.index.stamps[name] = stamp(os.stat(path))  # the sealed index vouches for this very file
        self.written.add(name)
        return name

    def _remove_unlisted(self) -> None:
        """Delete segments the index no longer lists (merged, or left by a crash)."""
        assert self.folder is not None
        listed = {*self.index.segments, *self.index.bodies_written, "index.pickle"}
        for path in self.folder.iterdir():
            if path.name not in listed:
                path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Recall:
    """The last build's results and postings as a build asks for them (build/reuse.Memory): the only place a
    body kept apart (STORED_APART) is read back, so the model, plan and pages never see the sentinel."""

    cache: Cache
    results: dict[str, object]  # the last build's site-wide results, as they were when this build began

    def whole(self, posting: Posting, key: str) -> Posting:
        """The posting with its description, read back from its body file if it was stored apart."""
        if posting.body_html != STORED_APART:
            return posting
        return replace(posting, body_html=self.cache.body(key))

    def words(self, posting: Posting, key: str) -> list[str]:
        """The posting's search words, as worked out when it was parsed."""
        entry = self.cache.entries.get(key)
        return entry.words.split() if entry is not None and entry.words else posting_terms(self.whole(posting, key)).split()

    def last(self, name: str) -> object | None:
        """The last build's site-wide result of this name."""
        return self.results.get(name)

    def earlier(self, key: str) -> Posting | None:
        """The posting a file with this content key was read into last time."""
        return self.cache.posting(key)


def _bodiless(entry: Entry) -> Entry:
    """An entry as stored: its posting without the body, which is stored apart."""
    posting = entry.posting
    return Entry(posting if posting.body_html == STORED_APART else replace(posting, body_html=STORED_APART),
                 entry.words, entry.fragments)  # fmt: skip


def _index_well_formed(index: Contents) -> bool:
    """Whether every field of a loaded index has the shape this code writes (a damaged one means a cold build)."""
    manifest = index.manifest
    if not (isinstance(index.segments, list) and all(type(name) is str for name in index.segments)
            and type(index.stored) is int and type(index.fragments_for) is str and type(index.derived) is dict
            and type(manifest) is Manifest):  # fmt: skip
        return False
    return (_text_to(index.body_files, str) and _text_to(index.bodies_written, int) and _text_to(manifest.stamps, str)
            and _text_to(index.stamps, str)
            and _text_to(index.files, tuple) and all(len(v) == 2 and type(v[0]) is str and type(v[1]) is str
                                                      for v in index.files.values())
            and _text_to(manifest.units, tuple) and all(len(v) == 2 and type(v[0]) is str and type(v[1]) is tuple
                                                         for v in manifest.units.values())
            and all(type(path) is str for _, paths in manifest.units.values() for path in paths))  # fmt: skip


def _entries_well_formed(segment: dict[object, object]) -> bool:
    """Whether a loaded segment maps content keys to entries of a posting and its byte fragments (plain loops:
    this runs over every entry of a big board on each rebuild)."""
    for key, entry in segment.items():
        if type(key) is not str or type(entry) is not Entry or type(entry.posting) is not Posting or type(entry.words) is not str:
            return False
        if not _text_to(entry.fragments, bytes):
            return False
    return True


def _text_to(value: object, kind: type) -> bool:
    """A dict whose keys are text and whose values are all of exactly one type."""
    return type(value) is dict and all(type(key) is str for key in value) and all(type(item) is kind for item in value.values())


class UntrustedCache(Exception):
    """A cache file this user's builds did not write: loading a pickle runs code, so it is never read."""


KEY_BYTES = 32


def user_key() -> bytes | None:
    """This user's secret for sealing cache indexes, kept outside any project (made on first use), or None if
    there is nowhere private to keep it. A cache that arrives any other way (a commit, an archive, another
    user) has no valid seal, so it is never unpickled: the build is cold instead."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(home) / "jobboard" / "cache-key"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            data = _read_trusted(path, private=True)
            return data if len(data) == KEY_BYTES else None
        key = secrets.token_bytes(KEY_BYTES)
        with os.fdopen(handle, "wb") as out:
            out.write(key)
        return key
    except (OSError, UntrustedCache):
        return None


def _seal(key: bytes, data: bytes) -> bytes:
    """The data with a keyed hash in front."""
    return hmac.new(key, data, hashlib.sha256).digest() + data


def _unseal(key: bytes, sealed: bytes) -> bytes:
    """The data under a seal made with this key; UntrustedCache otherwise."""
    seal, data = sealed[:32], sealed[32:]
    if not key or not hmac.compare_digest(seal, hmac.new(key, data, hashlib.sha256).digest()):
        raise UntrustedCache("the cache's index was not written by this user's builds")
    return data


def _read_trusted(path: Path, private: bool = False) -> bytes:
    """A file's bytes if it is ours and no one else may write it (or, `private`, read it)."""
    with open(path, "rb") as handle:
        _check_owner(handle.fileno(), path, 0o077 if private else 0o022)
        return handle.read()


def _check_owner(fd: int, path: Path, forbidden: int) -> None:
    """UntrustedCache unless the open file is this user's and has none of the `forbidden` mode bits."""
    status = os.fstat(fd)
    if status.st_uid != os.geteuid() or status.st_mode & forbidden:
        raise UntrustedCache(path)


def _unpickle(path: Path, expected: Stamp | None) -> object:
    """Load a pickle straight from its file (reading it into memory first is 2x slower for 150 MB), only if it
    is the very file the sealed index says was written (inode, size and times, ctime included: a file put in
    its place, by a checkout or anyone, differs) and no one else may write it. Checked on the open file."""
    with open(path, "rb") as handle:
        _check_owner(handle.fileno(), path, 0o022)
        if expected is None or stamp(os.fstat(handle.fileno())) != expected:
            raise UntrustedCache(path)
        return pickle.load(handle)


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace a file in one step, so readers see the old or the new bytes, never a mix."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


@contextlib.contextmanager
def gc_running() -> Iterator[None]:
    """Let the cycle collector run inside a paused stretch: rendering every page makes many short-lived
    cycles (Jinja's contexts), and without it a cold build of 10,000 roles grows by ~400 MB."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector: a build creates hundreds of thousands of objects and few cycles, and
    the collector would otherwise walk them all again and again (loading the cache: 3x slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
