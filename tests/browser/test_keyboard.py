"""A keyboard-only walk through a page, as someone who cannot use a mouse would take it:
skip link, the filters, a chart's table, the children behind a figure, presentation mode,
with the focus visible at every step."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from helpers import KINGSMOOR, TIMEOUT

MAX_TABS = 80


def tab_to(page: Page, predicate_js: str, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the focused element satisfies `predicate_js`."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate(f"({predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element matching {predicate_js}")


def focus_is_visible(page: Page) -> bool:
    """The focused element draws an outline or a focus ring (box-shadow)."""
    return page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
               || (s.boxShadow && s.boxShadow !== 'none');
    }""")


@pytest.mark.browser
def test_keyboard_walkthrough(page: Page):
    page.goto("/first-time-entrants" + KINGSMOOR)
    expect(page.locator(".chart-title").first).not_to_be_empty(timeout=TIMEOUT)

    # 1. The first Tab reaches the skip link, which moves on to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))

    # 2. A filter: the area dropdown opens with Enter and an option is chosen with arrows.
    page.goto("/first-time-entrants" + KINGSMOOR)
    expect(page.locator(".chart-title").first).not_to_be_empty(timeout=TIMEOUT)
    # The periods are listed latest first: two down from September 2024 is March 2024.
    tab_to(page, "e => e.id === 'filter-period'")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#filter-period")).to_have_attribute("aria-expanded", "true")
    # Opening moves the focus to the chosen period's option (a frame later on a busy
    # machine): a person waits until they see it, so does the test.
    expect(page.locator("input[type=radio][value='2024-09-30']")).to_be_focused(
        timeout=TIMEOUT)
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[type=radio][value='2024-06-30']")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[type=radio][value='2024-03-31']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]period=2024-03-31(&|$)"), timeout=TIMEOUT)
    expect(page.locator("#filter-period")).to_contain_text("Year to March 2024")

    # 3. A chart's table opens from its "Show table" button.
    tab_to(page, "e => e.textContent.trim() === 'Show table'")
    assert focus_is_visible(page)
    card_id = page.evaluate("document.activeElement.closest('.chart-card').id")
    card = page.locator(f"#{card_id}")
    page.keyboard.press("Enter")
    expect(card.locator(".chart-table .ag-root")).to_be_visible(timeout=TIMEOUT)
    expect(card.get_by_role("button", name="Hide table")).to_be_visible()

    # 4. The children behind a figure open in a dialog that Escape closes.
    tab_to(page, "e => e.textContent.trim() === 'Children behind this figure'")
    page.keyboard.press("Enter")
    dialog = page.locator("#drill-modal")
    expect(dialog).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden(timeout=TIMEOUT)

    # 5. Presentation mode: reached by keyboard, moved with the arrow keys, left with Esc.
    tab_to(page, "e => e.textContent.trim().startsWith('Present')", key="Shift+Tab")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"present=1"), timeout=TIMEOUT)
    counter = page.locator("#deck-counter")
    expect(counter).to_have_text(re.compile(r"^\d+ / \d+"), timeout=TIMEOUT)
    start = int(counter.inner_text().split("/")[0])   # the deck opens at this page's slide
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text(re.compile(rf"^{start + 1} / "), timeout=TIMEOUT)
    page.keyboard.press("Escape")
    expect(page).not_to_have_url(re.compile(r"present=1"), timeout=TIMEOUT)
