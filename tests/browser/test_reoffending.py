"""The reoffending page in Chromium: cohorts, live tracker, breakdowns, filters, CSV, drill."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from helpers import (EMPTY_TITLE, KINGSMOOR, TIMEOUT, bar_labels, bars, card, choose,
                     click_point, download_rows, open_page, screenshots, svg_texts, title)

CHARTS = ["reoffending-rate", "reoffending-funnel", "reoffending-tracker", "reoffending-by-sex",
          "reoffending-by-age",
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
    # The interval band (two traces), complete cohorts solid, provisional dashed and
    # labelled, a comparator grey and dashed.
    rate = card(page, "reoffending-rate")
    assert rate.locator(".scatterlayer .trace").count() == 5
    expect(rate.locator(".annotation-text", has_text="provisional: will rise")).to_have_count(1)
    expect(rate.locator(".annotation-text", has_text="latest complete")).to_have_count(1)
    expect(rate.locator(".annotation-text", has_text="England and Wales")).to_have_count(1)
    expect(rate.locator(".annotation-text", has_text="Selected year")).to_have_count(1)
    # The band is named in the subtitle, never under the end label (it hit the last x tick).
    expect(rate.locator(".annotation-text", has_text="95% interval")).to_have_count(0)
    expect(rate.locator(".chart-subtitle")).to_contain_text("(shaded band: 95% interval)")
    traces = rate.locator(".scatterlayer .trace")
    styles = [traces.nth(i).locator(".js-line").get_attribute("style") for i in range(2, 5)]
    assert "dasharray" in styles[0] and "dasharray" in styles[2], styles  # comparator, provisional
    assert "dasharray" not in styles[1], styles                             # complete
    assert rate.locator(".scatterlayer .trace .js-fill").count() >= 1       # the band
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
    expect(rate.locator(".annotation-text", has_text="Family A (comparator family)")
           ).to_have_count(1)
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
    complete_line = card(page, "reoffending-rate").locator(".scatterlayer .trace").nth(3)
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


# --- the basis switch --------------------------------------------------------------------

def rate_rows(page: Page) -> list[list]:
    """The trend's figure data as drawn: (x, y) of every trace."""
    return card(page, "reoffending-rate").locator(".js-plotly-plot").evaluate(
        "el => el.data.map(t => [t.name, Array.from(t.y || [])])")


def test_the_basis_switch_changes_the_chart_and_the_address_and_says_so(
        page: Page, live_server, console_errors, artifacts_dir):
    open_reoffending(page, live_server, KINGSMOOR)
    rate = card(page, "reoffending-rate")
    national = "National definition (cautions and sentences)"
    every = "Every outcome, including diversion"
    expect(rate.locator(".chart-subtitle")).to_contain_text(national)
    expect(rate.locator(".g-xtitle")).to_contain_text("national definition")
    before = rate_rows(page)
    assert "basis=" not in page.url
    page.locator("#reoffending-basis label", has_text=every).click()
    expect(rate.locator(".chart-subtitle")).to_contain_text(every, timeout=TIMEOUT)
    assert "basis=all_outcomes" in page.url
    expect(rate.locator(".g-xtitle")).to_contain_text("every outcome", timeout=TIMEOUT)
    expect(page.locator("#reoffending-headlines")).to_contain_text(
        "given any outcome (diversion included)", timeout=TIMEOUT)
    expect(page.locator("#reoffending-headlines")).to_contain_text(
        "comparators are not available for this basis")
    for chart in CHARTS:
        if chart == "reoffending-funnel":  # published figures: the national definition only
            expect(card(page, chart).locator(".chart-title")).to_have_text(
                "Every service compared: national definition only", timeout=TIMEOUT)
            continue
        expect(card(page, chart).locator(".chart-subtitle")).to_contain_text(every,
                                                                            timeout=TIMEOUT)
    # more children in every cohort, and no national line: it is not published on this basis
    after = rate_rows(page)
    assert after != before
    expect(rate.locator(".annotation-text", has_text="No published comparator")).to_have_count(1)
    expect(rate.locator(".annotation-text", has_text="England and Wales")).to_have_count(0)
    name, rows = download_rows(page, "reoffending-rate")
    assert "-every-outcome-" in name and {row["Basis"] for row in rows} == {every}
    assert all(float(r["% reoffended: 95% interval lower"]) <= float(r["% reoffended"])
               <= float(r["% reoffended: 95% interval upper"]) for r in rows)
    # the links and Present keep the basis; a filter change keeps it too
    assert "basis=all_outcomes" in page.locator("#nav-custody").get_attribute("href")
    assert "basis=all_outcomes" in page.locator("#present-link").get_attribute("href")
    choose(page, "filter-area", "Northmoor and Eastbridge YJS")
    expect(rate.locator(".chart-subtitle")).to_contain_text("Northmoor and Eastbridge YJS",
                                                           timeout=TIMEOUT)
    expect(rate.locator(".chart-subtitle")).to_contain_text(every)
    assert "basis=all_outcomes" in page.url
    screenshots(page, artifacts_dir, "reoffending-every-outcome")
    # back to the national definition: the address drops the basis
    page.locator("#reoffending-basis label", has_text=national).click()
    expect(rate.locator(".chart-subtitle")).to_contain_text(national, timeout=TIMEOUT)
    assert "basis=" not in page.url
    assert not console_errors, console_errors.report()


def test_an_address_with_the_basis_opens_on_it(page: Page, live_server, console_errors):
    open_reoffending(page, live_server, KINGSMOOR + "&basis=all_outcomes")
    expect(page.locator("#reoffending-basis input[value=all_outcomes]")).to_be_checked()
    expect(card(page, "reoffending-tracker").locator(".chart-subtitle")).to_contain_text(
        "Every outcome, including diversion")
    page.goto(live_server + "/reoffending" + KINGSMOOR + "&basis=nonsense")
    expect(page.locator("#reoffending-basis input[value=national]")).to_be_checked(
        timeout=TIMEOUT)
    assert not console_errors, console_errors.report()


# --- labels never cover the data (read from Plotly's drawing) ------------------------------

OVERLAPS = """plot => {
  const hits = [];
  const boxes = [...plot.querySelectorAll('.annotation')].map(a => {
    const r = a.querySelector('.annotation-text-g').getBoundingClientRect();
    return {text: a.textContent, l: r.left + 1, r: r.right - 1, t: r.top + 1, b: r.bottom - 1};
  });
  const inside = (b, x, y) => x >= b.l && x <= b.r && y >= b.t && y <= b.b;
  for (const point of plot.querySelectorAll('.scatterlayer .trace .points path')) {
    const p = point.getBoundingClientRect();
    for (const b of boxes) {
      if (p.right > b.l && p.left < b.r && p.bottom > b.t && p.top < b.b) {
        hits.push(b.text + ' covers a marker');
      }
    }
  }
  for (const line of plot.querySelectorAll('.scatterlayer .trace .js-line')) {
    const m = line.getScreenCTM(), length = line.getTotalLength();
    if (getComputedStyle(line).strokeWidth === '0px') continue;
    for (let s = 0; s <= length; s += 1.5) {
      const q = line.getPointAtLength(s).matrixTransform(m);
      for (const b of boxes) if (inside(b, q.x, q.y)) hits.push(b.text + ' covers a line');
    }
  }
  for (const fill of plot.querySelectorAll('.scatterlayer .trace .js-fill')) {
    const inverse = fill.getScreenCTM().inverse();
    for (const b of boxes) {
      for (let x = b.l; x <= b.r; x += 3) for (let y = b.t; y <= b.b; y += 3) {
        const p = new DOMPoint(x, y).matrixTransform(inverse);
        if (fill.isPointInFill(p)) { hits.push(b.text + ' covers the interval band'); x = b.r + 1; break; }
      }
    }
  }
  return {labels: boxes.map(b => b.text), hits: [...new Set(hits)]};
}"""


def labels_clear_of_data(plot) -> list[str]:
    result = plot.evaluate(OVERLAPS)
    assert any("latest complete" in text for text in result["labels"]), result["labels"]
    return result["hits"]


def test_no_label_covers_the_data_on_the_page_or_the_slide(page: Page, live_server,
                                                          console_errors, artifacts_dir):
    for width, height in ((1920, 1080), (1280, 720), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        open_reoffending(page, live_server, KINGSMOOR)
        plot = card(page, "reoffending-rate").locator(".js-plotly-plot")
        expect(plot.locator(".annotation-text", has_text="latest complete")).to_have_count(
            1, timeout=TIMEOUT)
        assert labels_clear_of_data(plot) == [], (width, height)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(live_server + "/reoffending" + KINGSMOOR + "&present=1")
    slide = page.locator("#slide-reoffending .js-plotly-plot")
    expect(slide.locator(".annotation-text", has_text="latest complete")).to_have_count(
        1, timeout=TIMEOUT)
    page.wait_for_timeout(500)  # the slide's canvas scales to the screen
    assert labels_clear_of_data(slide) == []
    page.screenshot(path=str(artifacts_dir / "presentation-reoffending-1920x1080.png"))
    assert not console_errors, console_errors.report()


def test_the_tablet_width_keeps_every_chart_readable(page: Page, live_server, console_errors,
                                                     artifacts_dir):
    page.set_viewport_size({"width": 768, "height": 1024})
    open_reoffending(page, live_server, KINGSMOOR)
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts_dir / "reoffending-768x1024.png"), full_page=True)
    ticks = card(page, "reoffending-rate").locator(".xtick text").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect()).map(r => [r.left, r.right])")
    for (_, right), (left, _) in zip(ticks, ticks[1:]):
        assert right < left, "axis labels overlap"
    assert not console_errors, console_errors.report()


def test_every_outcome_view_and_its_slide_have_no_accessibility_violations(page: Page,
                                                                           live_server):
    from test_accessibility import axe_violations, report, settle
    for query in ("&basis=all_outcomes", "&basis=all_outcomes&present=1"):
        page.goto(live_server + "/reoffending" + KINGSMOOR + query)
        settle(page)
        violations = axe_violations(page)
        assert not violations, report(violations)
