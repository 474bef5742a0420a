"""The parallel build (workers writing straight into the staging folder) makes exactly the serial build's files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from test_build import snapshot

from site_builder.build import loading as loader
from site_builder.build import parallel
from site_builder.build import pipeline as site
from site_builder.build.writer import MARKER, MARKER_TEXT
from site_builder.config import load_config
from site_builder.content.model import Reading

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import generate  # noqa: E402

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    generate(tmp_path, 60, seed=5, today=TODAY)
    return tmp_path


def test_parallel_build_writes_exactly_the_serial_files(corpus: Path, monkeypatch) -> None:
    config = load_config(corpus / "config.yaml")
    serial = {**site.render_site(config, loader.load_postings(config.postings_dir, Reading()), TODAY), MARKER: MARKER_TEXT}
    monkeypatch.setenv("JOBBOARD_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    monkeypatch.setattr(site, "ROLES_PER_TASK", 7)  # many small tasks, as on a big board
    monkeypatch.setattr(site, "GROUPS_PER_TASK", 5)
    site.build(config, TODAY)
    assert snapshot(config.output_dir) == serial


def test_serial_build_writes_what_render_site_returns(corpus: Path, monkeypatch) -> None:
    monkeypatch.setenv("JOBBOARD_WORKERS", "1")
    config = load_config(corpus / "config.yaml")
    site.build(config, TODAY)
    expected = site.render_site(config, loader.load_postings(config.postings_dir, Reading()), TODAY)
    assert snapshot(config.output_dir) == {**expected, MARKER: MARKER_TEXT}  # the writer marks what it made
