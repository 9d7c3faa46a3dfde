"""Disproportionality: how likely each ethnic group is to reach each stage, against White
children."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.figures.disproportionality import DEFAULT_STAGE
from dashboard.web.components import chart_card, page_frame
from dashboard.web.pages import disproportionality as page
from dashboard.web.registry import section
from queries.disproportionality import STAGE_LABELS, STAGES

SECTION = section(page.PAGE)


def stage_picker() -> html.Div:
    return html.Div([
        html.Span("Stage of the justice system", id="disproportionality-stage-label",
                  className="filter-label"),
        dbc.RadioItems(
            id=page.STAGE, value=DEFAULT_STAGE,
            options=[{"label": STAGE_LABELS[s], "value": s} for s in STAGES],
            class_name="btn-group stage-picker", input_class_name="btn-check",
            label_class_name="btn btn-outline-primary",
            label_checked_class_name="active"),
    ], className="stage-picker-wrap", role="radiogroup",
        **{"aria-labelledby": "disproportionality-stage-label"})


LAMMY = html.Aside([
    html.Strong("Explain or reform. "),
    "The Lammy Review (2017) asked services to look hard at any over-representation: "
    "if the difference can be explained by evidence, explain it; if it cannot, change "
    "the practice behind it.",
], className="lammy-note")


def body(state, meta):
    return [
        stage_picker(),
        html.P(id=page.FILTER_NOTE, className="page-note"),
        dbc.Row([
            dbc.Col(chart_card(page.RRI, height=440, drill=True), xxl=7),
            dbc.Col(chart_card(page.SHARES, height=440), xxl=5),
        ]),
        chart_card(page.AREAS, height=620),
        LAMMY,
    ]


def layout(**query):
    return page_frame(SECTION, query, body)


dash.register_page(__name__, **SECTION.dash_page(body))
