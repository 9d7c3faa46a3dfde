"""The about page in Chromium: definitions, what is loaded, coverage, limitations."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from helpers import TIMEOUT, screenshots


def open_about(page: Page, base: str, query: str = "") -> None:
    page.goto(base + "/about" + query)
    expect(page.locator(".coverage-table tbody tr").first).to_be_visible(timeout=TIMEOUT)


def test_about_page_defines_the_figures_and_shows_coverage(page: Page, live_server,
                                                           console_errors, artifacts_dir):
    open_about(page, live_server)
    body = page.locator(".page-body")
    for term in ("First time entrants", "Use of custody", "Proven reoffending",
                 "Outcomes and tiers", "Ethnic disproportionality", "Known limitations"):
        expect(body).to_contain_text(term)
    expect(body).to_contain_text("provisional")
    expect(body).to_contain_text("relative rate index")
    expect(body).to_contain_text("counted in each")
    expect(page.locator(".about-note")).to_contain_text("filters above do not apply")
    facts = page.locator(".load-facts").inner_text()
    for label in ("Data as of", "Last loaded", "Outcome rows", "Children", "Synthetic"):
        assert label in facts
    rows = page.locator(".coverage-table tbody tr")
    expect(rows).to_have_count(6)
    first = [c.inner_text() for c in rows.first.locator("th, td").all()]
    assert first[1].endswith("YJS") and first[-1].endswith("years)")
    assert int(first[4].replace(",", "")) >= int(first[5].replace(",", "")) > 0
    screenshots(page, artifacts_dir, "about")
    assert not console_errors, console_errors.report()


def test_filters_in_the_url_do_not_change_the_about_page(page: Page, live_server,
                                                        console_errors):
    open_about(page, live_server)
    before = page.locator(".coverage-table").inner_text()
    open_about(page, live_server, "?area=la%3AE06900001&sex=F&tier=custody")
    expect(page.locator("#filter-chips .chip")).to_have_count(2)
    assert page.locator(".coverage-table").inner_text() == before
    assert not console_errors, console_errors.report()
