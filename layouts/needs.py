"""Needs and outcomes: the local indicators boards return each quarter, and the tables they
know (accommodation, education, victims, board attendance, remands)."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame
from dashboard.web.pages import needs
from dashboard.web.registry import section

SECTION = section(needs.PAGE)
KINDLESS = {needs.KPI_CHARTS[k] for k in ("board_attendance", "victims_engaged",
                                          "serious_violence")}
TABLE_HEIGHT = {needs.ACCOMMODATION: 300, needs.ETE_STATUS: 380, needs.VICTIMS: 300,
                needs.BOARD: 300, needs.REMANDS: 300}


def kpi_card(chart_id: str):
    """A KPI's card: its big number and RAG, then its words (the note), then the chart."""
    card = chart_card(chart_id, height=340 if chart_id in KINDLESS else 540)
    title, subtitle, graph, note, *rest = card.children.children
    card.children.children = [title, subtitle, html.Div(id=needs.figure_id(chart_id)), note,
                              graph, *rest]
    card.className += " kpi-card"
    return card


def table_card(chart_id: str):
    """A board's table card: the chart, then the table boards know (one CSV for both)."""
    card = chart_card(chart_id, height=TABLE_HEIGHT[chart_id])
    body = card.children.children
    body[2] = html.Div([body[2], html.Div(id=needs.table_id(chart_id), className="mt-2")])
    card.className += " table-card"
    return card


def card(chart_id: str):
    if chart_id == needs.SUMMARY:
        return chart_card(chart_id, height=440)
    return table_card(chart_id) if chart_id in needs.TABLES else kpi_card(chart_id)


def body(state, meta):
    parts = [html.P(id=needs.FILTER_NOTE, className="page-note")]
    for heading, charts in needs.SECTIONS:
        if heading:
            parts.append(html.H2(heading, className="section-heading"))
        width = {"lg": 12} if len(charts) == 1 else (
            {"lg": 6, "xxl": 4} if len(charts) == 3 else {"lg": 6})
        parts.append(dbc.Row([dbc.Col(card(c), **width) for c in charts]))
    return parts


def layout(**query):
    return page_frame(SECTION, query, body)


dash.register_page(__name__, **SECTION.dash_page(body))
