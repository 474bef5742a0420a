"""Every focus indicator can be seen: tabbing through each kind of page, the focused element's outline is at
least 2 px and has 3:1 contrast with the background around it (WCAG 2.2, 1.4.11 and 2.4.7), on light panels
and on the dark header alike."""

from __future__ import annotations

import pytest
from browser import ARGS, CHROMIUM, require_chromium, serve

PAGES = ["", "roles/policy-advocate-organizer-aclu-socal-kern-county/", "archive/", "post/", "locations/",
         "roles/community-organizer-la-defensa/"]  # fmt: skip

# For the focused element: its outline's width, style and colour, and the opaque backgrounds just outside the ring
# on its left and right (what the ring is seen against; the skip link, for one, sits over the dark header).
PROBE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) + 2;
  const box = el.getBoundingClientRect();
  const opaque = (node) => {
    while (node) {
      const b = getComputedStyle(node).backgroundColor;
      if (b && b !== 'transparent' && !b.endsWith(', 0)')) return b;
      node = node.parentElement;
    }
    return 'rgb(255, 255, 255)';
  };
  const around = [box.left - reach, box.right + reach].map((x) => {
    const y = box.top + box.height / 2;
    if (x < 0 || x >= innerWidth || y < 0 || y >= innerHeight) return null;  // that side of the ring is off screen
    const under = document.elementFromPoint(x, y);
    return opaque(under && under !== el && !el.contains(under) ? under : el.parentElement);
  }).filter(Boolean);
  return {tag: el.tagName, text: (el.textContent || el.name || '').trim().slice(0, 40),
          width: parseFloat(style.outlineWidth), style: style.outlineStyle, color: style.outlineColor, around};
}"""


def luminance(rgb: str) -> float:
    """WCAG's relative luminance of a CSS `rgb(r, g, b)`."""
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The launch board, built and served."""
    require_chromium()
    from click.testing import CliRunner

    from site_builder.commands.cli import main

    out = tmp_path_factory.mktemp("focus") / "site"
    argv = ["build", "--output", str(out), "--today", "2026-11-23", "--base-url", "/"]
    assert CliRunner().invoke(main, argv).exit_code == 0
    with serve(out) as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_every_focus_ring_is_wide_and_contrasts_three_to_one(site, path: str, width: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(site + path)
        seen = []
        for _ in range(40):
            page.keyboard.press("Tab")
            found = page.evaluate(PROBE)
            if found["tag"] == "BODY":
                break
            seen.append(found)
        browser.close()
    assert len(seen) >= 5
    weak = [f for f in seen if f["style"] == "none" or f["width"] < 2
            or min((contrast(f["color"], b) for b in f["around"]), default=0) < 3]  # fmt: skip
    assert weak == [], weak
