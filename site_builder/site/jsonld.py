"""schema.org JobPosting structured data, following Google's rules for job postings."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from site_builder.config import Config
from site_builder.content.model import EMPLOYMENT_TYPES, Location, Posting, Salary
from site_builder.site.display import country_name


def job_posting(posting: Posting, config: Config) -> dict[str, Any] | None:
    """The JobPosting object, or None where Google's required properties can't be given."""
    if posting.fully_remote and not posting.remote_regions:
        return None  # Google needs either a place or the countries remote applicants may live in
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.body_html,
        "datePosted": posting.posted.isoformat(),
        "hiringOrganization": _organization(posting),
        "url": config.absolute(posting.page),
        "identifier": {"@type": "PropertyValue", "name": config.title, "value": posting.slug},
    }
    kinds = [EMPLOYMENT_TYPES[each].schema_org for each in posting.employment_types if EMPLOYMENT_TYPES[each].schema_org]
    if kinds:  # `permanent` alone has no schema.org word: say nothing rather than an empty list
        data["employmentType"] = _one_or_list(kinds)
    data.update(_where(posting))
    starts = dict(posting.extra).get("starts")
    if isinstance(starts, dt.date):
        data["jobStartDate"] = starts.isoformat()
    if posting.deadline.moment is not None:
        data["validThrough"] = posting.deadline.moment.isoformat()
    elif posting.deadline.last_day is not None:  # the deadline, or the day a listing open until filled ends
        data["validThrough"] = f"{posting.deadline.last_day.isoformat()}T23:59"
    if isinstance(posting.salary, Salary):
        data["baseSalary"] = _salary(posting.salary)
    return data


def _one_or_list(values: list[str]) -> str | list[str]:
    """One value alone, several as a list (schema.org's employmentType takes either)."""
    return values[0] if len(values) == 1 else values


def _organization(posting: Posting) -> dict[str, str]:
    """The hiring organization, with its site where given."""
    org = {"@type": "Organization", "name": posting.organization}
    if posting.organization_url:
        org["sameAs"] = posting.organization_url
    return org


def _where(posting: Posting) -> dict[str, Any]:
    """jobLocation for places; TELECOMMUTE with applicant countries only for fully remote roles."""
    where: dict[str, Any] = {}
    if posting.places:
        where["jobLocation"] = [_place(loc) for loc in posting.places]
    if posting.fully_remote:
        where["jobLocationType"] = "TELECOMMUTE"
        where["applicantLocationRequirements"] = [
            {"@type": "State" if "-" in code else "Country", "name": country_name(code)} for code in posting.remote_regions
        ]
    return where


def _place(location: Location) -> dict[str, Any]:
    """A Place with a PostalAddress."""
    address = {"@type": "PostalAddress", "addressLocality": location.locality, "addressRegion": location.region,
               "addressCountry": location.country}  # fmt: skip
    return {"@type": "Place", "address": {k: v for k, v in address.items() if v}}


def _salary(salary: Salary) -> dict[str, Any]:
    """baseSalary as a MonetaryAmount with a unitText (HOUR, DAY, WEEK, MONTH, YEAR): what the role pays (pro rata
    where the posting gives full-time amounts)."""
    low, high = salary.paid()
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": salary.period.upper()}
    if high is None or high == low:
        value["value"] = low
    else:
        value.update(minValue=low, maxValue=high)
    return {"@type": "MonetaryAmount", "currency": salary.currency, "value": value}


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: only `</` (which could end the block) and `<!--` need escaping there;
    escaping every `<` would grow the HTML description by half for nothing."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
