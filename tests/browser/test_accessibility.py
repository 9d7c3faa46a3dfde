"""WCAG 2.2 AA with axe-core (the npm package, injected with Playwright) on every page,
presentation mode and one state of each filter: no violations.

`npm install` (run by `make test`) puts axe-core in node_modules/; without it the test
fails and says so, rather than skipping silently.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from dashboard.web.registry import SECTIONS
from helpers import KINGSMOOR, TIMEOUT

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [section.path for section in SECTIONS]   # every page the nav lists
FILTERS = ["sex=F", "age=15-17", "ethnicity=Black", "looked_after=Y", "tier=custody",
           "offence=Robbery", "compare=region"]
# The filter bar's own choices, each away from the default view: every area, an earlier period.
VIEWS = ["?area=all&period=2024-09-30", "?area=service%3AKingsmoor+and+Fenby+YJS&period=2023-12-31"]


def axe_violations(page: Page) -> list[dict]:
    assert AXE.is_file(), f"{AXE} is missing: run `npm install` (make test does)"
    # Evaluated through the browser's debugging protocol, which the page's
    # Content-Security-Policy does not govern (a <script> tag without its nonce would be
    # refused, as it should be).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return result["violations"]


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'][:200]}")
    return "\n".join(lines)


def settle(page: Page) -> None:
    """Wait until Dash has no callback in flight and every chart has its title."""
    page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    page.wait_for_function(
        "() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=TIMEOUT)


def charts_without_a_name(page: Page) -> list[str]:
    """Charts shown that no element names as a figure or image (their text alternative:
    the active title with its number, as the accessible name)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
        .filter(g => g.getClientRects().length)
        .filter(g => {
            const holder = g.closest('[role=figure], [role=img]');
            if (!holder) { return true; }
            const by = (holder.getAttribute('aria-labelledby') || '').split(' ')
                .map(id => (document.getElementById(id) || {}).textContent || '').join('');
            return !((holder.getAttribute('aria-label') || '') + by).trim();
        })
        .map(g => (g.closest('[id]') || {}).id || 'a chart')""")


def assert_no_violations(page: Page, url: str) -> None:
    page.goto(url)
    settle(page)
    violations = axe_violations(page)
    assert not violations, report(violations)
    assert not charts_without_a_name(page), charts_without_a_name(page)


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_no_violations(page: Page, path: str):
    assert_no_violations(page, path + KINGSMOOR)


@pytest.mark.browser
@pytest.mark.parametrize("query", FILTERS)
def test_each_filter_state_has_no_violations(page: Page, query: str):
    assert_no_violations(page, "/first-time-entrants" + KINGSMOOR + "&" + query)


@pytest.mark.browser
@pytest.mark.parametrize("query", VIEWS)
def test_each_view_of_the_filter_bar_has_no_violations(page: Page, query: str):
    assert_no_violations(page, "/first-time-entrants" + query)


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_presentation_mode_has_no_violations(page: Page, path: str):
    """The deck opened from each page starts at that page's slide."""
    assert_no_violations(page, path + KINGSMOOR + "&present=1")


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_tablet_width_needs_no_horizontal_scrolling(page: Page, path: str):
    """At 768 px (a tablet) the page fits its width; wide tables scroll inside their own
    keyboard-reachable region, which axe checks too."""
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(path + KINGSMOOR)
    settle(page)
    width, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width <= client, f"{path} is {width} px wide in a {client} px window"
    violations = axe_violations(page)
    assert not violations, report(violations)
