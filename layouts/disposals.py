"""Outcomes: what children received, by tier and type, and how the mix is changing."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame, with_table
from dashboard.web.pages import disposals
from dashboard.web.registry import section

SECTION = section(disposals.PAGE)


def body(state, meta):
    return [
        html.P(id=disposals.FILTER_NOTE, className="page-note"),
        dbc.Row([dbc.Col(chart_card(disposals.TIER_COUNTS, height=420), lg=6),
                 dbc.Col(chart_card(disposals.TIER_SHARES, height=420), lg=6)]),
        with_table(chart_card(disposals.TYPES, height=620, drill=True),
                   disposals.BOARD_TABLE),
        chart_card(disposals.DIVERSION, height=380),
    ]


def layout(**query):
    return page_frame(SECTION, query, body)


dash.register_page(__name__, **SECTION.dash_page(body))
