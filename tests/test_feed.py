"""feed.xml: RSS 2.0 of open roles with absolute links, RFC 822 dates and stable guids."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
from conftest import posting


def built_feed(make_project, **postings: str) -> str:
    """Build the given postings and return feed.xml."""
    project = make_project({f"{slug}.md": text for slug, text in postings.items()})
    assert project.build().exit_code == 0
    return project.read("feed.xml")


def test_feed_parses_as_rss_2_with_one_item_per_open_role(make_project) -> None:
    feed = feedparser.parse(built_feed(make_project, **{"open-role": posting(title="Open Role"),
                                                        "old-role": posting(title="Old Role", deadline="2020-01-01")}))  # fmt: skip
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert [e.title for e in feed.entries] == ["Open Role at Example Org"]


def test_feed_links_are_absolute_and_guids_are_the_permalinks(make_project) -> None:
    text = built_feed(make_project, **{"open-role": posting()})
    feed = feedparser.parse(text)
    entry = feed.entries[0]
    assert entry.link == "https://example.github.io/jobs/roles/open-role/"
    assert entry.id == entry.link
    assert f'<guid isPermaLink="true">{entry.link}</guid>' in text
    assert feed.feed.link == "https://example.github.io/jobs/"


def test_feed_dates_are_rfc_822(make_project) -> None:
    text = built_feed(make_project, **{"open-role": posting(posted="2026-11-01")})
    assert "<pubDate>Sun, 01 Nov 2026 00:00:00 GMT</pubDate>" in text
    assert "<lastBuildDate>Mon, 23 Nov 2026 00:00:00 GMT</lastBuildDate>" in text


def test_feed_is_valid_xml_whatever_the_posting_says(make_project) -> None:
    hostile = posting(title='Organizer & "Advocate" ]] \u00e9', tags="tags: [policy]")
    text = built_feed(make_project, **{"hostile-role": hostile.replace("Work on", "<script>x</script> & ]]> </channel>")})
    item = ET.fromstring(text.encode()).find("channel/item")
    assert item.find("title").text == 'Organizer & "Advocate" ]] \u00e9 at Example Org'
    # The description is HTML to a feed reader: the posting's literal tag must arrive escaped, as text.
    assert "&lt;script&gt;x&lt;/script&gt; &amp; ]]&gt; &lt;/channel&gt;" in item.find("description").text


def test_feed_items_carry_tags_as_categories(make_project) -> None:
    feed = feedparser.parse(built_feed(make_project, **{"open-role": posting()}))
    assert [t.term for t in feed.entries[0].tags] == ["policy", "organizing"]
