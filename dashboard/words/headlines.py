"""Plain-English words from the headline figures of `dashboard.analysis.summary` (pure functions).

Headline sentences name the number, the period, the direction in words and a comparison.
A difference is called better or worse (lower is better for every headline indicator) only
when it is beyond chance at 95%: against a comparator, "statistically higher than / similar
to / lower than" from the area's own interval; a change on the year before, from the
earlier year's interval, else "could be chance". A figure with no interval (reoffences per
reoffender) is compared without any such claim. The same words fill the cards and the
board's summary table.
"""
from __future__ import annotations

import pandas as pd

from dashboard.contract.periods import cohort_words, period_words, quarter_start
from dashboard.words.text import INDICATOR_FORMATS, count, pct
from dashboard.words.figure_notes import SINGULAR
from dashboard.words.needs_words import counts_text

COMPARISON_NOUN = {"reoffences_per_reoffender": "average"}   # otherwise "rate"
COMPARATOR_TYPES = ("national", "region", "family", "pcc", "statistical_neighbours")
SIGNIFICANCE_WORDS = {"higher": "statistically higher than", "similar": "statistically similar to",
                      "lower": "statistically lower than"}
JUDGEMENT_WORDS = {"higher": "worse", "lower": "better"}   # lower is better for every indicator
TABLE_WORDS = {"higher": "Higher than", "similar": "Similar to", "lower": "Lower than"}
GROUP_WORDS = {"Mixed": "Children of mixed ethnicity", "Other": "Children of other ethnic groups",
               "Asian": "Asian children", "Black": "Black children"}
STAGE_VERBS = {
    "fte": "enter the justice system",
    "cautioned_or_sentenced": "be cautioned or sentenced",
    "out_of_court": "be cautioned out of court",
    "court": "be sentenced at court",
    "custody": "be sentenced to custody",
}
MIX_WORDS = {"diversion": "Diversion", "out_of_court": "Cautions (out of court)",
             "court": "Court"}
RANK_NOTES = {
    "services_only": "Not ranked: only services are ranked nationally",
    "not_published": "–",
    "no_figure": "–",
}


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


def interval_text(figure: dict) -> str | None:
    """'95% interval 282 to 393', or None when the figure has none."""
    if figure.get("lower_95") is None or figure.get("upper_95") is None:
        return None
    key = figure["indicator"]
    return (f"95% interval {value_text(key, figure['lower_95'])} to "
            f"{value_text(key, figure['upper_95'])}")


# --- pieces shared by the sentences, cards and table ------------------------------------

def change_text(change: dict) -> str:
    """'▼ down 12% (better)', '▲ up 4% (could be chance)', '↔ unchanged', '▲ up 8%'
    (untested), or 'no comparison available'."""
    if change["direction"] is None:
        return change["words"]
    if change["direction"] == "same" or not change.get("judgement"):
        return f"{change['arrow']} {change['words']}"
    return f"{change['arrow']} {change['words']} ({change['judgement']})"


def rank_text(figure: dict) -> str | None:
    """'38th of 155 services', 'joint 1st of 155 services', '2nd of 3 services loaded';
    None when not ranked."""
    if figure.get("rank_status") != "ranked":
        return None
    joint = "joint " if figure.get("rank_tied") else ""
    loaded = " loaded" if figure.get("rank_field") in ("loaded", "filtered") else ""
    return f"{joint}{ordinal(figure['rank'])} of {figure['rank_of']} services{loaded}"


def rank_cohort(figure: dict) -> str | None:
    """'cohort of April–June 2023' for a reoffending rank (published figures are for
    quarterly cohorts, so the rank is of the year's last cohort, not the pooled year)."""
    if figure.get("period_kind") != "cohort_year" or not figure.get("rank_period_end"):
        return None
    end = figure["rank_period_end"]
    return cohort_words(quarter_start(end), end)


def rank_note(figure: dict) -> str | None:
    """What the rank compares with, when it is not every service, or why there is none."""
    status = figure.get("rank_status")
    if status == "services_only":
        return "Only services are ranked nationally, so this area has no rank."
    if status != "ranked":
        return None
    field = figure.get("rank_field")
    if field == "loaded":
        return ("Only the services loaded are ranked: no published figures for other "
                "services are loaded for this period.")
    if field == "filtered":
        return ("Ranked among the services loaded, with the same filters: published figures "
                "cover all children.")
    return None


def rank_cell(figure: dict) -> str:
    """The summary table's rank: '38th of 155 services (cohort of April–June 2023)'."""
    ranked = rank_text(figure)
    if not ranked:
        return RANK_NOTES.get(figure.get("rank_status"), "–")
    cohort = rank_cohort(figure)
    return f"{ranked} ({cohort})" if cohort else ranked


def comparator_name(area_type: str, name: str, noun: str = "rate") -> str:
    """How a comparator is named in a sentence: 'the England and Wales rate'."""
    return {"national": f"the {name} {noun}", "region": f"the {name} regional {noun}",
            "family": f"the {name} comparator family {noun}",
            "pcc": f"the {name} PCC area {noun}",
            "statistical_neighbours": f"the statistical neighbours' {noun}"}.get(
        area_type, f"the {name} {noun}")


def comparator_label(area_type: str, name: str) -> str:
    """A comparator's short name for a card or a table heading."""
    return {"national": name, "region": f"{name} (region)", "family": f"{name} (family)",
            "pcc": f"{name} (PCC area)",
            "statistical_neighbours": "Statistical neighbours"}.get(area_type, name)


def benchmark_phrase(figure: dict, area_type: str, bench: dict) -> str:
    """'statistically higher than the England and Wales rate of 171 (worse)'; without a
    significance test, 'against the England and Wales average of 3.52'; with cohort
    filters on, 'against the England and Wales rate of 171 for all children'."""
    key = figure["indicator"]
    name = comparator_name(area_type, bench["name"], COMPARISON_NOUN.get(key, "rate"))
    of = f"{name} of {value_text(key, bench['value'])}"
    if bench.get("all_children"):
        return f"against {of} for all children"
    found = bench.get("significance")
    if found is None:
        return f"against {of}"
    judgement = JUDGEMENT_WORDS.get(found)
    return f"{SIGNIFICANCE_WORDS[found]} {of}" + (f" ({judgement})" if judgement else "")


def comparison_phrase(figure: dict, compare: str = "national") -> str | None:
    """The comparison for a headline sentence: the chosen comparator when it has a figure,
    else the first of COMPARATOR_TYPES that does; with compare = services, the rank.
    None when there is none."""
    if figure["value"] is None:
        return None
    if compare == "services" and figure.get("rank_status") == "ranked":
        return _rank_phrase(figure)
    for area_type in dict.fromkeys([compare, *COMPARATOR_TYPES]):
        bench = figure["benchmarks"].get(area_type)
        if bench and bench["value"] is not None:
            return benchmark_phrase(figure, area_type, bench)
    return None


def _rank_phrase(figure: dict) -> str:
    """'ranked 38th of 155 services in England and Wales (1st = lowest)'."""
    joint = "joint " if figure.get("rank_tied") else ""
    where = {"published": f"{figure['rank_of']} services in England and Wales",
             "loaded": f"the {figure['rank_of']} services loaded",
             "filtered": f"the {figure['rank_of']} services loaded, with the same filters"}
    cohort = rank_cohort(figure)
    return (f"ranked {joint}{ordinal(figure['rank'])} of {where[figure['rank_field']]} "
            f"(1st = lowest{'; ' + cohort if cohort else ''})")


def _judged(change: dict) -> str:
    """' (better)', ' (could be chance)', or nothing for an untested change."""
    return f" ({change['judgement']})" if change.get("judgement") else ""


def _year_change(figure: dict, fewer: str, more: str, same: str, lead: str = "") -> str | None:
    """'12% fewer than a year before (better)' from the figure's annual change."""
    change = figure["change"]
    if change["direction"] is None:
        return None
    if change["direction"] == "same":
        return same
    if change["change"] is None:   # from none: no percentage
        return f"up from none a year before{_judged(change)}"
    percent = round(abs(change["change"]) * 100)
    word = fewer if change["direction"] == "down" else more
    return f"{lead}{percent}% {word}{_judged(change)}"


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
    change = _year_change(figure, "fewer than a year before", "more than a year before",
                          "about the same as a year before")
    if figure["rate_available"] and figure["value"] is not None:
        opening = (f"{value_text('fte_rate', figure['value'])} children per 100,000 entered "
                   f"the justice system for the first time in the {when}")
        return _compared(figure, opening, change, compare)
    if figure["count"] is None:
        return None
    who = count_text(figure) if figure["count"] else "No child"
    opening = f"{who} entered the justice system for the first time in the {when}"
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
            f"down from {plural(before, 'custodial sentence')} a year before"
            f"{_judged(figure['change'])}")
        return _join(f"No child was sentenced to custody in the {when}",
                     [change, comparison_phrase(figure, compare)], figure.get("coverage_note"))
    children = figure.get("children")
    who = "Children" if children is None else plural(children, "child", "children")
    opening = f"{who} received {plural(sentences, 'custodial sentence')} in the {when}"
    if figure["rate_available"] and figure["value"] is not None:
        opening += f" ({value_text('custody_rate', figure['value'])} per 1,000 children)"
        change = _year_change(figure, "lower than a year before", "higher than a year before",
                              "about the same rate as a year before", lead="a rate ")
    else:
        change = _year_change(figure, "fewer than a year before", "more than a year before",
                              "about the same as a year before")
    return _compared(figure, opening, change, compare)


def reoffending_sentence(figure: dict, compare: str = "national") -> str | None:
    if figure["value"] is None:
        return None
    opening = (f"{value_text('reoffending_binary_rate', figure['value'])} of children "
               f"cautioned or sentenced {figure['cohort_year_words']} reoffended within "
               f"12 months (the latest complete year)")
    return _compared(figure, opening, _from_year_before(figure), compare)


def frequency_sentence(figure: dict, compare: str = "national") -> str | None:
    """Reoffences per reoffender, stated without a claim of better or worse: the contract
    gives it no interval, so neither the change nor a comparison is tested against chance:
    'Children who reoffended committed 2.77 reoffences each on average (2.56 a year
    earlier; England and Wales 3.52).'"""
    if figure["value"] is None:
        return None
    key = figure["indicator"]
    beside = []
    if figure.get("previous") is not None:
        beside.append(f"{value_text(key, figure['previous'])} a year earlier")
    for area_type in dict.fromkeys([compare, *COMPARATOR_TYPES]):
        bench = figure["benchmarks"].get(area_type)
        if bench and bench["value"] is not None:
            beside.append(f"{comparator_label(area_type, bench['name'])} "
                          f"{value_text(key, bench['value'])}"
                          + (" for all children" if bench.get("all_children") else ""))
            break
    opening = (f"Children who reoffended committed {value_text(key, figure['value'])} "
               f"reoffences each on average" + (f" ({'; '.join(beside)})" if beside else ""))
    return _join(opening, [], figure["small_note"], figure.get("coverage_note"))


def _from_year_before(figure: dict, when: str = "a year earlier") -> str | None:
    """'down from 30.1% a year earlier (better)', '... (could be chance)'."""
    change = figure["change"]
    if change["direction"] is None:
        return None
    if change["direction"] == "same":
        return f"about the same as {when}"
    if change["change"] is None:
        return f"up from none {when}{_judged(change)}"
    before = value_text(figure["indicator"], figure["previous"])
    return f"{change['direction']} from {before} {when}{_judged(change)}"


def looked_after_sentence(figure: dict, compare: str = "national") -> str | None:
    """'22 of the 345 children aged 10–17 in care (6.4%) were cautioned or sentenced in the
    year to December 2024, down from 7.8% a year before (could be chance).'"""
    children, population = figure.get("count"), figure.get("population")
    if children is None:
        return None
    when = figure["period_words"]
    if not figure["rate_available"] or figure["value"] is None:
        who = plural(children, "child", "children") if children else "No child"
        verb = "was" if children == 1 or not children else "were"
        return _join(f"{who} in care {verb} cautioned or sentenced in the {when}", [],
                     "there is no rate: no looked-after population is loaded for this area or "
                     "filter")
    verb = "was" if children == 1 else "were"
    opening = (f"{count(children)} of the {count(population)} children aged 10–17 in care "
               f"({value_text(figure['indicator'], figure['value'])}) {verb} cautioned or "
               f"sentenced in the {when}")
    return _compared(figure, opening, _from_year_before(figure, "a year before"), compare)


def outcome_mix_sentence(mix: pd.DataFrame | None) -> str | None:
    """'Diversion was 41.0% of outcomes in the year to March 2024, up from 33.0% a year
    before; cautions (out of court) were 20.0% (22.0% a year before) and court outcomes
    39.0% (45.0%).' Shares of diversion, cautions and court outcomes (tier `other` left
    out), stated neutrally; None when the year has no outcomes."""
    if mix is None or mix.empty:
        return None
    ends = sorted(mix["period_end"].unique())
    now = mix[mix["period_end"] == ends[-1]].set_index("group")["share_pct"]
    before = (mix[mix["period_end"] == ends[0]].set_index("group")["share_pct"]
              if len(ends) > 1 else pd.Series(dtype="float64"))
    if now.isna().all():
        return None
    had_before = len(before) and not before.isna().all()

    move = mix_move(now["diversion"], before["diversion"]) if had_before else None
    if move == "same":
        sentence = (f"Diversion was {pct(now['diversion'])} of outcomes in the "
                    f"{period_words(ends[-1])}, the same as a year before; ")
    elif move == "steady":
        sentence = (f"Diversion was steady at {pct(now['diversion'])} of outcomes in the "
                    f"{period_words(ends[-1])} ({pct(before['diversion'])} a year before); ")
    elif move:
        sentence = (f"Diversion was {pct(now['diversion'])} of outcomes in the "
                    f"{period_words(ends[-1])}, {move} from {pct(before['diversion'])} "
                    f"a year before; ")
    else:
        sentence = (f"Diversion was {pct(now['diversion'])} of outcomes in the "
                    f"{period_words(ends[-1])}; ")
    if had_before:
        sentence += (f"cautions (out of court) were {pct(now['out_of_court'])} "
                     f"({pct(before['out_of_court'])} a year before) and court outcomes "
                     f"{pct(now['court'])} ({pct(before['court'])}).")
    else:
        sentence += (f"cautions (out of court) were {pct(now['out_of_court'])} and court "
                     f"outcomes {pct(now['court'])}.")
    return sentence


MIX_STEADY = 1.0   # percentage points: a smaller move of diversion's share is "steady"


def mix_move(now: float, before: float) -> str:
    """The one rule for how diversion's share moved, shared by the mix chart's title and the
    headline sentence: 'same' when both show as the same percentage, 'steady' for a move of
    under MIX_STEADY points, else 'up' or 'down'."""
    if pct(now) == pct(before):
        return "same"
    if abs(now - before) < MIX_STEADY:
        return "steady"
    return "up" if now > before else "down"


def outcome_mix_title(mix: pd.DataFrame) -> str:
    """The mix chart's active title: 'Diversion's share of outcomes rose to 41.0%'; a move
    of under one percentage point is 'steady', not a rise or fall."""
    ends = sorted(mix["period_end"].unique())
    now = mix[mix["period_end"] == ends[-1]].set_index("group")["share_pct"]
    share = pct(now["diversion"])
    before = mix[mix["period_end"] == ends[0]].set_index("group")["share_pct"] \
        if len(ends) > 1 else None
    if before is None or pd.isna(before["diversion"]):
        return f"Diversion was {share} of outcomes"
    move = mix_move(now["diversion"], before["diversion"])
    if move in ("same", "steady"):
        return f"Diversion's share of outcomes steady at {share}"
    return f"Diversion's share of outcomes {'rose' if move == 'up' else 'fell'} to {share}"


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
                       disproportionality: dict | None = None,
                       mix: pd.DataFrame | None = None) -> list[str]:
    """The quarter's story, most familiar indicators first: first time entrants, custody,
    reoffending (with reoffences per reoffender in the same statement), disproportionality,
    the mix of outcomes and, when its population is loaded, children in care."""
    by_key = {f["indicator"]: f for f in figures}

    def say(key, writer):
        return writer(by_key[key], compare) if key in by_key else None
    reoffending = " ".join(filter(None, [say("reoffending_binary_rate", reoffending_sentence),
                                         say("reoffences_per_reoffender", frequency_sentence)]))
    sentences = [say("fte_rate", fte_sentence), say("custody_rate", custody_sentence),
                 reoffending, disproportionality_sentence(disproportionality),
                 outcome_mix_sentence(mix), say("looked_after_rate", looked_after_sentence)]
    return [s for s in sentences if s]


# --- the board's summary table ------------------------------------------------------------

def _latest_text(figure: dict) -> str:
    key = figure["indicator"]
    if not figure["rate_available"]:
        counted = count_text(figure)
        return f"{counted} (no rate)" if counted else "–"
    text = value_text(key, figure["value"])
    if figure["value"] is not None and key == "custody_rate" and count_text(figure):
        text += f" ({count_text(figure)})"
    if figure["value"] is not None and key == "looked_after_rate":
        text += f" ({count(figure['count'])} of {count(figure['population'])})"
    if figure["value"] is not None and figure.get("local") is not None:   # a local KPI
        text += f" ({counts_text(key, figure['local'].year)})"
    return text


def _interval_cell(figure: dict) -> str:
    """'267 to 376': the latest figure's 95% interval; '–' where it has none (reoffences per
    reoffender, a count without a rate)."""
    if figure["value"] is None or not figure.get("rate_available", True):
        return "–"
    found = interval_text(figure)
    return found.removeprefix("95% interval ") if found else "–"


def _period_cell(figure: dict) -> str:
    if figure.get("cohort_year_words"):
        return f"Cohorts {figure['cohort_year_words']}"
    return figure["period_words"][0].upper() + figure["period_words"][1:]


def _trend_cell(change: dict) -> str:
    return change_text(change) if change["direction"] else "–"


def comparator_columns(figures: list[dict]) -> list[tuple[str, str]]:
    """(area_type, heading) of every comparator type with a figure, in COMPARATOR_TYPES
    order: 'vs England and Wales', 'vs East Midlands (region)', ..."""
    names: dict[str, str] = {}
    for figure in figures:
        for area_type, bench in figure["benchmarks"].items():
            if bench["value"] is not None:
                names.setdefault(area_type, bench["name"])
    return [(t, f"{COMPARATOR_HEADING}{comparator_label(t, names[t])}") for t in COMPARATOR_TYPES
            if t in names]


COMPARATOR_HEADING = "vs "   # the summary table's comparator columns: "vs England and Wales"


def is_comparator_heading(heading: str) -> bool:
    return heading.startswith(COMPARATOR_HEADING)


def further_comparators_note(headings: list[str], summary_only: bool) -> str:
    """Under the printed summary table when it has no room for every comparator: where the
    others are ('Midshire (PCC area) and statistical neighbours: in the appendix')."""
    names = [h[len(COMPARATOR_HEADING):] if is_comparator_heading(h) else h for h in headings]
    generic = comparator_label("statistical_neighbours", "")
    names = [generic.lower() if name == generic else name for name in names]  # mid-sentence
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    where = ("the full board pack's appendix" if summary_only
             else "the appendix's first table")
    return f"Compared with {listed} too: see {where}, which has every comparator."


def benchmark_cell(figure: dict, area_type: str) -> str:
    """'Higher than 171 (worse)', 'Similar to 0.10', 'Lower than 33.6% (better)';
    '3.52 (not tested)' for a figure without an interval, '171 (all children)' with cohort
    filters on; '–' without a comparator."""
    bench = figure["benchmarks"].get(area_type)
    if not bench or bench["value"] is None or figure["value"] is None:
        return "–"
    value = value_text(figure["indicator"], bench["value"])
    if bench.get("all_children"):
        return f"{value} (all children)"
    found = bench.get("significance")
    if found is None:
        return f"{value} (not tested)"
    judgement = JUDGEMENT_WORDS.get(found)
    return f"{TABLE_WORDS[found]} {value}" + (f" ({judgement})" if judgement else "")


def summary_table(figures: list[dict]) -> pd.DataFrame:
    """The table boards know: one row per indicator (the headline figures, then the further
    rows of `dashboard.analysis.summary.summary_rows`), every cell already in words, the
    latest figure with its 95% interval. There is a column for every comparator type
    loaded."""
    comparators = comparator_columns(figures)
    headers = (["Indicator", "Latest", "95% interval", "Period", "Annual trend",
                "3-year trend"]
               + [heading for _, heading in comparators] + ["Rank", "Quartile", "RAG"])
    rows = [[f"{figure['label']} ({figure['short_unit']})", _latest_text(figure),
             _interval_cell(figure), _period_cell(figure), _trend_cell(figure["change"]),
             _trend_cell(figure["trend_3y"]),
             *[benchmark_cell(figure, area_type) for area_type, _ in comparators],
             rank_cell(figure), figure.get("quartile_name") or "–", figure["rag"]["label"]]
            for figure in figures]
    return pd.DataFrame(rows, columns=headers)


def summary_title(figures: list[dict]) -> str:
    """An active title for the summary table: against England and Wales, how many
    indicators are statistically better, similar and worse (untested ones left out)."""
    tested = [b for f in figures if (b := f["benchmarks"].get("national"))
              and b.get("significance") and f["value"] is not None]
    if tested:
        found = [b["significance"] for b in tested]
        return (f"Against {tested[0]['name']}: {found.count('lower')} better, "
                f"{found.count('similar')} similar, {found.count('higher')} worse")
    statuses = [f["rag"]["status"] for f in figures if f["rag"]["status"] != "grey"]
    if statuses:
        return ", ".join(f"{statuses.count(s)} {s}" for s in ("red", "amber", "green")
                         if s in statuses).capitalize() + " against local thresholds"
    return "No headline figures for this selection"
