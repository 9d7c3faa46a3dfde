"""The reoffending page in Chromium: cohorts, live tracker, breakdowns, filters, CSV, drill."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from helpers import (EMPTY_TITLE, KINGSMOOR, TIMEOUT, bar_labels, bars, card, choose,
                     click_point, download_rows, open_page, screenshots, svg_texts, title)

CHARTS = ["reoffending-rate", "reoffending-tracker", "reoffending-by-sex", "reoffending-by-age",
          "reoffending-by-ethnicity", "reoffending-by-looked_after", "reoffending-by-tier",
          "reoffending-by-area", "reoffending-concentration", "reoffending-per-reoffender"]


def open_reoffending(page: Page, base: str, query: str = "") -> None:
    open_page(page, base + "/reoffending" + query, CHARTS, "#reoffending-headlines li")


def test_page_shows_every_chart_with_an_active_title(page: Page, live_server, console_errors,
                                                     artifacts_dir):
    open_reoffending(page, live_server, KINGSMOOR)
    for chart in CHARTS:
        assert title(page, chart) not in ("", EMPTY_TITLE), chart
        assert "as of" in card(page, chart).locator(".chart-subtitle").inner_text(), chart
    headlines = page.locator("#reoffending-headlines")
    expect(headlines).to_contain_text("In the latest complete year", timeout=TIMEOUT)
    expect(headlines).to_contain_text("children cautioned or sentenced in Kingsmoor and Fenby YJS")
    expect(headlines).to_contain_text("provisional, so this will rise")
    expect(page.locator("#reoffending-lag")).to_contain_text(
        "12 months plus 6 months for cases to reach an outcome")
    # Complete cohorts solid, provisional dashed and labelled, a comparator grey and dashed.
    rate = card(page, "reoffending-rate")
    assert rate.locator(".scatterlayer .trace").count() == 3
    expect(rate.locator(".annotation-text", has_text="provisional: will rise")).to_have_count(1)
    expect(rate.locator(".annotation-text", has_text="latest complete")).to_have_count(1)
    expect(rate.locator(".annotation-text", has_text="England and Wales")).to_have_count(1)
    expect(rate.locator(".annotation-text", has_text="Selected year")).to_have_count(1)
    traces = rate.locator(".scatterlayer .trace")
    styles = [traces.nth(i).locator(".js-line").get_attribute("style") for i in range(3)]
    assert "dasharray" in styles[0] and "dasharray" in styles[2], styles  # comparator, provisional
    # The tracker never draws months not yet followed up: at most 3 lines.
    assert 1 <= card(page, "reoffending-tracker").locator(".scatterlayer .trace").count() <= 3
    screenshots(page, artifacts_dir, "reoffending")
    assert not console_errors, console_errors.report()


def test_changing_the_area_updates_the_charts(page: Page, live_server, console_errors):
    open_reoffending(page, live_server, KINGSMOOR)
    before = title(page, "reoffending-rate")
    choose(page, "filter-area", "Northmoor and Eastbridge YJS")
    expect(page.locator("#reoffending-headlines")).to_contain_text(
        "Northmoor and Eastbridge YJS", timeout=TIMEOUT)
    expect(card(page, "reoffending-by-area").locator(".chart-subtitle")).to_contain_text(
        "Northmoor and Eastbridge YJS", timeout=TIMEOUT)
    by_area = card(page, "reoffending-by-area")
    expect(by_area.locator(".ytick text", has_text="Eastbridge")).to_have_count(1,
                                                                            timeout=TIMEOUT)
    assert sorted(svg_texts(by_area.locator(".ytick text"))) == ["Eastbridge", "Northmoor"]
    # each chart has its own callback: wait for the trend's, too
    expect(card(page, "reoffending-rate").locator(".chart-subtitle")).to_contain_text(
        "Northmoor and Eastbridge YJS", timeout=TIMEOUT)
    assert before  # the trend had a title for Kingsmoor before the change
    assert not console_errors, console_errors.report()


def test_url_with_filters_reproduces_the_view(page: Page, live_server, console_errors):
    open_reoffending(page, live_server, "?area=service%3AKingsmoor+and+Fenby+YJS"
                                        "&period=2023-03-31&sex=F&compare=family")
    expect(page.locator("#filter-chips .chip")).to_have_count(1)
    headlines = page.locator("#reoffending-headlines")
    expect(headlines).to_contain_text("in April 2022 – March 2023", timeout=TIMEOUT)
    expect(headlines).to_contain_text("Showing only girls.")
    rate = card(page, "reoffending-rate")
    expect(rate.locator(".chart-note")).to_contain_text("they do not follow the filters")
    expect(rate.locator(".annotation-text", has_text="Family: Family A")).to_have_count(1)
    # The sex chart keeps every group and highlights girls; other charts show girls only.
    expect(card(page, "reoffending-by-sex").locator(".chart-note")).to_contain_text(
        "selected one highlighted")
    assert any(label.endswith("selected") for label in bar_labels(page, "reoffending-by-sex"))
    assert not console_errors, console_errors.report()


def test_clicking_a_bar_filters_the_other_charts(page: Page, live_server, console_errors):
    open_reoffending(page, live_server, KINGSMOOR)
    sex_before = bar_labels(page, "reoffending-by-sex")
    headline_before = page.locator("#reoffending-headlines").inner_text()
    click_point(page, bars(page, "reoffending-by-looked_after").first)  # Looked after
    expect(page.locator("#filter-chips .chip")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("#filter-chips .chip")).to_contain_text("Looked after: yes")
    expect(page.locator("#reoffending-headlines")).to_contain_text(
        "Showing only looked-after children.", timeout=TIMEOUT)
    assert page.locator("#reoffending-headlines").inner_text() != headline_before
    expect(card(page, "reoffending-by-sex").locator(".chart-note")).to_contain_text(
        "looked-after children", timeout=TIMEOUT)
    expect(card(page, "reoffending-by-sex").locator(".barlayer .bartext")).not_to_have_text(
        sex_before, timeout=TIMEOUT)
    assert "looked_after=Y" in page.url
    assert not console_errors, console_errors.report()


def test_clicking_a_cohort_selects_that_period(page: Page, live_server, console_errors):
    open_reoffending(page, live_server, KINGSMOOR)
    complete_line = card(page, "reoffending-rate").locator(".scatterlayer .trace").nth(1)
    click_point(page, complete_line.locator(".points path").first)
    expect(page.locator("#reoffending-breakdown-heading")).not_to_contain_text(
        "September 2024", timeout=TIMEOUT)
    assert "period=" in page.url and "period=2024-09-30" not in page.url
    assert not console_errors, console_errors.report()


def test_download_csv_matches_the_data_shown(page: Page, live_server, console_errors):
    open_reoffending(page, live_server, KINGSMOOR)
    name, rows = download_rows(page, "reoffending-by-sex")
    assert name.startswith("reoffending-by-sex")
    labels = svg_texts(card(page, "reoffending-by-sex").locator(".ytick text"))
    assert sorted(row["Group"] for row in rows) == sorted(labels)
    for row, text in zip(rows, bar_labels(page, "reoffending-by-sex")):
        assert text.startswith(f"{float(row['% reoffended']):.1f}% · "
                               f"{int(row['Children who reoffended']):,} of "
                               f"{int(row['Children in cohorts']):,}")
    name, cohorts = download_rows(page, "reoffending-rate")
    assert len(cohorts) == 16 and cohorts[-1]["Cohort"] == "July–September 2024"
    assert {row["Status"] for row in cohorts} == {"complete", "provisional"}
    end_label = card(page, "reoffending-rate").locator(".annotation-text",
                                                       has_text="Kingsmoor and Fenby YJS")
    assert f"{float(cohorts[-1]['% reoffended']):.1f}%" in svg_texts(end_label)[0]
    for row in cohorts:
        rate = int(row["Children who reoffended"]) / int(row["Children in cohort"]) * 100
        assert abs(rate - float(row["% reoffended"])) < 0.05
    assert not console_errors, console_errors.report()


def test_drill_lists_the_children_of_the_latest_complete_cohort(page: Page, live_server,
                                                                console_errors):
    open_reoffending(page, live_server, KINGSMOOR)
    _, cohorts = download_rows(page, "reoffending-rate")
    latest = [row for row in cohorts if row["Status"] == "complete"][-1]
    card(page, "reoffending-rate").get_by_role("button", name="Children behind this figure"
                                               ).click()
    expect(page.locator("#drill-title")).to_contain_text(
        f"Children in the cohort of {latest['Cohort']} (complete)", timeout=TIMEOUT)
    expect(page.locator("#drill-body")).to_contain_text(
        f"{int(latest['Children in cohort']):,} rows.", timeout=TIMEOUT)
    assert not console_errors, console_errors.report()


def test_a_filter_that_leaves_no_cohort_says_why(page: Page, live_server, console_errors):
    page.goto(live_server + "/reoffending" + KINGSMOOR + "&tier=diversion")
    expect(page.locator("#reoffending-headlines")).to_contain_text(
        "Diversion outcomes do not start a reoffending cohort", timeout=TIMEOUT)
    expect(card(page, "reoffending-rate").locator(".chart-title")).to_have_text(
        EMPTY_TITLE, timeout=TIMEOUT)
    assert not console_errors, console_errors.report()
