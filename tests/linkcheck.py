"""A small internal link checker for built sites (used by the tests)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


class _Collector(HTMLParser):
    """Collects href/src values and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> _Collector:
    """Links and ids of one HTML file."""
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(output: Path, base_url: str, origin: str) -> list[str]:
    """Every internal href/src (relative, or absolute on `origin`) that resolves to no file or fragment."""
    problems = []
    for page in sorted(output.rglob("*.html")):
        page_url = base_url + page.relative_to(output).as_posix()
        found = parse(page)
        for link in found.links:
            problem = _check(output, base_url, origin, page_url, link, found.ids)
            if problem:
                problems.append(f"{page.relative_to(output)}: {link}: {problem}")
    return problems


def _check(output: Path, base_url: str, origin: str, page_url: str, link: str, ids: set[str]) -> str | None:
    """Why one link is broken, or None."""
    if link.startswith(("data:", "mailto:")):
        return None
    if link.startswith(("http://", "https://")) and not link.startswith(origin + base_url):
        return None  # another site, even on the same host (GitHub Pages serves many boards per host)
    target = urlsplit(urljoin(origin + page_url, link))
    if not target.path.startswith(base_url):
        return f"leaves the site's sub-path {base_url}"
    relative = target.path[len(base_url):]
    file = output / relative / "index.html" if relative.endswith("/") or relative == "" else output / relative
    if not file.is_file():
        return "no such file"
    if target.fragment and target.fragment not in (ids if file.as_posix().endswith(page_url[len(base_url):]) else parse(file).ids):
        return f"no element with id {target.fragment}"
    return None
