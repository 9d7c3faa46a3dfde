"""The page pattern without a database: PageContent's one error wrapper, the mapping of a
page's content to its callback's outputs, the registry of pages and the URL's keys."""
from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest
from dash import html

from dashboard.web import registry
from dashboard.web.page_content import (EMPTY_TITLE, FAILED_MESSAGE, FAILED_TITLE,
                                        UNAVAILABLE, Chart, Failure, NothingToShow,
                                        PageContent, table_payload)
from dashboard.web.page_outputs import CHART_PARTS, PageOutputs, chart_key
from dashboard.web.state import URL_KEYS, ViewState
from dashboard.words.text import day_mon_year, day_month_year, day_month_year_time

PAGE = SimpleNamespace(PAGE="demo", CHARTS={"demo-a": "first", "demo-b": "second"})


def drawn(title="A title"):
    return Chart(figure=go.Figure(), title=title, subtitle="Sub", note="Note",
                 data={"rows": []})


def message_of(chart: Chart) -> str:
    return chart.figure.layout.annotations[0].text.replace("<br>", " ")


def test_a_drawn_chart_takes_its_id():
    content = PageContent("demo")
    content.draw("demo-a", drawn, "Rates fell")
    assert [(c.chart_id, c.title, c.failed) for c in content.charts] == [
        ("demo-a", "Rates fell", False)]
    assert content.failures == []


def test_nothing_to_show_is_an_empty_state_not_a_failure():
    def empty():
        raise NothingToShow("No children entered.", title="By sex")

    def lookup():
        raise LookupError("No periods are loaded.")
    content = PageContent("demo")
    content.draw("demo-a", empty)
    content.draw("demo-b", lookup)
    a, b = content.charts
    assert (a.title, message_of(a), a.failed) == ("By sex", "No children entered.", False)
    assert (b.title, message_of(b)) == (EMPTY_TITLE, "No periods are loaded.")
    assert content.failures == []


def test_a_failing_chart_says_so_and_is_recorded():
    def broken():
        raise ZeroDivisionError
    content = PageContent("demo")
    content.draw("demo-a", broken)
    content.draw("demo-b", drawn)
    failed = content.chart("demo-a")
    assert failed.failed and failed.title == FAILED_TITLE and failed.data is None
    assert message_of(failed) == FAILED_MESSAGE
    assert content.failures == [Failure("demo", "demo-a", "ZeroDivisionError")]
    assert not content.chart("demo-b").failed


def test_only_the_wanted_charts_are_drawn():
    calls = []
    content = PageContent("demo", wanted={"demo-b"})
    content.draw("demo-a", lambda: calls.append("a") or drawn())
    content.draw("demo-b", lambda: calls.append("b") or drawn())
    content.empty("demo-a", "Nothing")
    assert calls == ["b"] and [c.chart_id for c in content.charts] == ["demo-b"]


def test_attempt_keeps_the_page_when_a_part_fails():
    content = PageContent("demo")
    assert content.attempt("the sentence", lambda: 1 / 0) is None
    assert content.attempt("the panel", lambda x: x * 2, 21) == 42
    assert content.failures == [Failure("demo", "the sentence", "ZeroDivisionError")]


def test_say_puts_one_message_in_place_of_the_headlines_and_every_chart():
    content = PageContent("demo").say("No outcomes for Alpha.", ["demo-a", "demo-b"])
    assert content.sentences == ["No outcomes for Alpha."]
    assert [(c.chart_id, c.title, message_of(c)) for c in content.charts] == [
        ("demo-a", EMPTY_TITLE, "No outcomes for Alpha."),
        ("demo-b", EMPTY_TITLE, "No outcomes for Alpha.")]
    assert isinstance(content.headline_component(), html.P)


def test_a_page_that_could_not_be_built():
    content = PageContent.unavailable("demo", ["demo-a", "demo-b"], KeyError("x"))
    assert content.message == UNAVAILABLE
    assert all(c.failed and c.title == FAILED_TITLE for c in content.charts)
    assert [f.part for f in content.failures] == ["demo-a", "demo-b"]
    without_charts = PageContent.unavailable("overview", [], KeyError("x"))
    assert without_charts.failures == [Failure("overview", "the page", "KeyError")]


def test_headlines_render_as_a_list_unless_the_page_draws_its_own():
    content = PageContent("demo", headlines=["One.", "Two."])
    block = content.headline_component()
    assert isinstance(block, html.Ul) and [li.children for li in block.children] == ["One.",
                                                                                    "Two."]
    own = html.Div("mine")
    assert PageContent("demo", headline_block=own).headline_component() is own


def test_outputs_are_the_headlines_the_extras_then_each_charts_parts():
    outputs = PageOutputs(PAGE, extras=(("demo-note", "children"),
                                        ("demo-table-data", "data"))).outputs()
    ids = [(o.component_id, o.component_property) for o in outputs]
    assert ids[:3] == [("demo-headlines", "children"), ("demo-note", "children"),
                       ("demo-table-data", "data")]
    assert ids[3:] == [(chart_key(part, chart), prop) for chart in ("demo-a", "demo-b")
                       for part, prop in CHART_PARTS]


def test_values_follow_the_outputs_and_a_missing_chart_shows_as_a_failure():
    content = PageContent("demo", headlines=["One."], extras={"demo-note": "A note."})
    content.draw("demo-a", drawn, "Rates fell")
    values = PageOutputs(PAGE, extras=(("demo-note", "children"),
                                       ("demo-other", "children"))).values(content)
    assert len(values) == 1 + 2 + 5 * 2
    headline, note, other, *charts = values
    assert isinstance(headline, html.Ul) and note == "A note." and other is None
    figure, title, subtitle, text, data = charts[:5]
    assert (title, subtitle, text, data) == ("Rates fell", "Sub", "Note", {"rows": []})
    assert charts[6] == FAILED_TITLE and charts[9] is None


def test_table_payload_shows_dates_without_leading_zeros():
    import pandas as pd
    frame = pd.DataFrame({"period_end": [date(2024, 3, 1)], "count": [3],
                          "rate": [float("nan")]})
    data = table_payload(frame, "demo", {"period_end": "Period", "count": "Count",
                                         "rate": "Rate"}, drill={"kind": "fte"})
    assert data == {"filename": "demo", "columns": ["Period", "Count", "Rate"],
                    "rows": [{"Period": "1 Mar 2024", "Count": 3, "Rate": None}],
                    "drill": {"kind": "fte"}}


def test_dates_in_words_on_any_platform():
    assert day_month_year(date(2024, 12, 1)) == "1 December 2024"
    assert day_mon_year(date(2024, 3, 9)) == "9 Mar 2024"
    assert day_month_year_time(datetime(2024, 1, 5, 9, 30)) == "5 January 2024 at 09:30"
    assert day_month_year(None) == day_mon_year(None) == day_month_year_time(None) == "–"


# --- the registry -------------------------------------------------------------------------

def test_every_page_is_listed_once_in_order():
    keys = [s.key for s in registry.SECTIONS]
    assert keys == ["overview", "fte", "reoffending", "custody", "disposals",
                    "disproportionality", "needs", "about"]
    assert len({s.path for s in registry.SECTIONS}) == len(keys)
    assert [s.key for s in registry.SLIDES] == keys[:-1]
    assert [s.key for s in registry.PACK] == keys[1:-1]


@pytest.mark.parametrize("section", [s for s in registry.SECTIONS if s.module],
                         ids=lambda s: s.key)
def test_each_section_names_a_page_module_with_its_charts(section):
    page = section.page
    assert page.PAGE == section.key and callable(page.build)
    assert all(chart.startswith(f"{section.key}-") for chart in page.CHARTS)
    if section.slide_chart:
        assert section.slide_chart in page.CHARTS
    for part in section.pack:
        assert part.charts is None or set(part.charts) <= set(page.CHARTS)


def test_dash_page_arguments_come_from_the_section():
    fte = registry.section("fte")
    assert fte.dash_page() == {"path": "/first-time-entrants", "name": "First time entrants",
                               "title": "First time entrants – Youth justice performance",
                               "order": 1, "section": "fte", "body": None}


def test_indicators_link_to_their_pages():
    assert registry.path_for_indicator("fte_rate") == "/first-time-entrants"
    assert registry.path_for_indicator("reoffences_per_reoffender") == "/reoffending"
    assert registry.path_for_indicator("custody_rate") == "/custody"


def test_the_url_keys_are_the_view_states_fields():
    assert URL_KEYS == tuple(f.name for f in fields(ViewState))
    state = ViewState(area="all", sex="F", compare="family", present="1")
    assert state.to_query() == "?area=all&compare=family&sex=F&present=1"


def test_table_payload_cells_are_python_values_with_gaps_as_none():
    import numpy as np
    import pandas as pd
    frame = pd.DataFrame({"when": [date(2024, 6, 30), None],
                          "n": np.array([4, 7], dtype="int64"),
                          "share": [12.5, float("nan")],
                          "flag": [True, False],
                          "mixed": pd.Series([np.int64(2), "none"], dtype=object),
                          "hidden": ["x", "y"]})
    data = table_payload(frame, "demo", {"when": "When", "n": "Children", "share": "%",
                                         "flag": "Small", "mixed": "Mixed"})
    assert data["columns"] == ["When", "Children", "%", "Small", "Mixed"]
    assert data["rows"] == [
        {"When": "30 Jun 2024", "Children": 4, "%": 12.5, "Small": True, "Mixed": 2},
        {"When": None, "Children": 7, "%": None, "Small": False, "Mixed": "none"}]
    assert [type(v) for v in data["rows"][0].values()] == [str, int, float, bool, int]


def test_table_payload_without_headers_keeps_every_column_in_order():
    import pandas as pd
    data = table_payload(pd.DataFrame({"b": [1], "a": ["x"]}), "demo")
    assert data["columns"] == ["b", "a"] and data["rows"] == [{"b": 1, "a": "x"}]
    assert table_payload(pd.DataFrame({"b": []}), "demo")["rows"] == []
