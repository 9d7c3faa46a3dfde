"""Smoke test: the dashboard's front page renders offline in Chromium at 1920x1080."""
from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import Page, expect
from plotly.offline import get_plotlyjs_version

from helpers import TIMEOUT


def test_overview_loads_cleanly(page: Page, live_server, console_errors, artifacts_dir):
    page.set_viewport_size({"width": 1920, "height": 1080})
    asked = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path))
    response = page.goto(live_server + "/", wait_until="networkidle")
    assert response is not None and response.status == 200

    # Dash has rendered the page's layout into the page container.
    try:
        expect(page.locator("#_pages_content > *").first).to_be_attached(timeout=TIMEOUT)
    except AssertionError as exc:
        page.screenshot(path=str(artifacts_dir / "smoke-overview-FAILED.png"), full_page=True)
        raise AssertionError(f"the page did not render:\n{console_errors.report()}") from exc
    page.wait_for_load_state("networkidle")

    # Bootstrap comes from assets/vendor, not a CDN, and its rules are in effect.
    stylesheets = page.evaluate(
        "() => Array.from(document.styleSheets).map(s => s.href).filter(Boolean)")
    assert any(urlparse(href).path.startswith("/assets/vendor/bootstrap.min.css")
               for href in stylesheets), stylesheets
    bs_blue = page.evaluate(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--bs-blue').trim()")
    assert bs_blue, "Bootstrap's CSS variables are not defined: bootstrap.min.css not applied"

    # plotly.js is the vendored basic bundle (assets/vendor/README.md), of the plotly
    # package's plotly.js version, and it draws the charts: dcc.Graph never asked for the
    # full plotly.min.js.
    expect(page.locator(".js-plotly-plot .main-svg g.trace").first).to_be_attached(
        timeout=TIMEOUT)
    assert page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
    assert "/assets/vendor/plotly-basic.min.js" in asked, asked
    assert not [path for path in asked if path.endswith("plotly.min.js")], asked

    screenshot = artifacts_dir / "smoke-overview-1920x1080.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0

    assert not console_errors.external_requests, console_errors.report()
    assert not console_errors, console_errors.report()
