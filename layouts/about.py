"""About the data: definitions in plain English, what is loaded, coverage and limitations."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.core.db import get_engine
from dashboard.web.components import page_frame
from dashboard.web.page_cache import do_not_cache
from dashboard.web.registry import section
from dashboard.words import text
from dashboard.words.definitions import LIMITATIONS, definitions_section
from queries.coverage import coverage

SECTION = section("about")


def load_summary(meta: dict) -> html.Section:
    loaded = meta["loaded_at"]
    facts = [
        ("Data as of", f"{text.day_month_year(meta['as_of'])} (the latest outcome date loaded)"),
        ("Last loaded", text.day_month_year_time(loaded)),
        ("Loaded from", meta["source"] or "–"),
        ("Load took", f"{meta['seconds']:.1f} seconds" if meta["seconds"] is not None
         else "–"),
        ("Outcome rows", text.count(meta["outcome_rows"])),
        ("Children", text.count(meta["children"])),
        ("Earliest outcome", text.day_month_year(meta["first_outcome_date"])),
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
                    html.Td(text.day_mon_year(row.first_outcome), className="date"),
                    html.Td(text.day_mon_year(row.last_outcome), className="date"),
                    html.Td(years)])


def coverage_section() -> html.Section:
    try:
        frame = coverage(get_engine())
    except Exception:  # noqa: BLE001 - a failed query is a message, not a traceback
        do_not_cache()
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
        html.Div(table, className="table-responsive", tabIndex="0", role="region",
                 **{"aria-label": "Coverage by area (scrolls sideways)"}),
    ], className="about-section")


def body(state, meta):
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


def layout(**query):
    return page_frame(SECTION, query, body)


# The body reads the database itself and fills no callback's output: Dash checks callbacks
# against the frame alone (dashboard/app_factory.py).
dash.register_page(__name__, **SECTION.dash_page())
