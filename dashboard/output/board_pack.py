"""The board pack: an A4 landscape, tagged PDF of one area and period for the board papers.

Two parts:

- **The report** (`--summary` prints it alone; about ten pages): a cover, the quarter's
  story (the overview's headline sentences and summary table), then a page for each
  section of the registry that has pack builds (dashboard/web/registry.py, in order): its
  headline sentence, three lines of what changed and how we compare, its key chart (the
  section's slide chart) and the latest eight periods of that chart's table.
- **The appendix**: every table of every pack build in full, with the page's headline
  sentences (the funnel plots against every service drawn above their tables), then the
  definitions and the data notes.

Everything comes from the pages' own builds, so no Dash app is needed, and a section added
to the registry with pack builds appears in both parts by itself. The HTML comes from a
Jinja2 template (templates/board_pack.html and .css); charts are Plotly figures drawn as
SVG by plotly.js in headless Chromium (Playwright), which prints them as vector graphics,
with bookmarks from the headings and a tagged structure for screen readers. Notes written
for the screen ("Click a bar ...") are rewritten for paper (dashboard/words/paper.py).

A chart that could not be drawn is not dropped: it stands in its place as a notice that
names it, and the story page lists everything missing. A pack that cannot be made at all
raises `PackError`, whose message says why in words.

The web button does not call this in the request: dashboard/output/pack_jobs.py runs it
in a process of its own and the page polls for the result.
"""
from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import plotly.io as pio
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.contract.periods import period_words
from dashboard.core.config import PROJECT_ROOT
from dashboard.core.db import get_engine
from dashboard.output.pack_tables import Table, compact, full_table
from dashboard.web import registry
from dashboard.web.page_content import Chart, PageContent
from dashboard.web.pages import content as page_content
from dashboard.web.pages import overview, resolved_view
from dashboard.web.registry import PackPart, Section
from dashboard.web.state import resolve_state
from dashboard.web.session import current_scope
from dashboard.words.definitions import LIMITATIONS, definitions
from dashboard.words.headlines import further_comparators_note, is_comparator_heading
from dashboard.words.paper import for_paper
from dashboard.words.text import day_month_year
from queries.meta import area_label, load_meta

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent / "templates"
# The key chart on a report page is drawn at the size the page's figures are designed for
# (CSS pixels, 96 to the inch) and zoomed to KEY_CHART_WIDTH, 185 mm of the 273 mm between
# the margins, leaving a column for the sentences beside it; its text stays about 8 pt.
KEY_CHART = (960, 400)
# Vendored with the pages' (assets/vendor/README.md says how to upgrade it).
PLOTLY_BASIC = PROJECT_ROOT / "assets" / "vendor" / "plotly-basic.min.js"
KEY_CHART_WIDTH = 700
MIN_CHART_HEIGHT = 300        # a chart is shrunk no further to keep its page to one sheet
CLASH_STEP = 20               # px: a chart whose labels would overlap grows back by steps
MARGINS = {"top": "12mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}
# A4 landscape less the margins, in CSS pixels (96 to the inch), rounded down: a page laid
# out to a pixel more than the sheet holds prints that pixel, and a blank sheet, after it.
PAGE_PX = (math.floor((297 - 24) * 96 / 25.4), math.floor((210 - 12 - 16) * 96 / 25.4))
LINES = 3                     # "what changed and how we compare" under the headline
# Comparator columns the report's summary table has room for on one A4 page (England and
# Wales, the region and the family come first); with more loaded (a PCC area, statistical
# neighbours) the others are in a full table at the start of the appendix.
REPORT_COMPARATORS = 3
PRINT_TIMEOUT_MS = 120_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
CAN_NOT_DRAW = "This chart could not be drawn"


class PackError(RuntimeError):
    """The pack cannot be made; the message says why, in words for the person asking."""


@dataclass
class ReportPage:
    """One section's page in the report."""
    key: str
    title: str
    lead: str
    lines: list[str]
    chart: Chart | None
    table: Table | None
    extent: str = ""              # which rows the compact table holds, when not all


@dataclass
class AppendixSection:
    """One section's tables in the appendix: every chart of every pack build, in order."""
    key: str
    title: str
    sentences: list[str]
    charts: list[Chart]


@dataclass
class PackContent:
    area: str
    period: str
    period_end: date | None
    as_of: date | None
    synthetic: bool
    headlines: list[str]
    summary: Chart | None
    report: list[ReportPage]
    appendix: list[AppendixSection]
    missing: list[str]            # what could not be drawn, in words
    summary_only: bool = False
    made: datetime = field(default_factory=datetime.now)

    @property
    def sections(self) -> list[tuple[str, list[Chart]]]:
        """Each section's title and the charts the pack holds for it."""
        if self.appendix:
            return [(part.title, part.charts) for part in self.appendix]
        return [(page.title, [page.chart] if page.chart else []) for page in self.report]

    @property
    def title(self) -> str:
        kind = "Board report" if self.summary_only else "Board pack"
        return f"{kind}: {self.area}, {self.period}"


def report_summary(summary: Chart, summary_only: bool
                   ) -> tuple[Chart, list[AppendixSection]]:
    """The summary table as the report prints it: at most REPORT_COMPARATORS comparator
    columns, saying where the others are; and, when some were left out (and the pack has
    an appendix), the whole table as the appendix's first section."""
    data = summary.data or {}
    comparators = [c for c in data.get("columns", []) if is_comparator_heading(c)]
    left_out = comparators[REPORT_COMPARATORS:]
    if not left_out:
        return summary, []
    columns = [c for c in data["columns"] if c not in left_out]
    shown = {**data, "columns": columns,
             "rows": [{c: row.get(c) for c in columns} for row in data["rows"]]}
    note = further_comparators_note(left_out, summary_only)
    printed = Chart(summary.chart_id, title=summary.title, subtitle=summary.subtitle,
                    note=" ".join(n for n in (summary.note, note) if n), data=shown)
    if summary_only:
        return printed, []
    whole = Chart(f"{summary.chart_id}-every-comparator",
                  title=f"{summary.title}: every comparator", subtitle=summary.subtitle,
                  note=summary.note, data=data)
    story = registry.section(overview.PAGE)
    return printed, [AppendixSection(story.key, story.board_title, [], [whole])]


def key_part(section: Section) -> PackPart:
    """The pack build whose chart and sentences the report shows: the page as it opens (no
    controls), else the one drawn in full, else the first holding the section's slide chart.
    """
    def holds_key(part: PackPart) -> bool:
        return part.charts is None or section.slide_chart in part.charts

    choices = ([p for p in section.pack if holds_key(p) and not p.controls]
               + [p for p in section.pack if p.charts is None]
               + [p for p in section.pack if holds_key(p)])
    return (choices or list(section.pack))[0]


def collect(area: str | None = None, period: str | None = None,
            summary_only: bool = False, publication: bool = False) -> PackContent:
    """Everything the pack shows, from the pages' own builds; `publication` suppresses
    small numbers whoever makes it (as for a board member: dashboard/web/disclosure.py)."""
    meta = load_meta(get_engine())
    if not meta["loaded"]:
        raise PackError("no data are loaded: run `python -m dashboard load DIR` first")
    # narrowed to what the person may ask for (a board member's "All areas" is a service),
    # so the cover names the area the figures are for
    state = resolved_view(resolve_state(
        {k: v for k, v in {"area": area, "period": period}.items() if v}, meta))
    story = page_content(overview, state, publication=publication)
    missing = _missing(registry.section(overview.PAGE), PackPart(), story)
    summary_title = story.extras.get(overview.TABLE_TITLE)
    summary_note = story.extras.get(overview.TABLE_NOTE)
    summary = Chart("overview-summary", title=overview.SUMMARY_TITLE,
                    subtitle=summary_title if isinstance(summary_title, str) else "",
                    note=for_paper(summary_note) if isinstance(summary_note, str) else "",
                    data=story.extras.get(overview.TABLE_DATA))
    summary, every_comparator = report_summary(summary, summary_only)
    report, appendix = [], every_comparator
    for section in registry.PACK:
        main = key_part(section)
        charts, sentences = [], []
        for part in section.pack:
            if summary_only and part is not main:
                continue
            only = part.charts
            if summary_only and section.slide_chart:
                only = (section.slide_chart,)
            page = page_content(section.page, state, only=only, publication=publication,
                                **part.controls)
            missing += _missing(section, part, page)
            for chart in page.charts:
                chart.subtitle, chart.note = for_paper(chart.subtitle), for_paper(chart.note)
            charts += page.charts
            if part is main:
                sentences = page.sentences
                report.append(_report_page(section, page, state.period_end, summary_only))
        if not summary_only:
            appendix.append(AppendixSection(section.key, section.board_title, sentences,
                                            charts))
    for words in missing:
        log.warning("board pack: %s could not be drawn", words)
    return PackContent(
        area=area_label(meta, state.level, state.area_code, current_scope()),
        period=period_words(state.period_end) if state.period_end else "",
        period_end=state.period_end, as_of=meta["as_of"], synthetic=meta["synthetic"],
        headlines=story.sentences, summary=summary, report=report, appendix=appendix,
        missing=missing, summary_only=summary_only)


def _report_page(section: Section, page: PageContent, period: date | None,
                 summary_only: bool) -> ReportPage:
    chart = page.chart(section.slide_chart) if section.slide_chart else None
    if chart is None and page.charts:
        chart = page.charts[0]
    sentences = page.sentences
    table = compact(chart.data, period) if chart and not chart.failed else None
    extent = ""
    if table and table.total_rows > len(table.rows):
        where = "the full pack's appendix" if summary_only else "the appendix"
        extent = f"the latest {len(table.rows)} of {table.total_rows} rows ({where} has every row)"
    return ReportPage(section.key, section.board_title, sentences[0] if sentences else "",
                      sentences[1:1 + LINES], chart, table, extent)


def _missing(section: Section, part: PackPart, page: PageContent) -> list[str]:
    """What `page` could not draw, in words; its failed charts say so in their place."""
    names = section.page.CHARTS
    where = "".join(f" ({key}: {value})" for key, value in part.controls.items())
    for chart in page.charts:
        if chart.failed:
            chart.title = CAN_NOT_DRAW
            chart.subtitle = f"{section.board_title}: {names.get(chart.chart_id)}{where}."
            chart.note = ("The error is in the dashboard's log; the rest of the pack is "
                          "unaffected.")
    return [f"{section.board_title}: {names.get(f.part, f.part)}{where}"
            for f in page.failures]


# --- HTML ---------------------------------------------------------------------------------

def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES),
                       autoescape=select_autoescape(["html"]), trim_blocks=True,
                       lstrip_blocks=True)


def figure_html(chart: Chart | None, size: tuple[int, int] = KEY_CHART) -> str | None:
    """The chart as a static plotly.js graph (drawn as SVG), or None when there is none."""
    if chart is None or chart.failed or chart.figure is None:
        return None
    figure = chart.figure
    figure.update_layout(width=size[0], height=size[1], autosize=False)
    return pio.to_html(figure, include_plotlyjs=False, full_html=False,
                       div_id=f"chart-{chart.chart_id}",
                       config={"staticPlot": True, "displayModeBar": False})


def plotly_js() -> str:
    """The plotly.js the pack's Chromium draws the charts with: the vendored basic bundle the
    pages load too (1.2 MB against the full bundle's 4.8 MB, so every pack parses a quarter
    of the script; the pack's traces are all in it, as tests/unit/test_vendored_plotly.py
    checks)."""
    return PLOTLY_BASIC.read_text(encoding="utf-8")


def render_html(content: PackContent) -> str:
    """The pack as one HTML document (plotly.js inline: no network is needed). The charts
    with a slide of their own (the funnel plots against every service, the registry's
    `more_slides`) are drawn in the appendix above their tables."""
    figures = {page.key: figure_html(page.chart) for page in content.report}
    drawn = {chart for section in registry.PACK for chart in section.more_slides}
    appendix_figures = {chart.chart_id: figure_html(chart) for part in content.appendix
                        for chart in part.charts if chart.chart_id in drawn}
    return _environment().get_template("board_pack.html").render(
        pack=content, figures=figures, appendix_figures=appendix_figures,
        story_title=registry.section(overview.PAGE).board_title,
        summary=full_table(content.summary.data, fold=False) if content.summary else None,
        full_table=full_table, definitions=definitions(), limitations=LIMITATIONS,
        as_of=day_month_year(content.as_of) if content.as_of else "not known",
        made=day_month_year(content.made.date()),
        plotly_js=plotly_js() if any([*figures.values(), *appendix_figures.values()])
        else "",
        chart_zoom=round(KEY_CHART_WIDTH / KEY_CHART[0], 4), chart_width=KEY_CHART_WIDTH,
        fit={"page_width": PAGE_PX[0], "page_height": PAGE_PX[1],
             "min_height": MIN_CHART_HEIGHT, "full_height": KEY_CHART[1],
             "step": CLASH_STEP})


# --- PDF ----------------------------------------------------------------------------------

def _chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None  # Playwright's own browser, where installed


def footer_html(text: str) -> str:
    from markupsafe import escape
    return (f'<div style="font-size:8pt;color:#505A5F;width:100%;padding:0 12mm;'
            f'display:flex;justify-content:space-between;font-family:Arial,sans-serif">'
            f'<span>{escape(text)}</span><span>Page <span class="pageNumber"></span> '
            f'of <span class="totalPages"></span></span></div>')


def print_pdf(document: str, footer: str) -> bytes:
    """Print the document to A4 landscape with Chromium: tagged, with bookmarks."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as playwright:
            launch = {"args": CHROMIUM_ARGS}
            if _chromium_path():
                launch["executable_path"] = _chromium_path()
            browser = playwright.chromium.launch(**launch)
            try:
                page = browser.new_page(viewport={"width": PAGE_PX[0], "height": PAGE_PX[1]})
                page.emulate_media(media="print")
                page.set_content(document, wait_until="load", timeout=PRINT_TIMEOUT_MS)
                page.wait_for_function("window.packReady === true", timeout=PRINT_TIMEOUT_MS)
                for page_id in page.evaluate("window.packOverflow || []"):
                    log.warning("board pack: %s runs onto a second sheet", page_id)
                for words in page.evaluate("window.packTooWide || []"):
                    log.warning("board pack: %s is wider than the sheet", words)
                return page.pdf(format="A4", landscape=True, print_background=True,
                                display_header_footer=True, header_template="<span></span>",
                                footer_template=footer_html(footer), margin=MARGINS,
                                tagged=True, outline=True)
            finally:
                browser.close()
    except PlaywrightError as exc:
        log.exception("board pack: Chromium could not print the pack")
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise PackError(f"the PDF printer (headless Chromium) failed: {first_line[:200]}") \
            from exc


def pack(area: str | None = None, period: str | None = None,
         summary_only: bool = False, publication: bool = False) -> tuple[bytes, PackContent]:
    """The PDF for an area ('service:Name', 'la:CODE' or 'all') and period end, and what
    it holds; `summary_only` prints the report without the appendix, `publication` with
    small numbers suppressed."""
    content = collect(area, period, summary_only, publication)
    footer = (f"{content.area} · {content.period} · data as of {day_month_year(content.as_of)}"
              if content.as_of else content.area)
    return print_pdf(render_html(content), footer), content


def write_board_pack(out: Path, area: str | None = None, period: str | None = None,
                     summary_only: bool = False,
                     publication: bool = False) -> tuple[int, list[str]]:
    """Write the PDF to a file: its size, and what could not be drawn."""
    pdf, content = pack(area, period, summary_only, publication)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(pdf)
    return len(pdf), content.missing
