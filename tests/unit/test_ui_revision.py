"""A chart's Plotly `uirevision`: kept while the chart shows the same numbers (a zoom or a
hidden legend entry survives the figure being sent again, or the dark theme), changed with
anything that changes the numbers (so no zoom chosen on other numbers hides new ones)."""
import plotly.graph_objects as go

from dashboard.web.page_content import Chart
from dashboard.web.page_outputs import chart_values, ui_revision
from dashboard.web.state import ViewState

VIEW = ViewState(area="service:North YJS", period="2024-12-31")


def test_the_same_numbers_keep_the_revision_however_they_are_shown():
    first = ui_revision("fte-trend", VIEW, {"fte-measure": "rate"})
    assert first == ui_revision("fte-trend", VIEW, {"fte-measure": "rate"})
    assert first == ui_revision("fte-trend", VIEW.with_(present="1", theme="dark",
                                                        advance="30"), {"fte-measure": "rate"})


def test_anything_that_changes_the_numbers_changes_it():
    first = ui_revision("fte-trend", VIEW, {"fte-measure": "rate"})
    others = [ui_revision("fte-counts", VIEW, {"fte-measure": "rate"}),
              ui_revision("fte-trend", VIEW.with_(area="la:A1"), {"fte-measure": "rate"}),
              ui_revision("fte-trend", VIEW.with_(period="2024-09-30"), {"fte-measure": "rate"}),
              ui_revision("fte-trend", VIEW.with_(compare="region"), {"fte-measure": "rate"}),
              ui_revision("fte-trend", VIEW.with_(sex="F"), {"fte-measure": "rate"}),
              ui_revision("fte-trend", VIEW.with_(basis="all_outcomes"), {"fte-measure": "rate"}),
              ui_revision("fte-trend", VIEW, {"fte-measure": "count"}),
              ui_revision("fte-trend", VIEW, None)]
    assert len({first, *others}) == 1 + len(others)


def test_a_chart_sent_for_a_view_carries_its_revision():
    chart = Chart("fte-trend", figure=go.Figure(), title="t")
    figure = chart_values(chart, None, VIEW)[0]
    assert figure.layout.uirevision == ui_revision("fte-trend", VIEW, None)
    assert chart_values(Chart("fte-trend", figure=None, title="t"), None, VIEW)[0] is None
