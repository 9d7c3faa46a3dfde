"""Overview: the board summary — headline sentences, a card per indicator, the summary table."""
import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.web.components import page_frame

dash.register_page(__name__, path="/", name="Overview",
                   title="Overview – Youth justice performance")


def layout(**query):
    return page_frame("overview", query, "How are we doing?", _body)


def _body(state, meta):
    return [
        html.Div(id="overview-filter-note", className="overview-filter-note",
                 **{"aria-live": "polite"}),
        dcc.Loading(html.Div(id="overview-cards", className="overview-cards"),
                    type="default", delay_show=300),
        dbc.Card(dbc.CardBody([
            html.H2(id="overview-table-title", className="chart-title"),
            html.P(id="overview-table-subtitle", className="chart-subtitle"),
            html.Div(id="overview-table"),
            html.P(id="overview-table-note", className="chart-note"),
            html.Div(dbc.Button("Download CSV", id="overview-table-csv", color="secondary",
                                outline=True, size="sm", n_clicks=0),
                     className="chart-actions"),
            dcc.Store(id="overview-table-data"),
            dcc.Download(id="overview-table-download"),
        ]), className="chart-card overview-summary", id="overview-summary-card"),
        html.Details([
            html.Summary("How the red, amber and green ratings are set"),
            html.Div(id="overview-rag-rules"),
        ], className="overview-rag-help"),
    ]
