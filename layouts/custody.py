"""Use of custody: the rate against comparators with counts beside it, and who was sentenced."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame

dash.register_page(__name__, path="/custody", name="Custody",
                   title="Custody – Youth justice performance")


def layout(**query):
    return page_frame("custody", query, "Children sentenced to custody", _body)


def _body(state, meta):
    return [
        chart_card("custody-trend", height=440, drill=True),
        dbc.Row([dbc.Col(chart_card("custody-counts", height=340, drill=True), lg=6),
                 dbc.Col(chart_card("custody-type", height=340), lg=6)]),
        html.H2("Where and for whom", className="section-heading"),
        dbc.Row([dbc.Col(chart_card("custody-la", height=340), lg=6),
                 dbc.Col(chart_card("custody-ethnicity", height=340), lg=6)]),
    ]
