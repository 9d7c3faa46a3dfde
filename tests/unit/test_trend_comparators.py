"""Which comparator lines the trend charts draw, and which authorities a split covers."""
from __future__ import annotations

from datetime import date

import pandas as pd

import dashboard.analysis.comparators as breakdowns
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


def fake_benchmarks(monkeypatch):
    asked = {}

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
    lines, chosen, note = breakdowns.published_lines(None, META, state.selection(None), state.compare, "fte_rate")
    assert chosen == [("region", "East Midlands"), ("national", "England and Wales")]
    assert asked["areas"] == tuple(chosen)
    assert set(lines["line"]) == {"East Midlands region", "England and Wales"}
    assert note == ""


def test_missing_family_falls_back_to_england_and_wales_and_says_so(monkeypatch):
    fake_benchmarks(monkeypatch)
    state = ViewState(area="service:Aberwen YJS", compare="family")
    lines, chosen, note = breakdowns.published_lines(None, META, state.selection(None), state.compare, "custody_rate")
    assert chosen == [("national", "England and Wales")]
    assert note == ("No comparator family applies to this selection, so England and Wales "
                    "is shown.")


def test_names_of_comparators_in_lines_and_sentences():
    assert breakdowns.line_name("family", "Family A") == "Family A (comparator family)"
    assert breakdowns.rate_name("national", "England and Wales") == "the England and Wales rate"
    assert breakdowns.rate_name("region", "Wales") == "the Wales regional rate"


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
