"""Overview cards and summary table built from hand-made headline figures."""
from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboard.web.overview_cards import change_line, indicator_card, rag_badge, summary_html
from dashboard.analysis.summary import judged_change
from tests.unit.test_headlines import CHANCE, bench, custody, figure, frequency, ranked

RED = {"status": "red", "word": "Red", "icon": "bi-x-octagon-fill",
       "rule": "Green below 200; amber 200 to under 300; red 300 and above", "could_be": [],
       "label": "Red"}


def walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from walk(child)
    elif children is not None:
        yield from walk(children)


def text_of(component) -> str:
    return "".join(c for c in walk(component) if isinstance(c, str))


def find(component, kind):
    return [c for c in walk(component) if isinstance(c, kind)]


def with_series(data):
    data["series"] = [{"period_end": date(2023, 6, 30), "value": 200.0},
                      {"period_end": date(2023, 9, 30), "value": 195.0},
                      {"period_end": date(2024, 3, 31), "value": 187.0}]
    return data


def test_card_shows_number_unit_interval_period_change_comparators_rank_rag_and_trend():
    data = with_series(ranked(38, 155, rag=RED, unit="children per 100,000 aged 10–17",
                              label="First time entrants", lower_95=170.0, upper_95=205.0))
    data["benchmarks"]["family"] = bench("higher", 161.0, "Family A")
    data["benchmarks"]["region"] = bench("similar", 195.0, "East Midlands")
    card = indicator_card(data, "/first-time-entrants?area=service%3AX")
    words = text_of(card)
    assert "187" in words and "children per 100,000 aged 10–17" in words
    assert "95% interval 170 to 205" in words
    assert "Year to March 2024 · 45 children" in words
    assert "▼ down 12% on a year before — better (was 212)" in words
    assert "National211lower (better)" in words
    assert "Family A161higher (worse)" in words
    assert "East Midlands195similar" in words
    assert "38th of 155 services (1st = lowest) · Upper middle quartile" in words
    assert "Last 3 quarters, Jun 2023 to Mar 2024" in words
    links = [link.href for link in find(card, dcc.Link)]
    assert links == ["/first-time-entrants?area=service%3AX"] * 2
    badge = [s for s in find(card, html.Span) if "rag" in (s.className or "").split()][0]
    assert text_of(badge) == "Red" and badge.className == "rag rag-red"
    assert find(badge, html.I)[0].className == "bi bi-x-octagon-fill"
    graph = find(card, dcc.Graph)[0]
    assert graph.id == {"type": "chart-graph", "chart": "overview-spark-fte_rate"}
    assert [list(c) for c in graph.figure.data[0].customdata][-1] == ["period=2024-03-31"]


def test_card_says_could_be_chance_and_never_worse_for_a_chance_difference():
    data = figure(value=238.0, earlier=CHANCE, vs_national="similar")
    words = text_of(indicator_card(data, "/x"))
    assert "▲ up 12% on a year before — could be chance (was 212)" in words
    assert "National211similar" in words
    assert "worse" not in words and "better" not in words


def test_card_of_an_untested_figure_states_the_change_and_comparators_plainly():
    words = text_of(indicator_card(frequency(), "/x"))
    assert "▼ down 4% on a year before (was 2.78)" in words
    assert "National3.52not tested" in words


def test_card_of_an_authority_says_only_services_are_ranked():
    words = text_of(indicator_card(figure(), "/x"))
    assert "Only services are ranked nationally, so this area has no rank." in words


def test_card_of_a_service_ranked_among_loaded_services_says_so():
    words = text_of(indicator_card(ranked(2, 3, field="loaded"), "/x"))
    assert "2nd of 3 services loaded (1st = lowest) · Upper middle quartile" in words
    assert "Only the services loaded are ranked" in words


def test_rag_badge_says_what_the_interval_could_make_it():
    amber = {"status": "amber", "word": "Amber", "icon": "bi-exclamation-triangle-fill",
             "rule": "Green below 200; amber 200 to under 300; red 300 and above",
             "could_be": ["green"], "label": "Amber (could be Green)"}
    badge = rag_badge(amber)
    assert text_of(badge) == "Amber (could be Green)"
    assert "could be chance" in find(badge, html.Span)[1].title


def test_card_without_figures_says_so_in_place():
    card = indicator_card(figure(value=None, count=None, previous=None), "/x")
    assert "No figures for this selection." in text_of(card)
    assert not find(card, dcc.Graph)


def test_card_without_a_rate_shows_the_count():
    data = figure(value=None, rate_available=False, count=23, previous_count=46,
                  change=judged_change(23, 46, (33.7, 61.4)),
                  note="No rate: no population figure.")
    words = text_of(indicator_card(data, "/x"))
    assert "23 children" in words and "no rate for this filter" in words
    assert "(was 46 children)" in words
    assert "No rate: no population figure." in words


def test_card_without_a_rate_labels_its_trend_as_counts():
    data = with_series(custody(value=None, rate_available=False, count=3))
    graph = find(indicator_card(data, "/x"), dcc.Graph)[0]
    assert list(graph.figure.data[1].text) == ["187"]          # a rate would read 187.00
    assert list(graph.figure.data[0].text)[0] == "Year to Jun 2023: 200"


def test_change_line_without_a_year_before():
    assert text_of(change_line(figure(previous=None))) == (
        "No figure for a year before to compare with.")


def test_custody_card_caution_and_rag_badge_word():
    words = text_of(indicator_card(custody(), "/custody"))
    assert "based on 3 sentences — treat with caution" in words
    assert text_of(rag_badge(RED)) == "Red"
    assert "could be" not in rag_badge(RED).title


def test_summary_html_has_readable_headers_and_rag_badges():
    region = summary_html([figure(rag=RED), custody()])
    assert region.tabIndex == "0" and region.role == "region"   # scrolls by keyboard too
    table = region.children
    headers = [text_of(th) for th in find(table.children[0], html.Th)]
    assert headers[:5] == ["Indicator", "Latest", "95% interval", "Period", "Annual trend"]
    rows = find(table.children[1], html.Tr)
    assert len(rows) == 2
    assert text_of(rows[0]).startswith("fte_rate (per 100,000 aged 10–17)187–Year to March 2024")
    assert "Red" in text_of(rows[0])
    better = [s for s in find(rows[0], html.Span) if s.className == "better"]
    assert [text_of(b) for b in better] == ["▼ down 12% (better)", "▼ down 25% (better)",
                                            "Lower than 211 (better)"]


def test_change_line_from_none_and_none_twice():
    rising = custody(value=0.05, previous=0.0, count=1, change=judged_change(0.05, 0.0,
                                                                             (0.0, 0.37)))
    assert text_of(change_line(rising)) == (
        "▲ up from none a year before — could be chance (was 0.00)")
    flat = custody(value=0.0, previous=0.0, count=0, change=judged_change(0.0, 0.0,
                                                                          (0.0, 0.37)))
    assert text_of(change_line(flat)) == "↔ unchanged on a year before (was 0.00)"


def test_card_with_filters_shows_comparators_for_all_children_without_a_verdict():
    data = figure(value=61.0)
    data["benchmarks"]["national"] = {**bench(None, 171.0), "all_children": True}
    words = text_of(indicator_card(data, "/x"))
    assert "National171all children" in words
    assert "National171lower" not in words


def test_custody_card_says_how_many_children_received_the_sentences():
    words = text_of(indicator_card(custody(count=5, children=4), "/custody"))
    assert "Year to March 2024 · 5 sentences for 4 children" in words
