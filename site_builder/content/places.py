"""Read a posting's place as people write it (`Philadelphia, PA`, `Berlin, Deutschland`, `Remote (EU)`).

What is accepted
- `Remote` and remote phrases: `Fully remote`, `Remote (EU)`, `Remote - US`, `Remote, Canada`, `US (Remote)`,
  `Anywhere in the U.S.`, `Remote (anywhere in Africa)`, `Remote worldwide`, `Remote (US or Canada)`.
- A country alone, as an ISO 3166-1 code (`GB`), an English name (`Germany`, `Côte d'Ivoire`), a short form
  (`UK`, `U.S.A.`, `UAE`) or its name in one of its own official languages (`Deutschland`, `Sverige`).
- `City, Country` with any of those country forms: `London, UK`, `Berlin, Deutschland`, `Nairobi, KE`.
- `City, ST` where ST is a US state or DC, a Canadian province or territory, or an Australian state or territory,
  by postal code or name (`Philadelphia, PA`, `Austin, Texas`, `Toronto, ON`, `Melbourne, VIC`, also written
  `Washington DC`); England, Scotland, Wales and Northern Ireland stand for GB with the nation kept as region.
- `City, Region, Country`: the region is checked against ISO 3166-2 for the US, Canada and Australia (all their
  regions are known) and kept as written elsewhere, with its ISO 3166-2 code when one matches.
- A US, Canadian or Australian region alone or before its country (`Texas`, `Ontario, Canada`).

How ambiguity is settled: a place is refused, with the choices, rather than filed in the wrong country.
- 26 ISO country codes are also US state codes (PA Panama/Pennsylvania, CA Canada/California, IN, DE, GA, MA,
  AL, AR, AZ, CO, ID, IL, KY, LA, MD, ME, MN, MO, MS, MT, NC, NE, SC, SD, TN, VA), six are Canadian or
  Australian codes (NL, NU, PE, SK, YT; SA), and WA and NT name regions of two of those countries. Each reading
  is weighed on what the data knows of the city: the city is evidence for a country when it names one of that
  country's ISO 3166-2 subdivisions (`Tunis`, `Berlin`, `Delhi`), one of its IANA time-zone cities (`Toronto`,
  `Perth`, `Kolkata`), or contains the country's name (`Panama City`).
  * `City, XX`: the one reading with evidence wins (`Tunis, TN` is Tunisia, `Perth, WA` Western Australia);
    with none, the rest of the posting decides: the country its pay's currency belongs to (ISO 4217 codes
    begin with the country's ISO 3166 code: USD is the US's, CAD Canada's; EUR stands for the EU's members)
    and the countries of its other places. So `Philadelphia, PA` paid in USD is Pennsylvania and `Munich, DE`
    paid in EUR is Germany; with nothing to decide, the place is refused with both ways to write it, never
    guessed. A region name that is also a country reads the same way: `Atlanta, Georgia` is the state,
    `Tbilisi, Georgia` the country.
  * `City, Region, XX`: two letters last are the country's code, as the board has always documented it
    (`Toronto, Ontario, CA` is Canada, `Oakland, Alameda County, CA` too: write `California, US` for the state);
    a name last that is also a US state's is weighed like `City, XX` (`Atlanta, Fulton County, Georgia`).
  * `XX` alone, or alone after Remote: refused when it reads both ways (`PA`, `Georgia`, `Remote (CA)`), as
    nothing decides; in a list the other entries decide (`Remote (CA, OR, WA)` is three US states,
    `Remote (US, CA)` two countries).
  * US outlying areas (PR, GU, VI, AS, MP, UM) are one place under both readings: they read as countries.
- `read_region` (for fields that hold countries, such as remote_regions) reads two letters as an ISO code only.

The label, one rule for every spelling of a place: the city as written, the region (the postal code in the US,
Canada and Australia, the nation for GB, else as written), then the country's English name:
`Philadelphia, PA, United States`, `London, England, United Kingdom`, `Berlin, Germany`, `Tunis, Tunisia`. A
country alone is its name (`Germany`), a region alone its full name (`Texas, United States`), remote work
`Remote`, `Remote (EU)` or `Remote (Texas, United States)`. Codes would read two ways on the page too (`Tunis, TN`
looks like Tennessee). Place.key keeps the board's old code form (`Philadelphia, PA, US`, `Berlin, DE`): the same
for every spelling, and equal to the old label for every place written the old way, so page slugs can stay.

Data: ISO 3166-1 and 3166-2 from pycountry's databases, read as JSON (importing pycountry costs ~9 ms for its
version look-up and its subdivision objects ~25 ms to build; the few tables needed here cost a few ms); country
names in other languages from pycountry's gettext catalogues; which languages are official where, and time-zone
cities, from babel's CLDR data; region groups from CLDR's territory containment (UN M49), written out below
because babel does not ship it. Translations and babel load only on slow paths (a name that is not English, a
code that reads two ways) and stay cached inside gettext and babel.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from importlib.util import find_spec
from types import MappingProxyType
from typing import NamedTuple

from site_builder.content.codes import COUNTRIES, COUNTRY_ALIASES
from site_builder.content.fields import Invalid
from site_builder.content.model import Location

MAX_CHARS = 200  # the bound fields.text puts on every value; difflib and the scans below stay cheap under it


class Place(NamedTuple):  # immutable like a frozen dataclass, and ~0.5 ms cheaper to define at import
    """A place as read: its Location, a key in the board's old code form, its ISO 3166-2 region code, and the
    countries a remote phrase names."""

    location: Location
    key: str  # `Philadelphia, PA, US`: what the label was before, so grouping and page slugs can stay the same
    region_code: str | None = None  # e.g. US-PA, for structured data; None where no ISO region matched
    remote_from: tuple[str, ...] = ()  # sorted alpha-2 codes; empty for a place or an unrestricted Remote


class _Reading(NamedTuple):  # a NamedTuple, not a dataclass: ~0.3 ms less at import for a private record
    """One way to read a part: a country, perhaps with a region (as the label shows it)."""

    country: str
    region: str | None = None
    region_code: str | None = None
    name: str = ""  # the region's full name, for messages


class _Group(NamedTuple):
    """A named group of countries in a remote phrase: `EU`, `Africa`, worldwide."""

    label: str
    members: tuple[str, ...]


# --- data -----------------------------------------------------------------------------------------------------

_SPEC = find_spec("pycountry")  # located, not imported: see the module docstring
if _SPEC is None or _SPEC.origin is None:
    raise ImportError("site_builder.content.places needs pycountry (pip install pycountry)")
_PYCOUNTRY = os.path.dirname(_SPEC.origin)
_LOCALES = os.path.join(_PYCOUNTRY, "locales")
_DOMAIN = "iso3166-1"  # the gettext domain of pycountry's country-name catalogues

_POSTAL_COUNTRIES = ("US", "CA", "AU")  # where people write the region's postal code after the city
_OFFICIAL = frozenset({"official", "de_facto_official"})  # CLDR's statuses for a country's own languages
# Zone ids under these areas end in a city (Australia's too); their old aliases do only under the first set
# (US/Pacific, Canada/Eastern, Australia/NSW or Australia/West name no city).
_ALIAS_AREAS = frozenset({"Africa", "America", "Antarctica", "Asia", "Atlantic", "Europe", "Indian", "Pacific"})
_ZONE_AREAS = _ALIAS_AREAS | {"Australia"}

# English names ISO 3166 does not list (or no longer does) that postings still use; ISO's come from pycountry.
_ALIASES = MappingProxyType({
    "usa": "US", "uk": "GB", "britain": "GB", "great britain": "GB", "uae": "AE", "emirates": "AE",
    "turkey": "TR", "ivory coast": "CI", "czech republic": "CZ", "holland": "NL", "burma": "MM",
    "swaziland": "SZ", "macedonia": "MK", "east timor": "TL", "cape verde": "CV", "vatican": "VA",
    "korea": "KR KP",
})  # fmt: skip  # where several codes are given the name is refused, with each as a choice

# CLDR's supplementalData.xml <territoryContainment>: the UN M49 subregions (codes outside ISO 3166-1 left out)
# and CLDR's EU grouping, checked against the copy in language_data 1.4.0 (2025). babel ships no accessor for
# it, so it is copied here; it rarely changes (the EU last did in 2020).
_M49 = """
011 BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG|013 BZ CR GT HN MX NI PA SV
014 BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW|015 DZ EG EH LY MA SD TN
017 AO CD CF CG CM GA GQ ST TD|018 BW LS NA SZ ZA|021 BM CA GL PM US
029 AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI
005 AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE|030 CN HK JP KP KR MN MO TW|034 AF BD BT IN IR LK MV NP PK
035 BN ID KH LA MM MY PH SG TH TL VN|143 KG KZ TJ TM UZ|145 AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE
151 BG BY CZ HU MD PL RO RU SK UA|154 AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ|155 AT BE CH DE FR LI LU MC NL
039 AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA|053 AU CC CX HM NF NZ|054 FJ NC PG SB VU
057 FM GU KI MH MP NR PW UM|061 AS CK NU PF PN TK TO TV WF WS
EU AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK
"""
# Each group a poster may name (folded): its label, and the M49 subregions it is made of. Names follow CLDR's
# English ones: North America is M49's 003 (with Central America and the Caribbean), Northern America 021.
# Asia-Pacific leaves out Western Asia (the Middle East), which EMEA holds; Oceania leaves out Antarctica.
_GROUP_PARTS = MappingProxyType({
    "eu": ("EU", "EU"), "european union": ("EU", "EU"), "europe": ("Europe", "151 154 155 039"),
    "africa": ("Africa", "011 014 015 017 018"), "sub saharan africa": ("Sub-Saharan Africa", "011 014 017 018"),
    "americas": ("the Americas", "005 013 021 029"), "north america": ("North America", "013 021 029"),
    "northern america": ("Northern America", "021"), "latin america": ("Latin America", "005 013 029"),
    "latam": ("Latin America", "005 013 029"), "south america": ("South America", "005"),
    "central america": ("Central America", "013"), "caribbean": ("the Caribbean", "029"),
    "asia": ("Asia", "030 034 035 143 145"), "oceania": ("Oceania", "053 054 057 061"),
    "asia pacific": ("Asia-Pacific", "030 034 035 143 053 054 057 061"),
    "apac": ("Asia-Pacific", "030 034 035 143 053 054 057 061"),
    "emea": ("EMEA", "151 154 155 039 145 011 014 015 017 018"),
})  # fmt: skip
_WORLDWIDE = frozenset({"worldwide", "world", "global", "globally", "anywhere", "everywhere", "international",
                        "internationally", "any country", "any location", "all countries"})  # fmt: skip

_DROP = MappingProxyType(str.maketrans("", "", ".'’‘`´"))  # U.S. → US, Côte d'Ivoire → cote divoire
_SPACES = re.compile(r"[\s\-‐‑–—_/(),;:+\[\]]+")
_MARKS = re.compile(r"[\u0300-\u036f]")  # combining accents, once NFKD has split them off their letters


def _fold(text: str) -> str:
    """Compare-ready form: accents, case, dots, apostrophes, dashes and a leading `the` gone; `St` → saint."""
    if text.isascii() and text.replace(" ", "").isalpha():  # plain words (most names and codes): ~3x faster
        words = text.casefold().split()
    else:
        if not text.isascii():
            text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
        words = _SPACES.sub(" ", text.replace("&", " and ").casefold().translate(_DROP)).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join("saint" if word == "st" else word for word in words)


def _name_variants(name: str) -> list[str]:
    """An ISO 3166-2 name, plain first, then the alternatives it carries: `Wales [Cymru GB-CYM]` → Wales, Cymru;
    `Bolama / Bijagós`; `Distrito Nacional (Santo Domingo)`."""
    if not any(mark in name for mark in "[/("):  # most names carry no alternative
        return [name]
    plain = re.sub(r"\s+[A-Z]{2}-[A-Z0-9]{1,3}(?=\])", "", name)  # the code after a Welsh name
    return [part for part in re.split(r"\s*[\[\]/()]\s*", plain) if part] or [name]


def _read(name: str) -> bytes:
    """One of pycountry's ISO 3166 databases, as its JSON text."""
    with open(os.path.join(_PYCOUNTRY, "databases", f"iso{name}.json"), "rb") as file:
        return file.read()


_ISO3166_2 = _read("3166-2")  # 0.5 MB; a country's entries are parsed from it when needed (_subdivisions_of)
_CODE = b'"code": "'  # how each entry begins (json.dumps' separators), in the flat objects pycountry ships


def _runs() -> Mapping[str, tuple[int, int]]:
    """Country → the span of the ISO 3166-2 text from its first entry to the end of its last (one C-level split
    and a pass over 5,046 pieces, ~1 ms; the entries are sorted by code, so a span holds little else)."""
    spans: dict[str, list[int]] = {}
    at = 0
    for piece in _ISO3166_2.split(_CODE):
        if at:  # every piece but the first starts with an entry's code
            span = spans.setdefault(piece[:2].decode(), [at - len(_CODE), 0])
            span[1] = at + piece.find(b"}") + 1
        at += len(piece) + len(_CODE)
    return MappingProxyType({country: (start, end) for country, (start, end) in spans.items()})


_RUNS = _runs()


def _subdivisions_of(country: str) -> list[dict[str, str]]:
    """A country's ISO 3166-2 entries, parsing only its span of the database (~20 µs, not ~3 ms for all)."""
    if not _RUNS:  # a pycountry whose file is laid out otherwise: parse it all, slower but as right
        return [entry for entry in json.loads(_ISO3166_2)["3166-2"] if entry["code"].startswith(f"{country}-")]
    start, end = _RUNS.get(country, (0, 0))
    if not end:
        return []
    entries: list[dict[str, str]] = json.loads(b"[{" + _ISO3166_2[start:end] + b"]")
    return [entry for entry in entries if entry["code"].startswith(f"{country}-")]


def _english_tables() -> tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]:
    """Folded English country name → its codes; and code → pycountry's English names (the msgids of the
    translations)."""
    by_name: dict[str, list[str]] = {}
    msgids: dict[str, tuple[str, ...]] = {}
    for entry in json.loads(_read("3166-1"))["3166-1"]:
        code = entry["alpha_2"]
        msgids[code] = tuple(entry[key] for key in ("name", "official_name", "common_name") if key in entry)
        for name in (*msgids[code], COUNTRIES.get(code, entry["name"])):
            codes = by_name.setdefault(_fold(name), [])
            if code not in codes:
                codes.append(code)
    for alias, code in (*_ALIASES.items(), *COUNTRY_ALIASES.items()):
        by_name[_fold(alias)] = code.split()
    return MappingProxyType({k: tuple(v) for k, v in by_name.items()}), MappingProxyType(msgids)


def _postal_table() -> Mapping[str, tuple[_Reading, ...]]:
    """Folded postal code or name → region readings, for the US, Canada and Australia (whose regions follow the
    city) and for GB's four nations."""
    postal: dict[str, list[_Reading]] = {}
    for entry in (e for country in (*_POSTAL_COUNTRIES, "GB") for e in _subdivisions_of(country)):
        code, name = entry["code"], entry["name"]
        country, suffix = code.split("-", 1)
        if country in _POSTAL_COUNTRIES and entry["type"] != "Outlying area":  # PR, GU...: countries in ISO too
            variants = _name_variants(name)
            reading, keys = _Reading(country, suffix, code, variants[0]), {suffix, *variants}
        elif country == "GB" and entry["type"] in ("Country", "Province") and "parent" not in entry:
            variants = _name_variants(name)
            reading, keys = _Reading(country, variants[0], code, variants[0]), set(variants)
        else:
            continue
        for key in map(_fold, keys):
            postal.setdefault(key, []).append(reading)
    return MappingProxyType({key: tuple(readings) for key, readings in postal.items()})


def _group_table() -> Mapping[str, _Group]:
    """Folded group name → the group, its members gathered from the M49 subregions above."""
    subregions = {}
    for line in re.split(r"[|\n]", _M49):
        if line.strip():
            key, *members = line.split()
            subregions[key] = [code for code in members if code in COUNTRIES]
    return MappingProxyType({
        name: _Group(label, tuple(sorted({code for part in parts.split() for code in subregions[part]})))
        for name, (label, parts) in _GROUP_PARTS.items()
    })  # fmt: skip


_ENGLISH, _MSGIDS = _english_tables()
_POSTAL = _postal_table()
_GROUPS = _group_table()
_EVERY_COUNTRY = tuple(sorted(COUNTRIES))
_WORLD = _Group("worldwide", _EVERY_COUNTRY)
_LOCALE_DIRS = frozenset(os.listdir(_LOCALES))  # pycountry's catalogue folders, to pick one without a stat each


# --- public ---------------------------------------------------------------------------------------------------


def read(text: str, hint: frozenset[str] = frozenset()) -> Place:
    """Read a place or a remote phrase by the rules in the module docstring; raise Invalid rather than guess.
    `hint`: countries the rest of the posting points to (its pay's currency, its other places), which settle a
    part that reads two ways when the data knows nothing of the city."""
    written = _clean(text)
    remote = _remote(written)
    if remote is not None:
        return remote
    parts = [part.strip() for part in written.split(",")]
    spaced = re.fullmatch(r"(.+?)\s+((?:[A-Z]\.?){2,3})", written) if len(parts) == 1 else None
    if spaced and _readings(spaced[2], states=True):  # `Washington DC`, `Melbourne VIC`, `London UK`
        parts = [spaced[1], spaced[2]]
    if len(parts) > 3 or not all(parts):
        raise Invalid(f"`{written}` should be a place such as `London, UK`, `Philadelphia, PA`, `Berlin, Germany` "
                      "or `Bakersfield, CA, US`, a country, or `Remote` (give several places as a list)")
    if len(parts) == 1:
        return _alone(parts[0], hint)
    if len(parts) == 2:
        return _city_and(parts[0], parts[1], hint)
    return _city_region_country(parts[0], parts[1], parts[2], hint)


def read_place(text: str) -> Location:
    """The Location a place (or remote phrase) names; raises Invalid rather than guess."""
    return read(text).location


def remote_regions(text: str) -> tuple[str, ...]:
    """The countries a remote phrase names (`Remote (EU)` → the 27 members); empty for plain Remote or a place."""
    return read(text).remote_from


def one_zone(country: str, day: dt.date) -> str | None:
    """The country's IANA time zone, if its clocks all read alike on that day (GB, DE, KE: yes, though CLDR lists
    Büsingen beside Berlin; US, CA, AU, BR: no)."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415  (only a deadline with a time and no zone needs these)

    from babel.core import get_global  # noqa: PLC0415

    zones = [zone for zone in get_global("territory_zones").get(country, ()) if zone.split("/")[0] in _ZONE_AREAS]
    moments = [dt.datetime.combine(day, dt.time(hour)) for hour in (0, 12)]
    if not zones or len({tuple(ZoneInfo(zone).utcoffset(moment) for moment in moments) for zone in zones}) > 1:
        return None
    return zones[0]


def _states(folded: str) -> tuple[str, ...]:
    """The ISO 3166-2 code of a US, Canadian or Australian region named in full (`California` → US-CA; codes such
    as `CA` stay countries here)."""
    found = [r.region_code for r in _POSTAL.get(folded, ()) if r.country != "GB" and r.region_code]
    return (found[0],) if len(found) == 1 and len(folded) > 3 else ()


def region_name(code: str) -> str:
    """A country's name (`US` → United States), or an ISO 3166-2 region's with its country's (`US-CA` →
    California, United States)."""
    country, _, _ = code.partition("-")
    if code == country:
        return COUNTRIES.get(code, code)
    name = next((e["name"] for e in _subdivisions_of(country) if e["code"] == code), code)
    return f"{_name_variants(name)[0]}, {COUNTRIES.get(country, country)}"


def read_region(text: str) -> tuple[str, ...]:
    """A country (any form read_place takes; two letters are an ISO code) → (code,); a group (`EU`, `Africa`,
    `APAC`, `worldwide`) → its members; sorted."""
    written = _clean(text)
    folded = _fold(written)
    if folded in _WORLDWIDE:
        return _EVERY_COUNTRY
    if folded in _GROUPS:
        return _GROUPS[folded].members
    states = _states(folded)
    codes = _country_codes(written, folded) or _nation_codes(folded) or states or _endonym_codes(folded)
    if codes and states and codes != states:  # `Georgia`: the country or the US state?
        raise Invalid(f"`{written}` could be {_or(map(_describe, map(_Reading, codes)))} or "
                      f"{region_name(states[0])} ({states[0]}); write its code")  # fmt: skip
    if not codes:
        raise _unknown(written, "a country or a region (such as `EU`, `Africa` or `worldwide`)")
    if len(codes) > 1:
        raise Invalid(f"`{written}` could be {_or(map(_describe, map(_Reading, codes)))}; write its code")
    return codes


# --- the forms --------------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """The text with each run of white space made one space, within bounds."""
    if not isinstance(text, str):
        raise Invalid("must be text; put it in quotes")
    written = " ".join(text.split())
    if not written:
        raise Invalid("must not be empty")
    if len(written) > MAX_CHARS:
        raise Invalid(f"is {len(written)} characters long; keep it under {MAX_CHARS}")
    return written


def _alone(token: str, hint: frozenset[str]) -> Place:
    """A single part: a country, a GB nation, or a region of the US, Canada or Australia."""
    readings = _readings(token, states=True)
    if not readings:
        raise _unknown(token, "a country or region (write a place as `City, Country`, e.g. `London, UK`)")
    hinted = [r for r in readings if r.country in hint]
    if len(readings) > 1 and len(hinted) == 1:
        readings = (hinted[0],)
    if len(readings) > 1:
        raise _ambiguous(token, token, readings)
    return _located(None, readings[0])


def _city_and(city: str, tail: str, hint: frozenset[str]) -> Place:
    """`City, Country` or `City, ST`; or `Region, Country` (`Texas, US`)."""
    readings = _readings(tail, states=True) or _region_anywhere(tail)
    if not readings:
        raise _unknown(tail, "a country, US state, Canadian province or Australian state", f"{city}, {tail}")
    reading = readings[0] if len(readings) == 1 else _weigh(city, tail, readings, hint)
    region = _region_of(city, reading.country) if reading.region is None else None
    return _located(None, region) if region else _located(city, reading)


def _city_region_country(city: str, region: str, tail: str, hint: frozenset[str]) -> Place:
    """`City, Region, Country`: the last part is the country (weighed when it could be a US state)."""
    shown = f"{city}, {region}, {tail}"
    folded = _fold(tail)
    codes = _country_codes(tail, folded) or _nation_codes(folded) or _endonym_codes(folded)
    if not codes:
        raise _unknown(tail, "a country (such as `US`, `United Kingdom` or `Deutschland`)", shown)
    if len(codes) > 1:
        raise _ambiguous(shown, tail, tuple(map(_Reading, codes)), city, region)
    country = codes[0]
    listed = next((r for r in _POSTAL.get(_fold(region), ()) if r.country == country), None)
    if listed is not None:  # a US, Canadian or Australian region or a GB nation: shown the one way
        return _located(city, listed)
    known = None if country in _POSTAL_COUNTRIES else _subdivision(country, region)
    states = tuple(r for r in _POSTAL.get(folded, ()) if r.country == "US")
    # Two letters last are a country code, as the board has always documented `City, Region, CC`; a name that is
    # also a US state's (`Atlanta, Fulton County, Georgia`) is weighed.
    coded = len(tail.replace(".", "").strip()) == 2
    if states and not coded and known is None and not _evidence(_fold(city), country) and country not in hint:
        raise _ambiguous(shown, tail, (_Reading(country), *states), city, region)  # `Oakland, Alameda County, CA`
    if country in _POSTAL_COUNTRIES:  # every region of theirs is known: anything else is a typo
        names = [r.name for readings in _POSTAL.values() for r in readings if r.country == country]
        raise _unknown(region, f"a region of {COUNTRIES[country]}", shown, names)
    return _located(city, _Reading(country, region, known.region_code if known else None))


def _located(locality: str | None, reading: _Reading) -> Place:
    """The Place for a reading, labelled by the module's one rule."""
    country, named = reading.country, COUNTRIES[reading.country]
    if locality is None and reading.region is None:
        return Place(Location(named, country=country, key=named), named)
    parts = (reading.name,) if locality is None else (locality, reading.region)  # a region alone: its full name
    label = ", ".join(filter(None, (*parts, named)))
    key = ", ".join(filter(None, (locality, reading.region, country)))
    location = Location(label, locality=locality, region=reading.region, country=country, key=key)
    return Place(location, key, reading.region_code)


def _remote_place(label: str, codes: Iterable[str] = ()) -> Place:
    """A remote phrase's Place: no country (so Location.remote holds), the countries it names aside."""
    return Place(Location(label, key=label), label, remote_from=tuple(sorted(set(codes))))


# --- remote -----------------------------------------------------------------------------------------------------

_REMOTE_FIRST = re.compile(r"(?:(?:fully|full|100\s*%|completely|entirely)\s+)?remote\b(.*)", re.I)
_ANYWHERE_FIRST = re.compile(r"(?:work(?:ing)?\s+from\s+)?anywhere\b(.*)", re.I)
_REMOTE_LAST = re.compile(r"(.+?)[\s,(\[:–—-]*\b(?:fully\s+)?remote[)\]]?", re.I)  # `US (Remote)`
_EDGES = re.compile(r"^[\s(\[:,–—-]+|[\s)\]:,–—.-]+$")
_FILLER = r"(?:work|working|based|located|living|anywhere|in|within|from|across|throughout|the)"
_LEADING = re.compile(rf"^(?:{_FILLER}\b[\s:,–—-]*)+(?=\S)", re.I)  # text must follow: `Remote (IN)` is a code
_TRAILING = re.compile(r"(?:[\s,–—-]*\b(?:only|based|residents?|friendly|first|possible)\b)+$", re.I)
_LIST = re.compile(r"\s*(?:/|,|;|&|\+)\s*|\s+(?:or|and)\s+")  # lower-case words only: `CA, OR, WA` lists states


def _remote(written: str) -> Place | None:
    """A remote phrase as a Place (with no country, as Location.remote expects); None for anything else."""
    lowered = written.lower()
    if "remote" not in lowered and "anywhere" not in lowered:  # most places: spare the three patterns
        return None
    if match := _REMOTE_FIRST.fullmatch(written):
        everywhere = False  # `Remote` alone says nothing of where applicants may live
    elif match := _ANYWHERE_FIRST.fullmatch(written):
        everywhere = True  # `Anywhere`, `Work from anywhere`
    elif match := _REMOTE_LAST.fullmatch(written):
        everywhere = False
    else:
        return None
    scope = _EDGES.sub("", match[1])
    scope = scope if _fold(scope) in _WORLDWIDE else _bare(scope)
    if _fold(scope) in _WORLDWIDE or (everywhere and not scope):
        return _remote_place("Remote (worldwide)", _EVERY_COUNTRY)
    if not scope:
        return _remote_place("Remote")
    if _fold(scope) == "ok":  # `Remote OK` says remote work is allowed, `Remote (OK)` may mean Oklahoma
        raise Invalid(f"`{written}` is ambiguous: write `Remote` for remote work, or `Remote (Oklahoma, US)`")
    try:
        labels, codes = _scope(scope, written)
    except Invalid:
        if "," in scope and _is_place(scope):  # `Philadelphia, PA (remote)`: a place and remote work
            raise Invalid(f"`{written}` names a place and remote work: list them as two entries, "
                          f"e.g. [\"{scope}\", Remote]") from None  # fmt: skip
        raise
    return _remote_place(f"Remote ({', '.join(dict.fromkeys(labels))})", codes)  # `US, USA` names one country


def _is_place(text: str) -> bool:
    """Whether text reads as a place (not a remote phrase), in one country or more."""
    try:
        return not read(text).location.remote
    except Invalid as problem:
        return "is ambiguous" in str(problem)


def _bare(scope: str) -> str:
    """A scope without edges and filler words: `(anywhere in the U.S.)` → `U.S`, `US-based` → `US`."""
    return _EDGES.sub("", _TRAILING.sub("", _LEADING.sub("", _EDGES.sub("", scope))))


def _scope(scope: str, written: str) -> tuple[list[str], list[str]]:
    """The labels and countries of a remote phrase's scope: one region, or a list (`US or Canada`); regions of
    one country are shown together (`CA, OR, WA, United States`)."""
    listed = _LIST.search(scope) is not None
    whole = _scope_item(scope, translated=not listed)  # `US or Canada` is no country's name in any language
    items = [scope] if whole else [item for item in _LIST.split(scope) if item]
    found = [whole] if whole else [_scope_item(item) for item in items]
    labels: list[str] = []
    codes: list[str] = []
    regions: list[_Reading] = []  # a run of regions of one country, waiting for its country's name
    for item, options in zip(items, found, strict=True):
        if not options:
            raise _unknown(_bare(item), "a country or a region (such as `EU`, `Africa` or `worldwide`)", written)
        reading = None if isinstance(options, _Group) else (
            options[0] if len(options) == 1 else _by_siblings(_bare(item), options, found))  # fmt: skip
        if regions and (reading is None or reading.region is None or reading.country != regions[0].country):
            labels.append(_regions_label(regions))
            regions = []
        if isinstance(options, _Group):
            labels.append(options.label)
            codes += options.members
        elif reading is not None:
            regions += [reading] if reading.region else []
            labels += [] if reading.region else [COUNTRIES[reading.country]]
            codes.append(reading.region_code or reading.country)  # `Remote (California)` is US-CA, not all the US
    if regions:
        labels.append(_regions_label(regions))
    return labels, codes


def _regions_label(regions: list[_Reading]) -> str:
    """`Texas, United States` for one region; `CA, OR, WA, United States` for several."""
    shown = [regions[0].name] if len(regions) == 1 else [r.region or "" for r in regions]
    return ", ".join([*shown, COUNTRIES[regions[0].country]])


def _scope_item(item: str, translated: bool = True) -> _Group | tuple[_Reading, ...]:
    """A group; else every reading of a country or region, `Georgia, US` included; () for nothing known."""
    bare = _bare(item)
    folded = _fold(bare)
    if folded in _GROUPS or folded in _WORLDWIDE:
        return _GROUPS.get(folded, _WORLD)
    head, comma, tail = bare.rpartition(",")
    if comma and len(countries := _readings(tail.strip(), states=False, translated=translated)) == 1:
        region = _region_of(head.strip(), countries[0].country)
        return (region,) if region else ()
    return _readings(bare, states=True, translated=translated)


def _by_siblings(item: str, options: tuple[_Reading, ...], found: Sequence[_Group | tuple[_Reading, ...]]) -> _Reading:
    """Settle a code that reads two ways by the rest of its list: all US regions (or the US), or all countries."""
    settled = [entry[0] for entry in found if not isinstance(entry, _Group) and len(entry) == 1]
    if settled and all(s.country == "US" and s.region for s in settled):
        chosen = [o for o in options if o.country == "US"]
    elif settled and all(s.region is None for s in settled):
        chosen = [o for o in options if o.region is None]
    else:
        chosen = []
    if len(chosen) == 1:
        return chosen[0]
    raise _ambiguous(f"Remote ({item})", item, options, remote=True)


# --- reading one part -----------------------------------------------------------------------------------------


def _readings(token: str, states: bool, translated: bool = True) -> tuple[_Reading, ...]:
    """Every way one part reads: a country, a GB nation, and (with `states`) a US, Canadian or Australian region.
    Names in other languages are searched (when `translated`) only if nothing else matched: the slow path."""
    folded = _fold(token)
    if not folded:
        return ()
    found = [_Reading(code) for code in _country_codes(token, folded)]
    found += [r for r in _POSTAL.get(folded, ()) if states or r.country == "GB"]
    if not found and translated and not (token.isascii() and len(folded) <= 3):  # codes have no translations
        found = [_Reading(code) for code in _endonym_codes(folded)]
    return tuple(dict.fromkeys(found))


def _country_codes(token: str, folded: str) -> tuple[str, ...]:
    """The countries an ISO code, an English name or a common short form names (no translations)."""
    bare = token.replace(".", "").strip().upper()
    if len(bare) == 2 and bare in COUNTRIES:
        return (bare,)
    return _ENGLISH.get(folded, ())


def _nation_codes(folded: str) -> tuple[str, ...]:
    """GB, for England, Scotland, Wales, Cymru or Northern Ireland."""
    return ("GB",) if any(r.country == "GB" for r in _POSTAL.get(folded, ())) else ()


def _endonym_codes(folded: str) -> tuple[str, ...]:
    """The countries whose name in one of their own official languages folds to `folded` (`deutschland` → DE).
    gettext keeps each catalogue it loads: ~50 ms for the first call in a process, ~2 ms for each after."""
    if not folded:  # nothing but punctuation (`:`): no country's name
        return ()
    import gettext  # noqa: PLC0415  (only the slow path pays for these)

    from babel.core import get_global  # noqa: PLC0415

    spoken = get_global("territory_languages")
    catalogs: dict[str, gettext.NullTranslations] = {}  # this call's, by catalogue folder
    found = []
    for code in _EVERY_COUNTRY:
        for language, facts in spoken.get(code, {}).items():
            folder = _locale_folder(language, code) if facts["official_status"] in _OFFICIAL else None
            if folder is None:
                continue
            if folder not in catalogs:
                catalogs[folder] = gettext.translation(_DOMAIN, _LOCALES, languages=[folder], fallback=True)
            names = (catalogs[folder].gettext(name) for name in _MSGIDS[code])
            # Most names differ from `folded` in their first letter: test that before folding the whole name.
            if any(_initial(name) in (folded[0], "") and _fold(name) == folded for name in names):
                found.append(code)
                break
    return tuple(dict.fromkeys(found))


def _initial(name: str) -> str:
    """The folded first letter of a name (`Ö` → o), or "" where folding could change it (`The`, `St.`, `'Asir`)."""
    letter = unicodedata.normalize("NFKD", name[:1]).casefold()[:1]
    return "" if not letter.isalnum() or letter in "ts" else letter


def _locale_folder(language: str, territory: str) -> str | None:
    """pycountry's catalogue folder for a CLDR language as spoken in a territory (zh_Hant in TW → zh_TW)."""
    base, _, script = language.partition("_")
    for folder in (language, f"{language}_{territory}", f"{base}_{territory}",
                   f"{base}@latin" if script == "Latn" else "", "" if script else base):  # fmt: skip
        if folder in _LOCALE_DIRS:
            return folder
    return None


def _subdivision(country: str, region: str) -> _Reading | None:
    """The ISO 3166-2 subdivision of `country` that `region` names by code or name (a top-level one first)."""
    found = _subdivision_index().get(country, {}).get(_fold(region))
    return _Reading(country, region, found[1], found[2]) if found else None


Subdivisions = Mapping[str, Mapping[str, tuple[bool, str, str]]]


@functools.cache
def _subdivision_index() -> Subdivisions:
    """Country → each of its ISO 3166-2 subdivisions' folded code suffixes and names → (whether it has a parent, its
    code, its name), top-level ones winning. A constant built once a process, on the first place that needs it
    (~15 ms for all 5,000: scanning a big country's ~200 names for each place cost ~0.4 ms a place)."""
    index: dict[str, dict[str, tuple[bool, str, str]]] = {}
    for entry in json.loads(_ISO3166_2)["3166-2"]:
        country, suffix = entry["code"].split("-", 1)
        found = ("parent" in entry, entry["code"], entry["name"])
        names = index.setdefault(country, {})
        for key in {suffix.casefold(), *map(_fold, _name_variants(entry["name"]))}:
            if key not in names or found < names[key]:
                names[key] = found
    return MappingProxyType({country: MappingProxyType(names) for country, names in index.items()})


def _region_anywhere(name: str) -> tuple[_Reading, ...]:
    """The state or province of any country that a name (not a code) is, where only one country has it:
    `Yucatán` is Mexico's; `Punjab` (India's and Pakistan's) reads two ways."""
    folded = _fold(name)
    if len(folded) <= 3:
        return ()
    index = _subdivision_index()
    found = [(country, names[folded]) for country, names in index.items() if folded in names and not names[folded][0]
             and names[folded][1].split("-", 1)[1].casefold() != folded]  # fmt: skip
    return tuple(_Reading(country, name, entry[1], name) for country, entry in found)


def _region_of(first: str, country: str) -> _Reading | None:
    """In `Texas, US` or `Rajasthan, India` the first part is the country's region, unless it is a city there too
    (`New York, US`, `Berlin, Germany`: a time zone is named after it); codes do not count (`LA, US` is Los
    Angeles as often as Louisiana)."""
    folded = _fold(first)
    if len(folded) <= 3:
        return None
    if country in _POSTAL_COUNTRIES or country == "GB":
        regions = [r for r in _POSTAL.get(folded, ()) if r.country == country]
        candidate = regions[0] if len(regions) == 1 else None
    else:  # a top-level ISO 3166-2 subdivision (`Rajasthan, India`), kept as the poster spelt it (ISO: Rājasthān)
        found = _subdivision_index().get(country, {}).get(folded)
        usable = found is not None and not found[0] and found[1].split("-", 1)[1].casefold() != folded
        candidate = _Reading(country, first, found[1], first) if found and usable else None
    # A city named like its state (`Hamburg`, `Delhi`) reads as the state, which holds it, unless a time zone is
    # named after the city (`New York`, `Berlin`): then it is the city. Babel loads only for a candidate.
    return None if candidate is None or _zone_city(folded, country) else candidate


# --- weighing a part that reads two ways --------------------------------------------------------------------------


def _weigh(city: str, tail: str, readings: tuple[_Reading, ...], hint: frozenset[str]) -> _Reading:
    """Choose among a tail's readings by what the data knows of the city; else by what the rest of the posting
    points to (`hint`); else refuse: `Munich, DE` with nothing else said could be Delaware as well as Germany."""
    folded = _fold(city)
    backed = [r for r in readings if _evidence(folded, r.country)]
    if len(backed) == 1:
        return backed[0]
    hinted = [r for r in backed or readings if r.country in hint]
    if len(hinted) == 1:
        return hinted[0]
    raise _ambiguous(f"{city}, {tail}", tail, readings, city)


def _evidence(city: str, country: str) -> bool:
    """Whether the (folded) city is known in the country: one of its ISO 3166-2 subdivisions, one of its
    time-zone cities, or a name holding the country's own (`panama city`)."""
    if country in _POSTAL_COUNTRIES or country == "GB":  # their regions are in _POSTAL already, folded
        if any(r.country == country for r in _POSTAL.get(city, ())):
            return True
    elif city in _subdivision_index().get(country, {}) and _subdivision_index()[country][city][1].casefold() != (
            f"{country}-{city}".casefold()):  # a name, not a code: `Tunis`, `Berlin`, `Delhi`
        return True
    padded = f" {city} "
    if any(f" {_fold(name)} " in padded for name in (COUNTRIES[country], _MSGIDS[country][0])):
        return True
    return _zone_city(city, country)


def _zone_city(city: str, country: str) -> bool:
    """Whether the (folded) city names one of the country's IANA time zones, old names included (`calcutta`,
    `montreal`)."""
    from babel.core import get_global  # noqa: PLC0415  (loaded by the first place that reads two ways)

    def named(zone: str) -> bool:  # the first letter rules out nearly every zone before any folding
        return zone[zone.rfind("/") + 1:][:1].lower() == city[:1] and _zone_fold(zone) == city

    zones = {zone for zone in get_global("territory_zones").get(country, ()) if zone.split("/")[0] in _ZONE_AREAS}
    return any(map(named, zones)) or any(
        zone in zones and alias.split("/")[0] in _ALIAS_AREAS and named(alias)
        for alias, zone in get_global("zone_aliases").items())  # fmt: skip


def _zone_fold(zone: str) -> str:
    """A zone id's city, folded as _fold would (`America/St_Johns` → saint johns) but ~5x faster: ids are ASCII."""
    words = zone[zone.rfind("/") + 1:].replace("_", " ").replace("-", " ").casefold().split()
    return " ".join("saint" if word == "st" else word for word in words)


# --- messages ---------------------------------------------------------------------------------------------------


def _describe(reading: _Reading) -> str:
    """`Panama (PA)`, or `Pennsylvania, United States (US-PA)`."""
    if reading.region is None:
        return f"{COUNTRIES[reading.country]} ({reading.country})"
    return f"{reading.name}, {COUNTRIES[reading.country]} ({reading.region_code})"


def _country_words(code: str) -> str:
    """A country as a poster can write it unmistakably: its name, or its code where the name is a US state's too."""
    name = COUNTRIES[code]
    return code if any(r.country != "GB" for r in _POSTAL.get(_fold(name), ())) else name


def _fix(reading: _Reading, city: str | None, middle: str | None, remote: bool) -> str:
    """How to write one reading so that it can mean nothing else: `Philadelphia, Panama`, `Philadelphia, PA, US`."""
    if remote:
        scope = _country_words(reading.country) if reading.region is None else f"{reading.name}, {reading.country}"
        return f"`Remote ({scope})`"
    if reading.region is None:  # a middle part the country's full region list lacks is left out
        middle = None if reading.country in _POSTAL_COUNTRIES else middle
        return f"`{', '.join(p for p in (city, middle, _country_words(reading.country)) if p)}`"
    if city is None:
        return f"`{reading.name}, {reading.country}`"
    return f"`{city}, {reading.region}, {reading.country}`"


def _or(items: Iterable[str]) -> str:
    """`a`, `a or b`, `a, b or c`."""
    listed = list(items)
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} or {listed[-1]}"


def _ambiguous(shown: str, token: str, readings: tuple[_Reading, ...], city: str | None = None,
               middle: str | None = None, remote: bool = False) -> Invalid:  # fmt: skip
    """The refusal for a part that reads more than one way: each reading, and how to write it."""
    fixes = _or(_fix(r, city, middle, remote) for r in readings)
    return Invalid(f"`{shown}` is ambiguous: `{token}` could be {_or(map(_describe, readings))}; write {fixes}")


def _unknown(token: str, wanted: str, shown: str | None = None, names: Iterable[str] = ()) -> Invalid:
    """The refusal for a part nothing reads, with the nearest names the board knows."""
    folded = _fold(token)
    choices = {_fold(name): f"`{name}`" for name in names} or _suggestions()
    close = difflib.get_close_matches(folded, list(choices), n=3, cutoff=0.75) if folded else []
    hint = f"; did you mean {_or(choices[c] for c in close)}?" if close else ""
    where = f" in `{shown}`" if shown and shown != token else ""
    return Invalid(f"`{token}`{where} is not {wanted} that the board knows{hint}")


def _suggestions() -> dict[str, str]:
    """Folded name → how a suggestion shows it: countries with their code, regions, groups."""
    shown = {key: f"`{COUNTRIES[codes[0]]}` ({codes[0]})" for key, codes in _ENGLISH.items() if len(codes) == 1}
    shown |= {key: f"`{rs[0].name}` ({rs[0].region_code})" for key, rs in _POSTAL.items() if len(key) > 3}
    return shown | {key: f"`{group.label}`" for key, group in _GROUPS.items()}
