"""Pure hardening pieces: CSV cells, file names, URL values, callback bodies, markup in
names, log records."""
from __future__ import annotations

import csv
import io
import logging

import plotly.graph_objects as go
import pytest

from dashboard.web.downloads import csv_text, neutralise, safe_filename
from dashboard.web.guard import BadCallbackRequest, check_body, truncate_record
from dashboard.web.markup import escape_figure
from dashboard.web.state import parse_values


@pytest.mark.parametrize("cell,expected", [
    ("=SUM(A1:A2)", "'=SUM(A1:A2)"), ("+1", "'+1"), ("-1", "'-1"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Kingsmoor", "Kingsmoor"), ("", ""),
    (-3, -3), (2.5, 2.5), (None, None),
])
def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(cell, expected):
    assert neutralise(cell) == expected


def test_csv_text_neutralises_cells_and_headers_but_keeps_numbers():
    text = csv_text(["=Area", "Count"], [{"=Area": "=HYPERLINK(\"x\")", "Count": -2},
                                         {"=Area": "Fenby", "Count": 7}])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["'=Area", "Count"], ["'=HYPERLINK(\"x\")", "-2"], ["Fenby", "7"]]


@pytest.mark.parametrize("name,expected", [
    ("first-time-entrants-by-sex", "first-time-entrants-by-sex"),
    ("../../etc/passwd", "etc-passwd"), (None, "chart-data"), ("", "chart-data"),
    ("a" * 500, "a" * 100), ("<script>", "script"), ({"x": 1}, "chart-data"),
])
def test_download_file_names_are_plain(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.parametrize("raw,field,expected", [
    ({"advance": ["²"]}, "advance", ""), ({"advance": ["٥١"]}, "advance", ""),
    ({"advance": ["20"]}, "advance", "20"), ({"advance": ["4"]}, "advance", ""),
    ({"period": ["0001-01-01"]}, "period", ""), ({"period": ["9999-12-31"]}, "period", ""),
    ({"period": ["٢٠٢٤-12-31"]}, "period", ""), ({"period": ["2024-12-31"]}, "period",
                                                "2024-12-31"),
    ({"area": ["x" * 5000]}, "area", ""), ({"sex": ["\x00"]}, "sex", ""),
    ({"area": [12]}, "area", ""), ({"compare": [["national"]]}, "compare", "national"),
])
def test_url_values_are_parsed_without_raising(raw, field, expected):
    assert getattr(parse_values(raw), field) == expected


class FakeOutput:
    def __init__(self, component_id, component_property):
        self.component_id, self.component_property = component_id, component_property


CALLBACKS = {
    "out.children": {"callback": object(), "output": FakeOutput("out", "children"),
                     "inputs": [{"id": "btn", "property": "n_clicks"}],
                     "state": [{"id": '{"chart":["ALL"],"type":"d"}', "property": "data"}]},
    "browser.data": {"output": FakeOutput("browser", "data"), "inputs": [], "state": []},
}


def body(**changes):
    base = {"output": "out.children", "outputs": {"id": "out", "property": "children"},
            "inputs": [{"id": "btn", "property": "n_clicks", "value": 1}],
            "state": [[{"id": {"chart": "a", "type": "d"}, "property": "data", "value": {}}]],
            "changedPropIds": ["btn.n_clicks"]}
    return {**base, **changes}


def test_a_well_formed_body_passes():
    check_body(CALLBACKS, body())


@pytest.mark.parametrize("bad", [
    None, [], body(output="nope"), body(output="browser.data"), body(inputs=[]),
    body(inputs=[{"id": "other", "property": "n_clicks", "value": 1}]),
    body(inputs=[{"id": "btn", "property": "n_clicks", "value": "1"}]),
    body(inputs=[{"id": "btn", "property": "n_clicks", "value": 10**30}]),
    body(state=[[{"id": {"chart": "a", "type": "other"}, "property": "data"}]]),
    body(state=[[{"id": {"chart": ["a"], "type": "d"}, "property": "data"}]]),
    body(state=[[{"id": {"chart": "a", "type": "d"}, "property": "data"}] * 501]),
    body(state=[{"id": {"chart": "a", "type": "d"}, "property": "data"}]),  # ALL: a list
    body(outputs={"id": "elsewhere", "property": "children"}),
    body(changedPropIds=["{not json.n_clicks"]), body(changedPropIds="btn.n_clicks"),
])
def test_malformed_bodies_are_refused(bad):
    with pytest.raises(BadCallbackRequest):
        check_body(CALLBACKS, bad)


def test_markup_in_names_is_escaped_in_figures_but_the_builders_markup_kept():
    name = "<b>Northmoor</b> & Co"
    figure = go.Figure(go.Bar(x=[name, "Fenby"], y=[1, 2], customdata=[[name], ["Fenby"]],
                              hovertemplate="<b>%{x}</b><br>%{y}<extra></extra>"))
    figure.update_layout(title=f"Rates in {name}")
    shown = escape_figure(figure, (name,)).to_plotly_json()
    escaped = "&lt;b&gt;Northmoor&lt;/b&gt; &amp; Co"
    assert list(shown["data"][0]["x"]) == [escaped, "Fenby"]
    assert shown["data"][0]["customdata"][0][0] == escaped
    assert shown["layout"]["title"]["text"] == f"Rates in {escaped}"
    assert shown["data"][0]["hovertemplate"] == "<b>%{x}</b><br>%{y}<extra></extra>"


def test_log_records_are_cut_with_their_tracebacks():
    try:
        raise ValueError("z" * 100_000)
    except ValueError as exc:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bad %s", ("y" * 100_000,),
                                   (type(exc), exc, exc.__traceback__))
    truncate_record(record, limit=500)
    assert len(record.getMessage()) < 600 and "characters cut" in record.getMessage()
    assert len(record.exc_text) < 2600 and "ValueError" in record.exc_text
