"""Signing in and out in a real browser: the form, the header's name and role, sign-out."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from helpers import TIMEOUT


def test_sign_in_show_who_and_sign_out(browser: Browser, live_server, artifacts_dir):
    # A context of its own, without the suite's signed-in cookies; a user of its own too,
    # because signing out ends every session of that user.
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(live_server + "/custody?area=all")
        expect(page).to_have_url(live_server + "/login?next=/custody?area%3Dall")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.screenshot(path=str(artifacts_dir / "login-1280x720.png"))

        page.get_by_label("Username").fill("kingsmoor-manager")
        page.get_by_label("Password").fill("demo-kingsmoor-manager")
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(live_server + "/custody?area=all", timeout=TIMEOUT)
        expect(page.locator(".user-menu")).to_contain_text("kingsmoor-manager (Manager)",
                                                           timeout=TIMEOUT)

        page.get_by_role("link", name="Sign out").click()
        expect(page.get_by_role("status")).to_contain_text("You have signed out")
        page.goto(live_server + "/")
        expect(page.get_by_label("Password")).to_be_visible()
    finally:
        context.close()


def test_a_wrong_password_is_refused(browser: Browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live_server + "/login")
        page.get_by_label("Username").fill("board")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("do not match")
        expect(page.get_by_label("Username")).to_have_value("board")
    finally:
        context.close()


def test_a_page_whose_session_ended_goes_back_to_the_login_form(browser: Browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(live_server + "/login")
        page.get_by_label("Username").fill("manager")
        page.get_by_label("Password").fill("demo-manager")
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator(".user-menu")).to_contain_text("manager", timeout=TIMEOUT)
        # Signed out elsewhere (same cookies): the page's next callback is refused with 401
        # and assets/session.js reloads, which lands on the login form.
        # First let the page's own callbacks finish: one refused after the sign-out below
        # would reload the page before the click (to the login form, but for "/").
        expect(page.locator(".headlines li").first).to_be_visible(timeout=TIMEOUT)
        page.wait_for_load_state("networkidle")
        assert context.request.get(live_server + "/logout").ok
        page.locator("#nav-fte").click()
        expect(page).to_have_url(re.compile(r"/login\?next=/first-time-entrants"),
                                 timeout=TIMEOUT)
    finally:
        context.close()
