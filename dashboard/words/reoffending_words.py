"""Words for the reoffending page: cohort years, active titles and headline sentences.

Pure functions of small summaries (plain dicts / DataFrames), so each wording is testable.
A cohort summary is a mapping with cohort_size, reoffenders, reoffences and binary_rate_pct.
Lower reoffending is better.
"""
from __future__ import annotations

import calendar
from datetime import date

import pandas as pd

from dashboard.contract.periods import add_months, cohort_complete, quarter_end, quarter_start, shift_cohort
from dashboard.contract.schema import ALL_OUTCOMES_BASIS, NATIONAL_BASIS, TIER_LABELS
from dashboard.analysis.comparisons import change_words
from dashboard.analysis.intervals import significance, wilson_limits
from dashboard.words.text import (SMALL_NUMBER, cohort_words, count, day_month_year, month_words,
                                  pct, ratio, small_number_note)

PROLIFIC = 5  # reoffences; "5 or more" is how boards are shown prolific concentration
LAG_MONTHS = 18
MIN_TO_COMPARE = 10  # children; below this a group's rate is not used in a title

# The two ways of forming cohorts (docs/CONTRACT.md §4 and v2 "Reoffending on every outcome")
BASIS_LABELS = {NATIONAL_BASIS: "National definition (cautions and sentences)",
                ALL_OUTCOMES_BASIS: "Every outcome, including diversion"}
BASIS_FILE = {NATIONAL_BASIS: "national", ALL_OUTCOMES_BASIS: "every-outcome"}
COHORT_CHILDREN = {NATIONAL_BASIS: "children cautioned or sentenced",
                   ALL_OUTCOMES_BASIS: "children given any outcome (diversion included)"}
INDEX_EVENT = {NATIONAL_BASIS: "children are cautioned or sentenced",
               ALL_OUTCOMES_BASIS: "children are given any outcome, diversion included"}
AXIS_TITLES = {NATIONAL_BASIS: "Quarterly cohort: national definition<br>(children cautioned "
                               "or sentenced)",
               ALL_OUTCOMES_BASIS: "Quarterly cohort: every outcome<br>(children given any "
                                   "outcome, diversion included)"}
SIGNIFICANCE_WORDS = {"higher": ("statistically higher than", " (worse)"),
                      "similar": ("statistically similar to", ""),
                      "lower": ("statistically lower than", " (better)")}


def basis_label(basis: str) -> str:
    """'National definition (cautions and sentences)' — on every subtitle, table and slide."""
    return BASIS_LABELS.get(basis, BASIS_LABELS[NATIONAL_BASIS])


def cohort_children(basis: str) -> str:
    """The children a cohort is made of: 'children cautioned or sentenced'."""
    return COHORT_CHILDREN.get(basis, COHORT_CHILDREN[NATIONAL_BASIS])


def rate_limits(summary: dict, count_key: str = "reoffenders",
                rate_key: str = "binary_rate_pct") -> tuple[float, float]:
    """The Wilson 95% interval (percent) of a summary's rate: count of cohort_size."""
    size = summary.get("cohort_size")
    count = summary.get(count_key)
    if _missing(count) and not _missing(size) and not _missing(summary.get(rate_key)):
        count = round(summary[rate_key] * size / 100)
    return wilson_limits(None if _missing(count) else count, None if _missing(size) else size)


def position_against(summary: dict, value, count_key: str = "reoffenders",
                     rate_key: str = "binary_rate_pct") -> str | None:
    """`higher`, `similar` or `lower` (docs/CONTRACT.md §4 v2 significance): the summary's
    95% interval against a comparator value; None when either is missing."""
    if _missing(value):
        return None
    lower, upper = rate_limits(summary, count_key, rate_key)
    return significance(lower, upper, float(value))


# --- cohort years ---------------------------------------------------------------------

def year_cohort_ends(period_end: date, quarters: int = 4) -> list[date]:
    """The quarterly cohorts (their ends, oldest first) ending at or before period_end."""
    return [shift_cohort(period_end, -3 * k) for k in range(quarters - 1, -1, -1)]


def latest_complete_end(period_end: date, as_of: date) -> date:
    """The last cohort end at or before period_end whose 18 months have passed by as_of."""
    end = quarter_end(min(period_end, add_months(as_of, -LAG_MONTHS)))
    while not cohort_complete(end, as_of):
        end = shift_cohort(end, -3)
    return end


def year_words(last_end: date) -> str:
    """The four cohorts ending at last_end in words: 'April 2022 – March 2023'."""
    first = quarter_start(year_cohort_ends(last_end)[0])
    if first.year == last_end.year:
        return f"{calendar.month_name[first.month]} – {month_words(last_end)}"
    return f"{month_words(first)} – {month_words(last_end)}"


def cohort_short(cohort_end: date) -> str:
    """'Jan–Mar 2024' for axis labels and line ends."""
    start = quarter_start(cohort_end)
    return f"{calendar.month_abbr[start.month]}–{calendar.month_abbr[cohort_end.month]} " \
           f"{cohort_end.year}"


def cohort_long(cohort_end: date) -> str:
    """'January–March 2024'."""
    return cohort_words(quarter_start(cohort_end), cohort_end).removeprefix("cohort of ")


def as_of_words(as_of: date) -> str:
    return f"as of {day_month_year(as_of)}"


# --- pieces of sentences --------------------------------------------------------------

def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def versus_before(rate, before: dict | None) -> str:
    """', down from 35.0% a year before (better)' — or '(could be chance)' when this year's
    rate lies inside the earlier year's 95% interval (as the overview judges a change); ''
    with no earlier figure."""
    if not before or _missing(before.get("binary_rate_pct")):
        return ""
    earlier = before["binary_rate_pct"]
    change = change_words(rate, earlier)
    if change["direction"] in (None, "same"):
        return f", similar to {pct(earlier)} a year before"
    found = significance(*rate_limits(before), rate)
    judgement = change["judgement"] if found in ("higher", "lower") else "could be chance"
    return f", {change['direction']} from {pct(earlier)} a year before ({judgement})"


def versus_comparator(summary: dict, comparator: tuple[str, float] | None) -> str:
    """' and statistically lower than the national rate of 33.5% (better)': the summary's
    95% interval against the comparator — or '' with no comparator."""
    if comparator is None or _missing(comparator[1]):
        return ""
    name, value = comparator
    position = position_against(summary, value)
    if position is None:
        return ""
    words, judgement = SIGNIFICANCE_WORDS[position]
    return f" and {words} {name} of {pct(value)}{judgement}"


def caution(size) -> str:
    note = small_number_note(size)
    return f" ({note})" if note else ""


def missing_cohorts(summary: dict) -> str:
    """' (only 2 of its 4 quarterly cohorts have data)' near the start of the data."""
    cohorts = int(summary.get("cohorts", 4))
    return f" (only {cohorts} of its 4 quarterly cohorts have data)" if cohorts < 4 else ""


# --- headline sentences ---------------------------------------------------------------

def complete_year_sentence(now: dict, before: dict | None, comparator: tuple[str, float] | None,
                           last_end: date, latest: bool = False, area: str | None = None,
                           basis: str = NATIONAL_BASIS, no_comparator: bool = False) -> str:
    """'31.2% of the 135 children cautioned or sentenced in April 2022 – March 2023
    reoffended within a year, down from 35.0% a year before (better) and statistically
    lower than the national rate of 33.5% (better).'

    `now` has cohort_size, reoffenders and binary_rate_pct; `no_comparator` says published
    comparators do not exist for this basis."""
    lead = "In the latest complete year, " if latest else ""
    rate = now["binary_rate_pct"]
    where = f" in {area}" if area else ""
    text = (f"{lead}{pct(rate)} of the {count(now['cohort_size'])} {cohort_children(basis)}"
            f"{where} in {year_words(last_end)}{missing_cohorts(now)} reoffended "
            f"within a year{caution(now['cohort_size'])}")
    text += versus_before(rate, before)
    text += versus_comparator(now, comparator)
    if no_comparator and comparator is None:
        text += "; comparators are not available for this basis"
    return text + "."


def provisional_year_sentence(now: dict, last_end: date, complete_cohorts: int,
                              area: str | None = None, basis: str = NATIONAL_BASIS) -> str:
    """The selected year while some of its cohorts are still being followed up."""
    done = (f"{complete_cohorts} of its 4 quarterly cohorts are complete, the rest provisional"
            if complete_cohorts else "all 4 quarterly cohorts are provisional")
    where = f" in {area}" if area else ""
    return (f"So far {pct(now['binary_rate_pct'])} of the {count(now['cohort_size'])} "
            f"{cohort_children(basis)}{where} in {year_words(last_end)} have reoffended"
            f"{caution(now['cohort_size'])}; {done}, so this will rise.")


def tracker_position(latest: dict, earlier: dict | None) -> str | None:
    """The latest cohort's 95% interval against the earlier cohort's rate at the same point
    (each dict: cohort_size, reoffended, pct_reoffended)."""
    if earlier is None:
        return None
    return position_against(latest, earlier.get("pct_reoffended"), "reoffended",
                            "pct_reoffended")


def tracker_sentence(latest: dict, earlier: dict | None) -> str:
    """Like-for-like: the latest cohort now against the same quarter a year earlier as it
    stood a year ago. Each dict: cohort_end, cohort_size, reoffended, month, pct_reoffended."""
    months = "a month" if latest["month"] == 1 else f"{latest['month']} months"
    text = (f"Of the {count(latest['cohort_size'])} children in the cohort of "
            f"{cohort_long(latest['cohort_end'])}, {pct(latest['pct_reoffended'])} have "
            f"reoffended within {months}{caution(latest['cohort_size'])}")
    position = tracker_position(latest, earlier)
    if position is None:
        return text + "; there is no cohort a year earlier to compare with."
    words, judgement = SIGNIFICANCE_WORDS[position]
    return (f"{text}, {words} the {pct(earlier['pct_reoffended'])} of the "
            f"{cohort_long(earlier['cohort_end'])} cohort at the same point{judgement}.")


def concentration_summary(counts: pd.DataFrame, threshold: int = PROLIFIC) -> dict:
    """From (reoffences, children) rows: totals and the share by children with >= threshold."""
    if counts.empty:
        return {"reoffenders": 0, "reoffences": 0, "prolific_children": 0,
                "prolific_reoffences": 0, "share_pct": None, "most": 0}
    k, n = counts["reoffences"].astype(int), counts["children"].astype(int)
    prolific = k >= threshold
    total = int((k * n).sum())
    heavy = int((k[prolific] * n[prolific]).sum())
    return {"reoffenders": int(n.sum()), "reoffences": total,
            "prolific_children": int(n[prolific].sum()), "prolific_reoffences": heavy,
            "share_pct": heavy / total * 100 if total else None, "most": int(k.max())}


def concentration_sentence(summary: dict, last_end: date, provisional: bool,
                           basis: str = NATIONAL_BASIS) -> str:
    """'4 children committed 30.6% of the 72 reoffences ... each had 5 or more.'"""
    when = f"{cohort_children(basis)} in {year_words(last_end)}"
    so_far = " so far" if provisional else ""
    if not summary["reoffences"]:
        return f"None of the {when} has a proven reoffence{so_far}."
    if not summary["prolific_children"]:
        return (f"No child had {PROLIFIC} or more reoffences; the {count(summary['reoffences'])} "
                f"reoffences{so_far} by {when} were spread across "
                f"{count(summary['reoffenders'])} children.")
    children = summary["prolific_children"]
    noun = "child" if children == 1 else "children"
    return (f"{count(children)} {noun} committed {pct(summary['share_pct'])} of the "
            f"{count(summary['reoffences'])} reoffences{so_far} by {when}: each had "
            f"{PROLIFIC} or more.")


def lag_sentence(latest_complete: date) -> str:
    return ("Reoffending is measured over 12 months plus 6 months for cases to reach an "
            "outcome, so the latest complete cohort is from about two years ago "
            f"({cohort_long(latest_complete)}); later cohorts are provisional and will rise.")


# --- active titles (ten words or fewer) -----------------------------------------------

def trend_title(latest: dict | None, before: dict | None, selected: bool = False) -> str:
    """The latest complete year against the year before; `selected` when that year is the
    one chosen in the filter bar."""
    if latest is None:
        return "No complete cohort yet: every figure is provisional"
    rate = pct(latest["binary_rate_pct"])
    which = "the selected year" if selected else "the latest complete year"
    change = change_words(latest["binary_rate_pct"],
                          before["binary_rate_pct"] if before else None)
    if change["direction"] is None:
        lead = f"{rate} of children reoffended"
    else:
        verb = {"down": "fell to", "up": "rose to", "same": "steady at"}[change["direction"]]
        lead = f"Reoffending {verb} {rate}"
    if latest["cohort_size"] < SMALL_NUMBER:
        return f"{lead} ({which.removeprefix('the ')}, small numbers)"
    return f"{lead} in {which}"


def per_reoffender_title(latest: dict | None, before: dict | None) -> str:
    if latest is None or _missing(latest.get("reoffences_per_reoffender")):
        return "No complete cohort with reoffences yet"
    value = latest["reoffences_per_reoffender"]
    previous = before.get("reoffences_per_reoffender") if before else None
    change = change_words(value, previous)
    if change["direction"] in ("down", "up"):
        verb = "fell" if change["direction"] == "down" else "rose"
        return f"Reoffences per child who reoffended {verb} to {ratio(value)}"
    return f"Children who reoffended averaged {ratio(value)} reoffences each"


def tracker_title(latest: dict | None, earlier: dict | None) -> str:
    """Higher or lower than a year earlier only when the interval says so (§4 v2)."""
    if latest is None:
        return "No cohort has a month of follow-up yet"
    name = cohort_short(latest["cohort_end"])
    position = tracker_position(latest, earlier)
    if position is None:
        return f"{pct(latest['pct_reoffended'])} of the {name} cohort reoffended so far"
    word = {"higher": "higher than", "lower": "lower than"}.get(position, "similar to")
    return f"The {name} cohort is tracking {word} a year earlier"


GROUP_PHRASES = {
    "sex": {"M": "for boys", "F": "for girls", "U": "where sex is not recorded"},
    "ethnicity": {"White": "for White children", "Mixed": "for children of Mixed ethnicity",
                  "Asian": "for Asian children", "Black": "for Black children",
                  "Other": "for children of Other ethnicity",
                  "Unknown": "where ethnicity is not recorded"},
    "looked_after": {"Y": "for looked-after children", "N": "for children not looked after"},
    "tier": {"pre_court": "after a caution", "first_tier": "after a first-tier court outcome",
             "community": "after a community sentence", "custody": "after custody",
             "diversion": "after diversion"},
}


def group_phrase(dimension: str, key: str, label: str) -> str:
    """'for girls', 'after custody', 'in Kingsmoor' — a group inside a sentence."""
    if dimension == "age":
        return f"for children aged {key.replace('-', '–')}"
    if dimension == "area":
        return f"in {label}"
    return GROUP_PHRASES.get(dimension, {}).get(key, f"for {label}")


def breakdown_title(dimension: str, groups: pd.DataFrame) -> str:
    """Which group reoffended most. Groups under 10 children are left out of the claim;
    '(small numbers)' is added when a group compared has fewer than 30.

    `groups`: key, label, cohort_size, binary_rate_pct, small_cohort.
    """
    compared = groups[groups["cohort_size"] >= MIN_TO_COMPARE]
    if compared.empty:
        return "Groups too small to compare reliably"
    if len(compared) == 1:
        only = compared.iloc[0]
        return f"{only['label']}: {pct(only['binary_rate_pct'])}; other groups too small to compare"
    if compared["binary_rate_pct"].round(1).nunique() == 1:
        return "Reoffending was similar across groups"
    top = compared.loc[compared["binary_rate_pct"].idxmax()]
    degree = "higher" if len(compared) == 2 else "highest"
    small = " (small numbers)" if compared["small_cohort"].any() else ""
    return f"Reoffending {degree} {group_phrase(dimension, top['key'], top['label'])}{small}"


def concentration_title(summary: dict) -> str:
    if not summary["reoffences"]:
        return "No proven reoffences yet"
    if not summary["prolific_children"]:
        return f"No child had {PROLIFIC} or more reoffences"
    children = summary["prolific_children"]
    noun = "child" if children == 1 else "children"
    return f"{count(children)} {noun} committed {pct(summary['share_pct'])} of reoffences"


# --- filters --------------------------------------------------------------------------

FILTER_WORDS = {
    "sex": {"M": "boys", "F": "girls", "U": "children whose sex is not recorded"},
    "looked_after": {"Y": "looked-after children", "N": "children not looked after"},
}


def filter_words(active: dict[str, str]) -> str:
    """The cohort filters in words: 'girls; aged 15–17; index outcome Custody'."""
    parts = []
    for key, value in active.items():
        if not value:
            continue
        if key in FILTER_WORDS:
            parts.append(FILTER_WORDS[key].get(value, value))
        elif key == "age":
            parts.append(f"aged {value.replace('-', '–')}")
        elif key == "ethnicity":
            parts.append(f"ethnicity {value}")
        elif key == "tier":
            parts.append(f"index outcome {TIER_LABELS.get(value, value).lower()}")
        elif key == "offence":
            parts.append(f"index offence {value}")
    return "; ".join(parts)


def filter_note(active: dict[str, str], comparators_follow: bool | None) -> str:
    """Say what the filters do here, including where they do not apply."""
    words = filter_words(active)
    if not words:
        return ""
    text = f"Showing only {words}: each rate is a share of those children. "
    if comparators_follow is False:
        text += ("Comparator lines are published figures for all children; they do not "
                 "follow the filters. ")
    elif comparators_follow:
        text += "Other services are filtered the same way. "
    return text


def empty_sentence(area: str, active: dict[str, str], basis: str = NATIONAL_BASIS) -> str:
    """Why there is nothing to show, in place of the figures."""
    if active.get("tier") == "diversion" and basis == NATIONAL_BASIS:
        return ("Diversion outcomes do not start a reoffending cohort on the national "
                "definition (only cautions and sentences do), so no child matches the outcome "
                "tier filter 'Diversion'. Choose ‘Every outcome, including diversion’ to "
                "follow these children.")
    matching = " matching these filters" if any(active.values()) else ""
    given = ("was cautioned or sentenced" if basis == NATIONAL_BASIS
             else "was given an outcome")
    return f"No child in {area} {given}{matching} in these cohorts."
