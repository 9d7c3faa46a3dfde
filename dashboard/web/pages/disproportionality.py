"""Disproportionality page: relative rate index by stage and ethnic group, for the area and
for its authorities (or the services, for all areas)."""
from __future__ import annotations

import pandas as pd

from dashboard.contract.periods import period_words
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.figures import disproportionality as fig
from dashboard.words import disproportionality_words as words
from dashboard.web.page_content import Chart, NothingToShow, PageContent, table_payload
from dashboard.web.state import ViewState
from dashboard.words.text import day_month_year
from queries.common import data_presence
from queries.disproportionality import STAGE_LABELS, STAGES, disproportionality
from queries.meta import area_label, load_meta, service_of

PAGE = "disproportionality"
RRI, SHARES, AREAS = ("disproportionality-rri", "disproportionality-shares",
                      "disproportionality-areas")
STAGE, FILTER_NOTE = "disproportionality-stage", "disproportionality-filter-note"
CHARTS = {RRI: "the relative rate index by ethnic group",
          SHARES: "shares of children at the stage and aged 10–17",
          AREAS: "the relative rate index by area"}
SOURCE = ("Source: local case management records (children aged 10–17, distinct children) "
          "and ONS mid-year population estimates.")
COMPARE_NOTE = ("Groups are compared with White children in the same area, so ‘Compare with’ "
                "does not change this page.")
POPULATION_WORDS = {"F": "girls", "M": "boys"}
AGE_WORDS = {"10-14": "aged 10–14", "15-17": "aged 15–17"}


def _table(rows: pd.DataFrame, filename: str, with_area: bool = False, drill=None) -> dict:
    """The groups as shown, the minority ethnic total first, with the verdict in words and
    the small-number flag."""
    shown = words.ordered(rows)
    if with_area:
        areas = {a: i for i, a in enumerate(dict.fromkeys(rows["area_name"]))}
        shown = shown.sort_values("area_name", key=lambda s: s.map(areas), kind="stable")
    shown = shown.assign(words=[words.verdict(r) for _, r in shown.iterrows()],
                         small=shown["count"].map(words.small_numbers))
    for column, places in (("rate_per_1000", 2), ("relative_rate_index", 2),
                           ("rri_lower_95", 2), ("rri_upper_95", 2),
                           ("share_of_stage_pct", 1), ("share_of_population_pct", 1)):
        shown[column] = shown[column].astype("float64").round(places)
    headers = {"area_name": "Area"} if with_area else {}
    headers.update({"ethnicity": "Ethnic group", "count": "Children", "population":
                    "Children aged 10–17", "rate_per_1000": "Rate per 1,000",
                    "relative_rate_index": "Relative rate index (vs White)",
                    "rri_lower_95": "95% interval: lower", "rri_upper_95": "95% interval: upper",
                    "share_of_stage_pct": "% of children at this stage",
                    "share_of_population_pct": "% of children aged 10–17",
                    "words": "What it means", "small": "Small numbers"})
    return table_payload(shown, filename, headers, drill)


def _subtitle(area: str, stage: str, period_end, meta: dict) -> str:
    return (f"{area} · {STAGE_LABELS[stage]} · {period_words(period_end)} · data as of "
            f"{day_month_year(meta['as_of'])}")


def rri_chart(rows, stage, period_end, area, meta, highlight, present, dark):
    if not words.comparable(rows):
        raise NothingToShow("No comparison is possible: there is no population for these "
                            "filters, or no White children at this stage.")
    note = ("A dot is how many times as likely a group is as White children to be at this "
            "stage, per head of its 10–17 population; the bar is the 95% interval. Where the "
            "bar crosses 1 the difference may be chance. A group of fewer than 5 children "
            "always says so, however narrow its interval. "
            f"{words.MINORITY_NOTE} Click a group to highlight it. " + SOURCE)
    drill = {"kind": stage, "title": f"Children {words.STAGE_CHILDREN[stage]} in the "
                                     f"{period_words(period_end)} — {area}"}
    return Chart(figure=fig.rri_figure(rows, highlight, present, dark),
                 title=words.rri_title(rows, stage),
                 subtitle=_subtitle(area, stage, period_end, meta), note=note, data=_table(rows, f"relative-rate-index-{stage}", drill=drill))


def shares_chart(rows, stage, period_end, area, meta, highlight, present, dark):
    if not words.groups_only(rows)["count"].sum():
        raise NothingToShow(f"No children {words.STAGE_CHILDREN[stage]} with a recorded "
                            f"ethnicity in the {period_words(period_end)}.")
    note = ("Counts of children are in brackets. Children whose ethnicity is not recorded are "
            f"left out of both shares. {words.MINORITY_NOTE} " + SOURCE)
    return Chart(figure=fig.share_figure(rows, stage, highlight, present, dark),
                 title=words.share_title(rows, stage),
                 subtitle=_subtitle(area, stage, period_end, meta), note=note, data=_table(rows, f"shares-{stage}"))


def areas_chart(rows, stage, period_end, split_name, meta, highlight, present, dark):
    if rows.empty or not words.comparable(rows):
        raise NothingToShow("No comparison by area is possible for this selection.")
    note = ("The same relative rates for each area. With a few children per group, intervals "
            f"are wide: read the words, not just the dots. {words.MINORITY_NOTE} {SOURCE}")
    return Chart(figure=fig.area_rri_figure(rows, highlight, present, dark),
                 title=words.area_title(rows, stage),
                 subtitle=_subtitle(split_name, stage, period_end, meta), note=note,
                 data=_table(rows, f"relative-rate-index-by-area-{stage}", True))


def split_areas(state: ViewState, meta: dict) -> tuple[str, list[str] | None, str]:
    """(level, codes, label) for the by-area chart: a service's authorities (their codes),
    else every service (codes None)."""
    service = state.area_code if state.level == "service" else \
        service_of(meta, state.area_code) if state.level == "local_authority" else None
    if service is None:
        return "service", None, "Each service"
    codes = [la["code"] for la in meta["authorities"] if la["service"] == service]
    return "local_authority", codes, f"Local authorities of {service}"


def _has_data(engine, selection: Selection, period_end) -> bool:
    """Whether the area has any outcome in the period (the query needs at least one)."""
    if period_end is None:
        return False
    present = data_presence(engine, selection)
    return bool((present["period_end"] == period_end).any())


def _population_available(state: ViewState) -> bool:
    """No population exists for looked-after status, offence group or unrecorded sex."""
    return state.cohort.population_available and state.sex != "U"


def _population_words(state: ViewState) -> str:
    parts = [POPULATION_WORDS.get(state.sex, "children"), AGE_WORDS.get(state.age, "aged 10–17")]
    return " ".join(parts) if state.sex in POPULATION_WORDS or state.age in AGE_WORDS else ""


def build(state: ViewState, selection: Selection, only=None,
          stage: str = fig.DEFAULT_STAGE) -> PageContent:
    """The disproportionality page at one `stage` of the justice system."""
    stage = stage if stage in STAGES else fig.DEFAULT_STAGE
    engine = get_engine()
    meta = load_meta(engine)
    note = " ".join(filter(None, [words.filter_note(state.ethnicity,
                                                    _population_available(state),
                                                    _population_words(state)), COMPARE_NOTE]))
    content = PageContent(PAGE, extras={FILTER_NOTE: note}, wanted=only)
    area, period_end = area_label(meta, state.level, state.area_code, selection.scope), state.period_end
    if not _has_data(engine, selection, period_end):
        return content.say(f"No outcomes for {area} in the {period_words(period_end)}."
                           if period_end else f"No outcomes for {area}.", CHARTS)
    frame = disproportionality(engine, selection, period_ends=(period_end,))
    rows = frame[frame["stage"] == stage]
    level, codes, split_name = split_areas(state, meta)
    by_area = disproportionality(engine, selection.every_area(level), period_ends=(period_end,))
    by_area = by_area[by_area["stage"] == stage]
    if codes is not None:  # a service's own authorities only
        by_area = by_area[by_area["area_code"].isin(codes)]
    highlight = state.ethnicity or None
    present, dark = state.present == "1", state.theme == "dark"
    content.headlines = words.headline_sentences(frame, stage, period_end, STAGE_LABELS)
    content.draw(RRI, rri_chart, rows, stage, period_end, area, meta, highlight, present, dark)
    content.draw(SHARES, shares_chart, rows, stage, period_end, area, meta, highlight, present,
                 dark)
    content.draw(AREAS, areas_chart, by_area, stage, period_end, split_name, meta, highlight,
                 present, dark)
    return content
