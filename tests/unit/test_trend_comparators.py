"""Which comparator lines the trend charts draw, and which authorities a split covers."""
from __future__ import annotations

from datetime import date

import pandas as pd

import dashboard.analysis.comparators as breakdowns
import dashboard.analysis.summary as summary
from dashboard.web.state import ViewState

META = {"authorities": [
    {"code": "E1", "name": "Kingsmoor", "service": "Kingsmoor YJS", "region": "East Midlands",
     "family": "Family A"},
    {"code": "E2", "name": "Fenby", "service": "Kingsmoor YJS", "region": "East Midlands",
     "family": "Family A"},
    {"code": "W1", "name": "Aberwen", "service": "Aberwen YJS", "region": "Wales",
     "family": None},
]}
PERIOD = date(2024, 3, 31)


def fake_benchmarks(monkeypatch, published=None):
    """Stand-ins for the benchmark queries; `published`: area_type -> names published for
    the period (PCC areas and statistical neighbour groups)."""
    asked = {}

    def figures(engine, indicator, period_end, area_types):
        rows = [{"area_type": t, "area_name": n, "value": 1.0}
                for t in area_types for n in (published or {}).get(t, [])]
        return pd.DataFrame(rows, columns=["area_type", "area_name", "value"])

    monkeypatch.setattr(summary, "published_figures", figures)

    def series(engine, indicator, areas):
        asked["areas"] = areas
        rows = [{"area_type": t, "area_name": n, "period_end": PERIOD, "value": 1.0}
                for t, n in sorted(areas)]  # the real query orders by area type
        return pd.DataFrame(rows, columns=["area_type", "area_name", "period_end", "value"])

    monkeypatch.setattr(breakdowns, "benchmark_series", series)
    return asked


def test_region_is_drawn_first_then_england_and_wales(monkeypatch):
    asked = fake_benchmarks(monkeypatch)
    state = ViewState(area="service:Kingsmoor YJS", compare="region")
    lines, chosen, note = breakdowns.published_lines(None, META, state.selection(None), state.compare, "fte_rate", PERIOD)
    assert chosen == [("region", "East Midlands"), ("national", "England and Wales")]
    assert asked["areas"] == tuple(chosen)
    assert set(lines["line"]) == {"East Midlands region", "England and Wales"}
    assert note == ""


def test_missing_family_falls_back_to_england_and_wales_and_says_so(monkeypatch):
    fake_benchmarks(monkeypatch)
    state = ViewState(area="service:Aberwen YJS", compare="family")
    lines, chosen, note = breakdowns.published_lines(None, META, state.selection(None), state.compare, "custody_rate", PERIOD)
    assert chosen == [("national", "England and Wales")]
    assert note == ("No comparator family applies to this selection, so England and Wales "
                    "is shown.")


META_V2 = {**META, "benchmark_area_types": ["family", "national", "pcc", "region",
                                           "statistical_neighbours"]}


def test_a_pcc_applies_when_it_is_the_only_one_published(monkeypatch):
    asked = fake_benchmarks(monkeypatch, {"pcc": ["Northshire"]})
    state = ViewState(area="service:Kingsmoor YJS", compare="pcc")
    lines, chosen, note = breakdowns.published_lines(None, META_V2, state.selection(None),
                                                     "pcc", "fte_rate", PERIOD)
    assert chosen == [("pcc", "Northshire"), ("national", "England and Wales")]
    assert asked["areas"] == tuple(chosen)
    assert set(lines["line"]) == {"Northshire (PCC area)", "England and Wales"}
    assert note == ""


def test_statistical_neighbours_are_matched_by_the_areas_names(monkeypatch):
    fake_benchmarks(monkeypatch, {"statistical_neighbours": [
        "Statistical neighbours of Aberwen", "Statistical neighbours of Kingsmoor"]})
    state = ViewState(area="la:E2", compare="statistical_neighbours")   # Fenby: no match
    _, chosen, note = breakdowns.published_lines(None, META_V2, state.selection(None),
                                                 state.compare, "fte_rate", PERIOD)
    assert chosen == [("national", "England and Wales")]
    assert note == ("No statistical neighbours figure applies to this selection, so England "
                    "and Wales is shown.")
    state = ViewState(area="service:Kingsmoor YJS", compare="statistical_neighbours")
    lines, chosen, _ = breakdowns.published_lines(None, META_V2, state.selection(None),
                                                  state.compare, "fte_rate", PERIOD)
    assert chosen[0] == ("statistical_neighbours", "Statistical neighbours of Kingsmoor")
    assert "Statistical neighbours of Kingsmoor" in set(lines["line"])


def test_names_of_comparator_lines():
    assert breakdowns.line_name("family", "Family A") == "Family A (comparator family)"
    assert breakdowns.line_name("region", "Wales") == "Wales region"
    assert breakdowns.line_name("pcc", "Northshire") == "Northshire (PCC area)"
    assert (breakdowns.line_name("statistical_neighbours", "Group 4")
            == "Group 4 (statistical neighbours)")
    assert (breakdowns.line_name("statistical_neighbours", "Kingsmoor neighbours")
            == "Kingsmoor neighbours")


def test_other_services_exclude_this_one_and_stop_at_three():
    names = ["A", "B", "C", "D", "Mine"]
    frame = pd.DataFrame({"area_name": names, "period_end": [PERIOD] * 5,
                          "rate_per_100k": [1.0, 2.0, 3.0, 4.0, 5.0]})
    lines = breakdowns.service_lines(frame, "rate_per_100k", "Mine")
    assert list(lines["line"]) == ["A", "B", "C"]


def test_authority_split_covers_the_service_of_the_area():
    assert breakdowns.authority_codes(META, ViewState(area="service:Kingsmoor YJS").selection(None)) == ["E1", "E2"]
    assert breakdowns.authority_codes(META, ViewState(area="la:E2").selection(None)) == ["E1", "E2"]
    assert breakdowns.authority_codes(META, ViewState(area="all").selection(None)) == ["E1", "E2", "W1"]


def test_service_peers_cover_every_other_service_and_the_note_says_when_some_are_left_out():
    frame = pd.DataFrame({"area_name": ["A", "B", "C", "D", "Mine"],
                          "period_end": [PERIOD] * 5, "rate_per_1000": [0.1, 0.2, 0.3, 0.4, 0.5]})
    peers = breakdowns.service_peers(frame, "rate_per_1000", "Mine", PERIOD)
    assert peers == {"A": 0.1, "B": 0.2, "C": 0.3, "D": 0.4}
    assert breakdowns.services_note(peers) == (
        "Other services' lines follow the same filters. The chart shows 3 of the 4 other "
        "services, so it has at most four lines.")
    assert breakdowns.services_note({"A": 1}) == "Other services' lines follow the same filters."
