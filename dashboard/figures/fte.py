"""First time entrants: figures, active titles and headline sentences (pure functions).

Query frames come from queries.fte.fte (columns period_end, fte_count, population,
rate_per_100k, and group for breakdowns). Lower is better.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.analysis.intervals import poisson_count_limits
from dashboard.figures.indicator_charts import Measure, rate_limits_of
from dashboard.words.indicator_words import (capital, change_sentence, fit_title,
                                             interval_text, plural, ratio_title, share_words,
                                             streak_title, value_of, year_earlier_row)
from dashboard.contract.schema import ETHNIC_GROUPS, OUTCOME_TYPES
from dashboard.words.text import count, period_words, rate_100k, small_number_note
from dashboard.contract.selection import ETHNICITY_ORDER, SEX_LABELS

NOUN = ("child", "children")
TITLE_MIN_COUNT = 5
RATE_AXIS = "Children per 100,000 aged 10–17"
COUNT_AXIS = "Children entering (count)"
MEASURE = Measure(count_col="fte_count", rate_col="rate_per_100k", rate_fmt=rate_100k, noun=NOUN,
                  trend_noun=("child", "children"), rate_axis=RATE_AXIS, count_axis=COUNT_AXIS,
                  bar_count_axis="Children (count)", per=100_000)
# The shared charts under this module's names, as the callbacks and tests call them.
trend_lines, trend, counts = MEASURE.trend_lines, MEASURE.trend, MEASURE.counts
area_rows, breakdown = MEASURE.area_rows, MEASURE.breakdown


def _age_label(band: str) -> str:
    return f"Aged {band.replace('-', '–')}"


ETHNIC_NOUNS = {"Mixed": "Mixed-ethnicity children", "Other": "Children of other ethnicities",
                "Unknown": "Children of unknown ethnicity"}
# How each breakdown is queried, labelled and cross-filtered.
#   by: queries.fte `by`; field: the CohortFilter field it filters; key: the URL filter key
#   noun(group): the group as the subject of a title; rate_words(group): "the ___ rate"
DIMENSIONS = {
    "sex": {"by": "sex", "field": "sex", "key": "sex", "order": ["M", "F", "U"],
            "complete": ["M", "F"],
            "labels": SEX_LABELS, "noun": lambda g: SEX_LABELS.get(g, g),
            "rate_words": lambda g: SEX_LABELS.get(g, g).lower() + "'"},
    "age": {"by": "age_band", "field": "age_band", "key": "age", "order": ["10-14", "15-17"],
            "complete": ["10-14", "15-17"],
            "labels": {b: _age_label(b) for b in ("10-14", "15-17")},
            "noun": lambda g: f"Children {_age_label(g).lower()}",
            "rate_words": lambda g: g.replace("-", "–")},
    "ethnicity": {"by": "ethnicity", "field": "ethnicity", "key": "ethnicity",
                  "order": ETHNICITY_ORDER, "labels": {"Unknown": "Not known"},
                  "complete": list(ETHNIC_GROUPS),
                  "noun": lambda g: ETHNIC_NOUNS.get(g, f"{g} children"),
                  "rate_words": lambda g: g},
    "offence": {"by": "offence_group", "field": "offence_group", "key": "offence",
                "order": None, "labels": None},
    "outcome": {"by": "outcome_type", "field": "tier", "key": None,
                "order": list(OUTCOME_TYPES),
                "labels": {code: spec[0] for code, spec in OUTCOME_TYPES.items()}},
}
OUTCOME_TIER = {code: spec[1] for code, spec in OUTCOME_TYPES.items()}


# --- shaping --------------------------------------------------------------------------


def dimension_rows(frame: pd.DataFrame, dimension: str, selected: str | None,
                   rate_available: bool, types: pd.DataFrame | None = None) -> pd.DataFrame:
    """Bars for one breakdown; offence group and outcome type have no population.
    `types`: the loaded outcome types (code, label, tier in display order, local codes of
    outcome_types.csv included); by default the §2 codes."""
    spec = DIMENSIONS[dimension]
    with_rate = rate_available and dimension in ("sex", "age", "ethnicity")
    if dimension == "outcome":
        return _outcome_rows(frame, selected, types)
    return MEASURE.rows(frame, labels=spec["labels"], order=spec["order"], click_key=spec["key"],
                        selected=selected, rate_available=with_rate,
                        complete=spec.get("complete"))


def _outcome_rows(frame: pd.DataFrame, selected_tier: str | None,
                  types: pd.DataFrame | None = None) -> pd.DataFrame:
    """First outcome types; a click filters to the outcome's tier (the URL has no type key)."""
    spec = DIMENSIONS["outcome"]
    labels, tiers, order = spec["labels"], OUTCOME_TIER, spec["order"]
    if types is not None and not types.empty:   # local codes with their own labels and tiers
        labels = {**labels, **dict(zip(types["code"], types["label"]))}
        tiers = {**tiers, **dict(zip(types["code"], types["tier"]))}
        order = list(types["code"])
    rows = MEASURE.rows(frame, labels=labels, order=order, rate_available=False)
    rows["click"] = [f"tier={tiers.get(g, '')}" for g in rows["group"]]
    rows["highlight"] = [tiers.get(g) == selected_tier if selected_tier else False
                         for g in rows["group"]]
    return rows[rows["count"] > 0].reset_index(drop=True)


# --- titles ---------------------------------------------------------------------------


def trend_title(rates: pd.Series, period_end: date) -> str:
    """From the rate series (indexed by period end) up to the selected period."""
    upto = rates[rates.index <= period_end]
    return fit_title(streak_title("First time entrants", upto),
                     f"First time entrants in the {period_words(period_end)}")


def _counted(number: int, who: str) -> str:
    """'144 children', '1 child', '13 girls', 'no looked-after girls'."""
    if who == "children":
        return plural(number, *NOUN)
    return f"no {who}" if number == 0 else f"{number:,} {who}"


def counts_title(latest: int, previous: int | None, who: str = "children") -> str:
    """'144 children entered the justice system, down from 162'."""
    counted = capital(_counted(int(latest), who))
    who = fit_title(f"{counted} entered the justice system", f"{counted} entered")
    if previous is None or pd.isna(previous):
        return f"{who} in the year"
    if previous == latest:
        return f"{who}, the same as a year earlier"
    return f"{who}, {'down' if latest < previous else 'up'} from {int(previous):,}"


def _rated(rows: pd.DataFrame, min_count: int = 1) -> pd.DataFrame:
    return rows[rows["rate"].notna() & (rows["count"] >= min_count)].sort_values(
        "rate", ascending=False)


def _mid(noun: str) -> str:
    """A group's noun inside a sentence: 'boys', 'children aged 15–17', 'Black children'."""
    first = noun.split()[0].split("-")[0]
    return noun if first in ETHNIC_GROUPS else noun[:1].lower() + noun[1:]


def breakdown_title(rows: pd.DataFrame, dimension: str) -> str:
    """The finding of a breakdown: a ratio of rates where rates exist, else the largest group.

    Ratios only use groups of at least TITLE_MIN_COUNT children, so one child's entry
    never makes the headline finding.
    """
    if rows.empty or rows["count"].sum() == 0:
        return "No children entered the justice system in this selection"
    rated = _rated(rows, TITLE_MIN_COUNT)
    if dimension in ("sex", "age", "ethnicity") and len(rated) >= 2:
        return _rate_title(rated, DIMENSIONS[dimension])
    top = rows.sort_values("count", ascending=False, kind="stable").iloc[0]
    share = share_words(int(top["count"]), int(rows["count"].sum()))
    if dimension == "offence":
        return fit_title(f"{top['label']} was the most common offence ({share})",
                         f"Most common offence: {top['label'].lower()} ({share})")
    if dimension == "outcome":
        return fit_title(f"{top['label']} was the most common first outcome ({share})",
                         f"Most common first outcome: {top['label'].lower()} ({share})")
    noun = DIMENSIONS[dimension]["noun"](top["group"])
    return fit_title(f"{noun} were the largest group ({share})")


def _rate_title(rated: pd.DataFrame, spec: dict) -> str:
    high = rated.iloc[0]
    # Ethnicity compares with White (the usual reference group), else with the lowest rate.
    white = rated[rated["group"] == "White"]
    low = white.iloc[0] if (spec["key"] == "ethnicity" and not white.empty
                            and high["group"] != "White") else rated.iloc[-1]
    ratio = high["rate"] / low["rate"] if low["rate"] else None
    noun, low_noun = spec["noun"](high["group"]), spec["noun"](low["group"])
    similar = f"Rates were similar for {_mid(noun)} and {_mid(low_noun)}"
    fallback = ("Rates were similar across the groups" if ratio is not None and ratio < 1.1
                else f"{noun} had the highest rate")
    return fit_title(ratio_title(noun, spec["rate_words"](low["group"]), ratio, similar),
                     fallback)


def area_title(rows: pd.DataFrame) -> str:
    rated = _rated(rows)
    if rows.empty or rows["count"].sum() == 0:
        return "No children entered the justice system in these areas"
    if len(rated) < 2:
        top = rows.sort_values("count", ascending=False).iloc[0]
        return fit_title(f"{top['label']} had the most first time entrants")
    high, low = rated.iloc[0], rated.iloc[-1]
    if len(rated) == 2:
        ratio = high["rate"] / low["rate"]
        if ratio < 1.1:
            return fit_title(f"{high['label']} and {low['label']} had similar rates")
        return fit_title(f"The rate in {high['label']} was {ratio:.1f} times {low['label']}'s",
                         f"{high['label']} had the higher rate")
    return fit_title(f"{high['label']} had the highest rate of {len(rated)} authorities",
                     f"{high['label']} had the highest rate")


# --- headline sentences -------------------------------------------------------------------


def headlines(area: pd.DataFrame, period_end: date, area_name: str, who: str, population: str,
              comparison: str | None, no_rate: str = "there is no population figure for this "
              "group", where: str | None = None) -> list[str]:
    """Two to four sentences: the number, the change on a year earlier, the comparison.

    `area`: this area's trend frame; `who`/`population` from indicator_words.who_words
    (population is '' when no rate exists); `comparison`: a ready comparator sentence;
    `no_rate`: why there is no rate; `where`: 'in Kingsmoor YJS' (default) or 'across all areas'.
    """
    rows = MEASURE.with_interval(area).set_index("period_end")
    if period_end not in rows.index:
        return [f"There are no figures for {area_name} in the {period_words(period_end)}."]
    now = rows.loc[period_end]
    earlier = year_earlier_row(rows, period_end)
    entered = _counted(int(now["fte_count"]), who)
    where = where or f"in {area_name}"
    first = f"In the {period_words(period_end)}, {entered} entered the justice system {where}"
    if population and not pd.isna(now["rate_per_100k"]):
        limits = rate_limits_of(now)
        interval = interval_text(limits, rate_100k)
        shown = f"{rate_100k(now['rate_per_100k'])} per 100,000 {population}"
        sentences = [f"{first} — {shown} ({interval})." if interval else f"{first} — {shown}."]
        before = value_of(earlier, "rate_per_100k")
        sentences.append(change_sentence(now["rate_per_100k"], before,
                                         f"{rate_100k(before)} per 100,000", limits=limits))
        if comparison:
            sentences.append(comparison)
    else:
        sentences = [f"{first}. A rate is not available because {no_rate}, so counts are "
                     "shown."]
        before = value_of(earlier, "fte_count")
        sentences.append(change_sentence(now["fte_count"], before, count(before), "more",
                                         "fewer", limits=poisson_count_limits(now["fte_count"])))
    caution = small_number_note(now["fte_count"]) if now["fte_count"] else None
    if caution:
        sentences.append(caution[0].upper() + caution[1:] + ".")
    return sentences

