"""What board members may see (dashboard/web/disclosure.py), without a database."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest
from dash import html

from dashboard.web.disclosure import (allowed_view, column_kinds, scrub_text,
                                      suppress_content, suppress_html_table, suppress_table,
                                      table_spec)
from dashboard.web.page_content import Chart, PageContent, table_payload
from dashboard.web.state import ViewState

META = {"authorities": [
    {"code": "A1", "name": "Ayton", "service": "North YJS"},
    {"code": "A2", "name": "Beeton", "service": "North YJS"},
    {"code": "C1", "name": "Ceeton", "service": "South YJS"}]}
BOARD = {"can_filter": False, "unsuppressed": False}


@pytest.mark.parametrize("text,expected", [
    ("Children received 1 custodial sentence in the year (0.04 per 1,000 children), "
     "below the national rate of 0.10.",
     "Children received fewer than 5 custodial sentences in the year ([c] per 1,000 "
     "children), below the national rate of 0.10."),
    ("2 children committed 27.0% of the 37 reoffences.",
     "fewer than 5 children committed [c] of the 37 reoffences."),
    ("52 children entered, 11% more than a year before.",
     "52 children entered, 11% more than a year before."),       # nothing small: unchanged
    ("Aged 10–14: 0 of 24 children", "Aged 10–14: 0 of 24 children"),  # 0 and ranges kept
    ("Year to December 2024 · 3 children", "Year to December 2024 · fewer than 5 children"),
    ("1 child from minority ethnic groups", "fewer than 5 children from minority ethnic groups"),
    ("4.5 children per 1,000", "4.5 children per 1,000"),          # a rate, not a count
    ("within 3 months", "within 3 months"),
    # "N of M noun": N counts the noun too (the children in care, the local indicators).
    ("3 of the 345 children aged 10–17 in care (0.9%) were cautioned",
     "fewer than 5 of the 345 children aged 10–17 in care ([c]) were cautioned"),
    ("Latest quarter, October to December 2024: 2 of 17 victims — 11.8%.",
     "Latest quarter, October to December 2024: fewer than 5 of 17 victims — [c]."),
    ("41 of 52 children ended their order in suitable accommodation — 78.8%",
     "41 of 52 children ended their order in suitable accommodation — 78.8%"),
    ("3 of 8 local indicators were green", "3 of 8 local indicators were green"),
    # a small part of a whole, the noun after the whole (the needs page's remands sentence)
    ("1 of the 2 remands to youth detention that ended did not lead to custody (50.0%).",
     "some of the fewer than 5 remands to youth detention that ended did not lead to "
     "custody ([c])."),
    ("3 of the 12 children reoffended (25.0%).",
     "fewer than 5 of the 12 children reoffended ([c])."),
    ("2 out of 40 children in care", "fewer than 5 out of 40 children in care"),
    ("60.0% (3 of 5) ended in suitable accommodation",
     "[c] (fewer than 5 of 5) ended in suitable accommodation"),
    ("2 of 40 had no accommodation recorded", "fewer than 5 of 40 had no accommodation recorded"),
    ("The one youth detention remand that ended", "The fewer than 5 youth detention remands "
                                                  "that ended"),
    ("92.4% (502 of 543) of children", "92.4% (502 of 543) of children"),
    ("4 of the 5 stages were significant.", "4 of the 5 stages were significant."),
    ("one of the highest rates", "one of the highest rates"),
    ("Based on 4 sentences: one sentence more or fewer moves the rate a lot.",
     "Based on fewer than 5 sentences: one sentence more or fewer moves the rate a lot."),
])
def test_small_counts_in_words(text, expected):
    assert scrub_text(text, 5) == expected


def test_columns_are_recognised_by_their_headers():
    columns = ["Rolling 12 months ending", "Children entering (count)",
               "Children aged 10–17 (population)", "Rate per 100,000",
               "England and Wales (rate per 100,000)", "% of children aged 10–17",
               "Months since index outcome", "Custodial sentences (Kingsmoor YJS)",
               "Reoffences per child who reoffended", "Mystery number", "Mystery share"]
    rows = [{c: 1 for c in columns} | {"Rolling 12 months ending": "31 Mar 2024",
                                       "Mystery share": 1.5}]
    assert column_kinds(columns, rows) == {
        "Rolling 12 months ending": "label", "Children entering (count)": "count",
        "Children aged 10–17 (population)": "population", "Rate per 100,000": "derived",
        "England and Wales (rate per 100,000)": "external",
        "% of children aged 10–17": "population", "Months since index outcome": "label",
        "Custodial sentences (Kingsmoor YJS)": "count",
        "Reoffences per child who reoffended": "derived",
        # no rule knows them: whole numbers are counts (small ones hidden), others derived
        "Mystery number": "count", "Mystery share": "derived"}


def test_totals_are_found_in_the_figures_themselves():
    # Ended = Suitable + Unsuitable + Not recorded in every row, so those three are a
    # partition: the 2 hides, and the next smallest (6) with it.
    rows = [{"Kind": "Prevention", "Ended": 20, "Suitable": 12, "Unsuitable": 6,
             "Not recorded": 2},
            {"Kind": "Custody", "Ended": 30, "Suitable": 10, "Unsuitable": 10,
             "Not recorded": 10}]
    data, _ = suppress_table({"columns": list(rows[0]), "rows": rows}, 5)
    assert [list(r.values())[1:] for r in data["rows"]] == [[20, 12, "[c]", "<5"],
                                                            [30, 10, 10, 10]]
    # beside a Total row the other rows are a partition of each column
    rows = [{"Status": "In school", "n": 30}, {"Status": "Working", "n": 3},
            {"Status": "Neither", "n": 9}, {"Status": "Total", "n": 42}]
    data, _ = suppress_table({"columns": ["Status", "n"], "rows": rows}, 5)
    assert [r["n"] for r in data["rows"]] == [30, "<5", "[c]", 42]


def test_a_breakdown_is_a_partition_per_period_and_a_trend_is_not():
    rows = [{"Group": "Boys", "Period": "2024", "Children": 3}]
    assert table_spec(["Group", "Period", "Children"], rows).blocks == ("Period",)
    rows = [{"Rolling 12 months ending": "2024", "Children": 3}]
    assert table_spec(["Rolling 12 months ending", "Children"], rows).blocks is None


def test_board_members_get_no_cohort_filters_and_only_whole_services():
    state = ViewState(area="la:A2", sex="F", offence="Theft", compare="services")
    assert allowed_view(state, META, **BOARD) == ViewState(area="service:North YJS")
    assert allowed_view(ViewState(area="all"), META, **BOARD).area == "service:North YJS"
    assert allowed_view(ViewState(area="all"), META, **BOARD, scope=("C1",)).area == \
        "service:South YJS"
    assert allowed_view(ViewState(area="service:North YJS"), META, **BOARD,
                        scope=("C1",)).area == "service:South YJS"


def test_managers_keep_their_filters_and_areas():
    state = ViewState(area="la:A2", sex="F", compare="services")
    assert allowed_view(state, META, can_filter=True, unsuppressed=True) == state


def test_a_suppressed_chart_loses_the_hidden_points_its_title_and_drill():
    frame_rows = [{"Group": "Boys", "Period": "2024", "Children entering (count)": 40,
                   "% of children entering": 90.9},
                  {"Group": "Girls", "Period": "2024", "Children entering (count)": 4,
                   "% of children entering": 9.1}]
    import pandas as pd
    data = table_payload(pd.DataFrame(frame_rows), "x", drill={"kind": "fte"})
    chart = Chart("fte-sex", go.Figure(go.Bar(y=[40, 4])), "Boys 40, girls 4", "", "", data)
    content = suppress_content(PageContent("fte", charts=[chart],
                                           headlines=["4 girls entered."]), 5,
                               {"fte-sex": "by sex"})
    shown = content.charts[0]
    assert [r["Children entering (count)"] for r in shown.data["rows"]] == ["[c]", "<5"]
    assert shown.data["drill"] is None and shown.title == "By sex"
    assert list(shown.figure.data[0].y) == [None, None]  # 4, and the 40 protecting it
    assert "left out of the chart" in shown.note
    assert content.headlines == ["fewer than 5 girls entered."]


def test_a_figure_is_replaced_when_its_text_would_still_tell():
    import pandas as pd
    rows = [{"Group": "Boys", "Children": 40}, {"Group": "Girls", "Children": 4}]
    figure = go.Figure(go.Bar(y=[44]))  # one bar: the total, not the rows
    figure.add_annotation(text="40 boys and 4 girls")   # redacted: numbers cut out
    figure.update_layout(title="Boys 40")
    data = table_payload(pd.DataFrame(rows), "x")
    shown = suppress_content(PageContent("p", charts=[Chart("c", figure, "", "", "", data)]),
                             5).charts[0]
    layout = shown.figure.to_plotly_json()["layout"]
    assert layout["annotations"][0]["text"] == "[c] boys and fewer than 5 girls"
    assert layout["title"]["text"] == "Boys [c]"
    figure.add_trace(go.Bar(y=[1, 2], text=["a", "b"], hovertext=["x", "y"]))
    figure.data[1].update(hovertemplate="%{y}")
    figure.update_traces(selector=0, text=["40 in all"])
    shown = suppress_content(PageContent("p", charts=[Chart("c", figure, "", "", "", data)]),
                             5).charts[0]
    assert list(shown.figure.data[0].y) == [None]  # its only point said "40"


def test_an_html_table_of_counts_is_suppressed_with_its_total_protected():
    def row(*cells):
        return html.Tr([html.Th(cells[0])] + [html.Td(c) for c in cells[1:]])
    table = html.Table([html.Thead(html.Tr([html.Th("Outcome"), html.Th("Disposals"),
                                            html.Th("%")])),
                        html.Tbody([row("Fine", "3", "2.0%"), row("Caution", "60", "40.0%"),
                                    row("Order", "87", "58.0%"), row("Total", "150", "100%")])])
    assert suppress_html_table(table, 5)
    cells = [[c.children for c in tr.children] for tr in table.children[1].children]
    assert cells == [["Fine", "<5", "[c]"], ["Caution", "[c]", "[c]"],
                     ["Order", "87", "58.0%"], ["Total", "150", "100%"]]


def test_a_count_hidden_in_a_rows_words_hides_its_interval_too():
    # The overview's summary table is all words: a custody rate with 3 sentences becomes
    # "[c] (fewer than 5 sentences)", and its 95% interval (exact Poisson from the count,
    # so it would give the count away) is withheld with it; a row with no small count stays.
    data = {"columns": ["Indicator", "Latest", "95% interval"],
            "rows": [{"Indicator": "Use of custody", "Latest": "0.07 (3 sentences)",
                      "95% interval": "0.01 to 0.20"},
                     {"Indicator": "First time entrants", "Latest": "318",
                      "95% interval": "267 to 376"}]}
    shown, _ = suppress_table(data, 5)
    assert shown["rows"][0] == {"Indicator": "Use of custody",
                                "Latest": "[c] (fewer than 5 sentences)",
                                "95% interval": "[c] to [c]"}
    assert shown["rows"][1] == data["rows"][1]
