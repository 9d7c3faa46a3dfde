"""Outcomes: what children received, by tier and type, and how the mix is changing."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame

dash.register_page(__name__, path="/disposals", name="Outcomes",
                   title="Outcomes – Youth justice performance")


def layout(**query):
    return page_frame("disposals", query, "What outcomes did children receive?", _body)


def _with_table(card: dbc.Card, table_id: str) -> dbc.Card:
    """Put the boards' table beside the card's chart, so both share one CSV and drill."""
    body = card.children.children
    graph = body[2]
    body[2] = dbc.Row([dbc.Col(graph, xxl=6), dbc.Col(html.Div(id=table_id), xxl=6)],
                      className="g-3")
    return card


def _body(state, meta):
    return [
        html.P(id="disposals-filter-note", className="page-note"),
        dbc.Row([dbc.Col(chart_card("disposals-tier-counts", height=420), lg=6),
                  dbc.Col(chart_card("disposals-tier-shares", height=420), lg=6)]),
        _with_table(chart_card("disposals-types", height=620, drill=True),
                    "disposals-board-table"),
        chart_card("disposals-diversion", height=380),
    ]
