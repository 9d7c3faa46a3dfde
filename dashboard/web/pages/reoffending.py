"""Reoffending page: quarterly cohorts, the live tracker, who reoffended and how often
(view state → queries → pure figures and words)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd
from dash import html

from dashboard.analysis import reoffending as extra
from dashboard.analysis.intervals import with_wilson_interval
from dashboard.analysis.ranking import service_comparison
from dashboard.contract.periods import add_months, quarter_start
from dashboard.contract.schema import NATIONAL_BASIS
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.figures import funnel
from dashboard.figures import reoffending as figures
from dashboard.web.page_content import Chart, NothingToShow, PageContent, table_payload
from dashboard.web.state import ViewState
from dashboard.words import funnel_words
from dashboard.words import reoffending_words as words
from dashboard.words.text import day_month_year, pct, ratio
from queries.meta import area_label, load_meta, resolve_period
from queries.reoffending import reoffending

PAGE = "reoffending"
RATE, PER_REOFFENDER = "reoffending-rate", "reoffending-per-reoffender"
TRACKER, CONCENTRATION = "reoffending-tracker", "reoffending-concentration"
LAG = "reoffending-lag"
FUNNEL = "reoffending-funnel"
BASIS = "reoffending-basis"   # the control choosing how cohorts are formed (in the URL)
BREAKDOWN_HEADING = "reoffending-breakdown-heading"
BREAKDOWN_INTRO = "reoffending-breakdown-intro"
BREAKDOWN_KEYS = ("sex", "age", "ethnicity", "looked_after", "tier", "area")
BREAKDOWN_NAMES = {"sex": "sex", "age": "age", "ethnicity": "ethnicity",
                   "looked_after": "whether looked after", "tier": "index outcome",
                   "area": "local authority"}
BY = {key: f"reoffending-by-{key}" for key in BREAKDOWN_KEYS}
CHARTS = {RATE: "the reoffending rate by cohort",
          FUNNEL: "the latest complete cohort among every service",
          PER_REOFFENDER: "reoffences per child who reoffended",
          TRACKER: "the live tracker",
          **{BY[key]: f"who reoffended, by {name}" for key, name in BREAKDOWN_NAMES.items()},
          CONCENTRATION: "how many reoffences each child had"}
HEADLINES_FAILED = "The headline figures could not be worked out for this selection."
TREND_COHORTS = 16
MAX_LABELS = {"binary_rate_pct": 4, "reoffences_per_reoffender": 4}  # a year apart: fit 768 px
SOURCE = "Source: local case management outcomes"
FILTER_KEYS = ("sex", "age", "ethnicity", "looked_after", "tier", "offence")


@dataclass
class Page:
    """Everything the page's charts need about the current view."""
    engine: object
    meta: dict
    state: ViewState
    selection: Selection
    as_of: date
    period_end: date
    year_ends: list[date]

    @classmethod
    def for_view(cls, state: ViewState, selection: Selection) -> "Page":
        engine = get_engine()
        meta = load_meta(engine)
        period_end = resolve_period(meta, state.period_end)
        return cls(engine, meta, state, selection, meta["as_of"], period_end,
                   words.year_cohort_ends(period_end))

    @property
    def area(self) -> str:
        return area_label(self.meta, self.state.level, self.state.area_code,
                          self.selection.scope)

    @property
    def filters(self) -> dict[str, str]:
        return {key: getattr(self.state, key) for key in FILTER_KEYS if getattr(self.state, key)}

    @property
    def basis(self) -> str:
        return self.state.basis

    @property
    def context(self) -> str:
        """The area and the basis, on every subtitle: 'Kingsmoor · National definition …'"""
        return f"{self.area} · {words.basis_label(self.basis)}"

    @property
    def published_missing(self) -> bool:
        """Published comparators were asked for on a basis they do not exist for."""
        return self.basis != NATIONAL_BASIS and self.state.compare != "services"

    @property
    def style(self) -> dict:
        return {"presentation": self.state.present == "1", "dark": self.state.theme == "dark"}

    @cached_property
    def local(self) -> pd.DataFrame:
        """Every quarterly cohort of the area (following the filters), with the binary
        rate's 95% interval."""
        frame = reoffending(self.engine, self.selection, as_of=self.as_of, basis=self.basis)
        return with_wilson_interval(frame, "reoffenders", "cohort_size", "binary_rate")

    @cached_property
    def comparators(self) -> tuple[list, str]:
        """The comparators for the 'compare with' choice and the note when one is missing
        (`extra.comparators`), read once for the headline and both trend charts."""
        return extra.comparators(self.engine, self.meta, self.selection, self.state.compare,
                                 self.basis, self.period_end)

    @cached_property
    def tracked(self) -> dict:
        """The live tracker's curves for the period's cohorts."""
        return extra.tracker_curves(self.engine, self.selection, self.period_end, self.as_of,
                                    self.basis)

    @cached_property
    def concentration(self) -> pd.DataFrame:
        """Each child's number of reoffences in the year's cohorts."""
        return extra.concentration_counts(self.engine, self.selection, self.year_ends,
                                          as_of=self.as_of, basis=self.basis)

    def year(self, last_end: date) -> dict | None:
        """`year_summary` of the area's cohorts for the year ending at `last_end`, pooled
        once per build (the headlines, both trend charts and the breakdowns ask)."""
        years = self.__dict__.setdefault("_years", {})
        if last_end not in years:
            years[last_end] = year_summary(self.local, last_end)
        found = years[last_end]
        return dict(found) if found is not None else None

    def stamp(self) -> str:
        return words.as_of_words(self.as_of)

    def slug(self, name: str) -> str:
        area = (self.state.area_code or "all").replace(" ", "-").lower()
        return (f"reoffending-{name}-{words.BASIS_FILE[self.basis]}-{area}-"
                f"{self.period_end.isoformat()}")

    def payload(self, table: pd.DataFrame, name: str, headers: dict[str, str],
                drill: dict | None = None) -> dict:
        """A chart's data with its basis as a column and in the file name."""
        return table_payload(table.assign(basis=words.basis_label(self.basis)), self.slug(name),
                             {**headers, "basis": "Basis"}, drill=drill)


def year_summary(local: pd.DataFrame, last_end: date) -> dict | None:
    """The four cohorts ending at last_end pooled, or None when no child is in them."""
    totals = extra.pooled(local, last_end)
    if totals.empty or not totals["cohort_size"].sum():
        return None
    return totals.iloc[0].to_dict()


def build(state: ViewState, selection: Selection, only=None) -> PageContent:
    """The reoffending page for a resolved view state and its selection."""
    page = Page.for_view(state, selection)
    content = PageContent(PAGE, wanted=only)
    sentences = content.attempt("the headline sentences", headline_sentences, page)
    if sentences is None:
        content.message = HEADLINES_FAILED
    else:
        content.headlines = sentences
        content.extras[LAG] = content.attempt("the reporting lag panel", lag_panel, page)
    content.draw(RATE, trend_chart, page, "binary_rate_pct")
    content.draw(FUNNEL, funnel_chart, page)
    content.draw(PER_REOFFENDER, trend_chart, page, "reoffences_per_reoffender")
    content.draw(TRACKER, tracker_chart, page)
    year = page.year(page.period_end)
    content.extras[BREAKDOWN_HEADING] = (f"Who reoffended: {words.cohort_children(page.basis)}"
                                         f" in {words.year_words(page.period_end)}")
    content.extras[BREAKDOWN_INTRO] = breakdown_intro(page, year)
    for key in BREAKDOWN_KEYS:
        content.draw(BY[key], breakdown_chart, page, key, year)
    content.draw(CONCENTRATION, concentration_chart, page)
    return content


# --- headlines ------------------------------------------------------------------------

def headline_sentences(page: Page) -> list[str]:
    local = page.local
    if local.empty:
        return [words.empty_sentence(page.area, page.filters, page.basis)]
    sentences = []
    complete_end = words.latest_complete_end(page.period_end, page.as_of)
    complete = page.year(complete_end)
    if complete:
        comparator = first_comparator(page, complete_end)
        before = page.year(add_months(complete_end, -12))
        sentences.append(words.complete_year_sentence(
            complete, before, comparator, complete_end,
            latest=complete_end != page.period_end, area=page.area, basis=page.basis,
            no_comparator=page.published_missing))
    selected = page.year(page.period_end)
    if selected and selected["provisional"]:
        done = int((local[local["cohort_end"].isin(page.year_ends)]["status"]
                    == "complete").sum())
        sentences.append(words.provisional_year_sentence(selected, page.period_end, done,
                                                         page.area, page.basis))
    tracked = page.tracked
    if tracked["chosen"] and tracked["chosen"]["status"] == "provisional":
        sentences.append(words.tracker_sentence(tracked["chosen"], tracked["earlier_then"]))
    summary = words.concentration_summary(page.concentration)
    sentences.append(words.concentration_sentence(
        summary, page.period_end, bool(selected and selected["provisional"]), page.basis))
    if filters := words.filter_words(page.filters):
        sentences.append(f"Showing only {filters}.")
    return sentences


def first_comparator(page: Page, last_end: date) -> tuple[str, float] | None:
    comps, _ = page.comparators
    if page.state.compare == "services" and len(comps) > 1:
        return None  # several services: the trend chart compares them one by one
    for comp in comps:
        value = extra.comparator_for_year(comp, words.year_cohort_ends(last_end))
        if value is not None:
            return comp.phrase, value
    return None


def lag_panel(page: Page) -> list:
    """The reporting lag explained with the dates of the cohort ending in the period."""
    end = page.period_end
    follow_up = add_months(end, 12)
    complete = add_months(end, 18)
    latest = words.latest_complete_end(page.period_end, page.as_of)
    status = ("complete" if complete <= page.as_of
              else f"provisional until {words.month_words(complete)}")
    return [
        html.H2("Why recent figures are provisional", className="reoff-lag-title"),
        html.P(words.lag_sentence(latest)),
        html.Ol([
            html.Li([html.Strong(f"{words.cohort_long(end)}: "),
                     f"{words.INDEX_EVENT[page.basis]} (the index outcome)."]),
            html.Li([html.Strong(f"Up to {words.month_words(follow_up)}: "),
                     "any new offence in the next 12 months counts."]),
            html.Li([html.Strong(f"Up to {words.month_words(complete)}: "),
                     "6 more months for those offences to reach a caution or conviction."]),
        ]),
        html.P(f"So the {words.cohort_long(end)} cohort is {status}.",
               className="reoff-lag-status"),
    ]


# --- trends ---------------------------------------------------------------------------

TREND_TEXT = {
    "binary_rate_pct": ("% of cohort who reoffended", pct,
                        "% of each quarterly cohort who reoffended within 12 months "
                        "(shaded band: 95% interval)"),
    "reoffences_per_reoffender": ("Reoffences per child who reoffended", ratio,
                                  "Average proven reoffences of the children who reoffended"),
}


def trend_chart(page: Page, column: str) -> Chart:
    local = page.local
    window = local[local["cohort_end"] <= page.period_end].tail(TREND_COHORTS)
    if window.empty:
        raise NothingToShow(words.empty_sentence(page.area, page.filters, page.basis))
    comps, missing_note = page.comparators
    axis, formatter, subtitle = TREND_TEXT[column]
    binary = column == "binary_rate_pct"
    figure = figures.cohort_trend_figure(
        window, extra.long_comparators(comps, column), column, formatter, axis, page.area,
        tuple(page.year_ends), max_labels=MAX_LABELS[column],
        x_title=words.AXIS_TITLES[page.basis], interval=binary,
        no_comparator=NO_COMPARATOR_LABEL if page.published_missing else "", **page.style)
    complete_end = words.latest_complete_end(page.period_end, page.as_of)
    latest = page.year(complete_end)
    before = page.year(add_months(complete_end, -12))
    title = (words.trend_title(latest, before, complete_end == page.period_end)
             if binary else words.per_reoffender_title(latest, before))
    first, last = window["cohort_end"].iloc[0], window["cohort_end"].iloc[-1]
    subtitle = (f"{subtitle} · {page.context} · cohorts {words.cohort_short(first)} to "
                f"{words.cohort_short(last)} · {page.stamp()}")
    note = trend_note(page, window, comps, missing_note, complete_end if latest else None,
                      binary)
    data = page.payload(trend_table(window, comps, column), column,
                        trend_headers(comps, column), drill=drill_spec(page, window))
    return Chart(figure=figure, title=title, subtitle=subtitle, note=note, data=data)


NO_COMPARATOR_LABEL = "No published comparator<br>for this basis"


def trend_note(page: Page, window: pd.DataFrame, comps, missing_note: str,
               complete_end: date | None, interval: bool = False) -> str:
    small = window[window["small_cohort"]]
    pooled_words = (f"The title pools the cohorts of {words.year_words(complete_end)}. "
                    if complete_end else "")
    parts = [missing_note, pooled_words]
    if (window["status"] == "provisional").any():
        parts.append("Solid line and filled markers: complete cohorts. Dashed line and hollow "
                     "markers: provisional cohorts, counting reoffences proven by "
                     f"{day_month_year(page.as_of)}; they will rise. The selected year is "
                     "bracketed above the chart (dashed over its provisional cohorts) and "
                     "shaded over its complete cohorts only. ")
    if interval:
        parts.append("Blue shading: the 95% interval of each cohort's rate (Wilson); where it "
                     "covers a comparator line the difference may be chance. ")
    parts.append("Click a cohort to report on the year ending with it. ")
    if not small.empty:
        parts.append(f"{len(small)} cohort{'s' if len(small) > 1 else ''} had fewer than 30 "
                     "children (diamond markers) — treat with caution. ")
    if comps:
        parts.append("Grey dashed lines: published comparator figures. " if not
                     comps[0].follows_filters else
                     "Grey dashed lines: the other services loaded, from their own data. ")
    parts.append(words.filter_note(page.filters, comps[0].follows_filters if comps else None))
    parts.append(f"{SOURCE}.")
    return "".join(parts)


def trend_table(window: pd.DataFrame, comps, column: str) -> pd.DataFrame:
    table = window[["cohort_start", "cohort_end", "status", "cohort_size", "reoffenders",
                    "reoffences", "binary_rate_pct", "binary_rate_lower_95",
                    "binary_rate_upper_95", "reoffences_per_reoffender"]].copy()
    table.insert(0, "cohort", [words.cohort_long(end) for end in table["cohort_end"]])
    for name in ("binary_rate_pct", "binary_rate_lower_95", "binary_rate_upper_95"):
        table[name] = table[name].round(1)
    table["reoffences_per_reoffender"] = table["reoffences_per_reoffender"].round(2)
    table["small"] = window["small_cohort"].map({True: "Yes", False: ""})
    for comp in comps:
        values = comp.frame.set_index("cohort_end")[column]
        table[comp.name] = table["cohort_end"].map(values).round(
            1 if column == "binary_rate_pct" else 2)
        if column == "binary_rate_pct":
            table[f"vs {comp.name}"] = [  # a provisional cohort's rate so far: no verdict
                (words.position_against(row, row[comp.name]) or "")
                if row["status"] == "complete" else ""
                for row in window.assign(**{comp.name: table[comp.name]}).to_dict("records")]
    return table


def trend_headers(comps, column: str) -> dict[str, str]:
    unit = "% reoffended" if column == "binary_rate_pct" else "reoffences per reoffender"
    headers = {"cohort": "Cohort", "cohort_start": "Cohort start", "cohort_end": "Cohort end",
               "status": "Status", "cohort_size": "Children in cohort",
               "reoffenders": "Children who reoffended", "reoffences": "Reoffences",
               "binary_rate_pct": "% reoffended",
               "binary_rate_lower_95": "% reoffended: 95% interval lower",
               "binary_rate_upper_95": "% reoffended: 95% interval upper",
               "reoffences_per_reoffender": "Reoffences per child who reoffended",
               "small": "Fewer than 30 children"}
    for comp in comps:
        headers[comp.name] = f"{comp.name} ({unit})"
        if column == "binary_rate_pct":
            headers[f"vs {comp.name}"] = f"Statistically, compared with {comp.name}"
    return headers


def drill_spec(page: Page, window: pd.DataFrame) -> dict:
    """The children of the latest complete cohort shown (else the latest cohort)."""
    complete = window[window["status"] == "complete"]
    row = (complete if not complete.empty else window).iloc[-1]
    return cohort_drill(page, row["cohort_end"], row["status"])


def cohort_drill(page: Page, cohort_end: date, status: str) -> dict:
    """The children of one cohort; the basis is read from the view when listing them."""
    return {"kind": "cohort", "cohort_start": quarter_start(cohort_end).isoformat(),
            "as_of": page.as_of.isoformat(),
            "title": f"Children in the cohort of {words.cohort_long(cohort_end)} ({status}), "
                     f"{page.context}"}


# --- every service: the funnel plot (CONTRACT §4b) ----------------------------------------

BENCHMARK = "reoffending_binary_rate"
FUNNEL_HEADERS = {"service": "Service", "denominator": "Children in cohort",
                  "numerator": "Children who reoffended", "value": "% reoffended",
                  "lower_95": "95% limit: lower", "upper_95": "95% limit: upper",
                  "lower_998": "99.8% limit: lower", "upper_998": "99.8% limit: upper",
                  "position": "Position"}


def funnel_chart(page: Page) -> Chart:
    """The latest complete quarterly cohort of every service: each one's binary rate against
    its cohort size, with the control limits around England and Wales."""
    if page.basis != NATIONAL_BASIS:
        raise NothingToShow("Published figures for every service use the national definition "
                            "(cautions and sentences), so the funnel plot is drawn for it "
                            "only. Choose ‘National definition’ above to see it.",
                            title="Every service compared: national definition only")
    if page.state.level != "service":
        raise NothingToShow("Funnel plots compare youth justice services with each other, so "
                            "they are drawn for a service. Choose a service under Area.",
                            title="Funnel plots compare services")
    cohort = words.latest_complete_end(page.period_end, page.as_of)
    comparison = service_comparison(page.engine, BENCHMARK, cohort, page.selection.scope)
    name = page.state.area_code
    when = f"the cohort of {words.cohort_long(cohort)}"
    if comparison.national is None or comparison.funnel.empty:
        raise NothingToShow(f"No England and Wales figure and services' counts are published "
                            f"for {when}, so there is no funnel plot to draw.")
    points = comparison.funnel
    position = funnel.highlight_position(points, name)
    figure = funnel.funnel_figure(
        points, BENCHMARK, comparison.national, highlight=name, fmt=pct,
        value_title="% of cohort who reoffended", denominator_title="Children in the cohort",
        counts=lambda x, n: f"{x:,} of {n:,} children reoffended", **page.style)
    found = comparison.field.position(name)
    rank = (funnel_words.rank_words(found["rank"], comparison.field.size,
                                    found["quartile_name"]) if found else None)
    subtitle = (f"% who reoffended: each of {len(points):,} services against its cohort size · "
                f"{when}, the latest complete · {words.basis_label(NATIONAL_BASIS)} · "
                f"{page.stamp()}")
    notes = [funnel_words.position_sentence(name, position),
             f"{name} ranks {rank}; 1st is lowest." if rank else "",
             f"The lines show how far a service's rate can stray from England and Wales "
             f"({pct(comparison.national)}) by chance alone: 95% of services would fall inside "
             "the dashed lines and 99.8% inside the dotted ones. The range narrows as cohorts "
             "grow.",
             f"{name}'s point is worked out from the loaded data; the other services' are "
             "published figures."]
    if not comparison.field.published:
        notes.append("No published figures for other services are loaded, so only the "
                     "services loaded are compared.")
    if page.filters:
        notes.append("The funnel plot is for all children: published figures are not split "
                     "by the filters.")
    notes.append("Hover over a point to see which service it is.")
    table = funnel.funnel_rows(points, name)
    for column in ("value", "lower_95", "upper_95", "lower_998", "upper_998"):
        table[column] = table[column].astype(float).round(1)
    placed = funnel_words.funnel_sentence(name, position, rank,
                                          published=comparison.field.published)
    lead = (f"Cohort of {words.cohort_long(cohort)}, the latest complete: "
            f"{placed[0].lower()}{placed[1:]}")
    return Chart(figure=figure, title=funnel_words.funnel_title(position),
                 subtitle=subtitle, note=" ".join(note for note in notes if note),
                 data=page.payload(table, "every-service", FUNNEL_HEADERS), lead=lead)


# --- tracker --------------------------------------------------------------------------

def tracker_chart(page: Page) -> Chart:
    tracked = page.tracked
    chosen, curves = tracked["chosen"], tracked["curves"]
    if chosen is None:
        if curves.empty and page.local.empty:
            raise NothingToShow(words.empty_sentence(page.area, page.filters, page.basis))
        raise NothingToShow(f"No cohort for {page.area} in the year to "
                              f"{words.month_words(page.period_end)} has a month of "
                              "follow-up yet.")
    figure = figures.tracker_figure(curves, **page.style)
    title = words.tracker_title(chosen, tracked["earlier_then"])
    subtitle = (f"Cumulative % of each cohort who had reoffended, by months since their "
                f"index outcome · {page.context} · {page.stamp()}")
    data = page.payload(tracker_table(curves), "tracker", TRACKER_HEADERS,
                        drill=cohort_drill(page, chosen["cohort_end"], chosen["status"]))
    return Chart(figure=figure, title=title, subtitle=subtitle,
                 note=tracker_note(page, tracked), data=data)


def tracker_note(page: Page, tracked: dict) -> str:
    parts = []
    if tracked["skipped"]:
        names = " and ".join(words.cohort_long(end) for end in tracked["skipped"])
        parts.append(f"{names} {'has' if len(tracked['skipped']) == 1 else 'have'} no full "
                     "month of follow-up yet, so the tracker shows the latest cohort that has. ")
    parts.append("Each line is a quarterly cohort against the same quarter one and two years "
                 "earlier; lines stop at the last month fully passed. Provisional lines "
                 "(dashed, hollow markers) will rise as recent offences reach an outcome. ")
    earlier = tracked["earlier_then"]
    if earlier is not None:
        parts.append(f"The headline compares the {words.cohort_long(earlier['cohort_end'])} "
                     f"cohort as it stood a year ago ({pct(earlier['pct_reoffended'])} at month "
                     f"{int(earlier['month'])}), like for like. ")
    parts.append(words.filter_note(page.filters, None))
    parts.append(f"{SOURCE}.")
    return "".join(parts)


TRACKER_HEADERS = {"cohort": "Cohort", "status": "Status", "month": "Months since index outcome",
                   "cohort_size": "Children in cohort", "reoffended": "Children reoffended",
                   "pct_reoffended": "% reoffended",
                   "pct_lower_95": "% reoffended: 95% interval lower",
                   "pct_upper_95": "% reoffended: 95% interval upper"}


def tracker_table(curves: pd.DataFrame) -> pd.DataFrame:
    table = curves[["cohort_end", "status", "month", "cohort_size", "reoffended",
                    "pct_reoffended"]].copy()
    table["cohort"] = [words.cohort_long(end) for end in table["cohort_end"]]
    table = with_wilson_interval(table, "reoffended", "cohort_size", "pct")
    for name in ("pct_reoffended", "pct_lower_95", "pct_upper_95"):
        table[name] = table[name].round(1)
    return table


# --- breakdowns -----------------------------------------------------------------------

def breakdown_intro(page: Page, year: dict | None) -> str:
    if year is None:
        return ""
    status = ("Some of these cohorts are provisional, so rates are reoffending so far. "
              if year["provisional"] else "All four cohorts are complete. ")
    return (f"The four quarterly cohorts of the year pooled: {int(year['cohort_size']):,} "
            f"children, {pct(year['binary_rate_pct'])} reoffended. {status}"
            "Hatched bars are groups of fewer than 30 children — treat with caution. "
            "Click a bar to show only that group on every chart.")


def breakdown_chart(page: Page, key: str, year: dict | None) -> Chart:
    groups = extra.breakdown(page.engine, page.meta, page.selection, key, page.year_ends,
                             as_of=page.as_of, basis=page.basis)
    if groups.empty:
        raise NothingToShow(words.empty_sentence(page.area, page.filters, page.basis),
                            f"By {BREAKDOWN_NAMES[key]}")
    selected = extra.selected_value(page.state, key)
    overall = year["binary_rate_pct"] if year and key != "area" else None
    figure = figures.breakdown_figure(groups, key, selected, overall, **page.style)
    subtitle = (f"% who reoffended, by {BREAKDOWN_NAMES[key]} · {page.context} · "
                f"{words.year_words(page.period_end)} · {page.stamp()}")
    data = page.payload(breakdown_table(groups), f"by-{key}", BREAKDOWN_HEADERS)
    return Chart(figure=figure, title=words.breakdown_title(key, groups), subtitle=subtitle,
                 note=breakdown_note(page, key, selected, groups), data=data)


def breakdown_note(page: Page, key: str, selected: str | None, groups: pd.DataFrame) -> str:
    parts = []
    if selected and selected in set(groups["key"]):
        parts.append("Every group is shown here with the selected one highlighted; the other "
                     "charts show only that group. ")
    elif selected:
        parts.append("No child in these cohorts is in the selected group. ")
    if key == "area" and len(groups) == 1:
        parts.append("This area has one local authority. ")
    if key == "tier":
        parts.append("The tier of each child's index outcome (the first in the quarter). ")
    others = {k: v for k, v in page.filters.items() if k != key}
    parts.append(words.filter_note(others, None))
    parts.append(f"{SOURCE}.")
    return "".join(parts)


BREAKDOWN_HEADERS = {"label": "Group", "cohort_size": "Children in cohorts",
                     "reoffenders": "Children who reoffended", "reoffences": "Reoffences",
                     "binary_rate_pct": "% reoffended",
                     "binary_rate_lower_95": "% reoffended: 95% interval lower",
                     "binary_rate_upper_95": "% reoffended: 95% interval upper",
                     "small": "Fewer than 30 children"}


def breakdown_table(groups: pd.DataFrame) -> pd.DataFrame:
    table = with_wilson_interval(groups, "reoffenders", "cohort_size", "binary_rate")
    for name in ("binary_rate_pct", "binary_rate_lower_95", "binary_rate_upper_95"):
        table[name] = table[name].astype(float).round(1)
    table["small"] = table["small_cohort"].map({True: "Yes", False: ""})
    return table


# --- concentration --------------------------------------------------------------------

def concentration_chart(page: Page) -> Chart:
    counts = page.concentration
    summary = words.concentration_summary(counts)
    year = page.year(page.period_end)
    provisional = bool(year and year["provisional"])
    if not summary["reoffences"]:
        message = (words.empty_sentence(page.area, page.filters, page.basis)
                   if page.local.empty
                   else "No child in these cohorts has a proven reoffence yet.")
        raise NothingToShow(message, words.concentration_title(summary))
    buckets = figures.concentration_buckets(counts)
    subtitle = (f"Children who reoffended, by their number of proven reoffences · "
                f"{page.context} · {words.year_words(page.period_end)} · {page.stamp()}")
    sentence = words.concentration_sentence(summary, page.period_end, provisional, page.basis)
    note = (f"{sentence} A child in two quarterly cohorts of the year counts in each. "
            + words.filter_note(page.filters, None) + f"{SOURCE}.")
    table = buckets.assign(share_pct=buckets["share_pct"].round(1))
    data = page.payload(table, "concentration",
                        {"bucket": "Reoffences per child", "children": "Children",
                         "reoffences": "Reoffences", "share_pct": "% of all reoffences"})
    return Chart(figure=figures.concentration_figure(buckets, **page.style),
                 title=words.concentration_title(summary), subtitle=subtitle, note=note,
                 data=data)
