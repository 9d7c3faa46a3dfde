"""Every page works under the Content-Security-Policy (dashboard/web/serving.py): no
violation reported by Chromium while pages render, tables open, the drill-down lists
children and presentation mode runs; callback responses arrive compressed.

Writing browser tests under this policy: give `wait_for_function` a function
("() => ..."), not an expression (Playwright evals expressions, which the CSP refuses),
and run helper scripts with `page.evaluate(source)`, not `add_script_tag` (an inline
<script> without the page's nonce is refused)."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from helpers import KINGSMOOR, TIMEOUT, card

PAGES = ["/", "/first-time-entrants", "/reoffending", "/custody", "/disposals",
         "/disproportionality", "/about"]

# Recorded by the page itself, before any of its scripts run.
WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def _violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__csp")


def test_pages_render_under_the_content_security_policy(page: Page, live_server,
                                                        console_errors):
    page.add_init_script(WATCH_VIOLATIONS)
    callbacks = []
    page.on("response", lambda r: callbacks.append(r)
            if "/_dash-update-component" in r.url else None)
    seen = []
    for path in PAGES:
        response = page.goto(live_server + path + KINGSMOOR, wait_until="networkidle")
        assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
        expect(page.locator("#_pages_content > *").first).to_be_attached(timeout=TIMEOUT)
        if path != "/about":
            expect(page.locator(".js-plotly-plot .main-svg").first).to_be_attached(
                timeout=TIMEOUT)
        page.wait_for_load_state("networkidle")
        seen += [f"{path}: {v}" for v in _violations(page)]
    assert not seen, "\n".join(seen)

    # A table (AG Grid) and the drill-down modal on the custody page.
    page.goto(live_server + "/custody" + KINGSMOOR, wait_until="networkidle")
    counts = card(page, "custody-counts")
    counts.get_by_role("button", name="Show table").click()
    expect(counts.locator(".ag-row").first).to_be_visible(timeout=TIMEOUT)
    counts.get_by_role("button", name="Children behind this figure").click()
    expect(page.locator("#drill-body")).to_contain_text("pseudonymous id", timeout=TIMEOUT)
    seen = [f"custody table and drill: {v}" for v in _violations(page)]

    # Presentation mode draws slides with its own script (assets/presentation.js).
    page.goto(live_server + "/" + KINGSMOOR + "&present=1", wait_until="networkidle")
    page.keyboard.press("ArrowRight")
    page.wait_for_load_state("networkidle")
    seen += [f"presentation: {v}" for v in _violations(page)]

    assert not seen, "\n".join(seen)
    assert not console_errors, console_errors.report()

    encodings = {r.headers.get("content-encoding") for r in callbacks if r.status == 200}
    assert encodings & {"br", "gzip"}, encodings
    # The largest callback request body, for sizing MAX_CONTENT_LENGTH (printed with -s).
    largest = max(len(r.request.post_data_buffer or b"") for r in callbacks)
    print(f"largest callback request: {largest:,} bytes")


def test_the_sign_in_page_works_under_the_content_security_policy(browser, live_server):
    context = browser.new_context()  # no session: the page a visitor first sees
    page = context.new_page()
    try:
        page.add_init_script(WATCH_VIOLATIONS)
        response = page.goto(live_server + "/login", wait_until="networkidle")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        expect(page.get_by_label("Username")).to_be_visible(timeout=TIMEOUT)
        # Bootstrap's rules apply (stylesheets from 'self', the form's inline style too).
        assert page.evaluate("() => getComputedStyle(document.body).getPropertyValue("
                             "'--bs-blue').trim()")
        assert page.evaluate("() => getComputedStyle(document.querySelector('main'))"
                             ".maxWidth") != "none"
        assert not _violations(page), _violations(page)
    finally:
        context.close()
