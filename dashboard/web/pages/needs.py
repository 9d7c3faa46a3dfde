"""Needs and outcomes page: the local key performance indicators boards return each quarter
(CONTRACT §4c) and remands (§4d), with the tables boards already know.

For the page's reporting period (a quarter end) every KPI card shows the year (the four
quarters to it, pooled), the latest quarter, the change on a year before, the quarterly
trend and the split by kind of intervention; the table cards reproduce accommodation and
ETE status at the end of orders, victims and restorative justice, who attended which board
meeting, and remands. Where a local file was not loaded, its cards say which file would
fill them. The overview's summary table has a row for each KPI with a direction
(dashboard/analysis/kpi_summary.py `local_kpi_figures`) and a sentence on the most notable
(dashboard/words/needs_words.py `overview_sentences`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from dash import html

from dashboard.analysis.kpi_summary import KpiSummary, summarise
from dashboard.analysis.thresholds import load_thresholds
from dashboard.contract.local_schema import INTERVENTION_KINDS, PARTNERS
from dashboard.contract.periods import add_months, period_start, period_words, quarter_end
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.figures import needs as fig
from dashboard.web.overview_cards import rag_badge
from dashboard.web.page_content import Chart, NothingToShow, PageContent, table_payload
from dashboard.web.state import ViewState
from dashboard.words import needs_words as words
from dashboard.words.text import day_month_year, pct
from queries.kpis import KPI_ORDER, kpis
from queries.local_tables import (board_meetings, ended_by, local_files_loaded,
                                  victim_counts)
from queries.meta import area_label, load_meta, service_of
from queries.remands import remands

PAGE = "needs"
SUMMARY = "needs-summary"
KPI_CHARTS = {kpi: f"needs-{kpi.replace('_', '-')}" for kpi in KPI_ORDER}
ACCOMMODATION, ETE_STATUS = "needs-accommodation-table", "needs-ete-status"
VICTIMS, BOARD, REMANDS = "needs-victims-table", "needs-board-meetings", "needs-remands"
FILTER_NOTE = "needs-filter-note"
TABLES = {ACCOMMODATION: "accommodation at the end of orders, by kind",
          ETE_STATUS: "education, training or employment status at the end of orders",
          VICTIMS: "victims and restorative justice, each quarter",
          BOARD: "board attendance by partner and meeting",
          REMANDS: "remands: episodes, children, nights and cost"}
# The page's sections, in order: a heading and its cards (the layout reads this).
SECTIONS = (
    ("", (SUMMARY,)),
    ("Accommodation and education at the end of orders",
     (KPI_CHARTS["accommodation_suitable"], ACCOMMODATION, KPI_CHARTS["ete_suitable"],
      ETE_STATUS)),
    ("Needs met and out-of-court programmes completed",
     tuple(KPI_CHARTS[k] for k in ("send_plan", "mental_health_intervention",
                                   "substance_intervention", "out_of_court_completed"))),
    ("Links to wider services",
     tuple(KPI_CHARTS[k] for k in ("wider_looked_after", "wider_child_in_need",
                                   "wider_child_protection"))),
    ("Victims and restorative justice", (KPI_CHARTS["victims_engaged"], VICTIMS)),
    ("The partnership board", (KPI_CHARTS["board_attendance"], BOARD)),
    ("Serious violence and remands", (KPI_CHARTS["serious_violence"], REMANDS)),
)
_NAMES = {SUMMARY: "the local indicators at a glance",
          **{chart: words.KPIS[kpi].label.lower() for kpi, chart in KPI_CHARTS.items()},
          **TABLES}
CHARTS = {chart: _NAMES[chart] for _, charts in SECTIONS for chart in charts}
NOTE = ("These local indicators have no published comparators, so ‘Compare with’ does not "
        "change this page, and the local files record no sex, age or ethnicity, so the "
        "filters of the children counted do not apply to them. " + words.ORDERS
        + " Sources: the service's records of orders and programmes, victims, board meetings "
          "and remands; serious violence from the outcomes.")
MISSING_TITLE = "{file} is not loaded"


def figure_id(chart_id: str) -> str:
    """The big number (with its RAG rating) above a KPI card's words."""
    return f"{chart_id}-figure"


def table_id(chart_id: str) -> str:
    """The board's table beside a table card's chart."""
    return f"{chart_id}-html"


# The page's other outputs (the callback fills them from `PageContent.extras`).
EXTRAS = ((FILTER_NOTE, "children"),
          *[(figure_id(chart), "children") for chart in KPI_CHARTS.values()],
          *[(table_id(chart), "children") for chart in TABLES])


@dataclass
class View:
    """Everything a card needs: where, when, what is loaded, and the KPIs summarised."""
    engine: object
    selection: Selection
    meta: dict
    state: ViewState
    period_end: date
    area: str
    loaded: frozenset[str]
    summaries: dict[str, KpiSummary]
    thresholds: dict
    tables: dict = field(default_factory=dict)   # table id -> its html table

    @property
    def present(self) -> bool:
        return self.state.present == "1"

    @property
    def dark(self) -> bool:
        return self.state.theme == "dark"

    @property
    def quarters(self) -> tuple[date, ...]:
        """The year's four quarter ends, oldest first."""
        return tuple(quarter_end(add_months(self.period_end, -3 * i)) for i in (3, 2, 1, 0))

    def subtitle(self, what: str = "") -> str:
        parts = [self.area, what or period_words(self.period_end),
                 f"data as of {day_month_year(self.meta['as_of'])}"]
        return " · ".join(p for p in parts if p)

    def need(self, file: str | None) -> None:
        """Raise the 'load this file' message when `file` was not loaded."""
        if file and file not in self.loaded:
            raise NothingToShow(words.FILE_MESSAGES[file], MISSING_TITLE.format(file=file))


def build(state: ViewState, selection: Selection, only=None) -> PageContent:
    """The needs and outcomes page for a resolved view state and its selection."""
    engine = get_engine()
    meta = load_meta(engine)
    content = PageContent(PAGE, extras={FILTER_NOTE: NOTE}, wanted=only)
    if state.period_end is None:
        return content.say("No reporting period is loaded yet.", CHARTS)
    thresholds = load_thresholds()
    view = View(engine, selection, meta, state, state.period_end,
                area_label(meta, state.level, state.area_code, selection.scope), local_files_loaded(engine),
                summarise(kpis(engine, selection), kpis(engine, selection, by="kind"),
                          state.period_end, thresholds), thresholds)
    remand_row = content.attempt("the remands sentence", _remand_year, view)
    content.headlines = words.headline_sentences(
        view.summaries, view.period_end, view.loaded,
        words.remands_sentence(remand_row, view.period_end), thresholds)
    builders = {SUMMARY: summary_chart, ACCOMMODATION: accommodation_chart,
                ETE_STATUS: ete_status_chart, VICTIMS: victims_chart, BOARD: board_chart,
                REMANDS: remands_chart}
    kpi_of = {chart_id: kpi for kpi, chart_id in KPI_CHARTS.items()}
    for chart_id in CHARTS:  # in the page's order, which the board pack prints
        if chart_id in builders:
            content.draw(chart_id, builders[chart_id], view)
        elif content.draw(chart_id, kpi_chart, view, kpi_of[chart_id]) is not None:
            content.extras[figure_id(chart_id)] = content.attempt(
                f"the {kpi_of[chart_id]} figure", figure_block, view, kpi_of[chart_id])
    content.extras.update({table_id(c): t for c, t in view.tables.items()})
    return content


# --- the KPI cards ----------------------------------------------------------------------

def _summary(view: View, kpi: str) -> KpiSummary:
    view.need(words.KPIS[kpi].file)
    summary = view.summaries.get(kpi)
    if summary is None or (summary.year is None and summary.quarter is None):
        raise NothingToShow(words.no_figure_message(kpi, view.area, view.period_end))
    return summary


def kpi_chart(view: View, kpi: str) -> Chart:
    summary = _summary(view, kpi)
    spec = words.KPIS[kpi]
    rows = _kpi_rows(view, summary)
    headers = {"period": "Period", "kind": "Kind of intervention",
               "numerator": spec.numerator, "denominator": spec.denominator,
               "shown": "Per 10,000" if spec.file is None else "%",
               "lower": "95% interval: lower", "upper": "95% interval: upper"}
    slug = f"{kpi.replace('_', '-')}-{view.period_end:%Y-%m}"
    return Chart(figure=fig.kpi_figure(kpi, summary.trend, summary.by_kind, view.present,
                                       view.dark),
                 title=words.card_title(summary),
                 subtitle=view.subtitle(f"{period_words(view.period_end)} and each quarter"),
                 note=words.card_note(summary, view.period_end),
                 data=table_payload(rows, slug, headers))


def _kpi_rows(view: View, summary: KpiSummary) -> pd.DataFrame:
    """The figures the card shows: each quarter, the year and the year before, the year by
    kind."""
    def row(period: str, kind: str, figure) -> dict:
        return {"period": period, "kind": kind, "numerator": int(figure["numerator"]),
                "denominator": int(figure["denominator"]),
                **{key: round(float(figure[column]), 1) for key, column in (
                    ("shown", "value"), ("lower", "value_lower_95"),
                    ("upper", "value_upper_95"))}}
    everything = "All kinds" if summary.kpi in words.BY_KIND else "–"
    rows = [row(words.quarter_short(r["period_end"]), everything, r)
            for r in _records(summary.trend)]
    for when, figure in ((add_months(view.period_end, -12), summary.year_before),
                         (view.period_end, summary.year)):
        if figure:
            rows.append(row(_sentence_start(period_words(when)), everything, figure))
    rows += [row(_sentence_start(period_words(view.period_end)), words.KIND_LABELS[r["group"]], r)
             for r in _records(summary.by_kind)]
    return pd.DataFrame(rows)


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows of a small frame as dicts of Python values (what `row()` above reads),
    without building a Series per row."""
    columns = list(frame.columns)
    return [dict(zip(columns, values))
            for values in zip(*(frame[column].tolist() for column in columns))]


def _sentence_start(text: str) -> str:
    """'Year to September 2024' from 'year to September 2024'."""
    return text[:1].upper() + text[1:]


def figure_block(view: View, kpi: str) -> html.Div | None:
    """The year's figure, large, with its unit and RAG rating (icon, word and colour)."""
    summary = view.summaries.get(kpi)
    if summary is None or not summary.year or words.missing_message(kpi, view.loaded):
        return None
    unit = "per 10,000 children aged 10–17, " if words.KPIS[kpi].file is None else ""
    parts = [html.Span(words.value_text(kpi, summary.year["value"]), className="big-number"),
             html.Span(f"{unit}{period_words(view.period_end)}", className="unit")]
    if summary.better is not None and summary.rag:
        parts.append(rag_badge(summary.rag))
    return html.Div(parts, className="kpi-figure")


def summary_chart(view: View) -> Chart:
    """Every KPI where higher is better, the year's figure with its interval and RAG."""
    rows = []
    for kpi in words.HIGHER_KPIS:
        summary = view.summaries.get(kpi)
        if summary is None or not summary.year or words.missing_message(kpi, view.loaded):
            continue
        year, rag = summary.year, summary.rag or {"status": "grey", "word": "No RAG"}
        rows.append({"label": words.KPIS[kpi].label, "value": year["value"],
                     "value_lower_95": year["value_lower_95"],
                     "value_upper_95": year["value_upper_95"],
                     "numerator": int(year["numerator"]),
                     "denominator": int(year["denominator"]), "rag": rag["status"],
                     "rag_word": rag.get("label", rag["word"]),   # "Amber (could be Green)"
                     "text": f"{pct(year['value'])} · {rag['word']}"})  # short, on the chart
    if not rows:
        missing = [words.FILE_MESSAGES[f] for f in ("interventions.csv", "victims.csv",
                                                    "board_attendance.csv")
                   if f not in view.loaded]
        raise NothingToShow(" ".join(missing) or "No local indicator has a figure for "
                            f"{view.area} in the {period_words(view.period_end)}.")
    frame = pd.DataFrame(rows)
    shown = frame.assign(**{c: frame[c].round(1) for c in ("value", "value_lower_95",
                                                           "value_upper_95")})
    payload = table_payload(shown, f"local-indicators-{view.period_end:%Y-%m}", {
        "label": "Indicator", "numerator": "Counted", "denominator": "Of",
        "value": "% in the year", "value_lower_95": "95% interval: lower",
        "value_upper_95": "95% interval: upper", "rag_word": "RAG"})
    rated = [r["rag"] for r in rows if r["rag"] != "grey"]
    return Chart(figure=fig.summary_figure(frame, view.present, view.dark),
                 title=words.summary_title(rated, view.period_end), subtitle=view.subtitle(),
                 note=words.SUMMARY_NOTE, data=payload)


# --- the tables boards know ------------------------------------------------------------

def _kinds(frame: pd.DataFrame) -> list[str]:
    return [k for k in INTERVENTION_KINDS if k in set(frame["kind"])]


def _ended(view: View, column: str) -> pd.DataFrame:
    view.need("interventions.csv")
    frame = ended_by(view.engine, view.selection, column, period_ends=view.quarters)
    if frame.empty:
        raise NothingToShow(words.nothing_ended(view.area, view.period_end))
    return frame


def _html_table(frame: pd.DataFrame, label: str, numeric: list[str], total: bool = True,
                formats: dict | None = None) -> html.Table:
    """A board table of `frame` (its columns as headers; the last row bold when `total`)."""
    formats = formats or {}
    columns = list(frame.columns)
    head = html.Thead(html.Tr([html.Th(c, scope="col", className="num" if c in numeric else None)
                               for c in columns]))
    body = []
    for i, row in enumerate(frame.itertuples(index=False)):
        cells = [html.Th(row[0], scope="row")]
        cells += [html.Td(formats.get(c, _cell)(v), className="num" if c in numeric else None)
                  for c, v in zip(columns[1:], row[1:])]
        body.append(html.Tr(cells, className="total-row" if total and i == len(frame) - 1
                            else None))
    return html.Div(html.Table([head, html.Tbody(body)], className="table table-sm board-table",
                               **{"aria-label": label}),
                    className="table-responsive", tabIndex="0", role="region",
                    **{"aria-label": label})


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _pct_cell(value) -> str:
    return "–" if value is None or value != value else f"{value:.1f}%"


def accommodation_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per kind (then a total): ended, suitable, unsuitable, not recorded, % suitable of
    those recorded."""
    rows = []
    for kind in [*_kinds(frame), "total"]:
        part = frame if kind == "total" else frame[frame["kind"] == kind]
        by = part.groupby(part["status"].fillna("not_recorded"))["interventions"].sum()
        suitable, unsuitable = int(by.get("suitable", 0)), int(by.get("unsuitable", 0))
        recorded = suitable + unsuitable
        rows.append({"kind": kind, "label": words.KIND_LABELS.get(kind, "Total"),
                     "ended": int(part["interventions"].sum()), "suitable": suitable,
                     "unsuitable": unsuitable, "not_recorded": int(by.get("not_recorded", 0)),
                     "share": round(suitable / recorded * 100, 1) if recorded else None})
    return pd.DataFrame(rows)


def accommodation_chart(view: View) -> Chart:
    table = accommodation_table(_ended(view, "accommodation_end"))
    headers = {"label": "Kind of intervention", "ended": "Ended", "suitable": "Suitable",
               "unsuitable": "Unsuitable", "not_recorded": "Not recorded",
               "share": "% suitable (of recorded)"}
    shown = table[list(headers)].rename(columns=headers)
    view.tables[ACCOMMODATION] = _html_table(
        shown, f"Accommodation at the end of orders, {period_words(view.period_end)}",
        list(headers.values())[1:], formats={headers["share"]: _pct_cell})
    rows = table.to_dict("records")
    title, note = (words.accommodation_title(rows[:-1]),
                   words.accommodation_note(rows[-1], view.period_end))
    return Chart(figure=fig.accommodation_figure(table, view.present, view.dark), title=title,
                 subtitle=view.subtitle(), note=note,
                 data=table_payload(table, f"accommodation-at-end-{view.period_end:%Y-%m}",
                                    headers))


def ete_table(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Per status (then not recorded and a total): each kind's count, the total and the
    share of those recorded; and the headers."""
    kinds = _kinds(frame)
    status = frame["status"].fillna("not_recorded")
    counts = frame.assign(status=status).pivot_table(index="status", columns="kind",
                                                     values="interventions", aggfunc="sum",
                                                     fill_value=0)
    order = [*words.ETE_STATUS_LABELS, "not_recorded"]
    counts = counts.reindex(index=order, columns=kinds, fill_value=0)
    counts["total"] = counts.sum(axis=1)
    recorded = counts.loc[list(words.ETE_STATUS_LABELS), "total"].sum()
    counts["share"] = [round(t / recorded * 100, 1) if recorded and s != "not_recorded"
                       else None for s, t in zip(counts.index, counts["total"])]
    counts.loc["total"] = [*counts[kinds + ["total"]].sum(), None]
    table = counts.rename_axis("status").reset_index()
    table.insert(1, "label", [words.ETE_STATUS_LABELS.get(s, words.NOT_RECORDED)
                              if s != "total" else "Total" for s in table["status"]])
    for column in kinds + ["total"]:
        table[column] = table[column].astype("int64")
    headers = {"label": "Status at the end", **{k: words.KIND_LABELS[k] for k in kinds},
               "total": "All kinds", "share": "% of recorded"}
    return table, headers


def ete_status_chart(view: View) -> Chart:
    table, headers = ete_table(_ended(view, "ete_status_end"))
    shown = table[list(headers)].rename(columns=headers)
    view.tables[ETE_STATUS] = _html_table(
        shown, f"Education, training or employment at the end of orders, "
               f"{period_words(view.period_end)}", list(headers.values())[1:],
        formats={headers["share"]: _pct_cell})
    neet = table[table["status"] == "neet"].iloc[0]
    recorded = table.loc[table["status"].isin(list(words.ETE_STATUS_LABELS)), "total"].sum()
    title = words.ete_title(int(neet["total"]), int(recorded), neet["share"])
    note = words.ete_note(view.period_end)
    return Chart(figure=fig.ete_status_figure(table, view.present, view.dark), title=title,
                 subtitle=view.subtitle(), note=note,
                 data=table_payload(table, f"ete-status-at-end-{view.period_end:%Y-%m}",
                                    headers))


def victims_table(frame: pd.DataFrame, quarters: tuple[date, ...]) -> pd.DataFrame:
    """Each quarter of the year (zeros where none) and the year."""
    counts = frame.set_index("period_end")
    rows = [{"period_end": q, "label": words.quarter_short(q),
             **{c: int(counts.loc[q, c]) if q in counts.index else 0
                for c in ("contacted", "consented", "engaged")}} for q in quarters]
    rows.append({"period_end": None, "label": "The year",
                 **{c: sum(r[c] for r in rows) for c in ("contacted", "consented",
                                                         "engaged")}})
    table = pd.DataFrame(rows)
    table["share"] = [round(e / c * 100, 1) if c else None
                      for e, c in zip(table["engaged"], table["consented"])]
    return table


def victims_chart(view: View) -> Chart:
    view.need("victims.csv")
    frame = victim_counts(view.engine, view.selection, period_ends=view.quarters)
    if frame.empty or not frame["contacted"].sum():
        raise NothingToShow(words.no_victims(view.area, view.period_end))
    table = victims_table(frame, view.quarters)
    headers = {"label": "Quarter", "contacted": "Victims contacted",
               "consented": "Agreed to hear about restorative justice",
               "engaged": "Took part", "share": "% of those agreeing"}
    view.tables[VICTIMS] = _html_table(
        table[list(headers)].rename(columns=headers),
        f"Victims and restorative justice, {period_words(view.period_end)}",
        list(headers.values())[1:], formats={headers["share"]: _pct_cell})
    year = table.iloc[-1]
    title = words.victims_title(int(year["contacted"]), int(year["consented"]))
    note = words.VICTIMS_NOTE
    return Chart(figure=fig.victims_figure(table, view.present, view.dark), title=title,
                 subtitle=view.subtitle(), note=note,
                 data=table_payload(table, f"victims-restorative-justice-"
                                           f"{view.period_end:%Y-%m}", headers))


ATTENDED, MISSED = "Attended", "Missed"


def board_grid(meetings: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """One row per meeting (and service, for all areas), a column per partner ('Attended',
    'Missed', or None when not recorded), and the statutory partners attending."""
    partners = [p for p in PARTNERS if p in set(meetings["partner"])]
    wide = meetings.assign(word=meetings["attended"].map({True: ATTENDED, False: MISSED}))
    grid = wide.pivot_table(index=["service", "meeting_date"], columns="partner",
                            values="word", aggfunc="first")
    grid = grid.reindex(columns=partners).reset_index()
    statutory = [p for p in partners if p != "other"]
    grid["statutory"] = [f"{sum(v == ATTENDED for v in r)} of "
                         f"{sum(v in (ATTENDED, MISSED) for v in r)}"
                         for r in grid[statutory].itertuples(index=False)]
    grid["meeting"] = grid["meeting_date"].map(day_month_year)
    grid = grid.astype(object).where(grid.notna(), None)
    return grid, partners


def partner_rows(meetings: pd.DataFrame) -> pd.DataFrame:
    """Each partner's meetings recorded and attended in the year."""
    rows = []
    for partner in [p for p in PARTNERS if p in set(meetings["partner"])]:
        part = meetings[meetings["partner"] == partner]
        attended, held = int(part["attended"].sum()), len(part)
        rows.append({"partner": partner, "label": words.PARTNER_LABELS[partner],
                     "meetings": held, "attended": attended, "value": attended / held * 100})
    return pd.DataFrame(rows)


def board_chart(view: View) -> Chart:
    view.need("board_attendance.csv")
    if view.selection.level == "local_authority":
        service = service_of(view.meta, view.state.area_code) or "its service"
        raise NothingToShow(words.board_for_service(service))
    first = period_start(view.period_end)
    meetings = board_meetings(view.engine, view.selection, first=first, last=view.period_end)
    if meetings.empty:
        raise NothingToShow(words.no_figure_message("board_attendance", view.area,
                                                    view.period_end))
    grid, partners = board_grid(meetings)
    several = grid["service"].nunique() > 1
    headers = {**({"service": "Service"} if several else {}), "meeting": "Meeting",
               **{p: words.PARTNER_LABELS[p] for p in partners},
               "statutory": "Statutory partners attending"}
    view.tables[BOARD] = _board_html(grid, headers, partners,
                                     f"Board attendance, {period_words(view.period_end)}")
    people = partner_rows(meetings)
    title = words.board_title(people[people["partner"] != "other"].to_dict("records"))
    note = words.BOARD_NOTE
    return Chart(figure=fig.board_figure(people, view.present, view.dark), title=title,
                 subtitle=view.subtitle(), note=note,
                 data=table_payload(grid, f"board-attendance-{view.period_end:%Y-%m}",
                                    headers))


def _board_html(grid: pd.DataFrame, headers: dict, partners: list[str], label: str):
    def mark(value):
        if value is None:
            return "–"
        icon = "bi-check-circle-fill" if value == ATTENDED else "bi-x-circle"
        return html.Span([html.I(className=f"bi {icon}", **{"aria-hidden": "true"}), value],
                         className=f"attendance attendance-{value.lower()}")
    columns = list(headers)
    head = html.Thead(html.Tr([html.Th(headers[c], scope="col") for c in columns]))
    body = [html.Tr([html.Th(row[c], scope="row") if i == 0 else
                     html.Td(mark(row[c]) if c in partners else row[c])
                     for i, c in enumerate(columns)])
            for row in grid.to_dict("records")]
    return html.Div(html.Table([head, html.Tbody(body)], className="table table-sm board-table",
                               **{"aria-label": label}),
                    className="table-responsive", tabIndex="0", role="region",
                    **{"aria-label": label})


REMAND_ROWS = (  # measure key, label, format
    ("episodes", "Remand episodes started", "count"),
    ("children", "Children remanded", "count"),
    ("nights", "Nights on remand", "count"),
    ("yda_nights", "  in youth detention accommodation", "count"),
    ("la_nights", "  in local authority accommodation", "count"),
    ("cost", "Cost of the nights", "money"),
    ("yda_ended", "Youth detention remands ended with a result", "count"),
    ("yda_not_custodial", "  not followed by a custodial sentence", "count"),
    ("yda_not_custodial_pct", "% not followed by a custodial sentence", "pct"),
)


def _remand_frame(view: View) -> pd.DataFrame:
    ends = tuple(add_months(view.period_end, -12 * i) for i in (2, 1, 0))
    frame = remands(view.engine, view.selection, period_ends=tuple(
        quarter_end(e) for e in ends))
    return frame.sort_values("period_end").reset_index(drop=True)


def _remand_year(view: View) -> dict | None:
    if "remands.csv" not in view.loaded:
        return None
    frame = _remand_frame(view)
    latest = frame[frame["period_end"] == view.period_end]
    return latest.iloc[0].to_dict() if len(latest) else None


def remands_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A row per measure, a column per year (oldest first)."""
    frame = frame.assign(la_nights=frame["nights"] - frame["yda_nights"])
    rows = []
    for key, label, kind in REMAND_ROWS:
        row = {"measure": label.strip() if not label.startswith(" ") else f"– {label.strip()}"}
        for _, year in frame.iterrows():
            value = year[key]
            if value is None or value != value:
                value = None
            elif kind == "count":
                value = int(value)
            else:
                value = round(float(value), 0 if kind == "money" else 1)
            row[_sentence_start(period_words(year["period_end"]))] = value
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)  # whole numbers stay whole beside the empty cells


def remands_chart(view: View) -> Chart:
    view.need("remands.csv")
    frame = _remand_frame(view)
    if frame.empty or view.period_end not in set(frame["period_end"]):
        raise NothingToShow(words.no_remands(view.area, view.period_end))
    table = remands_table(frame)
    years = list(table.columns[1:])
    money = {y: (lambda v: "–" if v is None else f"£{v:,.0f}") for y in years}
    cost_row = [r for r, (key, _, _) in enumerate(REMAND_ROWS) if key == "cost"][0]
    pct_row = [r for r, (key, _, _) in enumerate(REMAND_ROWS) if key == "yda_not_custodial_pct"][0]
    shown = table.copy()
    for year in years:  # pounds and percentages as text in the board table
        shown[year] = shown[year].astype(object)
        shown.at[cost_row, year] = money[year](table.at[cost_row, year])
        shown.at[pct_row, year] = _pct_cell(table.at[pct_row, year])
    view.tables[REMANDS] = _html_table(shown.rename(columns={"measure": "Measure"}),
                                       "Remands, year by year", years, total=False)
    latest = frame[frame["period_end"] == view.period_end].iloc[0]
    title, note = words.remands_title(latest.to_dict()), words.REMANDS_NOTE
    return Chart(figure=fig.remands_figure(frame, view.present, view.dark), title=title,
                 subtitle=view.subtitle("rolling years"), note=note,
                 data=table_payload(table, f"remands-{view.period_end:%Y-%m}",
                                    {"measure": "Measure", **{y: y for y in years}}))
