"""Definitions and limitations in plain English, shared by the About page and the board pack."""
from dataclasses import dataclass

from dash import html

from dashboard.contract.schema import OUTCOME_TYPES, TIER_LABELS, TIERS


DEFINITIONS = [
    ("Reporting periods",
     "Most figures cover a rolling year: the twelve months ending at a quarter end, so the "
     "‘year to March 2024’ runs from 1 April 2023 to 31 March 2024. The year to March is "
     "the financial year. An outcome counts in a period when the date it was given falls "
     "in it. Only children aged 10 to 17 on that date are counted."),
    ("Population",
     "Rates divide by the number of children aged 10 to 17 living in the area, from the "
     "Office for National Statistics mid-year estimates for the year six months before the "
     "period ends (or the nearest year loaded). A rate filtered to girls, an age band or an "
     "ethnic group uses that group's population."),
    ("First time entrants",
     "Children receiving their first youth caution or court sentence — their first "
     "‘substantive’ outcome among all the records loaded — while aged 10 to 17. Shown per "
     "100,000 children aged 10 to 17, as a whole number. Diversion outcomes (community "
     "resolutions, youth restorative disposals, outcome 22) do not make a child a first time "
     "entrant. Lower is better."),
    ("Use of custody",
     "Custodial sentences (detention and training orders, section 250 detention, extended "
     "sentences or detention for life) given in the period, per 1,000 children aged 10 to "
     "17, to two decimal places, with the number of sentences beside it. A child sentenced "
     "twice counts twice. Lower is better."),
    ("Proven reoffending",
     "Children are followed in cohorts: everyone given a caution or sentence in a calendar "
     "quarter. A child reoffends when a new offence, committed within 12 months of that "
     "outcome, is proven by a caution or sentence within 18 months of it (12 months to "
     "offend and six more for the case to finish). The rate is the share of the cohort who "
     "reoffended; we also show reoffences per child who reoffended. A cohort is complete "
     "once 18 months have passed since its last day; until then it is provisional — a live "
     "tracker that can only go up — and is drawn dashed with hollow markers. This means "
     "the latest complete figure is about two years old. Annual figures add up four "
     "quarterly cohorts. Lower is better."),
]


TIERS_WORDS = (
    "Every outcome given to a child, from diversion to custody, grouped in five tiers. "
    "‘Disposals’ counts outcomes; ‘children’ counts each child once. Diversion "
    "outcomes are given without a formal caution or conviction; all other tiers are "
    "formal outcomes. ‘Court’ means first-tier, community and custodial sentences; "
    "‘out of court’ means diversion and cautions.")
DISPROPORTIONALITY_WORDS = (
    "For each stage — entering the justice system, cautioned or sentenced, "
    "given a youth caution, sentenced at court, sentenced to custody — we count "
    "the children of each ethnic group and divide by that group's population "
    "aged 10 to 17. The relative rate index (RRI) compares each group's rate with "
    "White children's: an RRI of 2 means twice as likely, 0.5 half as likely.",
    "The 95% interval is the range the true RRI probably lies in, given how few "
    "children the figure rests on. When the whole interval is above 1 the group "
    "is significantly over-represented; wholly below 1, significantly "
    "under-represented; otherwise the difference may be chance. Children whose "
    "ethnicity is not recorded are counted but left out of the comparison.",
)


@dataclass(frozen=True)
class Definition:
    """One term: its paragraphs and a list of (label, words) items (the tiers)."""
    term: str
    paragraphs: tuple[str, ...]
    items: tuple[tuple[str, str], ...] = ()


def definitions() -> list[Definition]:
    """Every definition, in order, as plain words (the About page and the board pack)."""
    tiers = tuple((TIER_LABELS[tier], ", ".join(
        label for label, t, _, _ in OUTCOME_TYPES.values() if t == tier) + ".")
        for tier in TIERS)
    return [*(Definition(term, (words,)) for term, words in DEFINITIONS),
            Definition("Outcomes and tiers", (TIERS_WORDS,), tiers),
            Definition("Ethnic disproportionality", DISPROPORTIONALITY_WORDS)]


def _definition_body(entry: Definition) -> list:
    body = list(entry.paragraphs) if len(entry.paragraphs) == 1 else \
        [html.P(words) for words in entry.paragraphs]
    if entry.items:
        body.append(html.Ul([html.Li([html.Strong(f"{label}: "), words])
                             for label, words in entry.items]))
    return body


def definitions_section() -> html.Section:
    items = [part for entry in definitions()
             for part in (html.Dt(entry.term), html.Dd(_definition_body(entry)))]
    return html.Section([html.H2("What the figures mean"), html.Dl(items, className="defs")],
                        className="about-section")


LIMITATIONS = [
    "Reoffending takes time to prove: the latest complete cohort ended about 18 months "
    "before the data's as-of date, and provisional figures will rise.",
    "Small numbers: many figures rest on a few children, so they swing from quarter to "
    "quarter. Figures from fewer than 30 children are marked ‘treat with caution’.",
    "Population figures are estimates, and for small ethnic groups in small areas they "
    "can be a long way out; rates and relative rate indices inherit that uncertainty.",
    "Ethnicity is as recorded on each outcome. It can be missing (‘Unknown’) or differ "
    "between records: children with different ethnicities on different rows are counted "
    "in each.",
    "There is no population for children looked after or by offence group, so those "
    "filters show counts only.",
    "Comparators (England and Wales, regions, families) are published figures loaded "
    "separately; they may be for slightly different periods or definitions.",
]
