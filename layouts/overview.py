"""Overview: the board summary."""
import dash
from dash import html

from dashboard.components import chart_card, page_frame

dash.register_page(__name__, path="/", name="Overview", title="Overview – Youth justice performance")


def layout(**query):
    return page_frame("overview", query, "How are we doing?", _body)


def _body(state, meta):
    return [chart_card("overview-test")]
