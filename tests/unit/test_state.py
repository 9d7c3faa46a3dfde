"""The view state in the URL: parsed defensively, written back without noise."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

import pytest

from callbacks.shell import clicked_filter
from dashboard.web.state import ViewState, parse_values, resolve_state

META = {
    "services": ["Alpha YJS", "Beta YJS"],
    "authorities": [{"code": "E1", "name": "Alpha", "service": "Alpha YJS"},
                    {"code": "E2", "name": "Beta", "service": "Beta YJS"}],
    "period_ends": [date(2024, 3, 31), date(2024, 6, 30)],
    "latest_period": date(2024, 6, 30),
    "offence_groups": ["Theft", "Robbery"],
}


def from_url(search: str) -> ViewState:
    """The view of an address's query string, as the filter bar's values are parsed."""
    return parse_values(parse_qs(search.lstrip("?"), max_num_fields=50))


def test_a_full_query_round_trips():
    state = from_url("?area=service%3AAlpha+YJS&period=2024-03-31&compare=family&sex=F"
                        "&age=15-17&ethnicity=Black&looked_after=Y&tier=custody&offence=Theft")
    assert (state.level, state.area_code, state.period_end) == ("service", "Alpha YJS",
                                                                  date(2024, 3, 31))
    cohort = state.cohort
    assert (cohort.sex, cohort.age_band, cohort.ethnicity, cohort.looked_after, cohort.tier,
            cohort.offence_group) == ("F", "15-17", "Black", True, "custody", "Theft")
    assert from_url(state.to_query()) == state


@pytest.mark.parametrize("search", [
    "", "?", "%%%&&==", "?area=nonsense&period=2024-02-30&sex=X&age=9-99&compare=moon"
    "&ethnicity=Martian&looked_after=maybe&tier=prison&present=yes&advance=1&theme=neon",
    "?period=" + "9" * 500, "?sex=F&sex=M",
])
def test_malformed_values_fall_back_to_defaults(search):
    state = from_url(search)
    assert state.area in ("", ) and state.period_end is None
    assert state.compare == "national"
    assert state.cohort.active() in ({}, {"sex": "F"})
    assert not state.present and not state.theme and not state.advance


@pytest.mark.parametrize("values", [None, ["not", "a", "string"], {"x": 1}, 42])
def test_values_that_are_not_strings_are_ignored(values):
    assert parse_values({"area": values, "sex": values, "period": values}) == ViewState()


def test_defaults_come_from_what_is_loaded():
    state = resolve_state({"area": "service:Nope", "period": "1999-03-31",
                           "offence": "Arson"}, META)
    assert state.area == "service:Alpha YJS"
    assert state.period == "2024-06-30"
    assert state.offence == ""
    assert resolve_state({"area": "la:E2", "period": "2024-03-31"}, META).area == "la:E2"


def test_national_comparator_is_left_out_of_links():
    assert ViewState(area="all").to_query() == "?area=all"
    assert ViewState().to_query() == ""


@pytest.mark.parametrize("click,expected", [
    ({"points": [{"customdata": ["sex=F", 3]}]}, ("sex", "F")),
    ({"points": [{"customdata": "period=2024-03-31"}]}, ("period", "2024-03-31")),
    ({"points": [{"customdata": ["area=la:E1"]}]}, ("area", "la:E1")),
    ({"points": [{"customdata": ["sex=Q"]}]}, None),           # not a valid value
    ({"points": [{"customdata": ["present=1"]}]}, None),       # not a clickable filter
    ({"points": [{}]}, None), ({"points": []}, None), (None, None), ("junk", None),
    ({"points": "x"}, None),
])
def test_chart_clicks_become_filters_only_when_valid(click, expected):
    assert clicked_filter(click) == expected


@pytest.mark.parametrize("search, basis", [
    ("?basis=all_outcomes", "all_outcomes"), ("?basis=national", "national"), ("", "national"),
    ("?basis=ALL_OUTCOMES", "national"), ("?basis=other", "national"),
    ("?basis=" + "x" * 500, "national")])
def test_the_reoffending_basis_is_parsed_safely(search, basis):
    assert from_url(search).basis == basis


def test_the_basis_is_written_only_when_not_the_national_definition():
    state = from_url("?area=all&basis=all_outcomes")
    assert state.to_query() == "?area=all&basis=all_outcomes"
    assert from_url(state.to_query()) == state
    assert state.with_(basis="national").to_query() == "?area=all"
    assert ViewState.from_dict({"basis": "all_outcomes"}).basis == "all_outcomes"
    assert ViewState.from_dict({"basis": "<script>"}).basis == "national"
