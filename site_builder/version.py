"""Which code this process runs: a hash of the package's code, templates and static files.

A build's outputs depend on it, so it goes into every content key and into the compiled templates' names.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

FORMAT = 3  # raised when what a build keeps for the next changes shape without the code's text changing


def digest(*parts: str | bytes) -> str:
    """A short, stable hash of some parts (separated, so ("ab", "c") ≠ ("a", "bc"))."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def tree_digest(root: Path) -> list[str | bytes]:
    """Every file under `root` as name and bytes, in a stable order (missing folder: nothing)."""
    parts: list[str | bytes] = []
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return parts


def _package_digest() -> str:
    """A hash of this package's code, templates and static files: any change invalidates the cache."""
    return digest(str(FORMAT), *tree_digest(Path(str(resources.files("site_builder")))))


# Hashed once, at import: it names the code this process runs (~2 ms, which every build spends anyway),
# and every posting's key includes it. A constant, not a cache: forked workers inherit it.
_CODE_VERSION = _package_digest()


def code_version() -> str:
    """The hash of this process's code, templates and static files (see _CODE_VERSION)."""
    return _CODE_VERSION


