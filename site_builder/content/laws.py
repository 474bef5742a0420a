"""Pay-transparency laws: the places whose law asks for a role's pay in its job posting, from when, and what it
asks, each with the source it was recorded from (looked up in December 2026; laws change, so the table is dated).

`jobboard check` warns when a role under one of them gives no pay, or pay of the wrong shape, naming the laws;
`pay_transparency: error` in config.yaml makes that an error. Employer size and the law's finer points (benefits,
internal postings) are not the board's to judge: the warning names the threshold and leaves it to the poster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from site_builder.content.model import Posting, Salary, Unstated

RECORDED = dt.date(2026, 12, 1)  # when the table was last checked against its sources

# What a law asks of the posting, in the words of the warning.
ASKS = MappingProxyType({
    "range": "a pay range, lowest to highest (a fixed rate as both)",
    "pay": "the pay, as a figure or a closed range",
    "minimum": "at least the lowest pay",
    "before interview": "the pay before the interview (the posting is the surest place)",
})


@dataclass(frozen=True)
class PayLaw:
    """One law that asks for pay in job postings for roles in its places."""

    name: str  # the place's name and the law's, for the warning: `Colorado (Equal Pay for Equal Work Act)`
    where: tuple[str, ...]  # ISO 3166-2 codes (`US-CO`), country codes (`AT`), or a city as `new york|US-NY`
    starts: dt.date
    asks: str  # a key of ASKS
    employers: int  # the smallest employer it binds, in employees
    remote: bool  # it covers remote roles that people living there may do
    source: str
    widest: tuple[float, float, str] | None = None  # (widest range, top above which it asks nothing, currency)

    def employer_text(self) -> str:
        """`employers of 15+`, or `every employer`."""
        return "every employer" if self.employers <= 1 else f"employers of {self.employers}+"


NYC = ("new york|US-NY", "new york city|US-NY", "nyc|US-NY", "brooklyn|US-NY", "queens|US-NY", "bronx|US-NY",
       "the bronx|US-NY", "manhattan|US-NY", "staten island|US-NY")  # fmt: skip

LAWS: tuple[PayLaw, ...] = (
    PayLaw("Colorado (Equal Pay for Equal Work Act)", ("US-CO",), dt.date(2021, 1, 1), "pay", 1, True,
           "https://ezel.ai/labor-guidance/co/info-9a"),
    PayLaw("California (Labor Code 432.3)", ("US-CA",), dt.date(2023, 1, 1), "pay", 15, True,
           "https://ogletree.com/insights-resources/blog-posts/california-labor-agency-posts-faqs-relating-to-new-pay-scale-posting-requirements"),
    PayLaw("Washington (RCW 49.58.110)", ("US-WA",), dt.date(2023, 1, 1), "pay", 15, True,
           "https://ogletree.com/insights-resources/blog-posts/washington-governor-signs-bill-making-key-changes-to-equal-pay-and-opportunities-act"),
    PayLaw("New York State (Labor Law 194-b)", ("US-NY",), dt.date(2023, 9, 17), "pay", 4, True,
           "https://nysenate.gov/legislation/laws/LAB/194-B"),
    PayLaw("New York City (Local Law 32 of 2022)", NYC, dt.date(2022, 11, 1), "range", 4, True,
           "https://legistar.council.nyc.gov/LegislationDetail.aspx?ID=5528005&GUID=4544EE38-4659-44F6-9092-19D965A680AE"),
    PayLaw("Jersey City (Municipal Code 148-4.1)", ("jersey city|US-NJ",), dt.date(2022, 4, 13), "range", 5, False,
           "https://jerseycitynj.gov/cms/One.aspx?pageId=19762610&portalId=6189744"),
    PayLaw("Hawaii (HRS 378-2.8)", ("US-HI",), dt.date(2024, 1, 1), "pay", 50, False,
           "https://courtgpt.ai/laws/hawaii/title-21/chapter-378/section-378-2-8"),
    PayLaw("District of Columbia (Wage Transparency Omnibus Amendment Act of 2023)", ("US-DC",), dt.date(2024, 6, 30),
           "range", 1, False, "https://www.littler.com/publication-press/publication/pay-transparency-arrives-nations-capital"),
    PayLaw("Maryland (Wage Range Transparency Act)", ("US-MD",), dt.date(2024, 10, 1), "range", 1, False,
           "https://mercer.com/en-us/insights/law-and-policy/maryland-to-require-wage-range-and-benefit-disclosures-in-job-postings"),
    PayLaw("Illinois (Equal Pay Act, 820 ILCS 112/10)", ("US-IL",), dt.date(2025, 1, 1), "pay", 15, True,
           "https://aghllaw.com/?p=7115"),
    PayLaw("Minnesota (Minn. Stat. 181.173)", ("US-MN",), dt.date(2025, 1, 1), "pay", 30, False,
           "https://stinson.com/newsroom-publications-minnesota-pay-transparency-signed-into-law"),
    PayLaw("New Jersey (Pay and Benefit Transparency Act)", ("US-NJ",), dt.date(2025, 6, 1), "pay", 10, False,
           "https://cooley.com/news/insight/2024/2024-11-25-garden-state-employers-have-new-pay-transparency-obligations-effective-june-1-2025"),
    PayLaw("Vermont (21 V.S.A. 495o)", ("US-VT",), dt.date(2025, 7, 1), "pay", 5, False,
           "https://morganlewis.com/pubs/2024/07/vermont-passes-pay-transparency-law-considerations-for-employers"),
    PayLaw("Cleveland (Codified Ordinances ch. 669)", ("cleveland|US-OH",), dt.date(2025, 10, 27), "range", 15, False,
           "https://www.shrm.org/in/topics-tools/employment-law-compliance/cleveland-to-prohibit-salary-inquiries-require-salary-ranges"),
    PayLaw("Massachusetts (G.L. c. 149 s. 105F)", ("US-MA",), dt.date(2025, 10, 29), "range", 25, True,
           "https://www.goodwinlaw.com/en/insights/publications/2025/10/alerts-practices-emp-massachusetts-pay-transparency"),
    PayLaw("Columbus (City Code ch. 2335)", ("columbus|US-OH",), dt.date(2025, 12, 3), "range", 15, False,
           "https://www.workforcebulletin.com/expanded-pay-transparency-requirements-coming-to-columbus-ohio"),
    PayLaw("Delaware (19 Del. C. 709C)", ("US-DE",), dt.date(2027, 9, 26), "pay", 26, False,
           "https://mondaq.com/unitedstates/employee-rights-labour-relations/1698542/delaware-enacts-new-pay-transparency-law-to-go-into-effect-september-2027"),
    PayLaw("British Columbia (Pay Transparency Act)", ("CA-BC",), dt.date(2023, 11, 1), "pay", 1, True,
           "https://cassels.com/insights/bc-employers-must-include-pay-in-job-postings-from-november-1-2023/"),
    PayLaw("Ontario (Employment Standards Act, as amended by the Working for Workers Four Act)", ("CA-ON",),
           dt.date(2026, 1, 1), "pay", 25, True,
           "https://sherrardkuzz.com/newsblast/job-posting-rules-for-ontario-employers-in-force-january-1-2026",
           widest=(50_000, 200_000, "CAD")),
    PayLaw("Austria (Equal Treatment Act, s. 9(2))", ("AT",), dt.date(2011, 3, 1), "minimum", 1, False,
           "https://360.lexisnexis.at/d/z_bbi_2011_3_BBInfo_2011_03_6_89bd51b7f8?origin=lk"),
    # The EU Pay Transparency Directive (2023/970, art. 5) binds employers through each state's own law, and
    # lets the pay reach applicants before the interview rather than in the posting. Recorded where in force.
    PayLaw("Malta (EU Pay Transparency Directive, art. 5)", ("MT",), dt.date(2025, 8, 27), "before interview", 1,
           False, "https://www.teamed.global/eu-pay-transparency/transposition-tracker"),
    PayLaw("Poland (EU Pay Transparency Directive, art. 5)", ("PL",), dt.date(2025, 12, 24), "before interview", 1,
           False, "https://www.teamed.global/eu-pay-transparency/transposition-tracker"),
)  # fmt: skip


def covering(posting: Posting, today: dt.date) -> list[PayLaw]:
    """The laws in force on `today` over a role's places, or over the places its remote applicants may live."""
    places = set(_codes(posting))
    remote_from = set(posting.remote_regions) if posting.workplace != "onsite" else set()
    return [law for law in LAWS if law.starts <= today and (
        places.intersection(law.where) or law.remote and any(_reaches(region, law) for region in remote_from))]  # fmt: skip


def _codes(posting: Posting) -> Iterable[str]:
    """Each real place as the table names places: its country, its region (`US-CO`), its city (`denver|US-CO`)."""
    for place in posting.places:
        if place.country is None:
            continue
        yield place.country
        if place.region:
            region = f"{place.country}-{place.region}"
            yield region
            if place.locality:
                yield f"{' '.join(place.locality.casefold().split())}|{region}"


def _reaches(region: str, law: PayLaw) -> bool:
    """Whether people in a remote region (`US`, or `US-CA`) live where a law covering remote roles holds."""
    return any(where == region or where.split("-")[0] == region for where in law.where if "|" not in where)


def shortfall(posting: Posting, law: PayLaw) -> str | None:
    """What the posting lacks of what the law asks; None when it asks nothing more."""
    salary = posting.salary
    if isinstance(salary, Unstated):
        return None if salary.kind == "unpaid" else "names pay without its amount"
    if salary is None:
        return "gives no pay"
    if law.asks in ("pay", "range") and salary.max is None:
        return "gives only a lowest figure"
    return _too_wide(salary, law)


def _too_wide(salary: Salary, law: PayLaw) -> str | None:
    """A yearly range wider than the law allows, where it limits one (in its currency)."""
    if law.widest is None or salary.currency != law.widest[2] or salary.period != "year" or salary.max is None:
        return None
    widest, top, currency = law.widest
    if salary.max > top or salary.max - salary.min <= widest:
        return None
    return f"gives a range {salary.max - salary.min:,.0f} {currency} wide, wider than {widest:,.0f} {currency}"


def findings(posting: Posting, today: dt.date) -> list[str]:
    """One message for each way the posting falls short of what laws over it ask, naming those laws."""
    short: dict[tuple[str, str], list[PayLaw]] = {}
    for law in covering(posting, today):
        lack = shortfall(posting, law)
        if lack is not None:
            short.setdefault((lack, law.asks), []).append(law)
    return [f"{lack}; pay-transparency law asks job postings for this role for {ASKS[asks]}: "
            + ", ".join(f"{law.name[:-1]}; {law.employer_text()})" for law in laws)
            for (lack, asks), laws in short.items()]  # fmt: skip


def law_table() -> str:
    """The docs' table of the laws (README.md holds it between markers; a test keeps it current)."""
    rows = ["| where | in force | asks for | employers | remote roles | source |", "|---|---|---|---|---|---|"]
    rows += [f"| {law.name} | {law.starts.isoformat()} | {ASKS[law.asks]} | {law.employer_text()} | "
             f"{'covered' if law.remote else 'not recorded'} | [source]({law.source}) |" for law in LAWS]  # fmt: skip
    return "\n".join(rows)


if __name__ == "__main__":
    print(law_table())
