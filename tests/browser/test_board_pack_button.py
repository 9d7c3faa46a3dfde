"""The "Download board pack" button: the page answers at once and says the pack is being
prepared, a second click is refused politely, and the PDF of the view on screen downloads
when it is ready, from its own address; no callback carries the PDF."""
from __future__ import annotations

import json
import re
import time

from playwright.sync_api import expect
from pypdf import PdfReader

VIEW = "/custody?area=service:Northmoor%20and%20Eastbridge%20YJS&period=2023-12-31"
PDF_IN_BASE64 = "JVBERi0"   # "%PDF-" base64-encoded


def test_button_prepares_the_pack_in_the_background_then_downloads_it(
        page, live_server, tmp_path, console_errors, artifacts_dir):
    callbacks = []
    page.on("response", lambda r: "/_dash-update-component" in r.url and callbacks.append(r))
    page.goto(f"{live_server}{VIEW}")
    button = page.locator("#board-pack-button")
    expect(page.locator("#custody-trend-card .chart-title")).not_to_be_empty(timeout=60_000)

    started = time.monotonic()
    with page.expect_download(timeout=240_000) as download:
        button.click()
        status = page.locator("#board-pack-status")
        expect(status).to_contain_text("Preparing the board pack", timeout=15_000)
        answered = time.monotonic() - started
        page.locator(".board-pack-panel").screenshot(
            path=str(artifacts_dir / "board-pack-preparing.png"))
        button.click()
        expect(status).to_contain_text(re.compile(
            r"A board pack you asked for \d+ seconds? ago is still being prepared"))
    assert answered < 15  # the request did not wait for the pack

    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "board-pack-northmoor-and-eastbridge-yjs-2023-12-31.pdf"
    assert re.fullmatch(r"/board-pack/[A-Za-z0-9_-]+\.pdf",
                        download.value.url.replace(live_server, ""))
    reader = PdfReader(path)
    cover = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Northmoor and Eastbridge YJS" in cover and "year to December 2023" in cover
    assert len(reader.pages) > 12          # the report and its appendix

    expect(status).to_contain_text("The board pack is ready")
    link = status.get_by_role("link", name=re.compile(r"download the PDF \(\d+\.\d MB\)"))
    assert link.get_attribute("href") == download.value.url.replace(live_server, "")
    for size in ((1920, 1080), (1280, 720), (768, 1024)):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.screenshot(path=str(artifacts_dir / f"board-pack-ready-{size[0]}.png"))

    # Closing the message hides it; nothing went through a callback as a file.
    page.locator("#board-pack-close").click()
    expect(page.locator(".board-pack-panel")).to_be_hidden()
    pack_answers = 0
    for response in callbacks:
        body = response.body()
        assert PDF_IN_BASE64.encode() not in body, response.url
        if "board-pack-status" in json.loads(body).get("response", {}):
            pack_answers += 1
            assert len(body) < 5_000, body[:300]
    assert pack_answers >= 3  # started, refused, ready (and the polls between)
    assert not console_errors, console_errors.report()


def test_someone_else_cannot_fetch_a_pack(page, live_server):
    answer = page.request.get(f"{live_server}/board-pack/no-such-job-at-all-000.pdf")
    assert answer.status == 404
