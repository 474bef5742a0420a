"""Generate a seeded corpus of postings in the board's format, for benchmarks.

    python3 bench/corpus.py OUT_DIR --roles 5000 [--seed 1] [--today 2026-11-23]

~200 organizations, ~300 places, ~30 tags, hourly and yearly pay, bodies of 400-1,500 words
with headings, lists and links. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

WORDS = (
    "algorithm accountability advocacy audit benefits bias campaign coalition community data decision "
    "discrimination equity evidence fairness housing immigration justice labor language litigation "
    "organizing oversight policy privacy public research rights safety surveillance technology tenant "
    "transparency union welfare workers automated screening eligibility model training outreach members "
    "budget grants strategy report testimony legislature county state federal frontline support"
).split()
TITLES = ["Community Organizer", "Policy Advocate", "Research Fellow", "Program Coordinator", "Data Analyst",
          "Campaign Manager", "Staff Attorney", "Communications Lead", "Technologist", "Field Organizer"]  # fmt: skip
TAGS = [f"topic-{n}" for n in range(28)] + ["policy", "organizing"]
COUNTRIES = ["US", "US", "US", "GB", "KE", "MX", "DE", "IN", "BR", "ZA", "CA", "FR"]


def paragraph(rng: random.Random, words: int) -> str:
    """A paragraph of random vocabulary, with an occasional link."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    if rng.random() < 0.3:
        text += f" See [the report](https://example.org/reports/{rng.randint(1, 999)})."
    return text.capitalize() + "."


def body(rng: random.Random) -> str:
    """400 to 1,500 words in sections with headings and bullet lists."""
    target, parts, count = rng.randint(400, 1500), [], 0
    while count < target:
        parts.append(f"## {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}")
        size = rng.randint(40, 120)
        parts.append(paragraph(rng, size))
        bullets = [f"- {paragraph(rng, 12)}" for _ in range(rng.randint(2, 5))]
        parts.append("\n".join(bullets))
        count += size + 12 * len(bullets)
    return "\n\n".join(parts) + "\n"


def salary(rng: random.Random) -> str:
    """Yearly, hourly, or no pay."""
    kind = rng.random()
    if kind < 0.55:
        low = rng.randrange(35000, 130000, 1000)
        return f"salary:\n  min: {low}\n  max: {low + rng.randrange(0, 30000, 1000)}\n  currency: USD\n  period: year\n"
    if kind < 0.85:
        low = rng.randint(18, 60)
        return f"salary:\n  min: {low}\n  max: {low + rng.randint(0, 10)}\n  currency: USD\n  period: hour\n"
    return ""


def posting(rng: random.Random, n: int, today: dt.date, places: list[str], orgs: list[str]) -> str:
    """One posting's text."""
    workplace = rng.choice(["remote", "hybrid", "onsite"])
    location = '"Remote"' if workplace == "remote" else f'"{rng.choice(places)}"'
    regions = f"remote_regions: [{rng.choice(COUNTRIES)}]\n" if workplace != "onsite" else ""
    kind = rng.choice(["full-time", "full-time", "part-time", "contract", "temporary"])
    hours = f"hours_per_week: {rng.randint(10, 30)}\n" if kind == "part-time" else ""
    posted = today - dt.timedelta(days=rng.randint(0, 60))
    deadline = "rolling" if rng.random() < 0.3 else (today + dt.timedelta(days=rng.randint(-30, 90))).isoformat()
    tags = ", ".join(rng.sample(TAGS, rng.randint(1, 4)))
    return (
        f"---\ntitle: {rng.choice(TITLES)} {n}\norganization: {rng.choice(orgs)}\nlocation: {location}\n"
        f"workplace: {workplace}\n{regions}employment_type: {kind}\n{hours}{salary(rng)}"
        f"posted: {posted.isoformat()}\ndeadline: {deadline}\napply_url: https://example.org/jobs/{n}\n"
        f"tags: [{tags}]\n---\n{body(rng)}"
    )


# Real regions where the board knows every region of the country (a made-up one there is refused as a typo).
REGIONS = {"US": ["CA", "NY", "TX", "WA", "IL", "MA", "PA", "GA", "MN", "CO"], "CA": ["ON", "QC", "BC", "AB"]}


def _place(number: int, country: str) -> str:
    """A place in `City, Region, CC` form, with a real region where the country's regions are all known."""
    regions = REGIONS.get(country)
    region = regions[number % len(regions)] if regions else f"R{number % 50}"
    return f"City {number}, {region}, {country}"


def generate(out: Path, roles: int, seed: int = 1, today: dt.date = dt.date(2026, 11, 23)) -> None:
    """Write `roles` postings into out/postings and a config.yaml beside it."""
    rng = random.Random(seed)
    places = [_place(i, rng.choice(COUNTRIES)) for i in range(300)]
    orgs = [f"Organization {i}" for i in range(200)]
    (out / "postings").mkdir(parents=True, exist_ok=True)
    (out / "config.yaml").write_text("title: Benchmark board\nsite_url: https://example.org\nbase_url: /\n")
    for n in range(roles):
        (out / "postings" / f"role-{n:05d}.md").write_text(posting(rng, n, today, places, orgs))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 23))
    args = parser.parse_args()
    generate(args.out, args.roles, args.seed, args.today)
