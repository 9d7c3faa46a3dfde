"""The board pack: an A4 landscape PDF of the current view for the board papers.

`python -m dashboard board-pack OUT.pdf [--area ... --period ...]` and the dashboard's
"Download board pack" button both call `pack_pdf`. The pack holds a cover, the
headline sentences, the summary table, every indicator page's charts with their full
tables, the disproportionality section for every stage, and the definitions and data
notes as an appendix. Everything comes from the pages' own builds (dashboard/web/pages/,
in the order of dashboard/web/registry.py), so no Dash app is needed; charts are drawn by
Plotly as SVG and printed by headless Chromium, so they stay vector graphics. A chart that
could not be drawn is not dropped: it stands in its place as a notice, and the pack lists
it after the headline sentences.
"""
from __future__ import annotations

import html as escape
import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.contract.periods import period_words
from dashboard.core.db import get_engine
from dashboard.web import registry
from dashboard.web.page_content import Chart, PageContent
from dashboard.web.pages import content as page_content
from dashboard.web.pages import overview
from dashboard.web.registry import PackPart, Section
from dashboard.web.state import resolve_state
from dashboard.words.text import day_month_year
from queries.meta import area_label, load_meta

log = logging.getLogger(__name__)
CHART_WIDTH, CHART_HEIGHT = 1000, 420
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
PRINT_CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
       color: #0B0C0C; font-size: 11pt; margin: 0; }
h1 { font-size: 26pt; color: #12436D; margin: 0 0 6mm; }
h2 { font-size: 18pt; color: #12436D; margin: 0 0 3mm; break-after: avoid; }
h3 { font-size: 13pt; margin: 4mm 0 1mm; break-after: avoid; }
p { margin: 0 0 2mm; }
section { break-before: page; }
.cover { break-before: auto; height: 170mm; display: flex; flex-direction: column;
         justify-content: center; border-left: 6mm solid #12436D; padding-left: 10mm; }
.cover .area { font-size: 32pt; font-weight: 700; margin-bottom: 4mm; }
.cover .period { font-size: 20pt; margin-bottom: 8mm; }
.cover .meta { font-size: 12pt; color: #505A5F; }
.synthetic { color: #801650; font-weight: 700; }
.headlines li { font-size: 13pt; margin-bottom: 3mm; }
.chart { break-inside: avoid; margin-bottom: 3mm; }
.subtitle, .note { color: #505A5F; font-size: 9.5pt; }
.missing { border-left: 2mm solid #D4351C; padding: 1mm 0 1mm 4mm; margin: 0 0 4mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0 5mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: #12436D; color: #fff; text-align: left; padding: 1.2mm 2mm; }
td { border-bottom: 0.3mm solid #B1B4B6; padding: 1mm 2mm; vertical-align: top; }
td.num, th.num { text-align: right; }
dt { font-weight: 700; margin-top: 3mm; break-after: avoid; }
dd { margin: 0 0 1mm 0; }
"""


@dataclass
class PackContent:
    area: str
    period: str
    as_of: date | None
    synthetic: bool
    headlines: list[str]
    summary: Chart | None
    sections: list[tuple[str, list[Chart]]]
    appendix_html: str
    missing: list[str]            # what could not be drawn, in words


def _esc(value) -> str:
    return escape.escape("" if value is None else str(value))


def to_html(component) -> str:
    """Static HTML of a small Dash html component tree (definitions, notes)."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return _esc(component)
    if isinstance(component, (list, tuple)):
        return "".join(to_html(c) for c in component)
    tag = type(component).__name__.lower()
    inner = to_html(getattr(component, "children", None))
    css = getattr(component, "className", None)
    return f"<{tag}{f' class={chr(34)}{_esc(css)}{chr(34)}' if css else ''}>{inner}</{tag}>"


def _table_html(data: dict | None) -> str:
    """The full table behind a chart: every row, headers repeated on each printed page."""
    if not data or not data.get("rows"):
        return ""
    columns = data["columns"]
    numeric = {c for c in columns
               if all(isinstance(r.get(c), (int, float)) or r.get(c) is None
                      for r in data["rows"])}

    def cell(column, value):
        if isinstance(value, float):
            value = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) \
                else f"{int(value):,}"
        elif isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:,}"
        klass = ' class="num"' if column in numeric else ""
        return f"<td{klass}>{_esc('–' if value is None else value)}</td>"

    head = "".join(f'<th{" class=num" if c in numeric else ""}>{_esc(c)}</th>'
                   for c in columns)
    body = "".join("<tr>" + "".join(cell(c, row.get(c)) for c in columns) + "</tr>"
                   for row in data["rows"])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart_html(chart: Chart, index: int) -> str:
    if chart.failed:
        return (f'<div class="chart missing"><h3>{_esc(chart.title)}</h3>'
                f'<p>{_esc(chart.subtitle)}</p><p class="note">{_esc(chart.note)}</p></div>')
    figure = chart.figure
    figure.update_layout(width=CHART_WIDTH, height=CHART_HEIGHT, autosize=False)
    plot = pio.to_html(figure, include_plotlyjs=False, full_html=False, div_id=f"chart-{index}",
                       config={"staticPlot": True, "displayModeBar": False})
    return (f'<div class="chart"><h3>{_esc(chart.title)}</h3>'
            f'<p class="subtitle">{_esc(chart.subtitle)}</p>{plot}'
            f'<p class="note">{_esc(chart.note)}</p></div>{_table_html(chart.data)}')


def collect(area: str | None = None, period: str | None = None) -> PackContent:
    """Everything the pack shows, from the pages' own builds."""
    meta = load_meta(get_engine())
    if not meta["loaded"]:
        raise RuntimeError("No data loaded: run `python -m dashboard load DIR` first.")
    state = resolve_state({k: v for k, v in {"area": area, "period": period}.items() if v},
                          meta)
    story = page_content(overview, state)
    missing = _missing(registry.section(overview.PAGE), PackPart(), story)
    summary = Chart("overview-summary", title=overview.SUMMARY_TITLE,
                    data=story.extras.get(overview.TABLE_DATA))
    sections = []
    for section in registry.PACK:
        charts = []
        for part in section.pack:
            page = page_content(section.page, state, only=part.charts, **part.controls)
            charts += page.charts
            missing += _missing(section, part, page)
        sections.append((section.board_title, charts))
    for words in missing:
        log.warning("board pack: %s could not be drawn", words)
    return PackContent(
        area=area_label(meta, state.level, state.area_code),
        period=period_words(state.period_end) if state.period_end else "",
        as_of=meta["as_of"], synthetic=meta["synthetic"],
        headlines=story.sentences, summary=summary, sections=sections,
        appendix_html=_appendix_html(), missing=missing)


def _missing(section: Section, part: PackPart, page: PageContent) -> list[str]:
    """What `page` could not draw, in words; its failed charts say so in their place."""
    names = section.page.CHARTS
    where = "".join(f" ({key}: {value})" for key, value in part.controls.items())
    for chart in page.charts:
        if chart.failed:
            chart.title = "This chart could not be drawn"
            chart.subtitle = f"{section.board_title}: {names.get(chart.chart_id)}{where}."
            chart.note = ("The error is in the dashboard's log; the rest of the pack is "
                          "unaffected.")
    return [f"{section.board_title}: {names.get(f.part, f.part)}{where}"
            for f in page.failures]


def _appendix_html() -> str:
    from dashboard.words.definitions import LIMITATIONS, definitions_section
    limitations = "".join(f"<li>{_esc(item)}</li>" for item in LIMITATIONS)
    return (f"{to_html(definitions_section().children[1])}"
            f"<h2>Data notes and limitations</h2><ul>{limitations}</ul>")


def render_html(content: PackContent) -> str:
    synthetic = ('<p class="synthetic">Synthetic data: fictional areas and children.</p>'
                 if content.synthetic else "")
    as_of = day_month_year(content.as_of) if content.as_of else "not known"
    parts = [f'''<div class="cover"><p class="meta">Youth justice partnership board</p>
        <div class="area">{_esc(content.area)}</div>
        <div class="period">Performance report: {_esc(content.period)}</div>
        <p class="meta">Data as of {as_of}. Lower is better for first time entrants,
        reoffending and custody.</p>{synthetic}</div>''',
             f"<section><h2>{_esc(registry.section(overview.PAGE).board_title)}</h2>"
             + _missing_html(content.missing) + "<ul class='headlines'>"
             + "".join(f"<li>{_esc(s)}</li>" for s in content.headlines) + "</ul>"
             + (f"<h2>{_esc(content.summary.title)}</h2>{_table_html(content.summary.data)}"
                if content.summary and content.summary.data else "") + "</section>"]
    index = 0
    for title, charts in content.sections:
        body = []
        for chart in charts:
            body.append(_chart_html(chart, index))
            index += 1
        parts.append(f"<section><h2>{_esc(title)}</h2>{''.join(body) or '<p>No figures.</p>'}"
                     "</section>")
    parts.append(f"<section><h2>Appendix: definitions</h2>{content.appendix_html}</section>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Board pack – {_esc(content.area)}</title><style>{PRINT_CSS}</style>"
            f"<script>{get_plotlyjs()}</script></head><body>{''.join(parts)}</body></html>")


def _missing_html(missing: list[str]) -> str:
    if not missing:
        return ""
    items = "".join(f"<li>{_esc(words)}</li>" for words in missing)
    return (f'<div class="missing"><p><strong>Missing from this pack:</strong> these could '
            f'not be drawn; each is marked in its place.</p><ul>{items}</ul></div>')


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None  # Playwright's own browser, where installed


def print_pdf(document: str, footer: str) -> bytes:
    from playwright.sync_api import sync_playwright
    footer_html = (f'<div style="font-size:8pt;color:#505A5F;width:100%;padding:0 12mm;'
                   f'display:flex;justify-content:space-between;font-family:Arial,sans-serif">'
                   f'<span>{_esc(footer)}</span><span>Page <span class="pageNumber"></span> '
                   f'of <span class="totalPages"></span></span></div>')
    with sync_playwright() as playwright:
        launch = {"args": CHROMIUM_ARGS}
        if _chromium_path():
            launch["executable_path"] = _chromium_path()
        browser = playwright.chromium.launch(**launch)
        try:
            page = browser.new_page()
            page.set_content(document, wait_until="load")
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.plotly-graph-div'))"
                ".every(d => d.querySelector('.main-svg'))", timeout=60000)
            return page.pdf(format="A4", landscape=True, print_background=True,
                            display_header_footer=True, header_template="<span></span>",
                            footer_template=footer_html,
                            margin={"top": "12mm", "bottom": "16mm", "left": "12mm",
                                    "right": "12mm"})
        finally:
            browser.close()


def pack(area: str | None = None, period: str | None = None) -> tuple[bytes, PackContent]:
    """The PDF for an area ('service:Name', 'la:CODE' or 'all') and period end, and what
    it holds."""
    content = collect(area, period)
    footer = (f"{content.area} · {content.period} · data as of {day_month_year(content.as_of)}"
              if content.as_of else content.area)
    return print_pdf(render_html(content), footer), content


def pack_pdf(area: str | None = None, period: str | None = None) -> bytes:
    """The PDF alone (the dashboard's download button)."""
    return pack(area, period)[0]


def write_board_pack(out: Path, area: str | None = None,
                     period: str | None = None) -> tuple[int, list[str]]:
    """Write the PDF to a file (the CLI): its size, and what could not be drawn."""
    pdf, content = pack(area, period)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(pdf)
    return len(pdf), content.missing
