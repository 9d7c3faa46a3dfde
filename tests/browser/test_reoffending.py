"""The reoffending page in Chromium: cohorts, live tracker, breakdowns, filters, CSV, drill."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Page, expect

CHARTS = ["reoffending-rate", "reoffending-tracker", "reoffending-by-sex", "reoffending-by-age",
          "reoffending-by-ethnicity", "reoffending-by-looked_after", "reoffending-by-tier",
          "reoffending-by-area", "reoffending-concentration", "reoffending-per-reoffender"]
TIMEOUT = 30_000
KINGSMOOR = "?area=service%3AKingsmoor+and+Fenby+YJS&period=2024-09-30"
EMPTY_TITLE = "Nothing to show for this selection"


def card(page: Page, chart: str):
    return page.locator(f"#{chart}-card")


def title(page: Page, chart: str) -> str:
    return card(page, chart).locator(".chart-title").inner_text()


def open_reoffending(page: Page, base: str, query: str = "") -> None:
    page.goto(base + "/reoffending" + query)
    for chart in CHARTS:
        expect(card(page, chart).locator(".chart-title")).not_to_be_empty(timeout=TIMEOUT)
    expect(page.locator("#reoffending-headlines li").first).to_be_visible(timeout=TIMEOUT)


def choose(page: Page, dropdown: str, option: str) -> None:
    page.locator(f"#{dropdown}").click()
    page.locator(".dash-dropdown-option", has_text=option).first.click()


def click_point(page: Page, locator) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def bars(page: Page, chart: str):
    return card(page, chart).locator(".barlayer .trace .point path")


def texts(locator) -> list[str]:
    """Text of SVG elements (inner_text is not defined for them in every state)."""
    return locator.evaluate_all("nodes => nodes.map(n => n.textContent)")


def bar_labels(page: Page, chart: str) -> list[str]:
    return texts(card(page, chart).locator(".barlayer .bartext"))


def download_rows(page: Page, chart: str) -> tuple[str, list[dict]]:
    with page.expect_download() as info:
        card(page, chart).get_by_role("button", name="Download CSV").click()
    download = info.value
    text = Path(download.path()).read_text(encoding="utf-8")
    return download.suggested_filename, list(csv.DictReader(io.StringIO(text)))


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
    for width, height in ((1920, 1080), (1280, 720)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)  # let plotly resize
        page.screenshot(path=str(artifacts_dir / f"reoffending-{width}x{height}.png"),
                        full_page=True)
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
    assert sorted(texts(by_area.locator(".ytick text"))) == ["Eastbridge", "Northmoor"]
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
    assert bar_labels(page, "reoffending-by-sex") != sex_before
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
    labels = texts(card(page, "reoffending-by-sex").locator(".ytick text"))
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
    assert f"{float(cohorts[-1]['% reoffended']):.1f}%" in texts(end_label)[0]
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
