"""The "Download board pack" button returns the PDF of the view on screen."""
from __future__ import annotations

from pypdf import PdfReader


def test_button_downloads_the_pack_for_the_current_view(page, live_server, tmp_path):
    page.goto(f"{live_server}/custody?area=service:Northmoor%20and%20Eastbridge%20YJS"
              "&period=2023-12-31")
    page.wait_for_selector("#board-pack-button")
    with page.expect_download(timeout=180_000) as download:
        page.click("#board-pack-button")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".pdf" and "northmoor" in path.name
    reader = PdfReader(path)
    cover = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Northmoor and Eastbridge YJS" in cover and "year to December 2023" in cover
    assert len(reader.pages) > 10
