"""The first time entrants page in Chromium: trend, counts, splits, filters, CSV and drill."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from helpers import (EMPTY_TITLE, KINGSMOOR, TIMEOUT, bar_labels, bars, card, choose,
                     click_point, download_rows, open_page, screenshots, svg_texts, title)

CHARTS = ["fte-trend", "fte-counts", "fte-funnel", "fte-la", "fte-sex", "fte-age",
          "fte-ethnicity", "fte-outcome", "fte-offence"]
SERVICE = "Kingsmoor and Fenby YJS"


def open_fte(page: Page, base: str, query: str = "") -> None:
    open_page(page, base + "/first-time-entrants" + query, CHARTS, "#fte-headlines li")


def category_labels(page: Page, chart: str) -> set[str]:
    ticks = card(page, chart).locator(".ytick text")
    expect(ticks.first).to_be_attached(timeout=TIMEOUT)  # plotly draws after the title
    return {t.strip() for t in svg_texts(ticks)}


def rate_labels(page: Page, chart: str) -> list[str]:
    """The words beside rate bars: drawn after each bar's interval whisker, as text points."""
    words = card(page, chart).locator(".scatterlayer .textpoint text")
    expect(words.first).to_be_attached(timeout=TIMEOUT)
    return svg_texts(words)


def hover_text(page: Page, point) -> str:
    """Move the mouse onto a plotly point; the hover label's text."""
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(".hoverlayer .hovertext")
    expect(label.first).to_be_visible(timeout=TIMEOUT)
    return " ".join(svg_texts(label.locator("text")))


def test_page_shows_every_chart_with_an_active_title(page: Page, live_server, console_errors,
                                                     artifacts_dir):
    open_fte(page, live_server, KINGSMOOR)
    for chart in CHARTS:
        assert title(page, chart) != EMPTY_TITLE, chart
        assert "Data as of" in card(page, chart).locator(".chart-subtitle").inner_text()
    headlines = page.locator("#fte-headlines li")
    expect(headlines.first).to_contain_text(
        "In the year to September 2024", timeout=TIMEOUT)
    expect(headlines.first).to_contain_text("entered the justice system in Kingsmoor and Fenby YJS")
    assert re.search(r"statistically (similar|significant)|unchanged",
                     headlines.nth(1).inner_text())
    # Compared with England and Wales by the 95% interval, never a bare above or below.
    assert re.search(r"statistically (higher than|similar to|lower than) the England and "
                     r"Wales rate", headlines.nth(2).inner_text())
    expect(headlines.first).to_contain_text("(95% interval ")
    # This area and one comparator, the selected quarter marked, values labelled at line ends.
    trend = card(page, "fte-trend")
    assert trend.locator(".scatterlayer .trace").count() >= 2
    expect(trend.locator(".annotation-text", has_text="Selected: year to September 2024")
           ).to_have_count(1)
    expect(trend.locator(".annotation-text", has_text="England and Wales")).to_have_count(1)
    # The area's 95% interval is a shaded band (a filled trace) around its line.
    assert trend.locator(".scatterlayer .trace .fills path").count() >= 1
    screenshots(page, artifacts_dir, "fte")
    assert not console_errors, console_errors.report()


def test_changing_the_area_updates_the_charts(page: Page, live_server, console_errors):
    open_fte(page, live_server, KINGSMOOR)
    before = title(page, "fte-la")
    choose(page, "filter-area", "Northmoor and Eastbridge YJS")
    expect(page.locator("#fte-headlines")).to_contain_text("Northmoor and Eastbridge YJS",
                                                           timeout=TIMEOUT)
    expect(card(page, "fte-la").locator(".chart-title")).not_to_have_text(before,
                                                                         timeout=TIMEOUT)
    expect(card(page, "fte-la").locator(".ytick text", has_text="Eastbridge")).to_have_count(
        1, timeout=TIMEOUT)
    assert category_labels(page, "fte-la") == {"Eastbridge", "Northmoor"}
    assert not console_errors, console_errors.report()


def test_url_with_filters_reproduces_the_view(page: Page, live_server, console_errors):
    open_fte(page, live_server,
             "?area=service%3AKingsmoor+and+Fenby+YJS&period=2023-03-31&sex=F&compare=region")
    expect(page.locator("#filter-chips .chip")).to_have_count(1)
    headlines = page.locator("#fte-headlines")
    expect(headlines).to_contain_text("In the year to March 2023", timeout=TIMEOUT)
    expect(headlines).to_contain_text("girls entered the justice system")
    expect(headlines).to_contain_text("covers all children")  # published rates are not split
    expect(card(page, "fte-age").locator(".chart-subtitle")).to_contain_text("girls aged 10–17")
    expect(card(page, "fte-sex").locator(".chart-note")).to_contain_text(
        "The sex filter is not applied here")
    assert "Girls" in category_labels(page, "fte-sex")
    expect(card(page, "fte-trend").locator(".annotation-text", has_text="region")
           ).to_have_count(1)
    assert not console_errors, console_errors.report()


def test_clicking_a_bar_filters_the_other_charts(page: Page, live_server, console_errors):
    open_fte(page, live_server, KINGSMOOR)
    age_before = card(page, "fte-age").locator(".chart-subtitle").inner_text()
    offence_before = bar_labels(page, "fte-offence")
    click_point(page, bars(page, "fte-sex").nth(1))  # Girls (order: boys, girls)
    expect(page.locator("#filter-chips .chip")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("#filter-chips .chip")).to_contain_text("Sex: F")
    expect(card(page, "fte-age").locator(".chart-subtitle")).not_to_have_text(
        age_before, timeout=TIMEOUT)
    assert "girls aged 10–17" in card(page, "fte-age").locator(".chart-subtitle").inner_text()
    expect(page.locator("#fte-headlines")).to_contain_text("girls entered", timeout=TIMEOUT)
    # the offence chart can update after the age chart: wait for its own bars
    expect(card(page, "fte-offence").locator(".barlayer .bartext")).not_to_have_text(
        offence_before, timeout=TIMEOUT)
    assert "sex=F" in page.url
    assert not console_errors, console_errors.report()


def test_clicking_a_quarter_selects_that_period(page: Page, live_server, console_errors):
    open_fte(page, live_server, KINGSMOOR)
    # The first drawn points are the area line's (its interval band, drawn below it, has none).
    click_point(page, card(page, "fte-trend").locator(".scatterlayer .trace .points path").first)
    expect(page.locator("#fte-headlines")).not_to_contain_text("year to September 2024",
                                                              timeout=TIMEOUT)
    assert "period=" in page.url and "period=2024-09-30" not in page.url
    assert not console_errors, console_errors.report()


def test_download_csv_matches_the_bars_shown(page: Page, live_server, console_errors):
    open_fte(page, live_server, KINGSMOOR)
    name, rows = download_rows(page, "fte-sex")
    assert name == "first-time-entrants-by-sex.csv"
    assert {r["Group"] for r in rows} == category_labels(page, "fte-sex")
    texts = rate_labels(page, "fte-sex")  # in the order of the data, as the CSV
    assert len(texts) == len(rows)
    for row, text in zip(rows, texts):
        assert row["Period"] == "year to September 2024"
        assert f"{int(row['Children entering (count)']):,} child" in text
        if row["Rate per 100,000"]:
            assert text.startswith(f"{float(row['Rate per 100,000']):,.0f} (")
            # Every rate has its interval in the table, around the rate.
            lower, upper = float(row["95% interval: lower"]), float(row["95% interval: upper"])
            assert lower <= float(row["Rate per 100,000"]) <= upper
    # Each rate bar has a whisker (a line of two caps) drawn for its interval.
    whiskers = card(page, "fte-sex").locator(".scatterlayer .trace .js-line")
    assert whiskers.count() >= 2
    assert not console_errors, console_errors.report()


def test_show_table_lists_the_rolling_years(page: Page, live_server, console_errors):
    open_fte(page, live_server, KINGSMOOR)
    card(page, "fte-counts").get_by_role("button", name="Show table").click()
    grid = card(page, "fte-counts").locator(".ag-center-cols-container .ag-row")
    expect(grid.first).to_be_visible(timeout=TIMEOUT)
    headers = card(page, "fte-counts").locator(".ag-header-cell-text")
    expect(headers.filter(has_text="Rolling 12 months ending")).to_have_count(1)
    assert grid.count() == bars(page, "fte-counts").count()
    assert not console_errors, console_errors.report()


def test_drill_lists_the_children_behind_the_figure(page: Page, live_server, console_errors):
    open_fte(page, live_server, KINGSMOOR)
    entered = re.search(r"(\d[\d,]*) children entered", title(page, "fte-counts")).group(1)
    card(page, "fte-trend").get_by_role("button", name="Children behind this figure").click()
    expect(page.locator("#drill-title")).to_contain_text(
        "Children who entered the justice system in Kingsmoor and Fenby YJS, year to "
        "September 2024", timeout=TIMEOUT)
    expect(page.locator("#drill-body")).to_contain_text(f"{entered} rows", timeout=TIMEOUT)
    expect(page.locator("#drill-body .ag-row").first).to_be_visible(timeout=TIMEOUT)
    assert not console_errors, console_errors.report()


def test_looked_after_filter_shows_counts_and_says_the_rate_is_not_available(
        page: Page, live_server, console_errors):
    open_fte(page, live_server, KINGSMOOR + "&looked_after=Y")
    expect(page.locator("#fte-headlines")).to_contain_text("A rate is not available",
                                                           timeout=TIMEOUT)
    trend = card(page, "fte-trend")
    expect(trend.locator(".chart-note")).to_contain_text("counts are shown")
    expect(trend.locator(".ytitle")).to_have_text("Children entering (count)")
    assert trend.locator(".scatterlayer .trace").count() == 2  # the area and the selected mark
    assert not console_errors, console_errors.report()


def test_period_before_the_data_start_says_so(page: Page, live_server, console_errors):
    page.goto(live_server + "/first-time-entrants?period=2015-03-31")
    expect(page.locator("#fte-headlines")).to_contain_text("starts before the loaded data",
                                                           timeout=TIMEOUT)
    expect(card(page, "fte-sex").locator(".chart-title")).to_have_text(EMPTY_TITLE,
                                                                       timeout=TIMEOUT)
    assert not console_errors, console_errors.report()


def test_funnel_plot_highlights_the_service_and_names_every_point(page: Page, live_server,
                                                                  console_errors,
                                                                  artifacts_dir):
    open_fte(page, live_server, KINGSMOOR)
    funnel = card(page, "fte-funnel")
    expect(funnel.locator(".chart-title")).to_have_text(re.compile(
        r"^Our rate is (within|higher|lower|well above|well below)"), timeout=TIMEOUT)
    expect(funnel.locator(".chart-subtitle")).to_contain_text(
        re.compile(rf"{SERVICE} ranks \d+(st|nd|rd|th) of 155 services \((upper|upper middle|"
                   r"lower middle|lower) quartile\)"))
    expect(funnel.locator(".chart-note")).to_contain_text(re.compile(
        rf"^{SERVICE} is (within the expected range|above the 95% limit|below the 95% limit|"
        r"well above|well below)"))
    # The service is labelled on the plot by name; the legend names the limits by their dash.
    expect(funnel.locator(".annotation-text", has_text="Kingsmoor and Fenby")).to_have_count(1)
    legend = " ".join(svg_texts(funnel.locator(".legendtext")))
    assert "95% control limits" in legend and "99.8% control limits" in legend
    assert "England and Wales: 177" in legend
    # Hovering the highlighted point names the service, its value and counts.
    traces = funnel.locator(".scatterlayer .trace")
    ours = traces.nth(4).locator(".points path").first      # limits x2, E&W, others, ours
    text = hover_text(page, ours)
    assert SERVICE in text and "per 100,000" in text and "aged 10–17" in text
    # And any other point names its service.
    page.mouse.move(0, 0)
    other = traces.nth(3).locator(".points path").nth(5)
    text = hover_text(page, other)
    assert re.search(r"\w YJS", text) and "per 100,000" in text, text
    assert SERVICE not in text
    # Show table lists every service with its limits and position; the CSV too.
    name, rows = download_rows(page, "fte-funnel")
    assert name == "first-time-entrants-every-service.csv"
    assert len(rows) == 155 and rows[0]["Service"] == SERVICE
    assert set(rows[0]) >= {"Children aged 10–17 (population)", "Rate per 100,000",
                            "95% limit: lower", "95% limit: upper", "99.8% limit: lower",
                            "99.8% limit: upper", "Position"}
    funnel.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "fte-funnel.png"), full_page=False)
    assert not console_errors, console_errors.report()


def test_funnel_for_an_authority_says_funnels_compare_services(page: Page, live_server,
                                                               console_errors):
    open_fte(page, live_server, "?area=la%3AE06900001&period=2024-09-30")
    funnel = card(page, "fte-funnel")
    expect(funnel.locator(".chart-title")).to_have_text("Funnel plots compare services",
                                                        timeout=TIMEOUT)
    assert not console_errors, console_errors.report()
