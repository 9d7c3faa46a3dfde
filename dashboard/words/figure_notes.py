"""The sentences that go with the headline figures of dashboard/analysis/summary.py:
period in words, small-number caution, why a rate is missing, the reoffending lag and
partly covered years. `headline_figures` is the analysis with these words added: what the
overview, slides and pack show.
"""
from __future__ import annotations

from datetime import date

from dashboard.analysis import summary
from dashboard.contract.periods import month_words, period_start, period_words
from dashboard.words.text import small_number_note

SINGULAR = {"children": "child", "sentences": "sentence",
            "children who reoffended": "child who reoffended"}
NOTES = {
    "no_population": ("No rate: there is no population figure for children looked after "
                      "or by offence, so this shows the count instead."),
    "no_complete_cohort": ("No reoffending cohort is complete yet: each needs 18 months of "
                           "follow-up after the quarter ends."),
    "no_looked_after_population": ("No rate: no looked-after population is loaded for this "
                                   "area, or a filter is on that it cannot be split by."),
}


def caution(size, noun: str) -> str | None:
    """'based on 12 children — treat with caution' (none for zero: there is no figure)."""
    if not size:
        return None
    return small_number_note(size, SINGULAR[noun] if size == 1 else noun)


def coverage_words(data_start: date | None) -> str | None:
    """A note when the year starts before the data do, so it is only partly counted."""
    if data_start is None:
        return None
    return f"The data start in {month_words(data_start)}, so this year is only partly covered."


def cohort_year_words(cohort_end: date) -> str:
    """'April 2022 – March 2023': the four quarterly cohorts pooled for a year."""
    return f"{month_words(period_start(cohort_end))} – {month_words(cohort_end)}"


def _period_words(figure: dict) -> str:
    kind, end = figure["period_kind"], figure["period_end"]
    if kind == "cohort_year":
        return f"children cautioned or sentenced {cohort_year_words(end)}"
    if kind == "no_cohort":
        return "no complete cohort yet"
    return period_words(end)


def with_words(figure: dict) -> dict:
    """The figure with its sentences: period_words, small_note, note, coverage_note."""
    words = {"period_words": _period_words(figure),
             "small_note": caution(figure.get("count"), figure["count_noun"])
             if figure.get("count_noun") else None,
             "note": NOTES.get(figure.get("note_key")),
             "coverage_note": coverage_words(figure.get("partial_from"))}
    if figure.get("note_key") == "reoffending_lag":
        end = figure["cohort_end"]
        words["note"] = ("Reoffending is followed for 12 months, plus 6 months for cases to "
                         "reach an outcome, so the latest complete year is children cautioned "
                         f"or sentenced {cohort_year_words(end)}.")
        cohorts = figure.get("cohorts") or 4
        words["coverage_note"] = (f"Only {int(cohorts)} of that year's 4 quarterly cohorts "
                                  "are in the data." if 0 < cohorts < 4 else None)
        words["cohort_year_words"] = cohort_year_words(end)
    return {**figure, **words}


def headline_figures(engine, selection, period_end: date, **options) -> list[dict]:
    """dashboard.analysis.summary.headline_figures with every sentence added."""
    return [with_words(f) for f in summary.headline_figures(engine, selection, period_end,
                                                            **options)]


def summary_rows(engine, selection, period_end: date, **options) -> list[dict]:
    """dashboard.analysis.summary.summary_rows (the table's further rows) with their words."""
    return [with_words(f) for f in summary.summary_rows(engine, selection, period_end,
                                                        **options)]


def disproportionality_headline(engine, selection, period_end: date) -> dict | None:
    found = summary.disproportionality_headline(engine, selection, period_end)
    return None if found is None else {**found, "period_words": period_words(period_end)}
