"""Plain-English words from the headline figures of `dashboard.analysis.summary` (pure functions).

Headline sentences name the number, the period, the direction in words and a comparison,
say better or worse outright (lower is better for every headline indicator), and flag
small numbers. The same words fill the cards and the board's summary table.
"""
from __future__ import annotations

import pandas as pd

from dashboard.words.text import INDICATOR_FORMATS, count
from dashboard.words.figure_notes import SINGULAR

COMPARISON_NOUN = {"fte_rate": "rate", "custody_rate": "rate",
                   "reoffending_binary_rate": "rate", "reoffences_per_reoffender": "average"}
GROUP_WORDS = {"Mixed": "Children of mixed ethnicity", "Other": "Children of other ethnic groups",
               "Asian": "Asian children", "Black": "Black children"}
STAGE_VERBS = {
    "fte": "enter the justice system",
    "cautioned_or_sentenced": "be cautioned or sentenced",
    "out_of_court": "be cautioned out of court",
    "court": "be sentenced at court",
    "custody": "be sentenced to custody",
}
SUMMARY_HEADERS = ["Indicator", "Latest", "Period", "Annual trend", "3-year trend",
                   "vs national", "vs family", "National", "Family", "Region", "Rank",
                   "Quartile", "RAG"]


def value_text(indicator: str, value) -> str:
    """A value in the indicator's format: '187', '0.14', '27.5%', '2.68'; '–' if missing."""
    return INDICATOR_FORMATS[indicator](value)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plural(n, singular: str, many: str | None = None) -> str:
    return f"{count(n)} {singular if n == 1 else (many or singular + 's')}"


def count_text(figure: dict) -> str | None:
    """The count behind a figure in words: '45 children', '1 sentence'."""
    noun = figure.get("count_noun")
    if figure.get("count") is None or not noun:
        return None
    return plural(figure["count"], SINGULAR.get(noun, noun), noun)


# --- pieces shared by the sentences, cards and table ------------------------------------

def change_text(change: dict) -> str:
    """'▼ down 12% (better)', '↔ unchanged', or 'no comparison available'."""
    if change["direction"] is None:
        return change["words"]
    if change["direction"] == "same":
        return f"{change['arrow']} {change['words']}"
    return f"{change['arrow']} {change['words']} ({change['judgement']})"


def rank_text(figure: dict) -> str | None:
    """'2nd of 3 services', 'joint 1st of 3 services'; None when not ranked."""
    if not figure.get("rank"):
        return None
    joint = "joint " if figure.get("rank_tied") else ""
    return f"{joint}{ordinal(figure['rank'])} of {figure['rank_of']} {figure['rank_noun']}"


def benchmark_name(area_type: str, name: str) -> str:
    return {"national": "national", "family": "comparator family's"}.get(area_type, name)


def comparison_phrase(figure: dict, compare: str = "national") -> str | None:
    """'below the national rate of 211 (better)', or a rank among the services loaded.

    The chosen comparator when it has a figure, else the first of national, region,
    family that does; None when there is none.
    """
    if figure["value"] is None:
        return None
    if compare == "services" and figure.get("rank"):
        return _rank_phrase(figure)
    order = dict.fromkeys([compare, "national", "region", "family"])
    for area_type in order:
        bench = figure["benchmarks"].get(area_type)
        if not bench or bench["value"] is None or bench["position"] is None:
            continue
        noun = COMPARISON_NOUN[figure["indicator"]]
        phrase = (f"{bench['position']} the {benchmark_name(area_type, bench['name'])} {noun} "
                  f"of {value_text(figure['indicator'], bench['value'])}")
        judgement = bench["judgement"].lower()
        return phrase if judgement == "similar" else f"{phrase} ({judgement})"
    return None


def _rank_phrase(figure: dict) -> str:
    rank, total, noun = figure["rank"], figure["rank_of"], figure["rank_noun"]
    joint = "the joint " if figure.get("rank_tied") else "the "
    if rank == 1:
        where = f"{joint}lowest"
    elif rank == total and not figure.get("rank_tied"):
        where = "the highest"
    else:
        where = f"{joint}{ordinal(rank)} lowest"
    return f"{where} of {total} {noun} loaded"


def _year_change(figure: dict, fewer: str, more: str, same: str, lead: str = "") -> str | None:
    """'12% fewer than a year before (better)' from the figure's annual change."""
    change = figure["change"]
    if change["direction"] is None:
        return None
    if change["direction"] == "same":
        return same
    percent = round(abs(change["change"]) * 100)
    word = fewer if change["direction"] == "down" else more
    return f"{lead}{percent}% {word} ({change['judgement']})"


def _join(opening: str, clauses: list[str | None], *cautions: str | None) -> str:
    """'Opening, clause one and clause two. Based on 12 children — treat with caution.'"""
    clauses = [c for c in clauses if c]
    sentence = opening + (", " + " and ".join(clauses) if clauses else "") + "."
    for caution in filter(None, cautions):
        sentence += f" {caution[0].upper()}{caution[1:]}" + ("" if caution.endswith(".") else ".")
    return sentence


def _compared(figure: dict, opening: str, change: str | None, compare: str) -> str:
    """The opening with its change and comparison, then the figure's cautions."""
    return _join(opening, [change, comparison_phrase(figure, compare)], figure["small_note"],
                 figure.get("coverage_note"))


# --- one sentence per indicator -----------------------------------------------------------

def fte_sentence(figure: dict, compare: str = "national") -> str | None:
    when = figure["period_words"]
    if figure["rate_available"] and figure["value"] is not None:
        opening = (f"{value_text('fte_rate', figure['value'])} children per 100,000 entered "
                   f"the justice system for the first time in the {when}")
        change = _year_change(figure, "fewer than a year before", "more than a year before",
                              "about the same as a year before")
        return _compared(figure, opening, change, compare)
    if figure["count"] is None:
        return None
    who = count_text(figure) if figure["count"] else "No child"
    opening = f"{who} entered the justice system for the first time in the {when}"
    change = _year_change(figure, "fewer than a year before", "more than a year before",
                          "about the same as a year before")
    return _join(opening, [change], "there is no rate: no population figure exists for this filter",
                 figure.get("coverage_note"))


def custody_sentence(figure: dict, compare: str = "national") -> str | None:
    sentences, before = figure["count"], figure.get("previous_count")
    if sentences is None:
        return None
    when = figure["period_words"]
    if sentences == 0:
        change = None if before is None else (
            "the same as the year before" if before == 0 else
            f"down from {plural(before, 'custodial sentence')} a year before (better)")
        return _join(f"No child was sentenced to custody in the {when}",
                     [change, comparison_phrase(figure, compare)], figure.get("coverage_note"))
    opening = f"Children received {plural(sentences, 'custodial sentence')} in the {when}"
    if figure["rate_available"] and figure["value"] is not None:
        opening += f" ({value_text('custody_rate', figure['value'])} per 1,000 children)"
        change = _year_change(figure, "lower than a year before", "higher than a year before",
                              "about the same rate as a year before", lead="a rate ")
    else:
        change = _year_change(figure, "fewer than a year before", "more than a year before",
                              "about the same as a year before")
    if change is None and before == 0:
        change = "up from none a year before (worse)"
    return _compared(figure, opening, change, compare)


def reoffending_sentence(figure: dict, compare: str = "national") -> str | None:
    if figure["value"] is None:
        return None
    opening = (f"{value_text('reoffending_binary_rate', figure['value'])} of children "
               f"cautioned or sentenced {figure['cohort_year_words']} reoffended within "
               f"12 months (the latest complete year)")
    return _compared(figure, opening, _from_year_before(figure), compare)


def frequency_sentence(figure: dict, compare: str = "national") -> str | None:
    if figure["value"] is None:
        return None
    opening = (f"Children who reoffended committed "
               f"{value_text('reoffences_per_reoffender', figure['value'])} reoffences each "
               f"on average")
    return _compared(figure, opening, _from_year_before(figure), compare)


def _from_year_before(figure: dict) -> str | None:
    """'down from 30.1% a year earlier (better)'."""
    change = figure["change"]
    if change["direction"] is None:
        return None
    if change["direction"] == "same":
        return "about the same as a year earlier"
    before = value_text(figure["indicator"], figure["previous"])
    return f"{change['direction']} from {before} a year earlier ({change['judgement']})"


def disproportionality_sentence(found: dict | None) -> str | None:
    """The largest significant over-representation, or that there is none."""
    if not found or found["found"] is None:
        return None
    when = found["period_words"]
    scope_note = (" (the ethnicity filter does not apply: this compares groups)"
                  if found.get("ignores_ethnicity_filter") else "")
    if not found["found"]:
        return (f"No ethnic group was significantly over-represented at any stage in the "
                f"{when}, compared with White children{scope_note}.")
    caution = (f"based on {plural(found['count'], 'child', 'children')} — treat with caution"
               if found["count"] < 30 else plural(found["count"], "child", "children"))
    group = GROUP_WORDS.get(found["group"], f"{found['group']} children")
    return (f"{group} were {found['rri']:.1f} times as likely as White "
            f"children to {STAGE_VERBS[found['stage']]} in the {when}, the largest "
            f"significant over-representation at any stage ({caution}){scope_note}.")


def nobody_counted(figures: list[dict]) -> bool:
    """True when no child at all is behind any headline figure (e.g. filters match nobody)."""
    return not any(f.get("count") or f.get("cohort_size") for f in figures)


def headline_sentences(figures: list[dict], compare: str = "national",
                       disproportionality: dict | None = None) -> list[str]:
    """3–5 sentences telling the quarter's story, most familiar indicators first."""
    by_key = {f["indicator"]: f for f in figures}
    writers = [("fte_rate", fte_sentence), ("custody_rate", custody_sentence),
               ("reoffending_binary_rate", reoffending_sentence),
               ("reoffences_per_reoffender", frequency_sentence)]
    sentences = [writer(by_key[key], compare) for key, writer in writers if key in by_key]
    sentences.append(disproportionality_sentence(disproportionality))
    return [s for s in sentences if s]


# --- the board's summary table ------------------------------------------------------------

def _latest_text(figure: dict) -> str:
    key = figure["indicator"]
    if not figure["rate_available"]:
        counted = count_text(figure)
        return f"{counted} (no rate)" if counted else "–"
    text = value_text(key, figure["value"])
    if key == "custody_rate" and figure["value"] is not None and count_text(figure):
        text += f" ({count_text(figure)})"
    return text


def _period_cell(figure: dict) -> str:
    if figure.get("cohort_year_words"):
        return f"Cohorts {figure['cohort_year_words']}"
    return figure["period_words"][0].upper() + figure["period_words"][1:]


def _trend_cell(change: dict) -> str:
    return change_text(change) if change["direction"] else "–"


def summary_table(figures: list[dict]) -> pd.DataFrame:
    """The table boards know: one row per indicator, every cell already in words."""
    rows = []
    for figure in figures:
        key, bench = figure["indicator"], figure["benchmarks"]

        def vs(area_type):
            found = bench.get(area_type)
            return (found or {}).get("judgement") or "–"

        def at(area_type):
            return value_text(key, (bench.get(area_type) or {}).get("value"))
        rows.append([
            f"{figure['label']} ({figure['short_unit']})", _latest_text(figure),
            _period_cell(figure),
            _trend_cell(figure["change"]), _trend_cell(figure["trend_3y"]),
            vs("national"), vs("family"), at("national"), at("family"), at("region"),
            rank_text(figure) or "–", figure.get("quartile") or "–", figure["rag"]["word"],
        ])
    return pd.DataFrame(rows, columns=SUMMARY_HEADERS)


def summary_title(figures: list[dict]) -> str:
    """An active title for the summary table: how many indicators beat the national figure."""
    judged = [(f["benchmarks"].get("national") or {}).get("judgement") for f in figures]
    judged = [j for j in judged if j]
    if judged:
        return (f"Better than national on {judged.count('Better')} of {len(judged)} "
                f"headline indicators")
    statuses = [f["rag"]["status"] for f in figures if f["rag"]["status"] != "grey"]
    if statuses:
        return ", ".join(f"{statuses.count(s)} {s}" for s in ("red", "amber", "green")
                         if s in statuses).capitalize() + " against local thresholds"
    return "No headline figures for this selection"
