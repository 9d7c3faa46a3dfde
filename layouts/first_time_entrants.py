"""First time entrants: the rolling-year rate against comparators, counts and who entered."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame

dash.register_page(__name__, path="/first-time-entrants", name="First time entrants",
                   title="First time entrants – Youth justice performance")


def layout(**query):
    return page_frame("fte", query, "Children entering the justice system", _body)


def _card(chart_id, height=360, **width):
    return dbc.Col(chart_card(chart_id, height=height), **width)


def _body(state, meta):
    return [
        chart_card("fte-trend", height=440, drill=True),
        dbc.Row([dbc.Col(chart_card("fte-counts", height=340, drill=True), lg=6),
                 _card("fte-la", height=340, lg=6)]),
        html.H2("Who entered the justice system", className="section-heading"),
        dbc.Row([_card("fte-sex", 280, lg=6, xxl=4), _card("fte-age", 280, lg=6, xxl=4),
                 _card("fte-ethnicity", 360, lg=6, xxl=4), _card("fte-outcome", 420, lg=6),
                 _card("fte-offence", 420, lg=12, xxl=6)]),
    ]
