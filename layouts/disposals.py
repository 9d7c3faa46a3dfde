"""Outcomes: what children received, by tier and type, and how the mix is changing."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame
from dashboard.web.pages import disposals
from dashboard.web.registry import section

SECTION = section(disposals.PAGE)


def _with_table(card: dbc.Card, table_id: str) -> dbc.Card:
    """Put the boards' table beside the card's chart, so both share one CSV and drill."""
    body = card.children.children
    graph = body[2]
    body[2] = dbc.Row([dbc.Col(graph, xxl=6), dbc.Col(html.Div(id=table_id), xxl=6)],
                      className="g-3")
    return card


def body(state, meta):
    return [
        html.P(id=disposals.FILTER_NOTE, className="page-note"),
        dbc.Row([dbc.Col(chart_card(disposals.TIER_COUNTS, height=420), lg=6),
                 dbc.Col(chart_card(disposals.TIER_SHARES, height=420), lg=6)]),
        _with_table(chart_card(disposals.TYPES, height=620, drill=True),
                    disposals.BOARD_TABLE),
        chart_card(disposals.DIVERSION, height=380),
    ]


def layout(**query):
    return page_frame(SECTION, query, body)


dash.register_page(__name__, **SECTION.dash_page(body))
