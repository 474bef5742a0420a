"""The one place that writes: safe paths only, and a failed write leaves the old site."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.errors import SiteError
from site_builder.site import Pages
from site_builder.writer import safe_relative, write_site


@pytest.mark.parametrize("path", ["../evil.html", "/etc/passwd", "a/../../b", "a//b", "a\\..\\b", "", "./x", "a/\x00"])
def test_paths_that_could_escape_the_output_folder_are_refused(path: str) -> None:
    with pytest.raises(SiteError):
        safe_relative(path)


def test_two_pages_on_one_url_are_refused() -> None:
    pages = Pages()
    pages.add("roles/x/index.html", b"one")
    with pytest.raises(SiteError, match="two pages"):
        pages.add("roles/x/index.html", b"two")


def test_write_replaces_the_whole_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"a.html": b"1", "old/index.html": b"x"}, out)
    write_site({"a.html": b"2"}, out)
    assert (out / "a.html").read_bytes() == b"2" and not (out / "old").exists()


def test_unsafe_path_fails_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"a.html": b"1"}, out)
    with pytest.raises(SiteError):
        write_site({"b.html": b"2", "../escape.html": b"3"}, out)
    assert sorted(p.name for p in out.iterdir()) == ["a.html"]
    assert not (tmp_path / "escape.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_write_that_fails_midway_leaves_the_previous_site(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "output"
    write_site({"a.html": b"old"}, out)
    real = Path.write_bytes
    calls = []

    def failing(self: Path, data: bytes) -> int:
        calls.append(self)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError):
        write_site({"a.html": b"new", "b.html": b"new"}, out)
    monkeypatch.undo()
    assert (out / "a.html").read_bytes() == b"old" and not (out / "b.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
