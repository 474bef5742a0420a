"""Strangers' pull requests can't break, deface or hijack the board: hostile and broken input, built."""

from __future__ import annotations

import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, posting
from test_build import snapshot
from test_validation import CASES


@pytest.fixture
def built_project(make_project):
    """A project with one good role, already built once."""
    project = make_project({"good-role.md": posting()})
    assert project.build().exit_code == 0
    return project


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_posting_fails_the_build_with_its_place_and_leaves_output_untouched(built_project, name: str) -> None:
    before = snapshot(built_project.output)
    source = FIXTURES / "invalid" / f"{name}.md"
    shutil.copyfile(source, built_project.root / "postings" / source.name)
    result = built_project.build()
    line, field, words = CASES[name]
    assert result.exit_code == 1
    place = f"postings/{source.name}" + (f":{line}" if line else "")
    assert f"{place}: {field}: " in result.output and words in result.output
    assert snapshot(built_project.output) == before


BILLION_LAUGHS = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
---
"""


def test_billion_laughs_fails_fast_with_a_clear_error(built_project) -> None:
    built_project.write("laughs.md", BILLION_LAUGHS)
    started = time.monotonic()
    result = built_project.build()
    assert time.monotonic() - started < 5
    assert result.exit_code == 1 and "postings/laughs.md:2: front matter: anchors and aliases" in result.output


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_nesting_thousands_deep_fails_fast_instead_of_crashing(built_project, opening: str, closing: str) -> None:
    built_project.write("deep.md", "---\ntitle: " + opening * 2_000 + closing * 2_000 + "\n---\nBody.\n")
    started = time.monotonic()
    result = built_project.build()
    assert time.monotonic() - started < 10
    assert result.exit_code == 1 and "nested more than 16 levels deep" in result.output


def test_nothing_a_posting_says_can_write_outside_the_output_folder(make_project, tmp_path: Path) -> None:
    sneaky = posting(
        organization="organization: ../../../../tmp/evil",
        location='location: ["../../etc/passwd, CA, US", "..\\\\..\\\\win, NY, US"]',
        tags="tags: [../up, 'a/../../b', .hidden]",
    )
    project = make_project({"sneaky.md": sneaky.replace("tags: [../up, 'a/../../b', .hidden]", "tags: [ok]")})
    before = {p for p in tmp_path.rglob("*")}
    assert project.build().exit_code == 0
    created = {p for p in tmp_path.rglob("*")} - before
    cache = project.root / ".output.cache"  # the build's own cache and lock: fixed names, beside the output
    lock = project.root / ".output.lock"
    assert created and all(p in (project.output, cache, lock) or {project.output, cache} & set(p.parents) for p in created)
    segments = [*cache.glob("segment-*.pickle"), *cache.glob("bodies-*.pickle")]
    assert {p.name for p in cache.iterdir()} <= {"index.pickle"} | {p.name for p in segments}
    assert (project.output / "organizations" / "tmp-evil" / "index.html").is_file()
    assert (project.output / "locations" / "etc-passwd-ca-us" / "index.html").is_file()


def test_path_like_tags_are_refused(make_project) -> None:
    project = make_project({"sneaky.md": posting(tags="tags: [../up, 'a/../../b', .hidden]")})
    result = project.build()
    assert result.exit_code == 1 and result.output.count("tags.") == 3


def test_postings_whose_names_differ_only_in_case_are_refused(make_project) -> None:
    project = make_project({"role.md": posting(), "ROLE.md": posting()})
    result = project.build()
    assert result.exit_code == 1 and "differs from" in result.output and "only in letter case" in result.output


class _LiveContent(HTMLParser):
    """Finds anything in an HTML document that a browser would run or load from a posting."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("iframe", "object", "embed", "img", "svg", "math", "base", "meta") and tag != "meta":
            self.found.append(tag)
        if tag == "script" and values.get("type") != "application/ld+json" and not (values.get("src") or "").endswith("board.js"):
            self.found.append("script")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = value.strip().lower().split(":", 1)[0]
                if ":" in value and scheme not in ("http", "https", "mailto") and value != "data:,":
                    self.found.append(f"{tag} {name}={value}")


HOSTILE_BODY = """
<script>alert(1)</script>
<img src=x onerror="alert(1)">
<iframe src="https://evil.example"></iframe>
<a href="javascript:alert(1)">raw link</a>
[md js](javascript:alert(1)) [md mixed](JaVaScRiPt:alert(1)) [md entity](&#106;avascript:alert(1))
[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [md vb](vbscript:msgbox(1))
<javascript:alert(1)> ![img](https://evil.example/x.png)
<svg onload=alert(1)>
"""


def live_content(html: str) -> list[str]:
    parser = _LiveContent()
    parser.feed(html)
    return parser.found


def test_raw_html_and_unsafe_links_are_never_live_in_any_output_file(make_project) -> None:
    import json

    project = make_project({"hostile.md": posting() + HOSTILE_BODY})
    assert project.build().exit_code == 0
    for page in project.output.rglob("*.html"):
        assert live_content(page.read_text()) == [], page
    for item in json.loads(project.read("feed.json"))["items"]:
        assert "content_html" not in item  # plain text only: no HTML to go live in a reader
    for data in project.output.rglob("*.json"):  # JSON stays inert even if someone inlines it into HTML
        assert "<" not in data.read_text(), data


def test_the_live_content_detector_does_detect_live_content() -> None:
    assert live_content('<img src=x onerror="x"><a href="javascript:x">a</a><script>x</script>') == [
        "img", "img onerror", "a href=javascript:x", "script"]  # fmt: skip
