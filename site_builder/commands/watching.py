"""Notice saved files at once with Linux inotify (through ctypes), so `serve` rebuilds within milliseconds.

livereload's own watcher polls every 800 ms (a constant in its handlers), stat-ing every watched
file each time: at 10,000 postings that is ~0.1 s of work per poll and, on average, 0.4 s between
saving a posting and the rebuild starting. Its inotify watcher needs pyinotify, which is no longer
maintained. This one is the few calls needed: watch each folder, read events when the server's
event loop says the inotify descriptor is readable, wait a moment for a burst of saves (a `git
checkout`) to settle, then run the rebuild once. Where inotify is missing (not Linux), `start`
returns False and livereload polls as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from livereload.watcher import Watcher

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF, IN_Q_OVERFLOW, IN_ISDIR = 0x400, 0x800, 0x4000, 0x40000000
IN_NONBLOCK, IN_CLOEXEC = 0o4000, 0o2000000
# A finished write, a file moved in or out (editors that save by renaming), a deletion, a new
# folder. Not IN_MODIFY: it fires mid-write, and a build then would read half a file.
CHANGES = IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF
EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then `len` bytes of name
SETTLE = 0.03  # seconds to wait after the first event for the rest of a burst


class Inotify:
    """An inotify descriptor watching folders; `changes()` names the files changed since last asked."""

    def __init__(self) -> None:
        self._libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        self.fd = self._libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._folders: dict[int, str] = {}  # watch descriptor → folder

    def watch_tree(self, folder: str) -> None:
        """Watch a folder and every folder under it (new ones are added as they appear)."""
        for root, dirs, _ in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
            self.watch_folder(root)

    def watch_folder(self, folder: str) -> None:
        """Watch one folder's entries."""
        wd = self._libc.inotify_add_watch(self.fd, os.fsencode(folder), CHANGES)
        if wd < 0:
            raise OSError(ctypes.get_errno(), f"cannot watch {folder}")
        self._folders[wd] = folder

    def changes(self) -> list[str]:
        """Paths of the entries changed since the last call (empty if none); new folders get watched."""
        changed: list[str] = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return changed
            changed += self._parse(data)

    def _parse(self, data: bytes) -> list[str]:
        """The changed paths in one read's events."""
        paths, at = [], 0
        while at < len(data):
            wd, mask, _, size = EVENT.unpack_from(data, at)
            name = os.fsdecode(data[at + EVENT.size : at + EVENT.size + size].rstrip(b"\0"))
            at += EVENT.size + size
            folder = self._folders.get(wd)
            if mask & IN_Q_OVERFLOW or folder is None:
                paths.append("")  # events were lost: something changed somewhere
                continue
            path = os.path.join(folder, name) if name else folder
            if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO):
                self.watch_tree(path)
            paths.append(path)
        return paths

    def close(self) -> None:
        """Stop watching."""
        os.close(self.fd)


class InstantWatcher(Watcher):  # type: ignore[misc]
    """livereload's watcher, told of changes by inotify instead of polling for them."""

    def __init__(self) -> None:
        super().__init__()
        self.inotify = Inotify()
        self._files: dict[str, set[str]] = {}  # a folder watched for some of its files only → their paths
        self._pending: list[str] = []
        self._callback: Callable[[], Any] | None = None
        self._settling = False

    def watch(self, path: str, func: Any = None, delay: Any = None, ignore: Any = None) -> None:
        """Watch a folder tree, or one file (through its folder, so saving by rename is seen)."""
        super().watch(path, func, delay, ignore)
        if os.path.isdir(path):
            self.inotify.watch_tree(path)
        else:
            folder = str(Path(path).parent)
            if folder not in self._files:
                self.inotify.watch_folder(folder)
            self._files.setdefault(folder, set()).add(path)

    def start(self, callback: Callable[[], Any]) -> bool:
        """Listen on the server's event loop; True tells livereload not to poll."""
        from tornado.ioloop import IOLoop

        self._callback = callback
        IOLoop.current().add_handler(self.inotify.fd, self._on_events, IOLoop.READ)
        callback()  # livereload's first examine (its start-up message)
        return True

    def _on_events(self, fd: int, events: int) -> None:
        """Collect what changed; run the tasks once the burst has settled."""
        from tornado.ioloop import IOLoop

        self._pending += [path for path in self.inotify.changes() if self._relevant(path)]
        if self._pending and not self._settling and self._callback is not None:
            self._settling = True
            IOLoop.current().call_later(SETTLE, self._settled)

    def _relevant(self, path: str) -> bool:
        """Whether a changed path is one being watched (a file of a watched folder tree, or a watched file)."""
        folder = os.path.dirname(path)
        return path == "" or folder not in self._files or path in self._files[folder] or path in self._tasks

    def _settled(self) -> None:
        """Pick up events that came while waiting, then let livereload examine (and so rebuild)."""
        self._pending += [path for path in self.inotify.changes() if self._relevant(path)]
        self._settling = False
        if self._callback is not None:
            self._callback()

    def examine(self) -> tuple[str | None, float | None]:
        """Run each task once if anything changed, and say to reload now (None if nothing changed)."""
        if self._changes:
            return self._changes.pop()  # type: ignore[no-any-return]
        if not self._pending:
            return None, None
        self.filepath, self._pending = self._pending[-1] or "*", []
        for func in {id(task["func"]): task["func"] for task in self._tasks.values() if task["func"]}.values():
            func()
        # livereload ignores a change within 3 s of its last reload ("too many refreshes"), so a second save soon
        # after the first would be built but never shown. Its own word for "reload at once" is `__livereload__`;
        # the reload message still names the changed file (`filepath`, set above). A burst of saves is already
        # one rebuild here (see SETTLE).
        return "__livereload__", None


def instant_watcher() -> Watcher | None:
    """An inotify-driven watcher, or None where inotify is unavailable (livereload then polls)."""
    try:
        return InstantWatcher()
    except (OSError, AttributeError):
        return None
