"""What the page tests share: chart cards, filters, plotly clicks, SVG text, CSV downloads
and screenshots. Imported as `from helpers import ...`: pytest puts this folder on sys.path
(rootdir-based "prepend" import mode), as it does tests/integration for yj_testdata."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

TIMEOUT = 30_000  # ms: a callback queries the database, slower on a busy machine
KINGSMOOR = "?area=service%3AKingsmoor+and+Fenby+YJS&period=2024-09-30"
EMPTY_TITLE = "Nothing to show for this selection"
SCREEN_SIZES = ((1920, 1080), (1280, 720))


def card(page: Page, chart: str) -> Locator:
    return page.locator(f"#{chart}-card")


def title(page: Page, chart: str) -> str:
    return card(page, chart).locator(".chart-title").inner_text()


def open_page(page: Page, url: str, charts: list[str], ready: str) -> None:
    """Go to `url` and wait until every chart has a title, its figure is drawn and the
    `ready` selector shows."""
    page.goto(url)
    for chart in charts:
        expect(card(page, chart).locator(".chart-title")).not_to_be_empty(timeout=TIMEOUT)
        wait_for_figure(page, chart)
    expect(page.locator(ready).first).to_be_visible(timeout=TIMEOUT)


def wait_for_figure(page: Page, chart: str) -> None:
    """Wait until the server's figure is drawn, not just sent: the title arrives with the
    figure, but Plotly draws it later (after its bundle loads), so a cached, fast answer
    can be read before a single bar exists. Every figure the server sends sets margins
    (the Graph's first, empty figure does not)."""
    page.wait_for_function(
        """chart => {
            const gd = document.querySelector(`#${chart}-card .js-plotly-plot`);
            return !!(gd && gd.layout && gd.layout.margin && gd._fullData
                      && gd._fullData.length === gd.data.length
                      && gd.querySelector('.main-svg'));
        }""", arg=chart, timeout=TIMEOUT)


def choose(page: Page, dropdown: str, option: str) -> None:
    page.locator(f"#{dropdown}").click()
    page.locator(".dash-dropdown-option", has_text=option).first.click()


def click_point(page: Page, locator: Locator) -> None:
    """Click a plotly point or bar where it is drawn (plotly listens on its drag layer)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def bars(page: Page, chart: str) -> Locator:
    return card(page, chart).locator(".barlayer .trace .point path")


def svg_texts(locator: Locator) -> list[str]:
    """Text of SVG elements, read at once (inner_text is not defined for them in every state)."""
    return locator.evaluate_all("nodes => nodes.map(n => n.textContent)")


def bar_labels(page: Page, chart: str) -> list[str]:
    return svg_texts(card(page, chart).locator(".barlayer .bartext"))


def download(page: Page, button: Locator) -> tuple[str, str]:
    """Click `button`; the downloaded file's suggested name and its text."""
    with page.expect_download() as info:
        button.click()
    return info.value.suggested_filename, Path(info.value.path()).read_text(encoding="utf-8")


def download_rows(page: Page, chart: str) -> tuple[str, list[dict]]:
    """A chart card's CSV: its file name and rows."""
    name, text = download(page, card(page, chart).get_by_role("button", name="Download CSV"))
    return name, list(csv.DictReader(io.StringIO(text)))


def screenshots(page: Page, artifacts_dir: Path, name: str) -> None:
    """Full-page screenshots at the board-room and laptop sizes, for a person to look at."""
    for width, height in SCREEN_SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)  # let plotly resize
        page.screenshot(path=str(artifacts_dir / f"{name}-{width}x{height}.png"),
                        full_page=True)
