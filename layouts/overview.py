import dash
from dash import html

dash.register_page(__name__, path="/", name="Overview", title="Overview")


def layout(**_query):
    return html.Div([html.H1("Youth justice performance")], id="overview-page")
