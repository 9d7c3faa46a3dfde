"""Words shared by the indicator pages: active titles, directions, comparisons, who is counted.

Pure functions of numbers and filters; lower is better for every indicator here (UX.md).
"""
from __future__ import annotations

import pandas as pd

from dashboard.contract.periods import add_months
from dashboard.contract.schema import TIER_LABELS
from dashboard.analysis.comparisons import change_words
from dashboard.analysis.intervals import significance
from dashboard.words.headlines import JUDGEMENT_WORDS, SIGNIFICANCE_WORDS
from dashboard.contract.selection import CohortFilter

MAX_TITLE_WORDS = 10
ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
            8: "eighth", 9: "ninth", 10: "tenth"}
RANK_WORDS = {1: "lowest", 2: "second lowest", 3: "third lowest"}
SEX_NOUNS = {"M": "boys", "F": "girls", "U": "children whose sex is not recorded"}


def fit_title(*candidates: str | None) -> str:
    """The first candidate of ten words or fewer (the last one regardless)."""
    options = [c for c in candidates if c]
    for option in options:
        if len(option.split()) <= MAX_TITLE_WORDS:
            return option
    return options[-1] if options else ""


def annual_changes(values: pd.Series) -> list[float]:
    """Year-on-year relative changes, newest first, for a series indexed by period end.

    Each value is compared with the one four quarters earlier, walking back a year at a time.
    """
    ordered = values.dropna().sort_index()
    changes = []
    position = len(ordered) - 1
    while position >= 4:
        latest, previous = ordered.iloc[position], ordered.iloc[position - 4]
        if previous == 0:
            break
        changes.append((latest - previous) / previous)
        position -= 4
    return changes


def streak(values: pd.Series, tolerance: float = 0.005) -> tuple[str | None, int]:
    """('fell'|'rose'|'held steady'|None, years running) for a series indexed by period end."""
    changes = annual_changes(values)
    if not changes:
        return None, 0

    def direction(change):
        if abs(change) < tolerance:
            return "held steady"
        return "fell" if change < 0 else "rose"

    first = direction(changes[0])
    run = 1
    for change in changes[1:]:
        if direction(change) != first:
            break
        run += 1
    return first, run


def streak_title(subject: str, values: pd.Series) -> str | None:
    """'First time entrants fell for the third year running'; None with no year earlier."""
    direction, run = streak(values)
    if direction is None:
        return None
    if run >= 2:
        return f"{subject} {direction} for the {ORDINALS.get(run, f'{run}th')} year running"
    return f"{subject} {direction} on a year earlier"


def ratio_title(high: str, low_rate_words: str, ratio: float | None, similar: str,
                verb: str = "entered") -> str:
    """'Boys entered at 3.3 times the girls' rate', or `similar` when rates are within 10%."""
    if ratio is None or pd.isna(ratio) or ratio < 1.1:
        return similar
    return f"{high} {verb} at {ratio:.1f} times the {low_rate_words} rate"


def share_words(part: int, whole: int) -> str:
    """'3 of 4', 'all 4' or 'none of 4'."""
    if part == whole:
        return f"all {whole:,}"
    if part == 0:
        return f"none of {whole:,}"
    return f"{part:,} of {whole:,}"


def plural(number: int, singular: str, plural_form: str | None = None) -> str:
    """'1 child', '3 children', '1,204 sentences', 'no sentences'."""
    word = singular if number == 1 else (plural_form or singular + "s")
    return f"no {word}" if number == 0 else f"{number:,} {word}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def who_words(cohort: CohortFilter) -> tuple[str, str]:
    """(who is counted, whose population) in words for the active cohort filters.

    e.g. ("girls aged 10–14", "girls aged 10–14") or ("looked-after children", "").
    """
    noun = SEX_NOUNS.get(cohort.sex, "children")
    before, after = [], []
    if cohort.ethnicity == "Unknown":
        after.append("of unknown ethnicity")
    elif cohort.ethnicity:
        before.append(cohort.ethnicity)
    if cohort.looked_after is True:
        before.append("looked-after")
    elif cohort.looked_after is False:
        after.append("not looked after")
    age = (cohort.age_band or "10-17").replace("-", "–")
    population = " ".join(before + [noun, f"aged {age}"])
    if cohort.age_band:
        after.insert(0, f"aged {age}")
    if cohort.tier:
        after.append(f"whose outcome was {TIER_LABELS.get(cohort.tier, cohort.tier).lower()}")
    if cohort.offence_group:
        after.append(f"(offence group: {cohort.offence_group})")
    who = " ".join(before + [noun] + after)
    return who, population if cohort.population_available else ""


def no_rate_reason(cohort: CohortFilter) -> str:
    """Why a filtered figure has no rate: 'there is no population figure for looked-after
    children'."""
    missing = []
    if cohort.looked_after is not None:
        missing.append("for children by looked-after status")
    if cohort.offence_group:
        missing.append("by offence group")
    return "there is no population figure " + (" or ".join(missing) or "for this group")


def where_words(level: str, area_name: str) -> str:
    """'in Kingsmoor YJS', or 'across all areas'."""
    return "across all areas" if level == "all" else f"in {area_name}"


def year_earlier_row(rows: pd.DataFrame, period_end):
    """The row (of a frame indexed by period end) a year before, or None."""
    earlier = add_months(period_end, -12)
    return rows.loc[earlier] if earlier in rows.index else None


def value_of(row, column):
    return None if row is None else row[column]


# The overview's words, so every page says it alike.
SIGNIFICANCE = SIGNIFICANCE_WORDS
# Lower is better for every indicator here: only a significant difference is judged.
JUDGEMENT = JUDGEMENT_WORDS
CHANCE = "statistically similar: a change of this size can happen by chance"


def _limits_missing(limits) -> bool:
    return limits is None or any(v is None or pd.isna(v) for v in limits)


def interval_text(limits, fmt) -> str | None:
    """'95% interval 150 to 260' of (lower, upper), each shown with `fmt`."""
    if _limits_missing(limits):
        return None
    return f"95% interval {fmt(limits[0])} to {fmt(limits[1])}"


def significance_of(limits, comparator) -> str | None:
    """`higher`, `similar` or `lower` (CONTRACT §4): the area's 95% limits against a value."""
    if _limits_missing(limits) or comparator is None or pd.isna(comparator):
        return None
    return significance(float(limits[0]), float(limits[1]), float(comparator))


def change_sentence(latest, previous, previous_words: str, more: str = "higher",
                    less: str = "lower", limits=None) -> str:
    """'That is 12% lower than a year earlier (375 per 100,000), a statistically significant
    fall — better.'

    `limits`: the latest figure's 95% limits. The change is called better or worse only when
    the year-earlier figure lies outside them (CONTRACT §4, significance against a value); else it
    is stated with its direction and said to be statistically similar. Without limits the
    direction is stated and not judged.
    """
    if previous is None or pd.isna(previous):
        return "There is no figure for a year earlier to compare with."
    if previous == 0 and latest == 0:
        return f"That is the same as a year earlier ({previous_words})."
    change = change_words(latest, previous)
    if change["direction"] == "same":
        return f"That is unchanged on a year earlier ({previous_words})."
    word = more if latest > previous else less
    percent = "" if 0 in (previous, latest) else change["words"].split()[-1] + " "
    said = f"That is {percent}{word} than a year earlier ({previous_words})"
    verdict = significance_of(limits, previous)
    if verdict is None:
        return said + "."
    if verdict == "similar":
        return f"{said}, but {CHANCE}."
    movement = "rise" if verdict == "higher" else "fall"
    return f"{said}, a statistically significant {movement} — {JUDGEMENT[verdict]}."


def comparator_sentence(value, rate_name: str, benchmark, shown: str,
                        filtered: bool = False, limits=None, interval: str | None = None) -> str:
    """'This is statistically similar to the England and Wales rate of 211 (our 95% interval,
    150 to 260, includes it).'

    `rate_name` e.g. 'the England and Wales rate'; `shown` is the benchmark formatted;
    `limits` the area's 95% limits and `interval` them in words ('150 to 260'). A difference is
    called higher or lower, and better or worse, only when the interval excludes the
    comparator (CONTRACT §4). With cohort filters the published rate covers all children, so it
    is not compared.
    """
    if benchmark is None or pd.isna(benchmark):
        return f"No figure for {rate_name} is loaded for this period."
    if filtered:
        return (f"{capital(rate_name)} ({shown}) covers all children, "
                "so it is not compared with this selection.")
    verdict = significance_of(limits, benchmark)
    if value is None or pd.isna(value) or verdict is None:
        return f"{capital(rate_name)} was {shown}."
    ours = f"our 95% interval, {interval}," if interval else "our 95% interval"
    if verdict == "similar":
        return f"This is {SIGNIFICANCE[verdict]} {rate_name} of {shown} ({ours} includes it)."
    side = "above" if verdict == "higher" else "below"
    return (f"This is {SIGNIFICANCE[verdict]} {rate_name} of {shown} — {JUDGEMENT[verdict]} "
            f"({ours} is {side} it).")


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def peer_sentence(value, peers: dict[str, float], noun: str = "services loaded",
                  is_peer: bool = True, limits=None, fmt=None) -> str:
    """'Against the 2 other services loaded, this is statistically similar to North YJS (188)
    and statistically lower than South YJS (410) — better.'

    `is_peer`: whether this area is one of the kind compared with (a service among
    services: "the other services"); a local authority or all areas is placed against them.
    `limits`: this area's 95% limits, which decide higher / similar / lower for each; `fmt`
    shows each service's value. Without limits, the area is ranked among them instead.
    """
    others = {k: v for k, v in peers.items() if v is not None and not pd.isna(v)}
    if value is None or pd.isna(value) or not others:
        return "There are no other services loaded to compare with."
    if _limits_missing(limits):
        return _ranked_among(value, list(others.values()), noun, is_peer)
    groups = {"lower": [], "similar": [], "higher": []}
    for name, peer in others.items():
        groups[significance_of(limits, peer)].append(
            f"{name} ({fmt(peer)})" if fmt else name)
    parts = []
    for verdict in ("lower", "similar", "higher"):
        named = groups[verdict]
        if not named:
            continue
        whom = _names(named) if len(named) <= 3 else f"{len(named)} of them"
        judged = f" — {JUDGEMENT[verdict]}" if verdict in JUDGEMENT else ""
        parts.append(f"{SIGNIFICANCE[verdict]} {whom}{judged}")
    if not is_peer:
        against = f"the {len(others)} {noun}"
    elif len(others) == 1:
        against = "the other " + noun.replace("services", "service", 1)
    else:
        against = f"the {len(others)} other {noun}"
    return f"Against {against}, this is " + _names(parts) + "."


def _ranked_among(value, others: list[float], noun: str, is_peer: bool) -> str:
    """'This is the lowest of the 3 services loaded' (no interval to test with)."""
    below = sum(1 for v in others if v < value)
    tied = sum(1 for v in others if v == value)
    if not is_peer:
        return _placed_among(len(others), below, tied, noun)
    total = len(others) + 1
    joint = "joint " if tied else ""
    if below == 0:
        return f"This is the {joint}lowest of the {total} {noun}."
    if below + tied == len(others):
        return f"This is the {joint}highest of the {total} {noun}."
    rank = RANK_WORDS.get(below + 1, f"number {below + 1} from lowest")
    return f"This is the {joint}{rank} of the {total} {noun} (lower is better)."


def _placed_among(count: int, below: int, tied: int, noun: str) -> str:
    """'This is lower than all 3 services loaded.'"""
    if below == 0 and tied == 0:
        return f"This is lower than all {count} {noun}."
    if below == count:
        return f"This is higher than all {count} {noun}."
    lower_than = count - below - tied
    return f"This is lower than {lower_than} of the {count} {noun} (lower is better)."
