"""The board pack CLI on the sample data, for its largest service: the report alone
(`--summary`) on at most 12 pages, the full pack with its appendix, bookmarks for every
section, a tagged PDF, numbered pages, every headline, summary-table row and table row,
no screen-only wording; and a chart that fails is named in the pack."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
SERVICE = "Northmoor and Eastbridge YJS"   # the sample's largest service
AREA = f"service:{SERVICE}"
PERIOD = "2024-12-31"
MAX_REPORT_PAGES = 12
INTERACTIVE = re.compile(r"\b(click\w*|hover\w*|tap|tapping|select an?|drag\w*)\b", re.I)


def _have_browser() -> bool:
    return Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists() or \
        bool(shutil.which("chromium"))


pytestmark = pytest.mark.skipif(not _have_browser() and not os.environ.get("CI"),
                                reason="no Chromium to print the PDF (apt-get install chromium)")


def _squash(text: str) -> str:
    """One space between words; ligatures (the printed 'ﬁ') as letters."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _bare(text: str) -> str:
    """Without any whitespace: table cells wrap at any point when printed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _text(path: Path, pages: list[str]) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
    return "\n".join(pages)


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """Every bookmark: (depth, title, page number from 1)."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item) + 1
                found.append((depth, _squash(item.title), page))
    walk(reader.outline, 0)
    return found


class Printed:
    def __init__(self, path: Path):
        self.path = path
        self.reader = PdfReader(path)
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        self.text = _squash(_text(path, self.pages))
        self.outline = _outline(self.reader)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    work = tmp_path_factory.mktemp("pack")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work}/pack.db"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=900)
    loaded = run("load", "sample_data")
    assert loaded.returncode == 0, loaded.stderr
    prints = {}
    for name, extra in (("full", []), ("summary", ["--summary"])):
        out = work / f"{name}.pdf"
        done = run("board-pack", str(out), "--area", AREA, "--period", PERIOD, *extra)
        assert done.returncode == 0, done.stderr
        assert "Warning" not in done.stderr, done.stderr
        prints[name] = Printed(out)

    # What the pack should hold, from the same database in this process (no app).
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    try:
        from dashboard.output.board_pack import collect
        content = collect(AREA, PERIOD)
    finally:
        os.environ.pop("DATABASE_URL", None)
    assert content.missing == []
    return prints["full"], prints["summary"], content


def test_the_report_alone_fits_on_twelve_pages_for_the_largest_service(made):
    from dashboard.web.registry import PACK
    _, summary, _ = made
    # A cover, the story, the summary table, then a page (or two, when a table runs over)
    # per section.
    assert 3 + len(PACK) <= len(summary.pages) <= MAX_REPORT_PAGES
    assert "Appendix" not in summary.text


def test_the_full_pack_is_the_report_then_the_appendix(made):
    full, summary, _ = made
    assert len(full.pages) > len(summary.pages) + 10
    outline = [(title, page) for depth, title, page in full.outline if depth == 0]
    titles = [title for title, _ in outline]
    appendix = dict(outline)["Appendix: every table in full"]
    # The report comes first, within the page budget, every report section before the
    # appendix and in the summary's order. (The two prints may break a long table at a
    # different line, so their page numbers are not compared one for one.)
    assert appendix - 1 <= MAX_REPORT_PAGES
    report = [title for title, page in outline if page < appendix]
    summary_titles = [title for depth, title, _ in summary.outline if depth == 0]
    assert report == [t for t in summary_titles if t in titles][:len(report)]
    assert all(page >= appendix for title, page in outline if title not in report)


def test_every_section_has_a_bookmark_in_both_parts(made):
    from dashboard.web.registry import PACK
    full, summary, _ = made
    for printed in (full, summary):
        titles = [title for depth, title, _ in printed.outline]
        assert titles[0] == SERVICE
        assert "The quarter's story" in titles
        for section in PACK:
            assert section.board_title in titles, section.key
    titles = [title for depth, title, _ in full.outline]
    for section in PACK:
        assert f"{section.board_title}: every table" in titles, section.key
    assert {"What the figures mean", "Data notes and limitations"} <= set(titles)
    # The report's sections nest under the cover, the appendix's under its heading.
    depths = {title: depth for depth, title, _ in full.outline}
    assert depths[SERVICE] == depths["Appendix: every table in full"] == 0
    assert depths["First time entrants"] == depths["First time entrants: every table"] == 1


def test_the_pdf_is_tagged_for_screen_readers(made):
    for printed in made[:2]:
        root = printed.reader.trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert bool(root["/MarkInfo"]["/Marked"]) is True
        assert root.get("/Lang") in ("en-GB", "en")


def test_every_page_is_numbered_and_none_is_blank(made):
    for printed in made[:2]:
        total = len(printed.pages)
        for number, page in enumerate(printed.pages, start=1):
            assert f"Page {number} of {total}" in _squash(page), number
            body = _squash(page).replace(f"Page {number} of {total}", "")
            assert len(body) > 60, f"page {number} is (nearly) blank"


def test_nothing_asks_the_reader_to_click_hover_tap_select_or_drag(made):
    for printed in made[:2]:
        assert INTERACTIVE.findall(printed.text) == []


def test_cover_names_the_service_period_and_synthetic_data(made):
    full, summary, _ = made
    for printed, kind in ((full, "Board pack"), (summary, "Board report")):
        cover = _squash(printed.pages[0])
        assert SERVICE in cover and f"{kind}: year to December 2024" in cover
        assert "Synthetic data" in cover


def test_the_story_then_the_summary_table_with_every_row(made):
    _, summary, content = made
    # The summary table has its own page, running onto the next when the local indicators
    # add their rows.
    story, glance = _bare(summary.pages[1]), _bare("".join(summary.pages[2:]))
    assert len(content.headlines) >= 4
    for sentence in content.headlines:
        assert _bare(sentence) in story, sentence
    assert _bare(content.summary.title) in _bare(summary.pages[2])
    rows = content.summary.data["rows"]
    assert len(rows) >= 4
    for row in rows:     # every row, every cell, in the report
        for column, value in row.items():
            assert _bare(str(value if value is not None else "–")) in glance, (column, value)


def test_the_summary_table_keeps_its_note(made):
    """The overview's note under the summary table (what "similar", a rank and a RAG's
    "could be" mean) is printed with it, without screen wording."""
    _, summary, content = made
    note = content.summary.note
    assert note.startswith("Lower is better for the national indicators")
    assert "Rank 1st = lowest" in note
    assert _bare(note) in _bare("".join(summary.pages[2:4]))


def _word_heights(path: Path, page: int, word: str) -> list[float]:
    """The printed heights (pt) of `word` on a page, from poppler's word boxes."""
    boxes = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path),
                            "-"], capture_output=True, text=True, check=True).stdout
    return [float(y1) - float(y0) for y0, y1, text in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', boxes) if text == word]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_nothing_shrinks_the_print(made):
    """Every page prints at its own size: a table wider than the sheet would make Chromium
    shrink the whole document to fit (the full pack's report to 80%). The story's heading
    is 20 pt type, a word box about 1.16 em (23 pt) high; shrunk to 80% it would be 18.6."""
    for printed in made[:2]:
        heights = _word_heights(printed.path, 2, "story")
        assert heights and 21 < heights[0] < 26, (printed.path.name, heights)   # the heading


def test_each_section_page_has_its_headline_lines_and_key_chart(made):
    _, summary, content = made
    text = _bare(summary.text)
    for page in content.report:
        assert _bare(page.lead) in text, page.key
        assert 1 <= len(page.lines) <= 3
        for line in page.lines:
            assert _bare(line) in text, (page.key, line)
        assert _bare(page.chart.title) in text, page.key
        assert 1 <= len(page.table.rows) <= 8
        assert _bare(page.table.rows[-1][0]) in text, page.key


def test_every_table_row_is_in_the_appendix(made):
    full, _, content = made
    text = _bare(full.text)
    rows = 0
    for _, charts in content.sections:
        for chart in charts:
            if not chart.data:
                continue
            first = chart.data["columns"][0]
            for row in chart.data["rows"]:
                cell = row.get(first)
                if cell not in (None, ""):
                    assert _bare(str(cell)) in text, (chart.chart_id, first, cell)
                    rows += 1
    assert rows > 300          # the appendix is not truncated


def test_every_chart_title_and_definition_is_in_the_full_pack(made):
    full, _, content = made
    for title, charts in content.sections:
        assert title in full.text
        for chart in charts:
            assert _squash(chart.title)[:50] in full.text, chart.chart_id
    from dashboard.words.definitions import DEFINITIONS, LIMITATIONS
    for term, words in DEFINITIONS:
        assert term in full.text and _squash(words)[:40] in full.text, term
    assert _squash(LIMITATIONS[0])[:40] in full.text


def test_a_chart_that_fails_is_named_in_the_pack(made, monkeypatch, tmp_path):
    """The custody page's key chart raises: its page says so in its place, the story lists
    it, and the rest of the pack is printed."""
    from dashboard.output.board_pack import write_board_pack
    from dashboard.web.pages import custody
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{Path(made[0].path).parent}/pack.db")

    def broken(self, *args):
        raise RuntimeError("boom")
    monkeypatch.setattr(custody.Page, "trend_chart", broken)
    out = tmp_path / "broken.pdf"
    # In a thread of its own: after the browser tests, pytest-playwright's event loop is
    # still running in this one, and Playwright's sync API refuses to start inside it.
    with ThreadPoolExecutor(1) as pool:
        _, missing = pool.submit(write_board_pack, out, AREA, PERIOD,
                                 summary_only=True).result()
    assert missing == [f"Use of custody: {custody.CHARTS[custody.TREND]}"]
    printed = Printed(out)
    assert "Missing from this pack" in printed.text
    assert f"Use of custody: {custody.CHARTS[custody.TREND]}" in printed.text
    custody_page = next(_squash(page) for page in printed.pages
                        if page.lstrip().startswith("Use of custody"))
    assert "This chart could not be drawn" in custody_page
    assert "First time entrants" in printed.text  # the rest is there
