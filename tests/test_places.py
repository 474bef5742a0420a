"""Reading places as people write them (site_builder.content.places): every form, every refusal and its
choices, region groups, accents and case, and that places written the board's old way read as before."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.content import codes, fields, places
from site_builder.content.model import Location
from site_builder.content.places import Invalid, Place, read, read_place, read_region, remote_regions

US = frozenset({"US"})  # what a posting paid in USD points to


def where(text: str, hint: frozenset[str] = frozenset()) -> tuple[str | None, str | None, str | None]:
    """(locality, region, country) of a place (in a posting pointing to the `hint` countries)."""
    location = read(text, hint).location
    return location.locality, location.region, location.country


def refusal(text: str) -> str:
    """The message a place is refused with."""
    with pytest.raises(Invalid) as caught:
        read(text)
    return str(caught.value)


# --- the forms the board has always taken ------------------------------------------------------------------------

# What fields.place returned for each, before this module: its label is now Place.key.
OLD_READINGS = {
    "Remote": Location("Remote"),
    "remote": Location("Remote"),
    "GB": Location("United Kingdom", country="GB"),
    "London, GB": Location("London, GB", "London", None, "GB"),
    "london, gb": Location("london, GB", "london", None, "GB"),
    "Bakersfield, CA, US": Location("Bakersfield, CA, US", "Bakersfield", "CA", "US"),
    "Los Angeles County, CA, US": Location("Los Angeles County, CA, US", "Los Angeles County", "CA", "US"),
    "Washington, DC, US": Location("Washington, DC, US", "Washington", "DC", "US"),
    "New York, NY, US": Location("New York, NY, US", "New York", "NY", "US"),
    "Tunis, TN": Location("Tunis, TN", "Tunis", None, "TN"),
    "Mexico City, MX": Location("Mexico City, MX", "Mexico City", None, "MX"),
    "Nairobi, KE": Location("Nairobi, KE", "Nairobi", None, "KE"),
    "Oslo, NO": Location("Oslo, NO", "Oslo", None, "NO"),
    "Mérida, Yucatán, MX": Location("Mérida, Yucatán, MX", "Mérida", "Yucatán", "MX"),
    "San Juan, PR": Location("San Juan, PR", "San Juan", None, "PR"),
}


@pytest.mark.parametrize("text", OLD_READINGS)
def test_a_place_written_the_old_way_reads_as_before_with_the_old_label_as_its_key(text: str) -> None:
    old, new = OLD_READINGS[text], read(text)
    assert (new.key, new.location.locality, new.location.region, new.location.country) == (
        old.label, old.locality, old.region, old.country)  # fmt: skip


@pytest.mark.parametrize("text", ["London, GB", "Bakersfield, CA, US", "GB", "Remote", "Tunis, TN", "Oslo, NO",
                                  "Washington, DC, US", "Mérida, Yucatán, MX"])  # fmt: skip
def test_the_old_forms_read_the_same_place_as_fields_place_does(text: str) -> None:
    old = fields.place(text).location
    assert where(text) == (old.locality, old.region, old.country)


def test_labels_spell_the_country_out_so_no_code_reads_two_ways_on_the_page() -> None:
    assert read_place("Tunis, TN").label == "Tunis, Tunisia"  # not `Tunis, TN`, which looks like Tennessee
    assert read_place("London, GB").label == "London, United Kingdom"
    assert read_place("Bakersfield, CA, US").label == "Bakersfield, CA, United States"
    assert read_place("GB").label == "United Kingdom"
    assert read_place("Remote").label == "Remote"


def test_every_spelling_of_one_place_has_the_same_label_and_key() -> None:
    spellings = ["Philadelphia, PA", "Philadelphia, Pennsylvania", "Philadelphia, PA, USA", "Philadelphia PA",
                 "Philadelphia, pennsylvania, U.S.A.", "Philadelphia, PA, United States of America"]  # fmt: skip
    assert {(read(s, US).location.label, read(s, US).key) for s in spellings} == {
        ("Philadelphia, PA, United States", "Philadelphia, PA, US")}
    assert {read(s).location for s in ["London, UK", "London, U.K.", "London, GB", "London, Great Britain",
                                       "London, United Kingdom", "London UK"]} == {
        Location("London, United Kingdom", "London", None, "GB")}  # fmt: skip


# --- countries --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [
    ("Germany", "DE"), ("United Kingdom", "GB"), ("South Africa", "ZA"), ("Kenya", "KE"), ("Mexico", "MX"),
    ("India", "IN"), ("Côte d'Ivoire", "CI"), ("Cote d'Ivoire", "CI"), ("Côte d’Ivoire", "CI"),
    ("Ivory Coast", "CI"),
    ("Federal Republic of Germany", "DE"), ("United States of America", "US"), ("South Korea", "KR"),
    ("Bosnia and Herzegovina", "BA"), ("Bosnia & Herzegovina", "BA"), ("the Netherlands", "NL"), ("Turkey", "TR"),
    ("Türkiye", "TR"), ("Saint Lucia", "LC"), ("St. Lucia", "LC"), ("Guinea-Bissau", "GW"), ("Czech Republic", "CZ"),
])  # fmt: skip
def test_a_country_reads_by_its_english_common_or_official_name(text: str, code: str) -> None:
    assert read_place(text) == Location(fields.COUNTRIES[code], country=code)


@pytest.mark.parametrize("text", ["GERMANY", "germany", "gErMaNy", "  Germany  ", "Germany\t"])
def test_country_names_are_read_whatever_their_case_and_spacing(text: str) -> None:
    assert where(text) == (None, None, "DE")


@pytest.mark.parametrize(("text", "code"), [
    ("Deutschland", "DE"), ("España", "ES"), ("Espana", "ES"), ("México", "MX"), ("Brasil", "BR"), ("Italia", "IT"),
    ("Nederland", "NL"), ("Sverige", "SE"), ("Österreich", "AT"), ("Osterreich", "AT"), ("Schweiz", "CH"),
    ("Suisse", "CH"), ("Svizzera", "CH"), ("Polska", "PL"), ("Ελλάδα", "GR"), ("日本", "JP"),
    ("भारत", "IN"),
    ("België", "BE"), ("Belgique", "BE"),
])  # fmt: skip
def test_a_country_reads_by_its_name_in_its_own_languages_with_or_without_accents(text: str, code: str) -> None:
    assert where(text) == (None, None, code)


def test_a_name_in_a_language_the_country_does_not_speak_is_not_taken() -> None:
    assert "Allemagne" in refusal("Allemagne")  # French for Germany; French is not official there


@pytest.mark.parametrize(("text", "code"), [
    ("UK", "GB"), ("U.K.", "GB"), ("USA", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("US", "US"), ("UAE", "AE"),
    ("Britain", "GB"), ("Great Britain", "GB"), ("us", "US"), ("u.s.a.", "US"),
])  # fmt: skip
def test_common_short_forms_name_their_country(text: str, code: str) -> None:
    assert where(text) == (None, None, code)


@pytest.mark.parametrize(("text", "nation", "code"), [
    ("England", "England", "GB-ENG"), ("Scotland", "Scotland", "GB-SCT"), ("Wales", "Wales", "GB-WLS"),
    ("Cymru", "Wales", "GB-WLS"), ("Northern Ireland", "Northern Ireland", "GB-NIR"),
])  # fmt: skip
def test_the_uk_nations_stand_for_gb_with_the_nation_kept_as_region(text: str, nation: str, code: str) -> None:
    found = read(text)
    assert (found.location.region, found.location.country, found.region_code) == (nation, "GB", code)
    assert found.location.label == f"{nation}, United Kingdom"


def test_a_nation_after_a_city_or_before_the_country_is_kept_as_region() -> None:
    assert where("London, England") == ("London", "England", "GB")
    assert where("Edinburgh, Scotland, UK") == ("Edinburgh", "Scotland", "GB")
    assert where("Cardiff, Cymru, UK") == ("Cardiff", "Wales", "GB")
    assert read_place("London, England").label == "London, England, United Kingdom"


# --- City, Country ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("London, UK", ("London", None, "GB")), ("Berlin, Deutschland", ("Berlin", None, "DE")),
    ("Nairobi, Kenya", ("Nairobi", None, "KE")), ("Mexico City, Mexico", ("Mexico City", None, "MX")),
    ("Johannesburg, South Africa", ("Johannesburg", None, "ZA")), ("Abidjan, Cote d'Ivoire", ("Abidjan", None, "CI")),
    ("Zürich, Schweiz", ("Zürich", None, "CH")), ("São Paulo, Brasil", ("São Paulo", None, "BR")),
    ("Mumbai, India", ("Mumbai", None, "IN")), ("Munich, Germany", ("Munich", None, "DE")),
])  # fmt: skip
def test_a_city_then_a_country_in_any_form(text: str, expected: tuple[str, None, str]) -> None:
    assert where(text) == expected


def test_a_city_keeps_its_spelling_and_the_label_names_the_country() -> None:
    assert read_place("Berlin, Deutschland").label == "Berlin, Germany"
    assert read("Berlin, Deutschland").key == "Berlin, DE"
    assert read_place("Montréal, Québec").locality == "Montréal"


# --- City, ST: the country is implied --------------------------------------------------------------------------


def test_philadelphia_pa_in_a_posting_paid_in_usd_is_pennsylvania_not_panama() -> None:
    found = read("Philadelphia, PA", US)
    assert found.location == Location("Philadelphia, PA, United States", "Philadelphia", "PA", "US")
    assert (found.key, found.region_code) == ("Philadelphia, PA, US", "US-PA")


@pytest.mark.parametrize(("text", "expected", "code"), [
    ("Washington, DC", ("Washington", "DC", "US"), "US-DC"), ("Washington, D.C.", ("Washington", "DC", "US"), "US-DC"),
    ("Washington DC", ("Washington", "DC", "US"), "US-DC"), ("Austin, Texas", ("Austin", "TX", "US"), "US-TX"),
    ("Austin, TX", ("Austin", "TX", "US"), "US-TX"), ("Austin, tx", ("Austin", "TX", "US"), "US-TX"),
    ("Seattle, WA", ("Seattle", "WA", "US"), "US-WA"), ("Chicago, IL", ("Chicago", "IL", "US"), "US-IL"),
    ("Boston, MA", ("Boston", "MA", "US"), "US-MA"), ("Atlanta, GA", ("Atlanta", "GA", "US"), "US-GA"),
    ("Indianapolis, IN", ("Indianapolis", "IN", "US"), "US-IN"),
    ("Wilmington, DE", ("Wilmington", "DE", "US"), "US-DE"),
    ("Sacramento, CA", ("Sacramento", "CA", "US"), "US-CA"), ("Springfield, PA", ("Springfield", "PA", "US"), "US-PA"),
    ("Toronto, ON", ("Toronto", "ON", "CA"), "CA-ON"), ("Montréal, Québec", ("Montréal", "QC", "CA"), "CA-QC"),
    ("Victoria, B.C.", ("Victoria", "BC", "CA"), "CA-BC"), ("Melbourne, VIC", ("Melbourne", "VIC", "AU"), "AU-VIC"),
    ("Sydney, NSW", ("Sydney", "NSW", "AU"), "AU-NSW"), ("Melbourne VIC", ("Melbourne", "VIC", "AU"), "AU-VIC"),
    ("Philadelphia, PA, USA", ("Philadelphia", "PA", "US"), "US-PA"),
    ("Melbourne, Victoria, Australia", ("Melbourne", "VIC", "AU"), "AU-VIC"),
    ("Toronto, Ontario, CA", ("Toronto", "ON", "CA"), "CA-ON"),
])  # fmt: skip
def test_a_city_then_a_us_state_canadian_province_or_australian_state(text: str, expected: tuple, code: str) -> None:
    hint = US if expected[2] == "US" else frozenset()
    assert (where(text, hint), read(text, hint).region_code) == (expected, code)


@pytest.mark.parametrize(("text", "expected"), [
    ("Texas", (None, "TX", "US")), ("Texas, US", (None, "TX", "US")), ("Georgia, US", (None, "GA", "US")),
    ("Ontario, Canada", (None, "ON", "CA")), ("Pennsylvania, USA", (None, "PA", "US")), ("NY", (None, "NY", "US")),
    ("New York, US", ("New York", None, "US")),  # a city there too (its time zone is named after it)
])  # fmt: skip
def test_a_region_alone_or_before_its_country(text: str, expected: tuple) -> None:
    assert where(text) == expected


def test_a_region_alone_is_labelled_by_its_full_name() -> None:
    assert read_place("Texas").label == "Texas, United States"
    assert read("Texas").key == "TX, US"


def test_a_region_of_a_country_with_a_full_list_must_be_one_of_them() -> None:
    message = refusal("Springfield, Pensylvania, US")
    assert "`Pensylvania` in `Springfield, Pensylvania, US` is not a region of United States" in message
    assert "did you mean `Pennsylvania`" in message


def test_a_region_elsewhere_is_kept_as_written_with_its_iso_code_when_one_matches() -> None:
    assert (where("Mérida, Yucatán, MX"), read("Mérida, Yucatán, MX").region_code) == (
        ("Mérida", "Yucatán", "MX"), "MX-YUC")  # fmt: skip
    assert read("Munich, BY, Germany").region_code == "DE-BY"
    assert read("Pune, Maharashtra, IN").region_code == "IN-MH"
    assert (where("Munich, Bavaria, Germany"), read("Munich, Bavaria, Germany").region_code) == (
        ("Munich", "Bavaria", "DE"), None)  # fmt: skip


# --- codes that read two ways -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "country"), [
    ("Tunis, TN", "TN"), ("Berlin, DE", "DE"), ("Kolkata, IN", "IN"), ("Calcutta, IN", "IN"),
    ("Toronto, CA", "CA"), ("Vancouver, CA", "CA"), ("Montreal, CA", "CA"), ("Panama City, PA", "PA"),
    ("Panamá, PA", "PA"), ("Jerusalem, IL", "IL"), ("Casablanca, MA", "MA"), ("Bogota, CO", "CO"),
    ("Buenos Aires, AR", "AR"), ("Córdoba, AR", "AR"), ("Baku, AZ", "AZ"), ("Jakarta, ID", "ID"),
])  # fmt: skip
def test_a_city_the_data_knows_in_the_country_makes_the_code_that_country(text: str, country: str) -> None:
    assert where(text) == (text.split(",")[0], None, country)


@pytest.mark.parametrize(("text", "region", "country"), [
    ("Perth, WA", "WA", "AU"), ("Adelaide, SA", "SA", "AU"), ("Darwin, NT", "NT", "AU"),
    ("Yellowknife, NT", "NT", "CA"), ("St. John's, NL", "NL", "CA"), ("Regina, SK", "SK", "CA"),
    ("Phoenix, AZ", "AZ", "US"), ("Denver, CO", "CO", "US"), ("Little Rock, AR", "AR", "US"),
])  # fmt: skip
def test_a_city_the_data_knows_in_one_region_makes_the_code_that_region(text: str, region: str, country: str) -> None:
    assert where(text, US if text == "Little Rock, AR" else frozenset()) == (text.split(",")[0], region, country)


def test_with_no_evidence_the_rest_of_the_posting_decides_a_code_after_a_city() -> None:
    assert where("Munich, DE", frozenset({"DE", "FR"})) == ("Munich", None, "DE")  # paid in EUR
    assert where("Munich, DE", US) == ("Munich", "DE", "US")
    assert where("Munich, Germany") == ("Munich", None, "DE")


@pytest.mark.parametrize(("text", "fixes"), [
    ("Munich, DE", ["`Munich, Germany`", "`Munich, DE, US`"]), ("Philadelphia, PA", ["`Philadelphia, Panama`",
    "`Philadelphia, PA, US`"]), ("Boston, MA", ["`Boston, Morocco`", "`Boston, MA, US`"]),
])  # fmt: skip
def test_with_nothing_to_decide_a_code_after_a_city_is_refused_with_both_ways_to_write_it(text: str,
                                                                                           fixes: list[str]) -> None:
    message = refusal(text)
    assert "is ambiguous" in message and all(fix in message for fix in fixes), message


def test_a_state_name_that_is_also_a_country_is_the_state_unless_the_city_is_the_countrys() -> None:
    assert where("Atlanta, Georgia", US) == ("Atlanta", "GA", "US")
    assert where("Tbilisi, Georgia") == ("Tbilisi", None, "GE")


@pytest.mark.parametrize(("text", "choices"), [
    ("PA", ["Panama (PA)", "Pennsylvania, United States (US-PA)", "`Panama`", "`Pennsylvania, US`"]),
    ("CA", ["Canada (CA)", "California, United States (US-CA)", "`Canada`", "`California, US`"]),
    ("IN", ["India (IN)", "Indiana, United States (US-IN)"]),
    ("DE", ["Germany (DE)", "Delaware, United States (US-DE)"]),
    ("GA", ["Gabon (GA)", "Georgia, United States (US-GA)"]),
    ("Georgia", ["Georgia (GE)", "Georgia, United States (US-GA)", "`GE`", "`Georgia, US`"]),
    ("WA", ["Washington, United States (US-WA)", "Western Australia, Australia (AU-WA)"]),
    ("Korea", ["South Korea (KR)", "North Korea (KP)"]),
])  # fmt: skip
def test_a_code_or_name_alone_that_reads_two_ways_is_refused_with_both_choices(text: str, choices: list[str]) -> None:
    message = refusal(text)
    assert message.startswith(f"`{text}` is ambiguous")
    assert all(choice in message for choice in choices), message


@pytest.mark.parametrize(("text", "choices"), [
    ("Charlottetown, PE", ["Peru (PE)", "Prince Edward Island, Canada (CA-PE)", "`Charlottetown, Peru`",
                           "`Charlottetown, PE, CA`"]),
    ("Rotterdam, NL", ["Netherlands (NL)", "Newfoundland and Labrador, Canada (CA-NL)", "`Rotterdam, Netherlands`"]),
    ("Jeddah, SA", ["Saudi Arabia (SA)", "South Australia, Australia (AU-SA)", "`Jeddah, SA, AU`"]),
    ("Alice Springs, NT", ["Northern Territory, Australia (AU-NT)", "Northwest Territories, Canada (CA-NT)"]),
])  # fmt: skip
def test_a_code_after_a_city_that_nothing_decides_is_refused_with_each_way_to_write_it(
        text: str, choices: list[str]) -> None:  # fmt: skip
    message = refusal(text)
    assert message.startswith(f"`{text}` is ambiguous")
    assert all(choice in message for choice in choices), message


def test_each_suggested_way_to_write_an_ambiguous_place_reads_without_doubt() -> None:
    for text in ["PA", "CA", "Georgia", "WA", "Charlottetown, PE", "Remote (CA)", "Remote (Georgia)", "Munich, DE",
                 "Philadelphia, PA"]:  # fmt: skip
        fixes = re.findall(r"`([^`]+)`", refusal(text).split("; write ", 1)[1])
        assert len(fixes) >= 2
        assert len({read(fix).location for fix in fixes}) == len(fixes), fixes


def test_two_letters_after_a_city_and_region_are_the_country_code_as_the_board_always_documented() -> None:
    assert where("Munich, Bavaria, DE") == ("Munich", "Bavaria", "DE")
    assert where("Toronto, Ontario, CA") == ("Toronto", "ON", "CA")
    assert "is not a region of Canada" in refusal("Oakland, Alameda County, CA")  # never filed in Canada


def test_us_outlying_areas_read_as_their_own_country_codes_as_before() -> None:
    assert where("San Juan, PR") == ("San Juan", None, "PR")
    assert where("Hagåtña, GU") == ("Hagåtña", None, "GU")
    assert where("PR") == (None, None, "PR")


# --- remote ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "label", "codes"), [
    ("Remote", "Remote", ()), ("remote", "Remote", ()), ("Fully remote", "Remote", ()), ("100% remote", "Remote", ()),
    ("Remote only", "Remote", ()), ("Remote-first", "Remote", ()),
    ("Remote - US", "Remote (United States)", ("US",)), ("Remote, Canada", "Remote (Canada)", ("CA",)),
    ("Anywhere in Canada", "Remote (Canada)", ("CA",)), ("Anywhere in the U.S.", "Remote (United States)", ("US",)),
    ("US (Remote)", "Remote (United States)", ("US",)), ("Canada - remote", "Remote (Canada)", ("CA",)),
    ("Remote in the UK", "Remote (United Kingdom)", ("GB",)), ("Remote (US-based)", "Remote (United States)", ("US",)),
    ("Remote, US only", "Remote (United States)", ("US",)), ("Remote (Deutschland)", "Remote (Germany)", ("DE",)),
    ("Remote (US or Canada)", "Remote (United States, Canada)", ("CA", "US")),
    ("Remote (US/Canada)", "Remote (United States, Canada)", ("CA", "US")),
    ("Remote (US & Canada)", "Remote (United States, Canada)", ("CA", "US")),
    ("Remote (US, USA)", "Remote (United States)", ("US",)),
    ("Remote (Trinidad and Tobago)", "Remote (Trinidad and Tobago)", ("TT",)),
    ("Remote (Texas)", "Remote (Texas, United States)", ("US-TX",)),
    ("Remote (Georgia, US)", "Remote (Georgia, United States)", ("US-GA",)),
])  # fmt: skip
def test_remote_phrases_read_as_remote_with_the_countries_they_name(text: str, label: str, codes: tuple) -> None:
    found = read(text)
    assert found.location == Location(label) and found.location.remote
    assert found.remote_from == codes == remote_regions(text)


@pytest.mark.parametrize("text", ["Remote worldwide", "Remote (worldwide)", "Remote (global)", "Anywhere",
                                  "Work from anywhere", "Remote (anywhere)", "Anywhere in the world"])  # fmt: skip
def test_worldwide_remote_names_every_country(text: str) -> None:
    found = read(text)
    assert found.location == Location("Remote (worldwide)")
    assert found.remote_from == tuple(sorted(fields.COUNTRIES))


def test_remote_within_a_group_names_its_members() -> None:
    assert read_place("Remote (EU)") == Location("Remote (EU)")
    assert remote_regions("Remote (EU)") == read_region("EU")
    assert remote_regions("Remote (anywhere in Africa)") == read_region("Africa")
    assert read_place("Remote (anywhere in Africa)").label == "Remote (Africa)"
    assert set(remote_regions("Remote (Europe or Africa)")) == set(read_region("Europe")) | set(read_region("Africa"))


def test_a_code_in_a_remote_list_is_settled_by_the_rest_of_the_list() -> None:
    assert read("Remote (CA, OR, WA)") == Place(Location("Remote (CA, OR, WA, United States)"),
                                                "Remote (CA, OR, WA, United States)", remote_from=("US-CA", "US-OR", "US-WA"))  # fmt: skip
    assert remote_regions("Remote (US, CA)") == ("CA", "US")  # two countries: Canada
    assert remote_regions("Remote (US or CA)") == ("CA", "US")


@pytest.mark.parametrize(("text", "choices"), [
    ("Remote (CA)", ["Canada (CA)", "California, United States (US-CA)", "`Remote (Canada)`",
                     "`Remote (California, US)`"]),
    ("Remote - IN", ["India (IN)", "Indiana, United States (US-IN)"]),
    ("Remote (Georgia)", ["`Remote (GE)`", "`Remote (Georgia, US)`"]),
])  # fmt: skip
def test_a_remote_code_alone_that_reads_two_ways_is_refused(text: str, choices: list[str]) -> None:
    message = refusal(text)
    assert "is ambiguous" in message and all(choice in message for choice in choices), message


def test_remote_ok_is_refused_as_it_may_mean_oklahoma() -> None:
    assert "`Remote (Oklahoma, US)`" in refusal("Remote OK")


def test_a_place_and_remote_in_one_entry_is_refused_with_the_list_to_write() -> None:
    assert refusal("Philadelphia, PA (remote)") == (
        '`Philadelphia, PA (remote)` names a place and remote work: list them as two entries, '
        'e.g. ["Philadelphia, PA", Remote]')  # fmt: skip


def test_a_plain_place_names_no_remote_countries() -> None:
    assert remote_regions("Berlin, Germany") == ()
    assert remote_regions("Remote") == ()


# --- groups ------------------------------------------------------------------------------------------------------


def test_the_eu_has_its_27_members_and_holds_germany_not_the_uk() -> None:
    eu = read_region("EU")
    assert len(eu) == 27 and "DE" in eu and "GB" not in eu and "CH" not in eu and "NO" not in eu
    assert read_region("European Union") == eu == read_region("eu")


def test_groups_hold_the_countries_un_m49_puts_in_them() -> None:
    assert {"KE", "ZA", "NG", "EG", "MA"} <= set(read_region("Africa"))
    assert {"DE", "GB", "CH", "NO", "UA"} <= set(read_region("Europe")) and "TR" not in read_region("Europe")
    assert {"US", "CA", "MX", "BR", "AR", "JM"} <= set(read_region("Americas"))
    assert read_region("Americas") == read_region("the Americas")
    north = set(read_region("North America"))
    assert {"US", "CA", "MX", "GT", "JM"} <= north and "BR" not in north
    assert {"MX", "BR", "AR", "JM"} <= set(read_region("Latin America")) and "US" not in read_region("LATAM")
    assert set(read_region("South America")) >= {"BR", "AR", "CL", "CO"} and "MX" not in read_region("South America")
    assert {"IN", "JP", "CN", "TR", "AE"} <= set(read_region("Asia"))
    assert {"AU", "NZ", "FJ"} <= set(read_region("Oceania")) and "AQ" not in read_region("Oceania")


def test_asia_pacific_is_asia_and_oceania_without_the_middle_east() -> None:
    apac = set(read_region("APAC"))
    assert apac == set(read_region("Asia-Pacific")) == set(read_region("Asia Pacific"))
    assert {"JP", "IN", "SG", "AU", "NZ"} <= apac and not {"AE", "SA", "IL", "TR"} & apac


def test_worldwide_anywhere_and_global_are_every_country() -> None:
    every = tuple(sorted(fields.COUNTRIES))
    assert read_region("worldwide") == read_region("anywhere") == read_region("Global") == every


@pytest.mark.parametrize("text", ["EU", "Europe", "Africa", "APAC", "worldwide", "Germany", "Deutschland", "GB"])
def test_a_region_reads_as_sorted_unique_codes(text: str) -> None:
    codes = read_region(text)
    assert list(codes) == sorted(set(codes)) and codes


def test_a_country_as_a_region_is_itself_and_two_letters_are_always_an_iso_code() -> None:
    assert read_region("Germany") == read_region("Deutschland") == read_region("DE") == ("DE",)
    assert read_region("CA") == ("CA",) and read_region("PA") == ("PA",)  # as remote_regions has always read them
    assert read_region("GE") == ("GE",) and read_region("Scotland") == ("GB",)


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(Invalid, match="`Narnia` is not a country or a region"):
        read_region("Narnia")


# --- refusals ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "suggestion"), [
    ("Germny", "did you mean `Germany` (DE)?"), ("Berlin, Germny", "did you mean `Germany` (DE)?"),
    ("Kenia", "`Kenya` (KE)"), ("Austin, Texs", "`Texas` (US-TX)"),
])  # fmt: skip
def test_an_unknown_name_is_refused_with_the_nearest_known_names(text: str, suggestion: str) -> None:
    assert suggestion in refusal(text)


@pytest.mark.parametrize("text", ["a, b, c, d", "London, , GB", ", GB", "London,"])
def test_a_place_of_more_than_three_parts_or_an_empty_part_is_refused(text: str) -> None:
    assert "should be a place such as `London, UK`" in refusal(text)


@pytest.mark.parametrize(("value", "message"), [
    (None, "must be text"), (42, "must be text"), ("   ", "must not be empty"), ("x" * 201, "201 characters long"),
])  # fmt: skip
def test_a_value_that_is_not_short_text_is_refused(value: object, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        read(value)  # type: ignore[arg-type]


def test_invalid_is_the_exception_fields_reports() -> None:
    assert issubclass(Invalid, Exception) and Invalid.__doc__ == fields.Invalid.__doc__


# --- what the module holds ---------------------------------------------------------------------------------------


def test_the_module_holds_no_mutable_tables_of_its_own() -> None:
    shared = {id(codes.COUNTRIES), id(codes.COUNTRY_ALIASES)}  # codes' tables, allowed where they are defined
    mutable = (dict, list, set, bytearray)
    assert [name for name, value in vars(places).items()
            if isinstance(value, mutable) and not name.startswith("__") and id(value) not in shared] == []  # fmt: skip


def test_the_common_forms_load_no_translation_catalogue_and_city_cc_not_even_babel() -> None:
    probe = """
import gettext, sys
from site_builder.content.places import read
for text in ["London, GB", "Bakersfield, CA, US", "GB", "Germany", "London, UK", "Remote (EU)", "Austin, Texas"]:
    read(text)
print("babel.core" in sys.modules, len(gettext._translations))
read("Philadelphia, PA", frozenset({"US"}))  # a code that reads two ways: babel's time zones, still no catalogue
print("babel.core" in sys.modules, len(gettext._translations))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=Path(places.__file__).parents[2])  # fmt: skip
    assert done.stdout.split() == ["False", "0", "True", "0"]


def test_a_state_of_a_country_before_its_name_reads_as_that_state_as_written() -> None:
    assert where("Rajasthan, India") == (None, "Rajasthan", "IN") and read("Rajasthan, India").region_code == "IN-RJ"
    assert where("Hamburg, Germany") == (None, "Hamburg", "DE")  # a city-state: the state holds the city
    assert where("Berlin, Germany") == ("Berlin", None, "DE")  # a time zone is named after the city


def test_remote_within_a_state_names_the_state_not_its_whole_country() -> None:
    assert remote_regions("Remote (California)") == ("US-CA",)
    assert read_region("California") == ("US-CA",) and places.region_name("US-CA") == "California, United States"


def test_a_name_that_is_a_country_and_a_us_state_is_refused_as_a_remote_region() -> None:
    with pytest.raises(Invalid, match="could be Georgia"):
        read_region("Georgia")


def test_a_state_named_after_a_city_settles_the_country_where_only_one_has_it() -> None:
    assert where("Mérida, Yucatán") == ("Mérida", "Yucatán", "MX")
    assert "could be Punjab, India (IN-PB) or Punjab, Pakistan (PK-PB)" in refusal("Lahore, Punjab")
    assert where("Lahore, Punjab", frozenset({"PK"})) == ("Lahore", "Punjab", "PK")  # paid in PKR
