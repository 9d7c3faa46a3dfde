"""The board pack's content from the registry, on a tiny database (no browser, no PDF): a
report page per section with pack builds, its key chart from the build the page opens
with, and a section added to the registry appearing in both parts by itself."""
from __future__ import annotations

import dataclasses

import pytest

from dashboard.output.board_pack import collect, key_part, render_html
from dashboard.web import registry
from dashboard.web.pages import disproportionality, fte
from dashboard.web.registry import EVERY_CHART, PackPart, Section
from yj_testdata import la, loaded_for_builds, out, pop, write_folder

AREA, PERIOD = "service:Alpha YJS", "2023-12-31"


@pytest.fixture(scope="module", autouse=True)
def tiny_database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack-sections")
    url = f"sqlite:///{folder / 'pack.db'}"
    write_folder(folder / "data", [la("A1", "Alpha YJS", "Alpha")],
                 [pop("A1", 2023, 4000, "White", "M", 15), pop("A1", 2023, 1000, "Black", "M", 15)],
                 [out("o1", "c1", "A1", "2023-01-01", "youth_caution"),
                  out("o2", "c2", "A1", "2023-03-10", "referral_order"),
                  out("o3", "c3", "A1", "2023-11-20", "detention_training_order"),
                  out("o4", "c4", "A1", "2023-06-01", "referral_order", ethnicity="Black")])
    with loaded_for_builds(folder / "data", url):
        yield


def test_the_report_has_a_page_per_pack_section_with_its_slide_chart():
    pack = collect(AREA, PERIOD, summary_only=True)
    assert [page.title for page in pack.report] == [s.board_title for s in registry.PACK]
    assert [page.chart.chart_id for page in pack.report] == \
        [s.slide_chart for s in registry.PACK]
    assert pack.appendix == [] and pack.missing == []
    custody_page = next(page for page in pack.report if page.key == "custody")
    # The page's first sentence is the headline, the next (at most three) beneath it.
    assert custody_page.lead.startswith("In the year to December 2023 the custody rate")
    assert 1 <= len(custody_page.lines) <= 3
    # Its compact table ends at the reporting period, in bold.
    assert custody_page.table.rows[-1][0] == "31 Dec 2023"
    assert custody_page.table.current == len(custody_page.table.rows) - 1
    document = render_html(pack)
    assert "<h1>Appendix" not in document and "<h2>What the figures mean" not in document


def test_disproportionality_shows_the_stage_the_page_opens_with():
    section = registry.section("disproportionality")
    main = key_part(section)
    assert main.charts is None and main.controls == {"stage": "court"}
    pack = collect(AREA, PERIOD, summary_only=True)
    page = next(page for page in pack.report if page.key == "disproportionality")
    assert page.chart.chart_id == disproportionality.RRI
    assert "court" in page.chart.subtitle.lower()


def test_a_section_added_to_the_registry_appears_in_both_parts(monkeypatch):
    needs = Section("needs", "/needs", "Needs", "Needs and outcomes", "Needs and outcomes",
                    "dashboard.web.pages.fte", slide=True, slide_chart=fte.COUNTS,
                    pack=EVERY_CHART)
    monkeypatch.setattr(registry, "PACK", (*registry.PACK, needs))
    pack = collect(AREA, PERIOD)
    page = pack.report[-1]
    assert (page.title, page.chart.chart_id) == ("Needs and outcomes", fte.COUNTS)
    assert pack.appendix[-1].title == "Needs and outcomes"
    assert [c.chart_id for c in pack.appendix[-1].charts] == list(fte.CHARTS)
    document = render_html(pack)
    assert "<h2>Needs and outcomes</h2>" in document
    assert "<h2>Needs and outcomes: every table</h2>" in document
    assert "<li>Needs and outcomes</li>" in document   # the cover's contents


def test_a_section_without_a_slide_chart_shows_its_first_chart(monkeypatch):
    plain = dataclasses.replace(registry.section("fte"), key="plain", board_title="Plain",
                                slide_chart=None, pack=(PackPart(charts=(fte.AGE, fte.SEX)),))
    monkeypatch.setattr(registry, "PACK", (plain,))
    pack = collect(AREA, PERIOD, summary_only=True)
    # The first the page draws (it draws by sex before by age).
    assert [(page.title, page.chart.chart_id) for page in pack.report] == [("Plain", fte.SEX)]


def test_screen_instructions_are_gone_from_every_note():
    pack = collect(AREA, PERIOD)
    notes = [chart.note for _, charts in pack.sections for chart in charts]
    assert any("Source:" in note for note in notes)
    assert not [note for note in notes if "lick" in note or "hover" in note.lower()]
