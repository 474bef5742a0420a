"""Turn a jobboard corpus into a minimal equivalent Hugo site (for the side-by-side benchmark).

A page per role, taxonomy pages per place and per tag (with their term lists), a home page listing
every role, and RSS: what jobboard builds, minus the extras Hugo would need custom code for.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
    "<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ .Params.organization }}</p>"
    "<ul>{{ range .Params.places }}<li>{{ . }}</li>{{ end }}</ul>{{ .Content }}{{ end }}",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">"
    "{{ .Title }}</a> {{ .Params.organization }}</li>{{ end }}</ul>{{ end }}",
    "_default/terms.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li>"
    "<a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}",
    "index.html": "{{ define \"main\" }}<h1>Open roles</h1><ul>{{ range where .Site.RegularPages \"Section\" \"roles\" }}"
    "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Params.organization }}</li>{{ end }}</ul>{{ end }}",
}
CONFIG = """baseURL = "https://example.org/"
title = "Benchmark board"
disableKinds = ["section"]
[taxonomies]
  tag = "tags"
  place = "places"
[markup.goldmark.renderer]
  unsafe = false
"""


def convert(corpus: Path, out: Path) -> None:
    """Write out/ as a Hugo site holding the same roles as corpus/postings."""
    shutil.rmtree(out, ignore_errors=True)
    content = out / "content" / "roles"
    content.mkdir(parents=True)
    for name, text in LAYOUTS.items():
        (out / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / name).write_text(text)
    (out / "hugo.toml").write_text(CONFIG)
    for posting in sorted((corpus / "postings").glob("*.md")):
        (content / posting.name).write_text(_hugo_front_matter(posting.read_text()))


def _hugo_front_matter(text: str) -> str:
    """Keep title, organization, tags and the place as Hugo params and taxonomies; the body as is."""
    _, front, body = text.split("---\n", 2)
    fields = dict(re.findall(r"^(title|organization|location|tags): (.*)$", front, re.M))
    place = fields.get("location", '"Remote"')
    return (f"---\ntitle: \"{fields['title']}\"\norganization: \"{fields['organization']}\"\n"
            f"tags: {fields.get('tags', '[]')}\nplaces: [{place}]\n---\n{body}")  # fmt: skip
