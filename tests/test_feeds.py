"""Every feed is valid: RSS (feedparser plus strict checks), JSON Feed 1.1, iCalendar parsed back."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import icalendar
import pytest
from conftest import posting

from site_builder.site.ical import escape, fold

ROLES = {
    "remote-lead.md": posting(title="Remote Lead", location="location: Remote", tags="tags: [policy, data]",
                              workplace="workplace: remote\nremote_regions: [US]", deadline="2026-12-10"),
    "onsite-organizer.md": posting(title="Onsite; Organizer, Kern", tags="tags: [organizing]",
                                   employment_type="employment_type: part-time", deadline="rolling"),
    "closed-role.md": posting(title="Closed Role", deadline="2020-01-01"),
}  # fmt: skip


@pytest.fixture
def site(make_project):
    project = make_project(ROLES)
    assert project.build().exit_code == 0
    return project


def rss_files(output: Path) -> list[Path]:
    return sorted(output.rglob("feed.xml"))


def test_there_is_a_feed_per_tag_location_type_and_for_remote_roles(site) -> None:
    feeds = {p.relative_to(site.output).as_posix() for p in rss_files(site.output)}
    assert {"feed.xml", "tags/policy/feed.xml", "tags/organizing/feed.xml", "locations/remote/feed.xml",
            "locations/bakersfield-ca-us/feed.xml", "types/part-time/feed.xml", "types/full-time/feed.xml"} <= feeds  # fmt: skip
    titles = [e.title for e in feedparser.parse(site.read("locations/remote/feed.xml")).entries]
    assert titles == ["Remote Lead at Example Org"]


def test_group_pages_link_their_feed_as_an_alternate(site) -> None:
    page = site.read("tags/policy/index.html")
    assert '<link rel="alternate" type="application/rss+xml" title="Public-interest tech jobs: policy" href="../../tags/policy/feed.xml">' in page


def test_every_rss_feed_passes_strict_checks(site) -> None:
    for path in rss_files(site.output):
        text = path.read_text()
        assert not feedparser.parse(text).bozo, path
        channel = ET.fromstring(text.encode()).find("channel")
        assert channel.findtext("link").startswith("https://example.github.io/jobs/")
        parsedate_to_datetime(channel.findtext("lastBuildDate"))
        self_link = channel.find("{http://www.w3.org/2005/Atom}link").get("href")
        assert self_link == "https://example.github.io/jobs/" + path.relative_to(site.output).as_posix()
        for item in channel.findall("item"):
            link, guid = item.findtext("link"), item.find("guid")
            assert link.startswith("https://example.github.io/jobs/roles/") and link.endswith("/")
            assert guid.get("isPermaLink") == "true" and guid.text == link
            assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None


def test_closed_roles_are_in_no_feed(site) -> None:
    for name in ["feed.xml", "feed.json", "deadlines.ics"]:
        assert "Closed Role" not in site.read(name)


def test_json_feed_has_the_spec_required_fields(site) -> None:
    feed = json.loads(site.read("feed.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
    assert feed["feed_url"] == "https://example.github.io/jobs/feed.json"
    assert feed["home_page_url"] == "https://example.github.io/jobs/"
    assert [item["title"] for item in feed["items"]] == ["Onsite; Organizer, Kern at Example Org", "Remote Lead at Example Org"]
    for item in feed["items"]:
        assert item["id"] == item["url"] and item["url"].startswith("https://")
        assert item["content_text"] and item["date_published"].endswith("T00:00:00Z")


def test_deadlines_calendar_parses_back_with_one_all_day_event_per_dated_deadline(site) -> None:
    calendar = icalendar.Calendar.from_ical(site.read("deadlines.ics"))
    events = calendar.walk("VEVENT")
    assert len(events) == 1  # the rolling role has no deadline, the closed one is gone
    event = events[0]
    assert str(event["SUMMARY"]) == "Deadline: Remote Lead at Example Org"
    assert event.decoded("DTSTART").isoformat() == "2026-12-10"
    assert str(event["URL"]) == "https://example.github.io/jobs/roles/remote-lead/"
    assert str(event["UID"]) == "remote-lead-deadline@example.github.io"


def test_calendar_lines_end_in_crlf_and_are_folded_at_75_octets(site) -> None:
    raw = (site.output / "deadlines.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_calendar_text_escaping_and_folding_keep_characters_whole() -> None:
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    folded = fold("SUMMARY:" + "é" * 60)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 60
