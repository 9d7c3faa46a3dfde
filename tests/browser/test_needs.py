"""The needs and outcomes page in Chromium: every card, an area change, the boards' tables
and their CSVs, presentation mode, a clean console."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from helpers import (EMPTY_TITLE, KINGSMOOR, TIMEOUT, card, choose, download_rows, screenshots,
                     title)

KPIS = ["needs-accommodation-suitable", "needs-ete-suitable", "needs-send-plan",
        "needs-mental-health-intervention", "needs-substance-intervention",
        "needs-out-of-court-completed", "needs-wider-looked-after", "needs-wider-child-in-need",
        "needs-wider-child-protection", "needs-victims-engaged", "needs-board-attendance",
        "needs-serious-violence"]
TABLES = ["needs-accommodation-table", "needs-ete-status", "needs-victims-table",
          "needs-board-meetings", "needs-remands"]
CHARTS = ["needs-summary", *KPIS, *TABLES]
PATH = "/needs-and-outcomes"


FIRST_DRAW = 90_000  # ms: eighteen charts, drawn uncached the first time on a busy machine


def open_needs(page: Page, base: str, query: str = KINGSMOOR) -> None:
    """Like helpers.open_page, with longer for the first draw (one callback fills all)."""
    page.goto(base + PATH + query)
    for chart in CHARTS:
        expect(card(page, chart).locator(".chart-title")).not_to_be_empty(timeout=FIRST_DRAW)
    expect(page.locator("#needs-headlines li").first).to_be_visible(timeout=TIMEOUT)


def table_cells(page: Page, chart: str) -> list[list[str]]:
    """The board's table beside a card's chart, as the eye reads it (icons are hidden)."""
    rows = card(page, chart).locator(".board-table tbody tr").all()
    return [[cell.inner_text().strip() for cell in row.locator("th, td").all()] for row in rows]


def plain(text: str) -> str:
    """'£194,993' -> '194993', '75.0%' -> '75.0', '–' -> '' (an empty CSV cell)."""
    return "" if text == "–" else text.replace(",", "").replace("£", "").rstrip("%")


def same_number(shown: str, written: str) -> bool:
    try:
        return float(plain(shown)) == float(written)
    except ValueError:
        return plain(shown) == written


def test_every_card_says_its_figure_in_words(page: Page, live_server, console_errors,
                                              artifacts_dir):
    open_needs(page, live_server)
    for chart in CHARTS:
        assert title(page, chart) != EMPTY_TITLE, chart
        expect(card(page, chart).get_by_role("button", name="Download CSV")).to_be_visible()
        expect(card(page, chart).get_by_role("button", name="Show table")).to_be_visible()
    headlines = page.locator("#needs-headlines li")
    assert headlines.count() >= 3
    assert re.search(r"\d+\.\d% \(\d+ of \d+\) of children ended their order in suitable "
                     r"accommodation", headlines.first.inner_text())
    accommodation = card(page, "needs-accommodation-suitable")
    expect(accommodation.locator(".kpi-figure .big-number")).to_have_text(
        re.compile(r"^\d+\.\d%$"))
    expect(accommodation.locator(".kpi-figure .rag")).to_have_text(
        re.compile("Green|Amber|Red"))
    note = accommodation.locator(".chart-note").inner_text()
    assert re.search(r"\d+ of \d+ children ended their order in suitable accommodation — "
                     r"\d+\.\d% \(95% interval \d+\.\d% to \d+\.\d%\)", note), note
    assert ("a year before — more than chance would explain" in note
            or "a difference that could be chance" in note
            or "The same as a year before" in note), note
    # Serious violence is on the page and in the headline sentences.
    expect(page.locator("#needs-headlines")).to_contain_text("serious violence offences")
    screenshots(page, artifacts_dir, "needs")
    page.set_viewport_size({"width": 768, "height": 1024})
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts_dir / "needs-768.png"), full_page=True)
    assert not console_errors, console_errors.report()


def test_changing_the_area_changes_the_page(page: Page, live_server, console_errors):
    open_needs(page, live_server)
    before_table = table_cells(page, "needs-accommodation-table")
    before_headline = page.locator("#needs-headlines li").first.inner_text()
    choose(page, "filter-area", "Northmoor and Eastbridge YJS")
    for chart in CHARTS:
        expect(card(page, chart).locator(".chart-subtitle")).to_contain_text(
            "Northmoor and Eastbridge YJS", timeout=TIMEOUT)
    expect(page.locator("#needs-headlines li").first).not_to_have_text(before_headline,
                                                                      timeout=TIMEOUT)
    assert table_cells(page, "needs-accommodation-table") != before_table
    assert "area=service%3ANorthmoor" in page.url
    assert not console_errors, console_errors.report()


def test_a_local_authority_has_no_board_of_its_own(page: Page, live_server, console_errors):
    open_needs(page, live_server, "?area=la%3AE06900001&period=2024-09-30")
    board = card(page, "needs-board-meetings")
    expect(board.locator(".chart-title")).to_have_text(EMPTY_TITLE)
    expect(board.locator(".annotation-text")).to_contain_text("belongs to a service")
    assert title(page, "needs-accommodation-suitable") != EMPTY_TITLE
    assert not console_errors, console_errors.report()


def test_each_boards_table_downloads_as_shown(page: Page, live_server, console_errors):
    open_needs(page, live_server)
    for chart in TABLES:
        shown = table_cells(page, chart)
        name, rows = download_rows(page, chart)
        assert name.endswith("2024-09.csv"), name
        assert len(rows) == len(shown), chart
        for row, cells in zip(rows, shown):
            written = list(row.values())
            assert len(written) == len(cells), (chart, cells)
            for cell, value in zip(cells, written):
                assert same_number(cell, value), (chart, cells, written)
    assert not console_errors, console_errors.report()


def test_a_kpi_cards_table_is_its_csv(page: Page, live_server, console_errors):
    open_needs(page, live_server)
    chart = "needs-ete-suitable"
    card(page, chart).get_by_role("button", name="Show table").click()
    grid = card(page, chart).locator(".ag-row")
    expect(grid.first).to_be_visible(timeout=TIMEOUT)
    headers = card(page, chart).locator(".ag-header-cell-text").all_inner_texts()
    name, rows = download_rows(page, chart)
    assert name == "ete-suitable-2024-09.csv"
    assert headers == list(rows[0].keys())
    # The year's row: the card's words say the same numbers.
    year = next(r for r in rows if r["Period"] == "Year to September 2024"
                and r["Kind of intervention"] == "All kinds")
    note = card(page, chart).locator(".chart-note").inner_text()
    assert (f"{year['In suitable education, training or employment']} of "
            f"{year['Ended with ETE recorded']} children") in note
    assert f"— {float(year['%']):.1f}%" in note
    assert not console_errors, console_errors.report()


def test_presentation_slide(page: Page, live_server, console_errors):
    page.goto(live_server + PATH + KINGSMOOR + "&present=1")
    slide = page.locator("#slide-needs")
    expect(slide).to_have_class(re.compile("slide-active"))
    expect(slide.locator(".slide-title")).to_contain_text("local indicators", timeout=TIMEOUT)
    expect(slide.locator(".slide-sentence")).to_contain_text("suitable accommodation")
    expect(slide.locator(".slide-graph .main-svg").first).to_be_visible(timeout=TIMEOUT)
    assert not console_errors, console_errors.report()
