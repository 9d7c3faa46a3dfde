"""The board pack CLI writes a complete, tidy PDF: numbered pages that match its contents,
the headline sentences, every table's rows and the definitions."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
AREA = "service:Kingsmoor and Fenby YJS"
PERIOD = "2024-09-30"


def _have_browser() -> bool:
    return Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists() or \
        bool(shutil.which("chromium"))


pytestmark = pytest.mark.skipif(not _have_browser() and not os.environ.get("CI"),
                                reason="no Chromium to print the PDF (apt-get install chromium)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _bare(text: str) -> str:
    """Without any whitespace: table cells wrap at any point when printed."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    work = tmp_path_factory.mktemp("pack")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work}/pack.db"}
    run = lambda *args: subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO,  # noqa: E731
                                       env=env, capture_output=True, text=True, timeout=600)
    loaded = run("load", "sample_data")
    assert loaded.returncode == 0, loaded.stderr
    out = work / "board-pack.pdf"
    made = run("board-pack", str(out), "--area", AREA, "--period", PERIOD)
    assert made.returncode == 0, made.stderr
    pages = [page.extract_text() or "" for page in PdfReader(out).pages]
    text = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True,
                          text=True).stdout if shutil.which("pdftotext") else "\n".join(pages)

    # What the pack should hold, computed in-process from the same database (no app).
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    try:
        from dashboard.output.board_pack import collect
        content = collect(AREA, PERIOD)
    finally:
        os.environ.pop("DATABASE_URL", None)
    assert content.missing == [] and "Warning" not in made.stderr
    return pages, _squash(text), content


def test_every_page_is_numbered_and_the_count_matches(pack):
    pages, _, content = pack
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in _squash(page), number
        body = _squash(page).replace(f"Page {number} of {total}", "")
        assert len(body) > 60, f"page {number} is (nearly) blank"
    # a cover, the story, one or more pages per section, the appendix
    assert total >= 2 + len(content.sections) + 1


def test_cover_names_the_service_period_and_synthetic_data(pack):
    pages, _, _ = pack
    cover = _squash(pages[0])
    assert "Kingsmoor and Fenby YJS" in cover
    assert "year to September 2024" in cover
    assert "Synthetic data" in cover


def test_headline_sentences_are_in_the_pack(pack):
    _, text, content = pack
    assert len(content.headlines) >= 3
    for sentence in content.headlines:
        assert _squash(sentence)[:60] in text, sentence


def test_every_table_row_is_printed(pack):
    _, text, content = pack
    text = _bare(text)
    tables = [content.summary.data] + [c.data for _, charts in content.sections
                                       for c in charts if c.data]
    rows = 0
    for table in tables:
        first = table["columns"][0]
        for row in table["rows"]:
            cell = row.get(first)
            if cell not in (None, ""):
                assert _bare(str(cell)) in text, (first, cell)
                rows += 1
    assert rows > 100          # the pack is not truncated


def test_every_section_and_definition_is_there(pack):
    _, text, content = pack
    for title, charts in content.sections:
        assert title in text
        for chart in charts:
            assert _squash(chart.title)[:50] in text, chart.chart_id
    from dashboard.words.definitions import DEFINITIONS
    assert "Appendix: definitions" in text
    for term, words in DEFINITIONS:
        assert term in text and _squash(words)[:40] in text, term
    assert "Data notes and limitations" in text
