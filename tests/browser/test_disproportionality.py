"""The disproportionality page in Chromium: stages, dots in words, filters, clicks, CSV, drill."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from helpers import (EMPTY_TITLE, KINGSMOOR, TIMEOUT, card, choose, click_point, download_rows,
                     open_page, screenshots, svg_texts, title)

CHARTS = ["disproportionality-rri", "disproportionality-shares", "disproportionality-areas"]


def open_disproportionality(page: Page, base: str, query: str = "") -> None:
    open_page(page, base + "/disproportionality" + query, CHARTS,
              "#disproportionality-headlines li")


def figure_data(page: Page, chart: str) -> list[dict]:
    return card(page, chart).locator(".js-plotly-plot").evaluate(
        "el => el.data.map(t => ({name: t.name, text: t.text, customdata: t.customdata,"
        " opacity: t.marker ? t.marker.opacity : null}))")


def test_page_shows_dots_with_words_shares_and_areas(page: Page, live_server, console_errors,
                                                     artifacts_dir):
    open_disproportionality(page, live_server, KINGSMOOR)
    for chart in CHARTS:
        assert title(page, chart) != EMPTY_TITLE
        expect(card(page, chart).locator(".chart-subtitle")).to_contain_text(
            "Sentenced at court · year to September 2024")
    words = figure_data(page, "disproportionality-rri")[1]["text"]
    assert words[1].startswith("reference group")
    others = words[:1] + words[2:]
    assert all("times as likely" in w or w == "no children at this stage" for w in others)
    assert any(w.endswith("children — caution") for w in words)  # small groups say so
    expect(page.locator(".lammy-note")).to_contain_text("Explain or reform")
    headlines = page.locator("#disproportionality-headlines").inner_text()
    assert "as likely as White children" in headlines or "No ethnic group" in headlines
    screenshots(page, artifacts_dir, "disproportionality")
    assert not console_errors, console_errors.report()


def test_choosing_a_stage_redraws_every_chart(page: Page, live_server, console_errors):
    open_disproportionality(page, live_server, KINGSMOOR)
    page.locator("label", has_text="Sentenced to custody").click()
    for chart in CHARTS:
        expect(card(page, chart).locator(".chart-subtitle")).to_contain_text(
            "Sentenced to custody", timeout=TIMEOUT)
    expect(page.locator("#disproportionality-headlines")).to_contain_text(
        "Sentenced to custody:")
    assert not console_errors, console_errors.report()


def test_changing_the_area_updates_the_charts(page: Page, live_server, console_errors):
    open_disproportionality(page, live_server, KINGSMOOR)
    before = figure_data(page, "disproportionality-shares")[0]["text"]
    choose(page, "filter-area", "Northmoor and Eastbridge YJS")
    expect(card(page, "disproportionality-rri").locator(".chart-subtitle")).to_contain_text(
        "Northmoor and Eastbridge YJS", timeout=TIMEOUT)
    expect(card(page, "disproportionality-areas").locator(".chart-subtitle")).to_contain_text(
        "Local authorities of Northmoor and Eastbridge YJS", timeout=TIMEOUT)
    expect(card(page, "disproportionality-shares").locator(".chart-subtitle")).to_contain_text(
        "Northmoor and Eastbridge YJS", timeout=TIMEOUT)
    assert figure_data(page, "disproportionality-shares")[0]["text"] != before
    assert not console_errors, console_errors.report()


def test_url_with_an_ethnicity_filter_highlights_and_says_it_does_not_narrow(
        page: Page, live_server, console_errors):
    open_disproportionality(page, live_server, KINGSMOOR + "&ethnicity=Black&sex=F")
    expect(page.locator("#filter-chips .chip")).to_have_count(2)
    note = page.locator("#disproportionality-filter-note")
    expect(note).to_contain_text("The ethnicity filter does not narrow this page")
    expect(note).to_contain_text("Black children are highlighted")
    expect(note).to_contain_text("Rates use the population of girls aged 10–17")
    opacity = figure_data(page, "disproportionality-rri")[0]["opacity"]
    assert opacity == [0.3, 0.3, 0.3, 0.3, 1, 0.3]   # the total, White, Mixed, Asian, Black
    assert not console_errors, console_errors.report()


def test_clicking_a_group_adds_a_chip_and_highlights_it_everywhere(page: Page, live_server,
                                                                   console_errors):
    open_disproportionality(page, live_server, KINGSMOOR)
    assert set(figure_data(page, "disproportionality-shares")[0]["opacity"]) == {1}
    dots = card(page, "disproportionality-rri").locator(".scatterlayer .trace").first
    click_point(page, dots.locator(".points path").nth(2))  # Mixed (after the total, White)
    expect(page.locator("#filter-chips .chip")).to_contain_text("Ethnicity: Mixed",
                                                                timeout=TIMEOUT)
    expect(page.locator("#disproportionality-filter-note")).to_contain_text(
        "Mixed ethnicity children are highlighted", timeout=TIMEOUT)
    shares = figure_data(page, "disproportionality-shares")[0]["opacity"]
    assert shares == [0.35, 0.35, 1, 0.35, 0.35, 0.35]
    assert "ethnicity=Mixed" in page.url
    assert not console_errors, console_errors.report()


def test_download_csv_matches_the_dots_shown(page: Page, live_server, console_errors):
    open_disproportionality(page, live_server, KINGSMOOR)
    name, rows = download_rows(page, "disproportionality-rri")
    assert name == "relative-rate-index-court.csv"
    dots, words = figure_data(page, "disproportionality-rri")[:2]
    assert [r["Ethnic group"] for r in rows] == ["Minority ethnic", "White", "Mixed", "Asian",
                                                 "Black", "Other"]
    assert [int(r["Children"]) for r in rows] == [c[2] for c in dots["customdata"]]
    for row, text in zip(rows, words["text"]):  # the label's lines say what the table does
        meaning = row["What it means"].split(", based on")[0]
        assert text.replace("<br>", " — ").startswith(meaning), (text, meaning)
    assert not console_errors, console_errors.report()


def test_drill_lists_the_children_at_the_stage(page: Page, live_server, console_errors):
    open_disproportionality(page, live_server, KINGSMOOR)
    card(page, "disproportionality-rri").get_by_role(
        "button", name="Children behind this figure").click()
    expect(page.locator("#drill-title")).to_contain_text(
        "Children sentenced at court in the year to September 2024", timeout=TIMEOUT)
    expect(page.locator("#drill-body .ag-row").first).to_be_visible(timeout=TIMEOUT)
    assert not console_errors, console_errors.report()


def test_minority_ethnic_comes_first_and_few_children_are_always_said(
        page: Page, live_server, console_errors):
    open_disproportionality(page, live_server, KINGSMOOR)
    for chart in ("disproportionality-rri", "disproportionality-shares"):
        # The title comes with the figure, but plotly draws the axes after it (and loads
        # itself first on a cold page): wait for the ticks rather than read them at once.
        ticks = card(page, chart).locator(".ytick text")
        expect(ticks.first).to_have_text("Minority ethnic", timeout=TIMEOUT)
        assert svg_texts(ticks)[1] == "White", (chart, svg_texts(ticks))
    headlines = page.locator("#disproportionality-headlines li")
    expect(headlines.first).to_contain_text("of the children were from minority ethnic groups")
    expect(headlines.first).to_contain_text("of all children aged 10–17")
    _, rows = download_rows(page, "disproportionality-rri")
    dots, words = figure_data(page, "disproportionality-rri")[:2]
    for row, label, custom in zip(rows, words["text"], dots["customdata"]):
        children = int(row["Children"])
        if 0 < children < 5 and row["Ethnic group"] != "White":
            shown = f"based on only {children} {'child' if children == 1 else 'children'}"
            assert shown in row["What it means"], row
            assert shown in label and shown in custom[1], (label, custom)
            assert row["Small numbers"] == "fewer than 5 children"
    assert not console_errors, console_errors.report()
