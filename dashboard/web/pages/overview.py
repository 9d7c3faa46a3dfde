"""Overview page: the board summary — headline sentences with the mix of outcomes beside them,
a card per national indicator and the summary table boards know."""
from __future__ import annotations

import re

import dash_bootstrap_components as dbc
from dash import html

from dashboard.analysis.kpi_summary import BETTER, TOPICS
from dashboard.analysis.summary import INDICATORS, outcome_mix
from dashboard.analysis.thresholds import describe, load_thresholds
from dashboard.contract.periods import add_months, period_words
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.figures.overview import outcome_mix_figure
from dashboard.web import registry
from dashboard.web.overview_cards import indicator_card, summary_html
from dashboard.web.page_content import Chart, NothingToShow, PageContent, table_payload
from dashboard.web.state import ViewState
from dashboard.words.figure_notes import (disproportionality_headline, headline_figures,
                                          summary_rows)
from dashboard.words.headlines import (MIX_WORDS, headline_sentences, nobody_counted,
                                       outcome_mix_title, summary_table, summary_title)
from dashboard.words.needs_words import overview_sentences
from dashboard.words.text import day_month_year
from queries.meta import area_label, load_meta, resolve_period

PAGE = "overview"
MIX = "overview-mix"
CHARTS = {MIX: "the mix of outcomes, this year and the year before"}
FILTER_NOTE, CARDS, MIX_LINK = "overview-filter-note", "overview-cards", "overview-mix-link"
TABLE_TITLE, TABLE_SUBTITLE = "overview-table-title", "overview-table-subtitle"
TABLE, TABLE_NOTE, TABLE_DATA = "overview-table", "overview-table-note", "overview-table-data"
TABLE_CSV, TABLE_DOWNLOAD = "overview-table-csv", "overview-table-download"
RAG_RULES = "overview-rag-rules"
SUMMARY_TITLE = "Latest performance at a glance"  # the summary table's name in the pack


def build(state: ViewState, selection: Selection, only=None) -> PageContent:
    """The overview for a resolved view state and its selection."""
    engine = get_engine()
    meta = load_meta(engine)
    period = resolve_period(meta, state.period_end)
    thresholds = load_thresholds()
    figures = headline_figures(engine, selection, period, meta=meta, thresholds=thresholds)
    rows = summary_rows(engine, selection, period, meta=meta, thresholds=thresholds)
    area = area_label(meta, state.level, state.area_code, selection.scope)
    content = PageContent(PAGE, wanted=only)
    context = _context(figures, area, period, meta)
    dispro = content.attempt("the disproportionality sentence", disproportionality_headline,
                             engine, selection, period)
    mix = content.attempt("the mix of outcomes", outcome_mix, engine, selection, period)
    content.headlines = [context, *_sentences(figures + rows, state, dispro, mix, period, area),
                         *overview_sentences(rows, thresholds)]   # the local indicators
    content.headline_block = [html.P(context, className="overview-context"),
                              _headlines_block(figures, content.headlines[1:])]
    content.draw(MIX, _mix_chart, mix, area, period, bool(state.present))
    table = figures + rows
    content.extras = {
        FILTER_NOTE: _filter_notes(state),
        CARDS: _cards(figures, state),
        MIX_LINK: registry.section("disposals").path + state.to_query(),
        TABLE_TITLE: summary_title(table),
        TABLE_SUBTITLE: f"{area}, {period_words(period)}: latest figures, trends, "
                        "comparators and rank",
        TABLE: summary_html(table),
        TABLE_NOTE: _table_note(table, meta),
        TABLE_DATA: table_payload(summary_table(table),
                                  _slug(f"overview-summary-{area}-{period_words(period)}")),
        RAG_RULES: _rag_rules(thresholds),
    }
    return content


def _mix_chart(mix, area: str, period, presentation: bool) -> Chart:
    """Diversion, cautions and court as shares of all outcomes, this year and the year before."""
    if mix is None or mix["share_pct"].isna().all():
        raise NothingToShow(f"No outcomes were given in the {period_words(period)} for this "
                            "selection.")
    mix = mix[mix["period_end"].isin([p for p in mix["period_end"].unique()
                                      if mix.loc[mix["period_end"] == p, "outcomes"].sum()])]
    years = {end: period_words(end)[0].upper() + period_words(end)[1:]
             for end in mix["period_end"].unique()}
    figure = outcome_mix_figure(mix, MIX_WORDS, years, presentation)
    shown = mix.assign(group=mix["group"].map(MIX_WORDS),
                       period=mix["period_end"].map(years),
                       share_pct=mix["share_pct"].round(1))
    before = add_months(period, -12)
    return Chart(
        title=outcome_mix_title(mix),
        subtitle=f"{area}: share of all outcomes given, {period_words(period)} and the year "
                 "before" if before in years else f"{area}: share of all outcomes given, "
                 f"{period_words(period)} (no outcomes in the year before)",
        note=("Diversion: community resolutions, youth restorative disposals and outcome 22. "
              "Cautions: youth cautions and conditional cautions. Court: every sentence at "
              "court, custody included. Local outcomes of tier \"other\" (such as civil "
              "orders) are left out of the shares."),
        figure=figure,
        data=table_payload(shown, _slug(f"overview-outcome-mix-{area}-{period_words(period)}"),
                           {"group": "Outcome", "period": "Period", "outcomes": "Outcomes",
                            "share_pct": "Share of outcomes (%)"}))


def _sentences(figures, state: ViewState, dispro, mix, period, area) -> list[str]:
    """The headline sentences, or the one sentence saying that nobody is counted."""
    if nobody_counted(figures):
        filtered = " match these filters" if state.cohort.active() else ""
        remove = " Remove a filter (× on its chip) to see more." if filtered else ""
        return [f"No children{filtered} in {area} in the {period_words(period)}.{remove}"]
    return headline_sentences(figures, state.compare, dispro, mix)


def _headlines_block(figures, sentences: list[str]):
    if nobody_counted(figures):
        return html.P(sentences[0], className="headline-empty")
    return html.Ul([html.Li(s) for s in sentences], className="headline-list")


def _context(figures, area, period, meta) -> str:
    text = f"{area}, {period_words(period)}."
    reoffending = next((f for f in figures if f.get("cohort_year_words")), None)
    if reoffending:
        text += (f" Reoffending is for the latest complete year: children cautioned or "
                 f"sentenced {reoffending['cohort_year_words']}.")
    return text + f" Data as of {day_month_year(meta['as_of'])}."


def _filter_notes(state: ViewState) -> list | None:
    """Say plainly where a filter does not apply."""
    cohort = state.cohort
    if not cohort.active():
        return None
    notes = ["Counting only the children chosen in the filters. Published comparators "
             "(national, region, family and the rest) cover all children: the filters do not "
             "apply to them, so they are shown for reference but not compared. With a filter "
             "on, a service is ranked only among the services loaded, with the same filters, "
             "not among every service."]
    if not cohort.population_available:
        notes.append("There is no population figure for children looked after or by offence, "
                     "so first time entrants and custody show counts, with no rate, RAG or "
                     "rank; children in care show counts only.")
    if cohort.ethnicity:
        notes.append("The disproportionality sentence compares ethnic groups, so the "
                     "ethnicity filter does not apply to it.")
    if cohort.tier and cohort.tier != "custody":
        notes.append("Custody counts custodial sentences only, so with another outcome tier "
                     "chosen it shows none.")
    return [html.P(n) for n in notes]


def _cards(figures, state: ViewState) -> dbc.Row:
    query = state.to_query()
    return dbc.Row([dbc.Col(indicator_card(f, registry.path_for_indicator(f["indicator"])
                                           + query, bool(state.present)),
                            xs=12, md=6, xxl=3, className="mb-3") for f in figures],
                   className="g-3")


def _table_note(figures, meta) -> str:
    note = ("Lower is better for the national indicators and serious violence; higher for the "
            "local ones marked so. "
            "Higher, similar or lower than a comparator: "
            "the 95% confidence interval of our figure lies wholly above it, includes it, or "
            "lies wholly below it; better or worse is said only when the difference is beyond "
            "chance. A trend is better or worse only when this year's figure lies outside the "
            "earlier year's 95% interval, otherwise it could be chance. Reoffences per child "
            "who reoffended has no interval, so it is not tested. Rank 1st = lowest, among "
            "every service in England and Wales with a published figure (reoffending: the "
            "year's last quarterly cohort); quartile 1 (Upper) is the best. A RAG rating that "
            "says \"could be\" has a 95% interval reaching another band. Sources: local case "
            "management outcomes; ONS mid-year population estimates; published comparators "
            "where loaded.")
    return note + f" Data as of {day_month_year(meta['as_of'])}."


def _rag_rules(thresholds) -> html.Div:
    def rule(key):
        return describe(key, thresholds[key]) if key in thresholds else "no threshold set"
    items = [html.Li(f"{spec['label']}: {rule(key)}.") for key, spec in INDICATORS.items()]
    local = [html.Li(f"{TOPICS[key]}: {rule(key)}.") for key in TOPICS
             if BETTER[key] is not None]     # the local indicators of the table
    return html.Div([
        html.Ul(items),
        html.P("Local indicators (no national thresholds are published; these are the "
               "board's own):"),
        html.Ul(local),
        html.P(["Thresholds are set in ", html.Code("dashboard/thresholds.toml"),
                " (or the file named by the ", html.Code("RAG_THRESHOLDS"),
                " setting). Values are rated as shown on screen. When the figure's 95% "
                "confidence interval reaches another band, the rating says so, e.g. "
                "\"Amber (could be Green)\": the difference from the threshold could be "
                "chance."]),
    ])


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
