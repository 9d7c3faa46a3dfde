"""Notes written for the screen, read on paper: instructions to click, hover, tap, select or
drag are left out, the rest of each note stays word for word."""
from __future__ import annotations

import pytest

from dashboard.words.paper import for_paper, is_interactive


def test_a_sentence_that_only_tells_the_reader_to_click_is_left_out():
    note = ("Years starting before 1 January 2015 are left out. Click a quarter to select "
            "that reporting period. Source: local case management outcomes.")
    assert for_paper(note) == ("Years starting before 1 January 2015 are left out. "
                               "Source: local case management outcomes.")


def test_only_the_instruction_of_a_mixed_sentence_goes():
    note = "Each point is a rolling year; click one to report that period. Data begin in 2015."
    assert for_paper(note) == "Each point is a rolling year. Data begin in 2015."


@pytest.mark.parametrize("sentence", [
    "Hover over a bar for the count.", "Tap a line to highlight it.",
    "Select a group to show it across the page.", "Drag to zoom in.",
    "Use Show table for the figures.", "Clicking an authority filters the page.",
])
def test_every_kind_of_screen_instruction_is_left_out(sentence):
    assert for_paper(f"Fewer than 30 children. {sentence}") == "Fewer than 30 children."


def test_words_that_merely_contain_those_letters_stay():
    note = "Selected: year to December 2024. The taper of the line is gradual."
    assert for_paper(note) == note
    assert not is_interactive(note)


def test_the_table_alternative_points_at_the_printed_table():
    note = "Labels hidden where a segment is too thin to read (see the table)."
    assert for_paper(note) == ("Labels hidden where a segment is too thin to read "
                               "(see the table below).")


def test_nothing_in_nothing_out():
    assert for_paper(None) == "" and for_paper("") == ""
    assert for_paper("Click a bar to filter.") == ""
