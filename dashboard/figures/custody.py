"""Use of custody: figures, active titles and headline sentences (pure functions).

Query frames come from queries.custody.custody (columns period_end, custodial_sentences,
population, rate_per_1000, and group for breakdowns). Numbers are small: every rate is
shown with its count beside it. Lower is better.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.analysis.intervals import poisson_count_limits
from dashboard.figures.indicator_charts import Measure, rate_limits_of
from dashboard.words.indicator_words import (capital, change_sentence, fit_title,
                                             interval_text, plural, share_words, streak_title,
                                             value_of, year_earlier_row)
from dashboard.contract.schema import ETHNIC_GROUPS, OUTCOME_TYPES
from dashboard.words.text import pct, period_words, rate_1000
from dashboard.contract.selection import ETHNICITY_ORDER

NOUN = ("sentence", "sentences")
RATE_AXIS = "Sentences per 1,000 children aged 10–17"
COUNT_AXIS = "Custodial sentences (count)"
CUSTODIAL_TYPES = [code for code, spec in OUTCOME_TYPES.items() if spec[3]]
TYPE_LABELS = {code: OUTCOME_TYPES[code][0] for code in CUSTODIAL_TYPES}
TYPE_PLURALS = {"detention_training_order": "detention and training orders",
                "section_250": "section 250 sentences",
                "extended_or_life": "extended or life sentences"}
TYPE_SINGULARS = {"detention_training_order": "a detention and training order",
                  "section_250": "a section 250 sentence",
                  "extended_or_life": "an extended or life sentence"}
MINORITY_GROUPS = ("Mixed", "Asian", "Black", "Other")
MEASURE = Measure(count_col="custodial_sentences", rate_col="rate_per_1000", rate_fmt=rate_1000,
                  noun=NOUN, trend_noun=NOUN, rate_axis=RATE_AXIS, count_axis=COUNT_AXIS,
                  bar_count_axis=COUNT_AXIS, per=1000,
                  second=("children", ("Custodial sentences", "Children sentenced")))
# The shared charts under this module's names, as the callbacks and tests call them.
trend_lines, trend, counts = MEASURE.trend_lines, MEASURE.trend, MEASURE.counts
area_rows, breakdown = MEASURE.area_rows, MEASURE.breakdown


# --- shaping --------------------------------------------------------------------------


def type_rows(frame: pd.DataFrame, types: dict[str, str] | None = None) -> pd.DataFrame:
    """Every custodial sentence type (zeros included), counts with their share.

    `types`: code -> label of the custodial types loaded, in display order (CONTRACT §2 codes,
    then local codes of outcome_types.csv); by default the §2 codes. A type counted in the
    frame but not listed is shown after them."""
    types = dict(types or TYPE_LABELS)
    counts = dict(zip(frame["group"], frame["custodial_sentences"])) if not frame.empty else {}
    codes = list(types) + [c for c in counts if c not in types]
    full = pd.DataFrame({"group": codes,
                         "custodial_sentences": [int(counts.get(c, 0)) for c in codes],
                         "rate_per_1000": float("nan")})
    return MEASURE.rows(full, labels=types, order=codes, rate_available=False)


def ethnicity_rows(frame: pd.DataFrame, selected: str | None,
                   rate_available: bool) -> pd.DataFrame:
    return MEASURE.rows(frame, labels={"Unknown": "Not known"}, order=ETHNICITY_ORDER,
                        click_key="ethnicity", selected=selected, rate_available=rate_available,
                        complete=list(ETHNIC_GROUPS))


# --- titles ---------------------------------------------------------------------------


def trend_title(rates: pd.Series, period_end: date) -> str:
    upto = rates[rates.index <= period_end]
    return fit_title(streak_title("The custody rate", upto),
                     f"Use of custody in the {period_words(period_end)}")


def counts_title(latest: int, previous: int | None, children=None) -> str:
    """'10 custodial sentences for 8 children, up from 6 a year earlier'."""
    if latest == 0 and (previous is None or pd.isna(previous) or previous == 0):
        return "No custodial sentences in the year"
    counted = capital(plural(int(latest), "custodial sentence"))
    if children is not None and not pd.isna(children) and latest:
        counted += f" for {plural(int(children), 'child', 'children')}"
    if previous is None or pd.isna(previous):
        return f"{counted} in the year"
    if previous == latest:
        return f"{counted}, the same as a year earlier"
    direction = "down" if latest < previous else "up"
    before = "none" if previous == 0 else f"{int(previous):,}"
    return fit_title(f"{counted}, {direction} from {before} a year earlier",
                     f"{counted}, {direction} from {before}")


def type_title(rows: pd.DataFrame) -> str:
    """'All 4 sentences were detention and training orders'."""
    total = int(rows["count"].sum()) if not rows.empty else 0
    if total == 0:
        return "No custodial sentences in the year"
    top = rows.sort_values("count", ascending=False, kind="stable").iloc[0]
    if total == 1:
        kind = TYPE_SINGULARS.get(top["group"], str(top["label"]).lower())
        return fit_title(f"The one custodial sentence was {kind}",
                         f"The one sentence was {kind}")
    kind = TYPE_PLURALS.get(top["group"], str(top["label"]).lower())
    share = share_words(int(top["count"]), total)
    return fit_title(f"{capital(share)} sentences were {kind}",
                     f"Most common: {kind} ({share})")


def area_title(rows: pd.DataFrame) -> str:
    total = int(rows["count"].sum()) if not rows.empty else 0
    if total == 0:
        return "No custodial sentences in these authorities"
    top = rows.sort_values(["count", "rate"], ascending=False, kind="stable").iloc[0]
    if total == 1:
        return fit_title(f"The one custodial sentence was in {top['label']}")
    if int(top["count"]) == total:
        return fit_title(f"All {plural(total, 'sentence')} were in {top['label']}",
                         f"All sentences were in {top['label']}")
    rated = rows[rows["rate"].notna()].sort_values("rate", ascending=False)
    if len(rated) >= 2 and rated["rate"].iloc[0] == rated["rate"].iloc[1]:
        return "Custody rates were the same in the top two authorities"
    if not rated.empty:
        return fit_title(f"{rated['label'].iloc[0]} had the highest custody rate",
                         "One authority had the highest custody rate")
    return fit_title(f"{top['label']} had the most custodial sentences")


def ethnicity_title(rows: pd.DataFrame) -> str:
    """'2 of 4 sentences were for ethnic minority children' (known ethnicity only)."""
    if rows.empty or rows["count"].sum() == 0:
        return "No custodial sentences in the year"
    known = rows[rows["group"] != "Unknown"]
    total = int(known["count"].sum()) if not known.empty else 0
    if total == 0:
        return "No custodial sentences for children of known ethnicity"
    minority = int(known.loc[known["group"].isin(MINORITY_GROUPS), "count"].sum())
    if total == 1:
        return ("The one sentence was for an ethnic minority child" if minority
                else "The one sentence was for a White child")
    if minority == 0:
        return f"All {plural(total, 'sentence')} were for White children"
    share = share_words(minority, total)
    return f"{capital(share)} sentences were for ethnic minority children"


def minority_population_note(rows: pd.DataFrame) -> str | None:
    """'Ethnic minority children are 8.7% of children aged 10–17 here.'"""
    known = rows[rows["group"] != "Unknown"]
    population = pd.to_numeric(known["population"], errors="coerce")
    if population.isna().all() or population.sum() == 0:
        return None
    minority = population[known["group"].isin(MINORITY_GROUPS)].sum()
    return (f"Ethnic minority children are {pct(minority / population.sum() * 100)} of the "
            "10–17 population here.")


# --- headline sentences -------------------------------------------------------------------


def headlines(area: pd.DataFrame, period_end: date, area_name: str, who: str, population: str,
              comparison: str | None, no_rate: str = "there is no population figure for this "
              "group", where: str | None = None) -> list[str]:
    """The rate with its interval and counts, the change on a year earlier, the comparison
    and a caution.

    Arguments as for dashboard.figures.fte.headlines.
    """
    rows = MEASURE.with_interval(area).set_index("period_end")
    where = where or f"in {area_name}"
    if period_end not in rows.index:
        return [f"There are no custody figures {where} in the {period_words(period_end)}."]
    now = rows.loc[period_end]
    sentences_now = int(now["custodial_sentences"])
    earlier = year_earlier_row(rows, period_end)
    received = received_words(sentences_now, now.get("children"))
    if population and not pd.isna(now["rate_per_1000"]):
        limits = rate_limits_of(now)
        result = [_rate_sentence(period_end, who, where, population, now["rate_per_1000"],
                                 received, interval_text(limits, rate_1000))]
        result.append(change_sentence(
            now["rate_per_1000"], value_of(earlier, "rate_per_1000"),
            f"{rate_1000(value_of(earlier, 'rate_per_1000'))} per 1,000 — "
            f"{plural(int(value_of(earlier, 'custodial_sentences') or 0), *NOUN)}",
            limits=limits))
        if comparison:
            result.append(comparison)
        swing = _one_sentence_swing(now["population"])
    else:
        children = now.get("children")
        given = ("" if children is None or pd.isna(children) or not sentences_now
                 else f" ({plural(int(children), 'child', 'children')})")
        result = [f"In the {period_words(period_end)}, {who} {where} received "
                  f"{plural(sentences_now, 'custodial sentence')}{given}. A rate is not "
                  f"available because {no_rate}, so counts are shown."]
        before = value_of(earlier, "custodial_sentences")
        result.append(change_sentence(sentences_now, before, plural(int(before or 0), *NOUN),
                                      "more", "fewer",
                                      limits=poisson_count_limits(sentences_now)))
        swing = ""
    if 0 < sentences_now < 30:
        result.append(f"Based on {plural(sentences_now, *NOUN)} — treat with caution{swing}.")
    return result


def received_words(sentences: int, children) -> str:
    """'8 children received 10 custodial sentences' (CONTRACT §4, children in custody); without
    the children column, '10 custodial sentences'."""
    counted = plural(int(sentences), "custodial sentence")
    if children is None or pd.isna(children) or sentences == 0:
        return counted
    return f"{plural(int(children), 'child', 'children')} received {counted}"


def _rate_sentence(period_end, who, where, population, rate, received, interval) -> str:
    """'In the year to March 2024 the custody rate in X was 0.09 per 1,000 children aged
    10–17 (95% interval 0.03 to 0.21) — 3 children received 4 custodial sentences.'"""
    when = f"In the {period_words(period_end)}"
    if received.startswith("no "):
        return (f"{when} no {who} {where} were sentenced to custody: a rate of "
                f"{rate_1000(0)} per 1,000 {population}"
                + (f" ({interval})." if interval else "."))
    subject = "the custody rate" if who == "children" else f"the custody rate for {who}"
    shown = f"{rate_1000(rate)} per 1,000 {population}" + (f" ({interval})" if interval else "")
    return f"{when} {subject} {where} was {shown} — {received}."


def _one_sentence_swing(population) -> str:
    """': one sentence more or fewer moves the rate by 0.02 per 1,000'."""
    if population is None or pd.isna(population) or population == 0:
        return ""
    step = rate_1000(1000 / population)
    return f": one sentence more or fewer moves the rate by {step} per 1,000"
