"""Headline sentences and summary-table words from hand-built headline figures."""
from __future__ import annotations

from datetime import date

import pytest

from dashboard.words.headlines import (comparison_phrase, custody_sentence,
                                 disproportionality_sentence, fte_sentence, frequency_sentence,
                                 headline_sentences, nobody_counted, ordinal, rank_text,
                                 reoffending_sentence, summary_table, summary_title)
from dashboard.analysis.comparisons import change_words, compare_words, judgement_vs
from dashboard.words.text import small_number_note

GREEN = {"status": "green", "word": "Green", "icon": "bi-check-circle-fill", "rule": "x"}
UNITS = {"fte_rate": "per 100,000 aged 10–17", "custody_rate": "per 1,000 aged 10–17",
         "reoffending_binary_rate": "% within 12 months",
         "reoffences_per_reoffender": "average"}


def bench(value, benchmark, name="England and Wales"):
    return {"name": name, "value": benchmark, "position": compare_words(value, benchmark),
            "judgement": judgement_vs(value, benchmark)}


def figure(indicator="fte_rate", value=187.0, previous=212.5, three=250.0, national=211.0,
           count=45, noun="children", **extra) -> dict:
    """A headline figure shaped like dashboard.analysis.summary's output."""
    result = {
        "indicator": indicator, "label": indicator, "unit": "unit",
        "short_unit": UNITS[indicator], "value": value,
        "period_end": date(2024, 3, 31), "period_words": "year to March 2024",
        "previous": previous, "three_years_ago": three,
        "change": change_words(value, previous), "trend_3y": change_words(value, three),
        "rate_available": True, "count": count, "count_noun": noun,
        "small_note": small_number_note(count, noun) if count else None,
        "previous_count": None, "series": [], "rank": None, "rank_of": None,
        "rank_tied": False, "rank_noun": "services", "quartile": None, "note": None,
        "rag": GREEN,
        "benchmarks": {} if national is None else {"national": bench(value, national)},
    }
    result.update(extra)
    return result


def reoffending(value=27.5, previous=30.1, national=32.9, count=135, **extra):
    return figure("reoffending_binary_rate", value, previous, None, national, count,
                  cohort_year_words="April 2022 – March 2023",
                  period_words="children cautioned or sentenced April 2022 – March 2023",
                  **extra)


# --- FTE ---------------------------------------------------------------------------------

def test_fte_sentence_names_number_period_direction_and_comparison():
    assert fte_sentence(figure()) == (
        "187 children per 100,000 entered the justice system for the first time in the year "
        "to March 2024, 12% fewer than a year before (better) and below the national rate "
        "of 211 (better).")


def test_fte_rise_is_worse_and_above_national_is_worse():
    assert fte_sentence(figure(value=238.0, previous=212.5, national=211.0)) == (
        "238 children per 100,000 entered the justice system for the first time in the year "
        "to March 2024, 12% more than a year before (worse) and above the national rate "
        "of 211 (worse).")


def test_fte_no_change_and_in_line_with_national():
    sentence = fte_sentence(figure(value=211.4, previous=211.0, national=210.0))
    assert sentence == (
        "211 children per 100,000 entered the justice system for the first time in the year "
        "to March 2024, about the same as a year before and in line with the national rate "
        "of 210.")


def test_fte_without_a_year_before_or_comparators_states_what_it_can():
    sentence = fte_sentence(figure(previous=None, national=None))
    assert sentence == ("187 children per 100,000 entered the justice system for the first "
                        "time in the year to March 2024.")


def test_fte_small_numbers_get_a_caution():
    sentence = fte_sentence(figure(count=12))
    assert sentence.endswith("(better). Based on 12 children — treat with caution.")


def test_a_partly_covered_year_is_flagged():
    data = figure(previous=None, national=None,
                  coverage_note="The data start in January 2015, so this year is only partly "
                                "covered.")
    assert fte_sentence(data).endswith(
        "March 2024. The data start in January 2015, so this year is only partly covered.")


def test_fte_without_a_rate_gives_the_count_and_says_why():
    data = figure(value=None, previous=None, rate_available=False, count=23,
                  change=change_words(23, 46))
    assert fte_sentence(data) == (
        "23 children entered the justice system for the first time in the year to March "
        "2024, 50% fewer than a year before (better). There is no rate: no population figure "
        "exists for this filter.")


def test_fte_none_entered():
    data = figure(value=None, previous=None, rate_available=False, count=0,
                  change=change_words(0, 0))
    assert fte_sentence(data).startswith(
        "No child entered the justice system for the first time in the year to March 2024.")


def test_nobody_counted():
    assert nobody_counted([figure(count=0), custody(count=None), reoffending(count=0,
                                                                            cohort_size=0)])
    assert not nobody_counted([figure(count=0), reoffending(count=5, cohort_size=5)])


def test_missing_chosen_comparator_falls_back_to_national():
    data = figure()
    assert comparison_phrase(data, "family") == "below the national rate of 211 (better)"


def test_chosen_comparator_is_used_when_present():
    data = figure()
    data["benchmarks"]["family"] = bench(187.0, 161.0, "Family A")
    assert comparison_phrase(data, "family") == (
        "above the comparator family's rate of 161 (worse)")
    data["benchmarks"]["region"] = bench(187.0, 195.0, "East Midlands")
    assert comparison_phrase(data, "region") == "below the East Midlands rate of 195 (better)"


@pytest.mark.parametrize("rank, total, tied, expected", [
    (1, 3, False, "the lowest of 3 services loaded"),
    (3, 3, False, "the highest of 3 services loaded"),
    (2, 3, False, "the 2nd lowest of 3 services loaded"),
    (1, 3, True, "the joint lowest of 3 services loaded"),
    (2, 3, True, "the joint 2nd lowest of 3 services loaded"),
])
def test_services_comparison_uses_rank(rank, total, tied, expected):
    data = figure(rank=rank, rank_of=total, rank_tied=tied)
    assert comparison_phrase(data, "services") == expected


def test_services_comparison_without_rank_falls_back_to_national():
    assert comparison_phrase(figure(), "services") == "below the national rate of 211 (better)"


# --- custody -------------------------------------------------------------------------------

def custody(value=0.14, previous=0.20, count=3, **extra):
    return figure("custody_rate", value, previous, None, 0.10, count, "sentences", **extra)


def test_custody_sentence_gives_rate_and_count_and_cautions_small_numbers():
    assert custody_sentence(custody()) == (
        "Children received 3 custodial sentences in the year to March 2024 (0.14 per 1,000 "
        "children), a rate 30% lower than a year before (better) and above the national rate "
        "of 0.10 (worse). Based on 3 sentences — treat with caution.")


def test_custody_single_sentence_is_singular():
    assert custody_sentence(custody(count=1)).startswith(
        "Children received 1 custodial sentence in the year")


def test_custody_none_this_year_compares_counts():
    data = custody(value=0.0, previous=0.09, count=0, previous_count=2)
    assert custody_sentence(data) == (
        "No child was sentenced to custody in the year to March 2024, down from 2 custodial "
        "sentences a year before (better) and below the national rate of 0.10 (better).")


def test_custody_none_in_either_year():
    data = custody(value=0.0, previous=0.0, count=0, previous_count=0,
                   change=change_words(0.0, 0.0))
    assert custody_sentence(data).startswith(
        "No child was sentenced to custody in the year to March 2024, the same as the year "
        "before and")


def test_custody_up_from_none():
    data = custody(value=0.05, previous=0.0, count=1, previous_count=0,
                   change=change_words(0.05, 0.0))
    assert "up from none a year before (worse)" in custody_sentence(data)


# --- reoffending --------------------------------------------------------------------------

def test_reoffending_sentence_names_the_cohort_year():
    assert reoffending_sentence(reoffending()) == (
        "27.5% of children cautioned or sentenced April 2022 – March 2023 reoffended within "
        "12 months (the latest complete year), down from 30.1% a year earlier (better) and "
        "below the national rate of 32.9% (better).")


def test_reoffending_rise_is_worse_and_small_cohort_is_flagged():
    sentence = reoffending_sentence(reoffending(value=33.3, previous=25.0, count=12))
    assert "up from 25.0% a year earlier (worse)" in sentence
    assert "above the national rate of 32.9%" not in sentence  # within 2%: in line
    assert "in line with the national rate of 32.9%" in sentence
    assert sentence.endswith("Based on 12 children — treat with caution.")


def test_frequency_sentence():
    data = figure("reoffences_per_reoffender", 2.68, 2.78, None, 3.52, 75,
                  "children who reoffended")
    assert frequency_sentence(data) == (
        "Children who reoffended committed 2.68 reoffences each on average, down from 2.78 a "
        "year earlier (better) and below the national average of 3.52 (better).")


def test_reoffending_without_a_value_gives_no_sentence():
    assert reoffending_sentence(reoffending(value=None)) is None


# --- disproportionality --------------------------------------------------------------------

def dispro(**extra):
    found = {"period_end": date(2024, 3, 31), "period_words": "year to March 2024",
             "ignores_ethnicity_filter": False, "found": True, "stage": "court",
             "stage_label": "Sentenced at court", "group": "Black", "rri": 3.24,
             "lower": 1.6, "upper": 6.5, "count": 40}
    found.update(extra)
    return found


def test_disproportionality_sentence_states_the_largest_significant_gap():
    assert disproportionality_sentence(dispro()) == (
        "Black children were 3.2 times as likely as White children to be sentenced at court "
        "in the year to March 2024, the largest significant over-representation at any stage "
        "(40 children).")


def test_disproportionality_small_numbers_and_group_wording():
    sentence = disproportionality_sentence(dispro(group="Mixed", count=6, stage="fte"))
    assert sentence.startswith("Children of mixed ethnicity were 3.2 times as likely as White "
                               "children to enter the justice system")
    assert "(based on 6 children — treat with caution)" in sentence


def test_disproportionality_none_found_and_filter_note():
    sentence = disproportionality_sentence(dispro(found=False, ignores_ethnicity_filter=True))
    assert sentence == (
        "No ethnic group was significantly over-represented at any stage in the year to March "
        "2024, compared with White children (the ethnicity filter does not apply: this "
        "compares groups).")


def test_disproportionality_not_computable_gives_no_sentence():
    assert disproportionality_sentence(dispro(found=None)) is None
    assert disproportionality_sentence(None) is None


# --- the set of sentences -----------------------------------------------------------------

def test_headline_sentences_tell_the_story_in_three_to_five_sentences():
    figures = [figure(), custody(), reoffending(),
               figure("reoffences_per_reoffender", 2.68, 2.78, None, 3.52, 75,
                      "children who reoffended")]
    sentences = headline_sentences(figures, "national", dispro())
    assert len(sentences) == 5
    assert sentences[0].startswith("187 children per 100,000")
    assert sentences[-1].startswith("Black children")
    assert 3 <= len(headline_sentences(figures[:3])) <= 5


def test_headline_sentences_skip_what_is_missing():
    figures = [figure(value=None, count=None), custody(count=None), reoffending(value=None)]
    assert headline_sentences(figures) == []


# --- table words --------------------------------------------------------------------------

def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


def test_rank_text():
    assert rank_text(figure(rank=2, rank_of=3)) == "2nd of 3 services"
    assert rank_text(figure(rank=1, rank_of=6, rank_tied=True,
                            rank_noun="local authorities")) == "joint 1st of 6 local authorities"
    assert rank_text(figure()) is None


def test_summary_table_is_the_boards_layout_in_words():
    data = figure(rank=2, rank_of=3, quartile="Upper middle")
    data["benchmarks"]["family"] = bench(187.0, 161.0, "Family A")
    data["benchmarks"]["region"] = bench(187.0, 195.0, "East Midlands")
    table = summary_table([data, custody(), reoffending()])
    assert list(table.columns) == [
        "Indicator", "Latest", "Period", "Annual trend", "3-year trend", "vs national",
        "vs family", "National", "Family", "Region", "Rank", "Quartile", "RAG"]
    first = table.iloc[0].to_dict()
    assert first == {
        "Indicator": "fte_rate (per 100,000 aged 10–17)", "Latest": "187",
        "Period": "Year to March 2024", "Annual trend": "▼ down 12% (better)",
        "3-year trend": "▼ down 25% (better)", "vs national": "Better", "vs family": "Worse",
        "National": "211", "Family": "161", "Region": "195", "Rank": "2nd of 3 services",
        "Quartile": "Upper middle", "RAG": "Green"}
    assert table.iloc[1]["Latest"] == "0.14 (3 sentences)"
    assert table.iloc[2]["Period"] == "Cohorts April 2022 – March 2023"
    assert table.iloc[2]["3-year trend"] == "–"
    assert table.iloc[2]["vs family"] == "–"


def test_summary_table_without_a_rate_shows_the_count():
    data = figure(value=None, rate_available=False, count=23)
    assert summary_table([data]).iloc[0]["Latest"] == "23 children (no rate)"


def test_summary_title_counts_indicators_better_than_national():
    figures = [figure(), custody(), reoffending()]
    assert summary_title(figures) == "Better than national on 2 of 3 headline indicators"
    no_national = [figure(national=None)]
    assert summary_title(no_national) == "1 green against local thresholds"
    assert summary_title([]) == "No headline figures for this selection"
