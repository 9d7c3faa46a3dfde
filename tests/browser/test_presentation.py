"""Presentation mode: opens from the URL and the button, moves with the keyboard, and is
legible from the back of a room (type sizes measured at 1920x1080), with nothing
overflowing the screen at 1280x720, 1920x1080 and 3840x2160."""
from __future__ import annotations

import re

import pytest

from helpers import TIMEOUT

AREA = "service:Kingsmoor%20and%20Fenby%20YJS"
MIN_BODY_PX, MIN_TICK_PX, MIN_TITLE_PX, MIN_LINE_PX = 28, 20, 40, 3


def open_deck(page, live_server, query: str = "") -> None:
    page.goto(f"{live_server}/?present=1&area={AREA}{query}")
    page.wait_for_selector("#deck .slide-active .slide-title")


def active_key(page) -> str:
    return page.eval_on_selector("#deck .slide-active", "el => el.id")


def wait_for_chart(page) -> None:
    page.wait_for_selector("#deck .slide-active .js-plotly-plot .xtick text", timeout=TIMEOUT)


def test_url_flag_opens_the_deck_keeping_filters(page, live_server, console_errors):
    page.goto(f"{live_server}/custody?present=1&area={AREA}&sex=M&period=2023-03-31")
    page.wait_for_selector("#deck .slide-active .slide-title")
    assert active_key(page) == "slide-custody"        # starts on the page it came from
    footer = page.inner_text(".deck-context")
    assert "Kingsmoor and Fenby YJS" in footer and "year to March 2023" in footer
    assert "synthetic data" in footer
    assert page.locator(".filter-bar, .site-nav, .modebar").count() == 0
    assert not console_errors, console_errors.report()


def test_button_enters_and_escape_leaves(page, live_server):
    page.goto(f"{live_server}/first-time-entrants?area={AREA}&sex=F")
    page.wait_for_selector("#present-link")
    page.click("#present-link")
    page.wait_for_selector("#deck .slide-active .slide-title")
    assert "present=1" in page.url and "sex=F" in page.url
    assert active_key(page) == "slide-fte"
    page.keyboard.press("Escape")
    page.wait_for_selector(".filter-bar")
    assert "present" not in page.url and "sex=F" in page.url
    assert page.url.split("?")[0].endswith("/first-time-entrants")


def test_keys_move_between_slides(page, live_server):
    open_deck(page, live_server)
    total = page.locator("#deck .slide").count()
    assert page.inner_text("#deck-counter") == f"1 / {total}"
    for key, expected in [("ArrowRight", 2), ("PageDown", 3), (" ", 4), ("PageUp", 3),
                          ("ArrowLeft", 2), ("End", total), ("ArrowRight", 1), ("Home", 1)]:
        page.keyboard.press(key)
        assert page.inner_text("#deck-counter") == f"{expected} / {total}", key
    assert page.locator("#deck .slide-active").count() == 1


def test_auto_advance(page, live_server):
    open_deck(page, live_server, "&advance=5")
    page.wait_for_function(  # a function, not an expression: no eval under the CSP
        "() => document.getElementById('deck-counter').textContent.startsWith('2 ')",
        timeout=12000)


def test_type_and_lines_are_large_enough_at_1080p(page, live_server, artifacts_dir):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_deck(page, live_server)
    body = page.eval_on_selector_all(
        "#deck .slide-active .slide-list li, .deck-footer span",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert body and min(body) >= MIN_BODY_PX, body
    page.keyboard.press("ArrowRight")                   # first chart slide
    wait_for_chart(page)
    sizes = page.evaluate("""() => {
        const slide = document.querySelector('#deck .slide-active');
        const px = (els, prop) => Array.from(els).map(e => parseFloat(getComputedStyle(e)[prop]));
        return {
          title: px(slide.querySelectorAll('.slide-title'), 'fontSize'),
          sentence: px(slide.querySelectorAll('.slide-sentence'), 'fontSize'),
          ticks: px(slide.querySelectorAll('.xtick text, .ytick text'), 'fontSize'),
          axis: px(slide.querySelectorAll('.g-xtitle text, .g-ytitle text'), 'fontSize'),
          lines: px(slide.querySelectorAll('.scatterlayer .js-line'), 'strokeWidth'),
        };
    }""")
    assert min(sizes["title"]) >= MIN_TITLE_PX, sizes
    assert min(sizes["sentence"]) >= MIN_BODY_PX, sizes
    assert sizes["ticks"] and min(sizes["ticks"]) >= MIN_TICK_PX, sizes
    assert min(sizes["axis"]) >= MIN_TICK_PX, sizes
    assert sizes["lines"] and max(sizes["lines"]) >= MIN_LINE_PX, sizes
    page.screenshot(path=str(artifacts_dir / "presentation-fte-1920x1080.png"))


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_nothing_overflows_the_screen(page, live_server, artifacts_dir, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_deck(page, live_server)
    total = page.locator("#deck .slide").count()
    for index in range(total):
        if index:
            page.keyboard.press("ArrowRight")
        page.wait_for_selector("#deck .slide-active .slide-title")
        overflow = page.evaluate("""() => {
            const doc = document.documentElement;
            const out = [];
            if (doc.scrollWidth > innerWidth || doc.scrollHeight > innerHeight) out.push('page');
            const canvas = document.getElementById('deck-canvas').getBoundingClientRect();
            if (canvas.right > innerWidth + 1 || canvas.bottom > innerHeight + 1) out.push('canvas');
            const slide = document.querySelector('#deck .slide-active');
            const box = slide.getBoundingClientRect();
            for (const el of slide.querySelectorAll('h1, p, li, .slide-chart')) {
                const r = el.getBoundingClientRect();
                if (r.bottom > box.bottom + 1 || r.right > box.right + 1) out.push(el.className || el.tagName);
            }
            return out;
        }""")
        assert not overflow, (width, height, index, overflow)
    name = re.sub(r"\W", "", f"{width}x{height}")
    page.screenshot(path=str(artifacts_dir / f"presentation-last-{name}.png"))


def test_dark_theme(page, live_server, artifacts_dir):
    open_deck(page, live_server, "&theme=dark")
    background = page.eval_on_selector("#deck", "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(11, 12, 12)"
    page.keyboard.press("ArrowRight")
    wait_for_chart(page)
    page.screenshot(path=str(artifacts_dir / "presentation-dark-1920x1080.png"))


# Every annotation's text box on every slide, and every marker drawn for a data point, in
# screen pixels; a label may sit beside a point (a pixel of touching is allowed) but never on it.
LABELS_AND_POINTS = """() => {
    const slide = document.querySelector('#deck .slide-active');
    const box = el => { const r = el.getBoundingClientRect();
                        return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
    const labels = [...slide.querySelectorAll('.annotation-text')]
        .filter(el => el.textContent.trim()).map(el => ({text: el.textContent, ...box(el)}));
    const points = [...slide.querySelectorAll('.scatterlayer .trace .points path.point')]
        .map(box).filter(b => b.x1 > b.x0 && b.y1 > b.y0);
    return {labels, points};
}"""


def overlapping(label: dict, point: dict, slack: float = 1.0) -> bool:
    return (label["x0"] + slack < point["x1"] and point["x0"] + slack < label["x1"]
            and label["y0"] + slack < point["y1"] and point["y0"] + slack < label["y1"])


PLOTS_DRAWN = """() => [...document.querySelectorAll('#deck .slide-active .js-plotly-plot')]
    .every(gd => gd.layout && gd.layout.margin && gd._fullData
                 && gd._fullData.length === gd.data.length && gd.querySelector('.main-svg'))"""


def settled_drawing(page) -> dict:
    """The active slide's labels and points once its figures are drawn and two readings
    a quarter of a second apart agree (a busy machine draws a slide in several frames)."""
    wait_for_chart(page)
    page.wait_for_function(PLOTS_DRAWN, timeout=TIMEOUT)
    before = page.evaluate(LABELS_AND_POINTS)
    for _ in range(40):
        page.wait_for_timeout(250)
        now = page.evaluate(LABELS_AND_POINTS)
        if now == before:
            return now
        before = now
    return before


def test_slide_labels_never_sit_on_data_points(page, live_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_deck(page, live_server)
    total = page.locator("#deck .slide").count()
    checked = 0
    for _ in range(total):
        # each slide's body arrives from its own callback: wait for it before asking
        # whether it has a chart (a busy machine is still "Preparing this slide…")
        page.wait_for_selector("#deck .slide-active .slide-body .slide-title", timeout=TIMEOUT)
        if page.locator("#deck .slide-active .js-plotly-plot").count():
            drawn = settled_drawing(page)
            slide = active_key(page)
            for label in drawn["labels"]:
                for point in drawn["points"]:
                    assert not overlapping(label, point), (slide, label["text"], point)
            checked += bool(drawn["labels"] and drawn["points"])
        page.keyboard.press("ArrowRight")
    assert checked >= 2   # the trend slides have both labels and points
