"""The custody page in Chromium: rate with counts, comparators, splits, filters, CSV and drill."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from helpers import (EMPTY_TITLE, TIMEOUT, bars, card, choose, click_point, download_rows,
                     open_page, screenshots, svg_texts, title)

CHARTS = ["custody-trend", "custody-counts", "custody-funnel", "custody-type", "custody-la",
          "custody-ethnicity"]
ALL_AREAS = "?area=all&period=2024-09-30"
KINGSMOOR = "?area=service%3AKingsmoor+and+Fenby+YJS&period=2024-09-30"


def rate_labels(page: Page, chart: str) -> list[str]:
    """The words beside rate bars: drawn after each bar's interval whisker, as text points."""
    words = card(page, chart).locator(".scatterlayer .textpoint text")
    expect(words.first).to_be_attached(timeout=TIMEOUT)  # plotly draws after the title
    return svg_texts(words)


def open_custody(page: Page, base: str, query: str = "") -> None:
    open_page(page, base + "/custody" + query, CHARTS, "#custody-headlines li")


def test_page_shows_rates_with_counts_beside_them(page: Page, live_server, console_errors,
                                                  artifacts_dir):
    open_custody(page, live_server, ALL_AREAS)
    for chart in CHARTS:
        assert title(page, chart) != EMPTY_TITLE, chart
        if chart != "custody-funnel":   # across all areas: a message, funnels are per service
            assert "Data as of" in card(page, chart).locator(".chart-subtitle").inner_text()
    first = page.locator("#custody-headlines li").first.inner_text()
    # "… was 0.12 per 1,000 children aged 10–17 (95% interval 0.09 to 0.16) — 41 children
    # received 45 custodial sentences."
    assert re.search(r"was \d+\.\d\d per 1,000 children aged 10–17 \(95% interval "
                     r"\d+\.\d\d to \d+\.\d\d\) — (\d+ child(ren)? received \d+ custodial "
                     r"sentences?|no custodial sentences)\.", first), first
    expect(page.locator("#custody-headlines")).to_contain_text("treat with caution")
    expect(card(page, "custody-funnel").locator(".chart-title")).to_have_text(
        "Funnel plots compare services")
    # Every bar of the authority split gives the rate and the count.
    for text in rate_labels(page, "custody-la"):
        assert re.fullmatch(r"\d+\.\d\d \((\d+|no) sentences?\)", text), text
    trend = card(page, "custody-trend")
    expect(trend.locator(".annotation-text", has_text="England and Wales")).to_have_count(1)
    expect(trend.locator(".annotation-text", has_text=re.compile(r"\(\d+ sentences?\)"))
           ).not_to_have_count(0)
    screenshots(page, artifacts_dir, "custody")
    assert not console_errors, console_errors.report()


def test_changing_the_area_updates_the_charts(page: Page, live_server, console_errors):
    open_custody(page, live_server, ALL_AREAS)
    assert len(rate_labels(page, "custody-la")) == 6
    choose(page, "filter-area", "Kingsmoor and Fenby YJS")
    expect(page.locator("#custody-headlines")).to_contain_text("Kingsmoor and Fenby YJS",
                                                               timeout=TIMEOUT)
    expect(card(page, "custody-la").locator(".scatterlayer .textpoint")).to_have_count(
        2, timeout=TIMEOUT)
    assert not console_errors, console_errors.report()


def test_url_with_filters_reproduces_the_view(page: Page, live_server, console_errors):
    open_custody(page, live_server, "?area=all&period=2023-12-31&sex=M&compare=services")
    expect(page.locator("#filter-chips .chip")).to_have_count(1)
    headlines = page.locator("#custody-headlines")
    expect(headlines).to_contain_text("In the year to December 2023", timeout=TIMEOUT)
    expect(headlines).to_contain_text("the custody rate for boys across all areas")
    expect(headlines).to_contain_text("services loaded")
    expect(card(page, "custody-trend").locator(".chart-note")).to_contain_text(
        "Other services' lines follow the same filters")
    assert card(page, "custody-trend").locator(".scatterlayer .trace").count() >= 4
    assert not console_errors, console_errors.report()


def test_clicking_an_ethnic_group_filters_the_other_charts(page: Page, live_server,
                                                           console_errors):
    open_custody(page, live_server, ALL_AREAS)
    before = card(page, "custody-type").locator(".chart-subtitle").inner_text()
    click_point(page, bars(page, "custody-ethnicity").first)  # White
    expect(page.locator("#filter-chips .chip")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("#filter-chips .chip")).to_contain_text("Ethnicity: White")
    expect(card(page, "custody-type").locator(".chart-subtitle")).not_to_have_text(
        before, timeout=TIMEOUT)
    assert "White children" in card(page, "custody-type").locator(".chart-subtitle").inner_text()
    expect(page.locator("#custody-headlines")).to_contain_text("White children",
                                                               timeout=TIMEOUT)
    expect(card(page, "custody-ethnicity").locator(".chart-note")).to_contain_text(
        "The ethnicity filter is not applied here")
    assert "ethnicity=White" in page.url
    assert not console_errors, console_errors.report()


def test_clicking_an_authority_selects_it(page: Page, live_server, console_errors):
    open_custody(page, live_server, ALL_AREAS)
    click_point(page, bars(page, "custody-la").first)
    expect(page.locator("#custody-headlines")).not_to_contain_text("across all areas",
                                                                   timeout=TIMEOUT)
    assert "area=la%3A" in page.url or "area=la:" in page.url
    assert not console_errors, console_errors.report()


def test_download_csv_matches_the_bars_shown(page: Page, live_server, console_errors):
    open_custody(page, live_server, ALL_AREAS)
    name, rows = download_rows(page, "custody-la")
    assert name == "custody-by-local-authority.csv"
    texts = rate_labels(page, "custody-la")
    assert len(rows) == len(texts) == 6
    for row, text in zip(rows, texts):
        count = int(row["Custodial sentences"])
        assert text.startswith(f"{float(row['Rate per 1,000']):.2f} (")
        assert (f"({count} sentence" in text) if count else ("(no sentences)" in text)
        assert row["Period"] == "year to September 2024"
        assert float(row["95% interval: lower"]) <= float(row["Rate per 1,000"]) \
            <= float(row["95% interval: upper"])
    assert not console_errors, console_errors.report()


def test_drill_lists_the_custodial_sentences(page: Page, live_server, console_errors):
    open_custody(page, live_server, ALL_AREAS)
    count = re.match(r"(\d+|No) custodial", title(page, "custody-counts")).group(1)
    card(page, "custody-counts").get_by_role("button", name="Children behind this figure").click()
    expect(page.locator("#drill-title")).to_contain_text(
        "Custodial sentences across all areas, year to September 2024", timeout=TIMEOUT)
    if count != "No":
        expect(page.locator("#drill-body")).to_contain_text(f"{count} rows", timeout=TIMEOUT)
    assert not console_errors, console_errors.report()


def test_tier_filter_other_than_custody_says_why_nothing_shows(page: Page, live_server,
                                                              console_errors):
    page.goto(live_server + "/custody" + ALL_AREAS + "&tier=pre_court")
    expect(page.locator("#custody-headlines")).to_contain_text(
        "Custodial sentences are all in the custody tier", timeout=TIMEOUT)
    expect(card(page, "custody-la").locator(".chart-title")).to_have_text(EMPTY_TITLE,
                                                                          timeout=TIMEOUT)
    assert not console_errors, console_errors.report()


def test_a_service_shows_children_and_sentences_and_its_funnel(page: Page, live_server,
                                                               console_errors, artifacts_dir):
    open_custody(page, live_server, KINGSMOOR)
    expect(page.locator("#custody-headlines li").first).to_contain_text(
        re.compile(r"— \d+ child(ren)? received \d+ custodial sentences?\."))
    expect(card(page, "custody-counts").locator(".chart-title")).to_contain_text(
        re.compile(r"custodial sentences? for \d+ child"))
    legend = " ".join(svg_texts(card(page, "custody-counts").locator(".legendtext")))
    assert "Custodial sentences" in legend and "Children sentenced" in legend
    funnel = card(page, "custody-funnel")
    expect(funnel.locator(".chart-title")).to_contain_text("Our rate is", timeout=TIMEOUT)
    expect(funnel.locator(".annotation-text", has_text="Kingsmoor and Fenby")).to_have_count(1)
    expect(page.locator("#custody-headlines")).to_contain_text(
        re.compile(r"ranks \d+(st|nd|rd|th) of 155 services"))
    screenshots(page, artifacts_dir, "custody-service")
    assert not console_errors, console_errors.report()
