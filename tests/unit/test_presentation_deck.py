"""Dark-room recolouring of slide figures and the deck's links."""
from __future__ import annotations

from dashboard.web.presentation import SLIDE_KEYS, exit_href, for_dark_room
from dashboard.web.state import ViewState


def test_dark_room_lightens_lines_and_text_but_keeps_bar_fills():
    figure = {
        "data": [
            {"type": "scatter", "line": {"color": "#12436D"}, "textfont": {"color": "#0B0C0C"}},
            {"type": "bar", "marker": {"color": "#12436D"}, "textfont": {"color": "white"}},
        ],
        "layout": {"annotations": [{"font": {"color": "#505A5F"}, "bgcolor": "white"}],
                   "paper_bgcolor": "#0B0C0C", "font": {"color": "#0B0C0C"}},
    }
    dark = for_dark_room(figure)
    assert dark["data"][0]["line"]["color"] == "#8FC3EA"
    assert dark["data"][0]["textfont"]["color"] == "#FFFFFF"
    assert dark["data"][1]["marker"]["color"] == "#12436D"      # bar fill kept
    assert dark["data"][1]["textfont"]["color"] == "white"      # its label kept
    assert dark["layout"]["annotations"][0] == {"font": {"color": "#C8CCCE"},
                                                "bgcolor": "#0B0C0C"}
    assert dark["layout"]["paper_bgcolor"] == "#0B0C0C"
    assert dark["layout"]["font"]["color"] == "#FFFFFF"
    assert figure["data"][0]["line"]["color"] == "#12436D"      # input untouched


def test_exit_link_keeps_filters_and_drops_presentation_flags():
    state = ViewState(area="service:A YJS", sex="F", present="1", theme="dark", advance="20")
    href = exit_href("/custody", state)
    assert href.startswith("/custody?")
    assert "sex=F" in href and "area=service%3AA+YJS" in href
    assert "present" not in href and "theme" not in href and "advance" not in href


def test_deck_has_the_headline_then_each_indicator_then_disproportionality():
    assert SLIDE_KEYS[0] == "overview" and SLIDE_KEYS[-2:] == ["disproportionality", "needs"]
    assert {"fte", "reoffending", "custody"} <= set(SLIDE_KEYS)
    # each national indicator's funnel plot against every service follows its slide
    for key in ("fte", "reoffending", "custody"):
        assert SLIDE_KEYS[SLIDE_KEYS.index(key) + 1] == f"{key}-funnel"
