"""Overview: the board summary — headline sentences with the mix of outcomes beside them (on a
wide screen), a card per indicator, the summary table."""
import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.web.components import chart_card, page_frame
from dashboard.web.pages import overview as page
from dashboard.web.registry import section

SECTION = section(page.PAGE)
SECTION_OUTCOMES = section("disposals").path


def body(state, meta):
    return [
        # First in the body, so that on a wide screen it sits beside the headline sentences
        # (assets/overview.css) and comes straight after them otherwise.
        html.Div([chart_card(page.MIX, height=250),
                  dcc.Link("More on the outcomes children received ›", id=page.MIX_LINK,
                           href=SECTION_OUTCOMES, className="overview-mix-more")],
                 className="overview-mix"),
        html.Div(id=page.FILTER_NOTE, className="overview-filter-note",
                 **{"aria-live": "polite"}),
        dcc.Loading(html.Div(id=page.CARDS, className="overview-cards"),
                    type="default", delay_show=300),
        dbc.Card(dbc.CardBody([
            html.H2(id=page.TABLE_TITLE, className="chart-title"),
            html.P(id=page.TABLE_SUBTITLE, className="chart-subtitle"),
            html.Div(id=page.TABLE),
            html.P(id=page.TABLE_NOTE, className="chart-note"),
            html.Div(dbc.Button("Download CSV", id=page.TABLE_CSV, color="secondary",
                                outline=True, size="sm", n_clicks=0),
                     className="chart-actions"),
            dcc.Store(id=page.TABLE_DATA),
            dcc.Download(id=page.TABLE_DOWNLOAD),
        ]), className="chart-card overview-summary", id="overview-summary-card"),
        html.Details([
            html.Summary("How the red, amber and green ratings are set"),
            html.Div(id=page.RAG_RULES),
        ], className="overview-rag-help"),
    ]


def layout(**query):
    return page_frame(SECTION, query, body)


dash.register_page(__name__, **SECTION.dash_page(body))
