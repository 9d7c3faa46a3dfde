"""The address bar holds the view: malformed values fall back quietly, the filters write
the query string, and back/forward restore earlier views."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from helpers import TIMEOUT, choose


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def area_shown(page) -> str:
    return page.locator("#filter-area").inner_text()


def test_malformed_url_values_fall_back_without_errors(page, live_server, console_errors):
    page.goto(f"{live_server}/custody?area=nowhere&period=2024-02-30&sex=X&age=99"
              "&compare=moon&ethnicity=%00&tier=prison&offence=%3Cscript%3E&present=2")
    expect(page.locator("#custody-headlines li").first).to_be_visible(timeout=TIMEOUT)
    assert "YJS" in area_shown(page)                       # the default service
    assert page.locator("#filter-chips .chip").count() == 0
    assert page.locator("#deck").count() == 0              # present=2 is not presentation
    assert not console_errors, console_errors.report()


def test_filters_write_the_url_and_back_forward_restore_them(page, live_server):
    page.goto(f"{live_server}/first-time-entrants?area=service%3AKingsmoor+and+Fenby+YJS")
    expect(page.locator("#fte-headlines li").first).to_be_visible(timeout=TIMEOUT)
    choose(page, "filter-area", "Northmoor and Eastbridge YJS")
    page.wait_for_function("() => location.search.includes('Northmoor')", timeout=TIMEOUT)
    expect(page.locator("#fte-headlines")).to_contain_text("Northmoor", timeout=TIMEOUT)
    assert query(page)["area"] == "service:Northmoor and Eastbridge YJS"

    page.go_back()
    page.wait_for_function("() => location.search.includes('Kingsmoor')", timeout=TIMEOUT)
    expect(page.locator("#fte-headlines")).to_contain_text("Kingsmoor", timeout=TIMEOUT)
    assert "Kingsmoor" in area_shown(page)

    page.go_forward()
    page.wait_for_function("() => location.search.includes('Northmoor')", timeout=TIMEOUT)
    expect(page.locator("#fte-headlines")).to_contain_text("Northmoor", timeout=TIMEOUT)
    assert "Northmoor" in area_shown(page)


def test_navigation_links_carry_the_filters(page, live_server):
    page.goto(f"{live_server}/custody?area=all&sex=F")
    expect(page.locator("#custody-headlines li").first).to_be_visible(timeout=TIMEOUT)
    page.click("#nav-reoffending")
    page.wait_for_url("**/reoffending?*", timeout=TIMEOUT)
    assert query(page) == {"area": "all", "sex": "F", "period": query(page)["period"]}
    expect(page.locator("#filter-chips .chip")).to_contain_text("Sex", timeout=TIMEOUT)
