"""The overview page in Chromium: sentences, the mix of outcomes, cards, summary table (rank
of N, significance), filters, links and CSV."""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from helpers import TIMEOUT, choose, click_point, download, screenshots

CARDS = ["fte_rate", "custody_rate", "reoffending_binary_rate", "reoffences_per_reoffender"]


def open_overview(page: Page, base: str, query: str = "") -> None:
    page.goto(base + "/" + query)
    expect(page.locator("#overview-card-fte_rate .big-number")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#overview-summary-table")).to_be_visible(timeout=TIMEOUT)


def context_text(page: Page) -> str:
    return page.locator(".overview-context").inner_text()


def test_overview_shows_sentences_cards_and_table(page: Page, live_server, console_errors,
                                                  artifacts_dir):
    open_overview(page, live_server)
    sentences = page.locator(".headline-list li")
    # Five statements, children in care (the sample loads their population) and the most
    # notable local indicator (docs/DEFINITIONS.md, "On screen").
    assert sentences.count() == 7
    assert re.search(r"per 100,000 entered the justice system", sentences.first.inner_text())
    assert re.search(r"statistically (higher than|similar to|lower than) the England and "
                     r"Wales rate", sentences.first.inner_text())
    assert sentences.nth(4).inner_text().startswith("Diversion was ")
    assert "children aged 10–17 in care" in sentences.nth(5).inner_text()
    assert sentences.nth(6).inner_text().startswith("Among the local indicators, ")
    for key in CARDS:
        card = page.locator(f"#overview-card-{key}")
        assert card.locator(".big-number").inner_text().strip() not in ("", "–")
        assert card.locator(".rag").inner_text().strip().split(" ")[0] in ("Green", "Amber",
                                                                           "Red")
        assert card.locator(".card-change").inner_text().strip()
        assert re.search(r"\d+(st|nd|rd|th) of 15\d services", card.locator(
            ".card-rank").inner_text())
        expect(card.locator(".sparkline .scatterlayer .trace").first).to_be_attached()
    title = page.locator("#overview-table-title").inner_text()
    assert re.fullmatch(r"Against England and Wales: \d better, \d similar, \d worse", title)
    # The four national indicators, children in care and the nine local indicators with a
    # direction: the sample loads all four local files and has a figure for each.
    assert page.locator("#overview-summary-table tbody tr").count() == 14
    headers = page.locator("#overview-summary-table thead th").all_inner_texts()
    assert [h.strip() for h in headers[1:3]] == ["Latest", "95% interval"]
    headers = [h.strip() for h in headers]
    assert headers.index("vs England and Wales") > headers.index("Period") and "Rank" in headers
    interval = page.locator("#overview-summary-table tbody tr td:nth-child(3)").first
    assert re.fullmatch(r"\d+ to \d+", interval.inner_text().strip())   # FTE per 100,000
    ranks = page.locator("#overview-summary-table tbody tr td:nth-last-child(3)")
    assert re.fullmatch(r"(joint )?\d+(st|nd|rd|th) of 15\d services( \(cohort of .*\))?",
                        ranks.first.inner_text().strip())
    screenshots(page, artifacts_dir, "overview")
    assert not console_errors, console_errors.report()


def test_the_mix_of_outcomes_sits_beside_the_sentences_and_links_to_outcomes(
        page: Page, live_server, console_errors):
    open_overview(page, live_server, "?area=service%3AKingsmoor+and+Fenby+YJS")
    mix = page.locator("#overview-mix-card")
    expect(mix.locator(".chart-title")).to_contain_text("Diversion", timeout=TIMEOUT)
    # Three groups, two years, every bar labelled with its share.
    expect(mix.locator(".barlayer .point")).to_have_count(6)
    labels = mix.locator(".barlayer .bartext").all_text_contents()
    assert len(labels) == 6 and all(re.fullmatch(r"\d+\.\d%", t) for t in labels)
    # Beside the sentences on a board-room screen.
    story, chart = page.locator(".headlines").bounding_box(), mix.bounding_box()
    assert chart["x"] > story["x"] + story["width"] - 1 and chart["y"] < story["y"] + 200
    link = page.locator("#overview-mix-link")
    assert urlparse(link.get_attribute("href")).path == "/disposals"
    assert parse_qs(urlparse(link.get_attribute("href")).query)["area"] == [
        "service:Kingsmoor and Fenby YJS"]
    assert not console_errors, console_errors.report()


def test_an_authority_is_not_ranked_and_says_why(page: Page, live_server, console_errors):
    open_overview(page, live_server, "?area=la%3AE06900001")
    expect(page.locator("#overview-card-fte_rate .card-rank")).to_have_text(
        "Only services are ranked nationally, so this area has no rank.", timeout=TIMEOUT)
    ranks = page.locator("#overview-summary-table tbody tr td:nth-last-child(3)")
    assert ranks.first.inner_text().strip() == "Not ranked: only services are ranked nationally"
    assert not console_errors, console_errors.report()


def test_changing_the_area_updates_every_figure(page: Page, live_server, console_errors):
    open_overview(page, live_server)
    before_context = context_text(page)
    before_table = page.locator("#overview-summary-table").inner_text()
    target = "Northmoor and Eastbridge YJS"
    assert target not in before_context
    choose(page, "filter-area", target)
    expect(page.locator(".overview-context")).to_contain_text(target, timeout=TIMEOUT)
    expect(page.locator("#overview-table-subtitle")).to_contain_text(target)
    assert page.locator("#overview-summary-table").inner_text() != before_table
    assert not console_errors, console_errors.report()


def test_url_with_filters_reproduces_the_view(page: Page, live_server, console_errors):
    query = "?area=service%3AKingsmoor+and+Fenby+YJS&period=2023-03-31&sex=F&compare=services"
    open_overview(page, live_server, query)
    assert context_text(page).startswith("Kingsmoor and Fenby YJS, year to March 2023.")
    expect(page.locator("#filter-chips .chip")).to_have_count(1)
    expect(page.locator(".overview-filter-note")).to_contain_text(
        "Published comparators (national, region, family and the rest) cover all children")
    # Compare with "other services": with a filter on, the sentences rank the service among
    # those loaded (published figures cover all children).
    expect(page.locator(".headline-list")).to_contain_text(
        "of the 3 services loaded, with the same filters")
    # Card links keep the view's filters.
    href = page.locator("#overview-card-fte_rate .card-more").get_attribute("href")
    assert urlparse(href).path == "/first-time-entrants"
    assert parse_qs(urlparse(href).query) == {
        "area": ["service:Kingsmoor and Fenby YJS"], "period": ["2023-03-31"], "sex": ["F"],
        "compare": ["services"]}
    assert not console_errors, console_errors.report()


def test_a_cohort_filter_adds_a_chip_and_changes_the_figures(page: Page, live_server,
                                                              console_errors):
    open_overview(page, live_server)
    before = page.locator("#overview-card-fte_rate .card-period").inner_text()
    page.locator(".cohort-filters summary").click()
    choose(page, "filter-looked_after", "Looked after")
    expect(page.locator("#filter-chips .chip")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("#overview-card-fte_rate .unit")).to_have_text(
        "no rate for this filter", timeout=TIMEOUT)
    expect(page.locator(".overview-filter-note")).to_contain_text("no population figure")
    assert page.locator("#overview-card-fte_rate .card-period").inner_text() != before
    assert not console_errors, console_errors.report()


def test_clicking_a_sparkline_quarter_selects_that_period(page: Page, live_server,
                                                          console_errors):
    open_overview(page, live_server)
    before = context_text(page)
    sparkline = page.locator("#overview-card-fte_rate .scatterlayer .trace").first
    click_point(page, sparkline.locator(".points path").first)
    expect(page.locator(".overview-context")).not_to_have_text(before, timeout=TIMEOUT)
    assert "period=" in page.url
    assert not console_errors, console_errors.report()


def test_download_csv_matches_the_summary_table(page: Page, live_server, console_errors):
    open_overview(page, live_server)
    name, text = download(page, page.locator("#overview-table-csv"))
    assert name.startswith("overview-summary-") and name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(text)))
    headers = [th.inner_text().strip() for th in
               page.locator("#overview-summary-table thead th").all()]
    assert rows[0] == headers
    shown = [[cell.inner_text().strip() for cell in tr.locator("th, td").all()]
             for tr in page.locator("#overview-summary-table tbody tr").all()]
    assert rows[1:] == shown
    assert not console_errors, console_errors.report()


def test_filters_that_match_nobody_say_so_in_place(page: Page, live_server, console_errors):
    page.goto(live_server + "/?sex=U&ethnicity=Other&tier=custody")
    expect(page.locator(".headline-empty")).to_contain_text(
        "No children match these filters", timeout=TIMEOUT)
    expect(page.locator("#overview-card-reoffending_binary_rate")).to_contain_text(
        "No figures for this selection.")
    expect(page.locator("#overview-table-title")).to_have_text(
        "No headline figures for this selection")
    assert not console_errors, console_errors.report()
