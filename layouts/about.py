"""About the data: definitions in plain English, what is loaded, coverage and limitations."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import text
from dashboard.components import page_frame
from dashboard.db import get_engine
from dashboard.schema import OUTCOME_TYPES, TIER_LABELS, TIERS
from queries.coverage import coverage

dash.register_page(__name__, path="/about", name="About the data",
                   title="About the data – Youth justice performance")


def layout(**query):
    return page_frame("about", query, "About the data", _body)


def _day(value) -> str:
    return f"{value:%-d %B %Y}" if value else "–"


def _short_day(value) -> str:
    return f"{value:%-d %b %Y}" if value else "–"


def load_summary(meta: dict) -> html.Section:
    loaded = meta["loaded_at"]
    facts = [
        ("Data as of", f"{_day(meta['as_of'])} (the latest outcome date loaded)"),
        ("Last loaded", f"{loaded:%-d %B %Y at %H:%M}" if loaded else "–"),
        ("Loaded from", meta["source"] or "–"),
        ("Load took", f"{meta['seconds']:.1f} seconds" if meta["seconds"] is not None
         else "–"),
        ("Outcome rows", text.count(meta["outcome_rows"])),
        ("Children", text.count(meta["children"])),
        ("Earliest outcome", _day(meta["first_outcome_date"])),
        ("Kind of data", "Synthetic: fictional areas and children, for demonstration"
         if meta["synthetic"] else "Records loaded by the service"),
    ]
    return html.Section([
        html.H2("What is loaded"),
        html.Dl([part for term, value in facts
                 for part in (html.Dt(term), html.Dd(value))], className="load-facts"),
    ], className="about-section")


COVERAGE_HEADERS = ["Local authority", "Service", "Region", "Comparator family",
                    "Outcome rows", "of which aged 10–17", "Children", "First outcome",
                    "Last outcome", "Population estimates"]


def _coverage_row(row) -> html.Tr:
    years = (f"{row.first_population_year}–{row.last_population_year} "
             f"({row.population_years} years)" if row.population_years else "none loaded")
    cells = [row.service, row.region, row.family or "–"]
    numbers = [text.count(row.outcome_rows), text.count(row.rows_in_age),
               text.count(row.children)]
    return html.Tr([html.Th(row.name, scope="row"), *[html.Td(c) for c in cells],
                    *[html.Td(n, className="num") for n in numbers],
                    html.Td(_short_day(row.first_outcome), className="date"),
                    html.Td(_short_day(row.last_outcome), className="date"), html.Td(years)])


def coverage_section() -> html.Section:
    try:
        frame = coverage(get_engine())
    except Exception:  # noqa: BLE001 - a failed query is a message, not a traceback
        return html.Section([html.H2("Coverage by area"),
                             html.P("Coverage could not be read from the database.")])
    table = html.Table([
        html.Thead(html.Tr([html.Th(h, scope="col", className="num" if 4 <= i <= 6 else None)
                            for i, h in enumerate(COVERAGE_HEADERS)])),
        html.Tbody([_coverage_row(row) for row in frame.itertuples()]),
    ], className="table table-sm coverage-table",
        **{"aria-label": "Coverage of the loaded data by local authority"})
    return html.Section([
        html.H2("Coverage by area"),
        html.P("Each local authority's outcome records and population estimates. A child "
               "who appears in two authorities of a service is counted in each here, but "
               "once in the service's figures."),
        html.Div(table, className="table-responsive"),
    ], className="about-section")


def _tier_list() -> html.Ul:
    return html.Ul([html.Li([html.Strong(f"{TIER_LABELS[tier]}: "), ", ".join(
        label for label, t, _, _ in OUTCOME_TYPES.values() if t == tier) + "."])
        for tier in TIERS])


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


def definitions_section() -> html.Section:
    items = [part for term, words in DEFINITIONS for part in (html.Dt(term), html.Dd(words))]
    items += [html.Dt("Outcomes and tiers"), html.Dd([
        "Every outcome given to a child, from diversion to custody, grouped in five tiers. "
        "‘Disposals’ counts outcomes; ‘children’ counts each child once. Diversion "
        "outcomes are given without a formal caution or conviction; all other tiers are "
        "formal outcomes. ‘Court’ means first-tier, community and custodial sentences; "
        "‘out of court’ means diversion and cautions.", _tier_list()])]
    items += [html.Dt("Ethnic disproportionality"), html.Dd([
        html.P("For each stage — entering the justice system, cautioned or sentenced, "
               "given a youth caution, sentenced at court, sentenced to custody — we count "
               "the children of each ethnic group and divide by that group's population "
               "aged 10 to 17. The relative rate index (RRI) compares each group's rate with "
               "White children's: an RRI of 2 means twice as likely, 0.5 half as likely."),
        html.P("The 95% interval is the range the true RRI probably lies in, given how few "
               "children the figure rests on. When the whole interval is above 1 the group "
               "is significantly over-represented; wholly below 1, significantly "
               "under-represented; otherwise the difference may be chance. Children whose "
               "ethnicity is not recorded are counted but left out of the comparison."),
    ])]
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


def _body(state, meta):
    return [
        dbc.Alert("The filters above do not apply to this page: it describes everything "
                  "loaded.", color="light", className="page-note about-note"),
        dbc.Row([dbc.Col(definitions_section(), xxl=7),
                 dbc.Col([load_summary(meta),
                          html.Section([html.H2("Known limitations"),
                                        html.Ul([html.Li(item) for item in LIMITATIONS])],
                                       className="about-section")], xxl=5)]),
        coverage_section(),
    ]
