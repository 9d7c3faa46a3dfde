"""Headline sentences and summary-table words from hand-built headline figures.

Significance is an input here (worked out in dashboard.analysis.summary, tested in
test_overview_summary.py); these tests check the words: "statistically higher / similar /
lower", better or worse only beyond chance, the rank of N, and the mix of outcomes.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.analysis.summary import judged_change
from dashboard.words.headlines import (comparison_phrase, custody_sentence,
                                       disproportionality_sentence, fte_sentence,
                                       frequency_sentence, headline_sentences,
                                       looked_after_sentence, nobody_counted, ordinal,
                                       outcome_mix_sentence, outcome_mix_title, rank_cell,
                                       rank_note, rank_text, reoffending_sentence,
                                       summary_table, summary_title)
from dashboard.words.text import small_number_note

GREEN = {"status": "green", "word": "Green", "icon": "bi-check-circle-fill", "rule": "x",
         "could_be": [], "label": "Green"}
UNITS = {"fte_rate": "per 100,000 aged 10–17", "custody_rate": "per 1,000 aged 10–17",
         "reoffending_binary_rate": "% within 12 months",
         "reoffences_per_reoffender": "average",
         "looked_after_rate": "% of children looked after"}
JUDGEMENT = {"lower": "Better", "higher": "Worse", "similar": "Similar"}
# An earlier year's 95% interval that this year's 187 lies below (a real fall), one that
# holds it (chance), and none (untested).
REAL_FALL, CHANCE, UNTESTED = (195.0, 231.0), (180.0, 245.0), (None, None)


def bench(significance, benchmark, name="England and Wales"):
    """A comparator as dashboard.analysis.summary attaches it."""
    return {"name": name, "value": benchmark, "significance": significance,
            "judgement": JUDGEMENT.get(significance)}


def figure(indicator="fte_rate", value=187.0, previous=212.5, three=250.0, national=211.0,
           count=45, noun="children", earlier=REAL_FALL, three_earlier=REAL_FALL,
           vs_national="lower", **extra) -> dict:
    """A headline figure shaped like dashboard.analysis.summary's output."""
    result = {
        "indicator": indicator, "label": indicator, "unit": "unit",
        "short_unit": UNITS[indicator], "value": value,
        "period_end": date(2024, 3, 31), "period_kind": "rolling_year",
        "period_words": "year to March 2024", "lower_95": None, "upper_95": None,
        "previous": previous, "three_years_ago": three,
        "change": judged_change(value, previous, earlier),
        "trend_3y": judged_change(value, three, three_earlier),
        "rate_available": True, "count": count, "count_noun": noun, "population": None,
        "small_note": small_number_note(count, noun) if count else None,
        "previous_count": None, "series": [], "rank_status": "services_only", "rank": None,
        "rank_of": None, "rank_tied": False, "rank_noun": "services", "quartile": None,
        "quartile_name": None, "rank_field": None, "rank_period_end": None, "note": None,
        "rag": GREEN,
        "benchmarks": {} if national is None else {"national": bench(vs_national, national)},
    }
    result.update(extra)
    return result


def ranked(rank=38, of=155, tied=False, field="published", **extra):
    return figure(rank_status="ranked", rank=rank, rank_of=of, rank_tied=tied,
                  quartile=-(-4 * rank // of), quartile_name="Upper middle", rank_field=field,
                  rank_period_end=date(2024, 3, 31), **extra)


def reoffending(value=27.5, previous=30.1, national=32.9, count=135,
                earlier=(28.0, 32.5), vs_national="lower", **extra):
    return figure("reoffending_binary_rate", value, previous, None, national, count,
                  earlier=earlier, vs_national=vs_national,
                  period_kind="cohort_year", period_end=date(2023, 3, 31),
                  cohort_year_words="April 2022 – March 2023",
                  period_words="children cautioned or sentenced April 2022 – March 2023",
                  **extra)


def frequency(value=2.68, previous=2.78, national=3.52, count=75, **extra):
    return figure("reoffences_per_reoffender", value, previous, None, national, count,
                  "children who reoffended", earlier=UNTESTED, three_earlier=UNTESTED,
                  vs_national=None, period_kind="cohort_year", **extra)


# --- FTE ---------------------------------------------------------------------------------

def test_fte_sentence_says_statistically_lower_and_better_beyond_chance():
    # 187 lies below the earlier year's interval 195-231: a real fall; the area's interval
    # lies below 211: statistically lower.
    assert fte_sentence(figure()) == (
        "187 children per 100,000 entered the justice system for the first time in the year "
        "to March 2024, 12% fewer than a year before (better) and statistically lower than "
        "the England and Wales rate of 211 (better).")


def test_fte_higher_beyond_chance_is_worse():
    sentence = fte_sentence(figure(value=238.0, previous=212.5, earlier=(195.0, 231.0),
                                   vs_national="higher"))
    assert sentence == (
        "238 children per 100,000 entered the justice system for the first time in the year "
        "to March 2024, 12% more than a year before (worse) and statistically higher than "
        "the England and Wales rate of 211 (worse).")


def test_a_chance_difference_is_never_called_better_or_worse():
    # 238 is 13% above 211 and 12% above last year's 212.5, but the national rate lies
    # inside the area's interval and 238 inside last year's interval 180-245.
    sentence = fte_sentence(figure(value=238.0, earlier=CHANCE, vs_national="similar"))
    assert sentence == (
        "238 children per 100,000 entered the justice system for the first time in the year "
        "to March 2024, 12% more than a year before (could be chance) and statistically "
        "similar to the England and Wales rate of 211.")
    assert "worse" not in sentence and "better" not in sentence


def test_fte_no_change():
    sentence = fte_sentence(figure(value=211.4, previous=211.0, vs_national="similar",
                                   national=210.0, earlier=CHANCE))
    assert sentence == (
        "211 children per 100,000 entered the justice system for the first time in the year "
        "to March 2024, about the same as a year before and statistically similar to the "
        "England and Wales rate of 210.")


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
    # 23 against 46 a year before: 46's exact Poisson interval is about 33.7 to 61.4.
    data = figure(value=None, previous=None, rate_available=False, count=23,
                  change=judged_change(23, 46, (33.7, 61.4)))
    assert fte_sentence(data) == (
        "23 children entered the justice system for the first time in the year to March "
        "2024, 50% fewer than a year before (better). There is no rate: no population figure "
        "exists for this filter.")


def test_fte_none_entered():
    data = figure(value=None, previous=None, rate_available=False, count=0,
                  change=judged_change(0, 0, (0.0, 3.689)))
    assert fte_sentence(data).startswith(
        "No child entered the justice system for the first time in the year to March 2024, "
        "about the same as a year before.")


def test_nobody_counted():
    assert nobody_counted([figure(count=0), custody(count=None), reoffending(count=0,
                                                                            cohort_size=0)])
    assert not nobody_counted([figure(count=0), reoffending(count=5, cohort_size=5)])


# --- comparators ------------------------------------------------------------------------

def test_missing_chosen_comparator_falls_back_to_national():
    assert comparison_phrase(figure(), "family") == (
        "statistically lower than the England and Wales rate of 211 (better)")


def test_chosen_comparator_is_used_when_present():
    data = figure()
    data["benchmarks"]["family"] = bench("higher", 161.0, "Family A")
    assert comparison_phrase(data, "family") == (
        "statistically higher than the Family A comparator family rate of 161 (worse)")
    data["benchmarks"]["region"] = bench("similar", 195.0, "East Midlands")
    assert comparison_phrase(data, "region") == (
        "statistically similar to the East Midlands regional rate of 195")


def test_statistical_neighbours_and_pcc_are_named():
    data = figure(national=None)
    data["benchmarks"]["pcc"] = bench("lower", 230.0, "Kingsmoor")
    data["benchmarks"]["statistical_neighbours"] = bench("similar", 190.0, "Neighbours")
    assert comparison_phrase(data) == (
        "statistically lower than the Kingsmoor PCC area rate of 230 (better)")
    del data["benchmarks"]["pcc"]
    assert comparison_phrase(data) == (
        "statistically similar to the statistical neighbours' rate of 190")


@pytest.mark.parametrize("rank, total, tied, field, expected", [
    (38, 155, False, "published", "ranked 38th of 155 services in England and Wales "
                                  "(1st = lowest)"),
    (1, 155, True, "published", "ranked joint 1st of 155 services in England and Wales "
                                "(1st = lowest)"),
    (2, 3, False, "loaded", "ranked 2nd of the 3 services loaded (1st = lowest)"),
    (2, 3, False, "filtered", "ranked 2nd of the 3 services loaded, with the same filters "
                              "(1st = lowest)"),
])
def test_services_comparison_uses_the_rank_of_n(rank, total, tied, field, expected):
    assert comparison_phrase(ranked(rank, total, tied, field), "services") == expected


def test_services_comparison_without_rank_falls_back_to_national():
    assert comparison_phrase(figure(), "services") == (
        "statistically lower than the England and Wales rate of 211 (better)")


# --- rank words -------------------------------------------------------------------------

def test_rank_of_n_among_every_service():
    assert rank_text(ranked(38, 155)) == "38th of 155 services"
    assert rank_text(ranked(2, 155, tied=True)) == "joint 2nd of 155 services"
    assert rank_note(ranked(38, 155)) is None
    assert rank_cell(ranked(38, 155)) == "38th of 155 services"


def test_rank_among_loaded_services_says_so():
    data = ranked(2, 3, field="loaded")
    assert rank_text(data) == "2nd of 3 services loaded"
    assert rank_note(data) == ("Only the services loaded are ranked: no published figures for "
                               "other services are loaded for this period.")
    assert rank_note(ranked(2, 3, field="filtered")).startswith(
        "Ranked among the services loaded, with the same filters")


def test_an_authority_is_not_ranked_and_is_told_why():
    data = figure(rank_status="services_only")
    assert rank_text(data) is None
    assert rank_cell(data) == "Not ranked: only services are ranked nationally"
    assert rank_note(data) == "Only services are ranked nationally, so this area has no rank."
    assert rank_cell(figure(rank_status="not_published")) == "–"


def test_a_reoffending_rank_names_its_quarterly_cohort():
    data = reoffending(rank_status="ranked", rank=137, rank_of=155, rank_field="published",
                       rank_period_end=date(2023, 6, 30))
    assert rank_cell(data) == "137th of 155 services (cohort of April–June 2023)"


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


# --- custody -------------------------------------------------------------------------------

def custody(value=0.14, previous=0.20, count=3, earlier=(0.15, 0.40), **extra):
    extra.setdefault("vs_national", "similar")
    return figure("custody_rate", value, previous, None, 0.10, count, "sentences",
                  earlier=earlier, **extra)


def test_custody_sentence_gives_rate_and_count_and_cautions_small_numbers():
    assert custody_sentence(custody()) == (
        "Children received 3 custodial sentences in the year to March 2024 (0.14 per 1,000 "
        "children), a rate 30% lower than a year before (better) and statistically similar "
        "to the England and Wales rate of 0.10. Based on 3 sentences — treat with caution.")


def test_custody_sentence_says_how_many_children_received_the_sentences():
    # boards are told "8 children received 10 custodial sentences" (CONTRACT §4 v2)
    assert custody_sentence(custody(count=10, children=8)).startswith(
        "8 children received 10 custodial sentences in the year to March 2024 (0.14 per "
        "1,000 children)")
    assert custody_sentence(custody(count=2, children=1)).startswith(
        "1 child received 2 custodial sentences in the year")


def test_custody_fall_within_chance():
    sentence = custody_sentence(custody(earlier=(0.05, 0.45)))
    assert "a rate 30% lower than a year before (could be chance)" in sentence


def test_custody_single_sentence_is_singular():
    assert custody_sentence(custody(count=1)).startswith(
        "Children received 1 custodial sentence in the year")


def test_custody_none_this_year_compares_counts():
    # Last year's 2 sentences: interval 0.024-0.087 per 1,000 lies above this year's 0.
    data = custody(value=0.0, previous=0.09, count=0, previous_count=2,
                   earlier=(0.024, 0.087), vs_national="lower")
    assert custody_sentence(data) == (
        "No child was sentenced to custody in the year to March 2024, down from 2 custodial "
        "sentences a year before (better) and statistically lower than the England and Wales "
        "rate of 0.10 (better).")


def test_custody_none_in_either_year():
    data = custody(value=0.0, previous=0.0, count=0, previous_count=0,
                   change=judged_change(0.0, 0.0, (0.0, 0.37)))
    assert custody_sentence(data).startswith(
        "No child was sentenced to custody in the year to March 2024, the same as the year "
        "before and")


def test_custody_up_from_none_is_tested_too():
    # None last year: its interval runs 0 to 3.689 / population; 0.05 lies inside it.
    chance = custody(value=0.05, previous=0.0, count=1, previous_count=0,
                     change=judged_change(0.05, 0.0, (0.0, 0.37)))
    assert "up from none a year before (could be chance)" in custody_sentence(chance)
    real = custody(value=0.50, previous=0.0, count=10, previous_count=0,
                   change=judged_change(0.50, 0.0, (0.0, 0.37)))
    assert "up from none a year before (worse)" in custody_sentence(real)


# --- reoffending --------------------------------------------------------------------------

def test_reoffending_sentence_names_the_cohort_year():
    assert reoffending_sentence(reoffending()) == (
        "27.5% of children cautioned or sentenced April 2022 – March 2023 reoffended within "
        "12 months (the latest complete year), down from 30.1% a year earlier (better) and "
        "statistically lower than the England and Wales rate of 32.9% (better).")


def test_reoffending_rise_within_chance_and_small_cohort_is_flagged():
    sentence = reoffending_sentence(reoffending(value=33.3, previous=25.0, count=12,
                                                earlier=(12.0, 44.0), vs_national="similar"))
    assert "up from 25.0% a year earlier (could be chance)" in sentence
    assert "statistically similar to the England and Wales rate of 32.9%" in sentence
    assert "worse" not in sentence
    assert sentence.endswith("Based on 12 children — treat with caution.")


def test_frequency_is_compared_without_a_claim_of_better_or_worse():
    sentence = frequency_sentence(frequency())
    assert sentence == ("Children who reoffended committed 2.68 reoffences each on average "
                        "(2.78 a year earlier; England and Wales 3.52).")


def test_reoffending_without_a_value_gives_no_sentence():
    assert reoffending_sentence(reoffending(value=None)) is None
    assert frequency_sentence(frequency(value=None)) is None


# --- looked after -----------------------------------------------------------------------

def looked_after(value=6.4, previous=7.8, count=22, population=345, earlier=(5.2, 11.5),
                 **extra):
    return figure("looked_after_rate", value, previous, None, None, count, "children",
                  earlier=earlier, population=population, **extra)


def test_looked_after_sentence_gives_children_of_population_and_judged_change():
    assert looked_after_sentence(looked_after()) == (
        "22 of the 345 children aged 10–17 in care (6.4%) were cautioned or sentenced in the "
        "year to March 2024, down from 7.8% a year before (could be chance). Based on 22 "
        "children — treat with caution.")


def test_looked_after_without_a_population_gives_the_count():
    sentence = looked_after_sentence(looked_after(value=None, previous=None, count=3,
                                                  population=None, rate_available=False))
    assert sentence == ("3 children in care were cautioned or sentenced in the year to March "
                        "2024. There is no rate: no looked-after population is loaded for this "
                        "area or filter.")


# --- the mix of outcomes ----------------------------------------------------------------

def mix(before, now):
    """A mix frame: shares (diversion, cautions, court) for March 2023 and March 2024."""
    rows = []
    for end, shares in ((date(2023, 3, 31), before), (date(2024, 3, 31), now)):
        for group, share in zip(("diversion", "out_of_court", "court"), shares):
            rows.append((end, group, 0 if share is None else 10, share))
    return pd.DataFrame(rows, columns=["period_end", "group", "outcomes", "share_pct"])


def test_outcome_mix_sentence_up():
    assert outcome_mix_sentence(mix((33.0, 22.0, 45.0), (41.0, 20.0, 39.0))) == (
        "Diversion was 41.0% of outcomes in the year to March 2024, up from 33.0% a year "
        "before; cautions (out of court) were 20.0% (22.0% a year before) and court outcomes "
        "39.0% (45.0%).")


def test_outcome_mix_sentence_down_and_unchanged():
    assert outcome_mix_sentence(mix((41.0, 20.0, 39.0), (36.04, 24.0, 39.96))).startswith(
        "Diversion was 36.0% of outcomes in the year to March 2024, down from 41.0% a year "
        "before;")
    # 40.04 and 39.96 both show as 40.0%: the same, not a fall.
    assert outcome_mix_sentence(mix((40.04, 20.0, 39.96), (39.96, 21.0, 39.04))).startswith(
        "Diversion was 40.0% of outcomes in the year to March 2024, the same as a year "
        "before;")


def test_outcome_mix_sentence_without_a_year_before_or_any_outcome():
    assert outcome_mix_sentence(mix((None, None, None), (50.0, 25.0, 25.0))) == (
        "Diversion was 50.0% of outcomes in the year to March 2024; cautions (out of court) "
        "were 25.0% and court outcomes 25.0%.")
    assert outcome_mix_sentence(mix((50.0, 25.0, 25.0), (None, None, None))) is None
    assert outcome_mix_sentence(None) is None


def test_outcome_mix_title_rose_fell_or_steady():
    assert outcome_mix_title(mix((33.0, 22.0, 45.0), (41.0, 20.0, 39.0))) == (
        "Diversion's share of outcomes rose to 41.0%")
    assert outcome_mix_title(mix((41.0, 20.0, 39.0), (33.0, 22.0, 45.0))) == (
        "Diversion's share of outcomes fell to 33.0%")
    assert outcome_mix_title(mix((36.7, 37.8, 25.5), (36.6, 37.6, 25.8))) == (
        "Diversion's share of outcomes steady at 36.6%")       # under 1 point
    assert outcome_mix_title(mix((None, None, None), (50.0, 25.0, 25.0))) == (
        "Diversion was 50.0% of outcomes")


def test_outcome_mix_title_and_sentence_agree_on_a_move_under_one_point():
    # 37.7% -> 36.9%: a fall of 0.8 points, under one point, so both say "steady".
    shares = mix((37.7, 30.0, 32.3), (36.9, 31.0, 32.1))
    assert outcome_mix_title(shares) == "Diversion's share of outcomes steady at 36.9%"
    assert outcome_mix_sentence(shares).startswith(
        "Diversion was steady at 36.9% of outcomes in the year to March 2024 (37.7% a year "
        "before); cautions (out of court) were 31.0%")
    # 37.7% -> 36.6%: 1.1 points, a fall in both.
    shares = mix((37.7, 30.0, 32.3), (36.6, 31.0, 32.4))
    assert outcome_mix_title(shares) == "Diversion's share of outcomes fell to 36.6%"
    assert outcome_mix_sentence(shares).startswith(
        "Diversion was 36.6% of outcomes in the year to March 2024, down from 37.7% a year "
        "before;")


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

def test_headline_sentences_are_five_statements_then_children_in_care():
    figures = [figure(), custody(), reoffending(), frequency(), looked_after()]
    sentences = headline_sentences(figures, "national", dispro(),
                                   mix((33.0, 22.0, 45.0), (41.0, 20.0, 39.0)))
    assert len(sentences) == 6
    assert sentences[0].startswith("187 children per 100,000")
    assert sentences[1].startswith("Children received 3 custodial sentences")
    # Reoffences per reoffender joins the reoffending statement.
    assert sentences[2].startswith("27.5% of children") and sentences[2].endswith(
        "Children who reoffended committed 2.68 reoffences each on average (2.78 a year "
        "earlier; England and Wales 3.52).")
    assert sentences[3].startswith("Black children")
    assert sentences[4].startswith("Diversion was 41.0% of outcomes")
    assert sentences[5].startswith("22 of the 345 children aged 10–17 in care")
    assert len(headline_sentences(figures[:4], "national", dispro())) == 4


def test_headline_sentences_skip_what_is_missing():
    figures = [figure(value=None, count=None), custody(count=None), reoffending(value=None)]
    assert headline_sentences(figures) == []


# --- the summary table --------------------------------------------------------------------

def test_summary_table_shows_every_comparator_loaded_with_significance_and_rank_of_n():
    data = ranked(38, 155)
    data["benchmarks"]["region"] = bench("similar", 195.0, "East Midlands")
    data["benchmarks"]["family"] = bench("higher", 161.0, "Family A")
    data["benchmarks"]["statistical_neighbours"] = bench("lower", 240.0, "SN group")
    data["rag"] = {**GREEN, "label": "Green (could be Amber)"}
    data.update(lower_95=180.6, upper_95=193.25)
    table = summary_table([data, custody(), reoffending(), frequency()])
    assert list(table.columns) == [
        "Indicator", "Latest", "95% interval", "Period", "Annual trend", "3-year trend",
        "vs England and Wales", "vs East Midlands (region)", "vs Family A (family)",
        "vs Statistical neighbours", "Rank", "Quartile", "RAG"]
    assert table.iloc[0].to_dict() == {
        "Indicator": "fte_rate (per 100,000 aged 10–17)", "Latest": "187",
        "95% interval": "181 to 193",   # whole numbers per 100,000, as the rate
        "Period": "Year to March 2024", "Annual trend": "▼ down 12% (better)",
        "3-year trend": "▼ down 25% (better)",
        "vs England and Wales": "Lower than 211 (better)",
        "vs East Midlands (region)": "Similar to 195",
        "vs Family A (family)": "Higher than 161 (worse)",
        "vs Statistical neighbours": "Lower than 240 (better)",
        "Rank": "38th of 155 services", "Quartile": "Upper middle",
        "RAG": "Green (could be Amber)"}
    assert table.iloc[1]["Latest"] == "0.14 (3 sentences)"
    assert table.iloc[1]["95% interval"] == "–"       # this test figure has no limits
    assert table.iloc[1]["vs England and Wales"] == "Similar to 0.10"
    assert table.iloc[1]["vs Family A (family)"] == "–"
    assert table.iloc[1]["Rank"] == "Not ranked: only services are ranked nationally"
    assert table.iloc[2]["Period"] == "Cohorts April 2022 – March 2023"
    assert table.iloc[2]["3-year trend"] == "–"
    # No interval: the comparator is shown but not tested, the change stated neutrally.
    assert table.iloc[3]["vs England and Wales"] == "3.52 (not tested)"
    assert table.iloc[3]["Annual trend"] == "▼ down 4%"


def test_summary_table_takes_further_rows_such_as_children_in_care():
    # Wilson for 22 of 345: (47.84 ± 1.96 × √(3.8415 + 82.39)) / 697.68 = 4.2% to 9.5%
    table = summary_table([figure(), looked_after(lower_95=4.2485, upper_95=9.466)])
    row = table.iloc[1].to_dict()
    assert row["Indicator"] == "looked_after_rate (% of children looked after)"
    assert row["Latest"] == "6.4% (22 of 345)"
    assert row["95% interval"] == "4.2% to 9.5%"
    assert row["Annual trend"] == "▼ down 18% (could be chance)"
    assert row["vs England and Wales"] == "–" and row["Rank"] == "Not ranked: only services " \
                                                                 "are ranked nationally"


def test_summary_table_without_a_rate_shows_the_count():
    data = figure(value=None, rate_available=False, count=23)
    assert summary_table([data]).iloc[0]["Latest"] == "23 children (no rate)"
    assert summary_table([data]).iloc[0]["95% interval"] == "–"
    assert summary_table([data]).iloc[0]["vs England and Wales"] == "–"


def test_summary_title_counts_only_differences_beyond_chance():
    figures = [figure(), custody(), reoffending(vs_national="higher"), frequency()]
    # FTE lower, custody similar, reoffending higher; frequency untested (left out).
    assert summary_title(figures) == "Against England and Wales: 1 better, 1 similar, 1 worse"
    assert summary_title([figure(national=None)]) == "1 green against local thresholds"
    assert summary_title([]) == "No headline figures for this selection"


def test_with_filters_a_published_comparator_is_shown_but_not_compared():
    data = figure(value=61.0)
    data["benchmarks"]["national"] = {**bench(None, 171.0), "all_children": True}
    assert comparison_phrase(data) == "against the England and Wales rate of 171 for all children"
    assert summary_table([data]).iloc[0]["vs England and Wales"] == "171 (all children)"
    assert summary_title([data]) == "1 green against local thresholds"

    frequent = frequency()
    frequent["benchmarks"]["national"]["all_children"] = True
    assert frequency_sentence(frequent).endswith("England and Wales 3.52 for all children).")


def test_where_the_comparators_the_printed_summary_has_no_room_for_are():
    from dashboard.words.headlines import further_comparators_note
    assert further_comparators_note(["vs Midshire (PCC area)"], summary_only=False) == (
        "Compared with Midshire (PCC area) too: see the appendix's first table, which has "
        "every comparator.")
    assert further_comparators_note(
        ["vs Midshire (PCC area)", "vs Statistical neighbours", "vs Wessex (PCC area)"],
        summary_only=True) == (
        "Compared with Midshire (PCC area), statistical neighbours and Wessex (PCC area) "
        "too: see the full board pack's appendix, which has every comparator.")
