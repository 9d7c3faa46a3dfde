"""The outcomes page in Chromium: tiers, types table, filters, cross-filter, CSV and drill."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from helpers import (EMPTY_TITLE, KINGSMOOR, TIMEOUT, card, choose, click_point, download_rows,
                     open_page, screenshots, title)

CHARTS = ["disposals-tier-counts", "disposals-tier-shares", "disposals-types",
          "disposals-diversion"]


def open_outcomes(page: Page, base: str, query: str = "") -> None:
    open_page(page, base + "/disposals" + query, CHARTS, ".board-table .total-row")


def table_rows(page: Page) -> list[list[str]]:
    return [[cell.inner_text().strip() for cell in row.locator("th, td").all()]
            for row in page.locator(".board-table tbody tr").all()]


def test_outcomes_page_shows_tiers_types_and_table(page: Page, live_server, console_errors,
                                                   artifacts_dir):
    open_outcomes(page, live_server)
    for chart in CHARTS:
        assert title(page, chart) != EMPTY_TITLE
        assert "data as of" in card(page, chart).locator(".chart-subtitle").inner_text()
    assert page.locator("#disposals-headlines li").count() == 3
    expect(page.locator("#disposals-headlines")).to_contain_text("outcomes were given to")
    # Stacked tier bars: the five tiers and `other` (the sample declares civil orders and
    # recalls in outcome_types.csv), each with its own fill pattern.
    bars = card(page, "disposals-tier-counts").locator(".barlayer .trace")
    expect(bars).to_have_count(6)
    assert page.locator(".board-table .total-row th").inner_text() == "Total"
    headers = page.locator(".board-table thead tr").first.inner_text()
    assert headers.count("Year to ") == 2
    screenshots(page, artifacts_dir, "disposals")
    assert not console_errors, console_errors.report()


def test_changing_the_area_updates_every_chart(page: Page, live_server, console_errors):
    open_outcomes(page, live_server)
    before = {chart: title(page, chart) for chart in CHARTS}
    before_table = table_rows(page)
    choose(page, "filter-area", "Northmoor and Eastbridge YJS")
    for chart in CHARTS:
        expect(card(page, chart).locator(".chart-subtitle")).to_contain_text(
            "Northmoor and Eastbridge YJS", timeout=TIMEOUT)
    assert table_rows(page) != before_table
    assert [title(page, c) for c in CHARTS] != list(before.values())
    assert not console_errors, console_errors.report()


def test_url_with_filters_reproduces_the_view(page: Page, live_server, console_errors):
    open_outcomes(page, live_server,
                  "?area=service%3AKingsmoor+and+Fenby+YJS&period=2023-03-31&sex=F")
    expect(page.locator("#filter-chips .chip")).to_have_count(1)
    expect(page.locator("#disposals-headlines")).to_contain_text("year to March 2023")
    expect(card(page, "disposals-types").locator(".chart-subtitle")).to_contain_text(
        "Kingsmoor and Fenby YJS · year to March 2023")
    assert "Year to March 2022" in page.locator(".board-table thead").inner_text()
    assert not console_errors, console_errors.report()


def test_clicking_a_tier_filters_the_other_charts(page: Page, live_server, console_errors):
    open_outcomes(page, live_server, KINGSMOOR)
    before_counts = title(page, "disposals-tier-counts")
    assert len(table_rows(page)) > 6
    diversion = card(page, "disposals-tier-shares").locator(".barlayer .trace").nth(0)
    click_point(page, diversion.locator(".point path").last)  # the latest year
    expect(page.locator("#filter-chips .chip")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("#filter-chips .chip")).to_contain_text("Outcome tier: diversion")
    expect(card(page, "disposals-tier-counts").locator(".chart-title")).not_to_have_text(
        before_counts, timeout=TIMEOUT)
    outcomes = [row[0] for row in table_rows(page)]
    assert set(outcomes) <= {"Community resolution", "Youth restorative disposal",
                             "Outcome 22 (deferred prosecution)", "Total"}
    assert "tier=diversion" in page.url
    assert not console_errors, console_errors.report()


def test_clicking_a_rolling_year_selects_that_period(page: Page, live_server, console_errors):
    open_outcomes(page, live_server, KINGSMOOR)
    line = card(page, "disposals-diversion").locator(".scatterlayer .trace").first
    click_point(page, line.locator(".points path").first)  # the first rolling year
    expect(page.locator("#disposals-headlines")).not_to_contain_text(
        "year to September 2024", timeout=TIMEOUT)
    assert "period=" in page.url and "period=2024-09-30" not in page.url
    assert not console_errors, console_errors.report()


def test_download_csv_matches_the_table_shown(page: Page, live_server, console_errors):
    open_outcomes(page, live_server, KINGSMOOR)
    name, rows = download_rows(page, "disposals-types")
    assert name == "outcomes-by-type-2024-09.csv"
    shown = table_rows(page)
    assert [r["Outcome"] for r in rows] == [row[0] for row in shown]
    now, before = "year to September 2024", "year to September 2023"
    for row, cells in zip(rows, shown):
        expected = [row[f"Disposals ({now})"], row[f"Children ({now})"],
                    row[f"% of total ({now})"], row[f"Disposals ({before})"],
                    row[f"Children ({before})"], row[f"% of total ({before})"]]
        numbers = [c.replace(",", "").rstrip("%") for c in cells[1:]]
        assert [float(v) for v in numbers] == [float(v) for v in expected], row["Outcome"]
    assert not console_errors, console_errors.report()


def test_drill_lists_the_children_behind_the_table(page: Page, live_server, console_errors):
    open_outcomes(page, live_server, KINGSMOOR)
    card(page, "disposals-types").get_by_role(
        "button", name="Children behind this figure").click()
    expect(page.locator("#drill-title")).to_contain_text(
        "Children given an outcome in the year to September 2024", timeout=TIMEOUT)
    expect(page.locator("#drill-body")).to_contain_text("Children are shown by pseudonymous id")
    expect(page.locator("#drill-body .ag-row").first).to_be_visible(timeout=TIMEOUT)
    assert not console_errors, console_errors.report()
