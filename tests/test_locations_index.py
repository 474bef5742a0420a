"""The locations index groups places under their countries, named in full, Remote first."""

from __future__ import annotations

from conftest import posting


def test_places_are_grouped_under_their_countries_in_full_with_remote_first(make_project) -> None:
    project = make_project({
        "a.md": posting(title="A", location='location: "Philadelphia, PA, US"'),
        "b.md": posting(title="B", location='location: "Bakersfield, CA, US"'),
        "c.md": posting(title="C", location="location: Kenya"),
        "d.md": posting(title="D", location='location: "Nairobi, KE"'),
        "e.md": posting(title="E", location="location: Remote", workplace="workplace: remote\nremote_regions: [US]"),
    })  # fmt: skip
    assert project.build().exit_code == 0
    page = project.read("locations/index.html")
    headings = [part.split("</h2>")[0] for part in page.split('<h2 id="c-')[1:]]
    assert [h.split(">", 1)[1] for h in headings] == ["Remote", "Kenya", "United States"]
    kenya = page.split(">Kenya</h2>")[1].split("</section>")[0]
    assert kenya.index("Anywhere in Kenya") < kenya.index(">Nairobi<")
    us = page.split(">United States</h2>")[1].split("</section>")[0]
    assert us.index(">Bakersfield, CA<") < us.index(">Philadelphia, PA<") and ", US<" not in us
