"""The overview's build on a hand-made dataset with published service rows: the national rank
of N (ties, a loaded service replacing its published row, the field's size), significance
against every comparator type, tested changes, children in care and the mix of outcomes.
Runs on SQLite and PostgreSQL.

The data (boys aged 15, White, theft; population 10,000 in each authority, 2023):

    Alpha YJS = A1 "Alpha" (region South West, family F1);  Beta YJS = B1 "Beta"

    2022 (the year to December 2022), Alpha:
      o1  c5  2022-06-01  community resolution      diversion
      o2  c6  2022-07-01  community resolution      diversion
      o3  c7  2022-08-01  referral order            court; c7's first entry
    2023 (the year to December 2023), Alpha:
      o4  c1  2023-02-01  youth caution             caution; first entry; looked after
      o5  c2  2023-03-01  detention and training    court, custody; first entry
      o6  c3  2023-04-01  community resolution      diversion (aged 12)
      o7  c4  2023-05-01  cbo (local, tier other)   left out of the mix
    2023, Beta:
      o8-o11  d1-d4  youth cautions               4 first entries
      o12 d5  2023-12-31  community resolution    diversion; sets the as-of date

First time entrants, year to December 2023: Alpha 2 (c1, c2) → 20 per 100,000;
Beta 4 → 40. Year to December 2022: Alpha 1 (c7) → 10 (population: nearest year, 2023).
"""
from __future__ import annotations

from datetime import date

import pytest

from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.web.pages import content, overview
from dashboard.web.state import ViewState
from dashboard.words.figure_notes import headline_figures, summary_rows
from yj_testdata import bench, la, otype, out, pop, write_folder, write_v2

DEC23, DEC22 = "2023-12-31", "2022-12-31"


def benchmarks() -> list[dict]:
    return [
        bench("fte_rate", DEC23, "national", "England and Wales", 100.0),
        bench("fte_rate", DEC23, "region", "South West", 50.0),
        bench("fte_rate", DEC23, "family", "F1", 15.0),
        bench("fte_rate", DEC23, "pcc", "Alpha and District", 60.0),
        bench("fte_rate", DEC23, "pcc", "Beta Vale", 30.0),
        bench("fte_rate", DEC23, "statistical_neighbours", "Neighbours", 1.0),
        # Published service figures: Alpha's own (name in other case and spaces) gives way
        # to its computed 20; Beta has none and is added.
        bench("fte_rate", DEC23, "service", " ALPHA YJS ", 999.0, 99, 9910),
        bench("fte_rate", DEC23, "service", "Gamma YJS", 20.0, 2, 10000),
        bench("fte_rate", DEC23, "service", "Delta YJS", 10.0, 1, 10000),
        bench("fte_rate", DEC23, "service", "Epsilon YJS", 30.0, 3, 10000),
        bench("custody_rate", DEC23, "national", "England and Wales", 0.12),
    ]


@pytest.fixture
def loaded(database_url, tmp_path, monkeypatch):
    folder = write_folder(
        tmp_path / "data",
        [la("A1", "Alpha YJS", "Alpha", region="South West", family="F1"),
         la("B1", "Beta YJS", "Beta", region="North East")],
        [pop("A1", 2023, 10_000), pop("B1", 2023, 10_000)],
        [out("o1", "c5", "A1", "2022-06-01", "community_resolution"),
         out("o2", "c6", "A1", "2022-07-01", "community_resolution"),
         out("o3", "c7", "A1", "2022-08-01", "referral_order"),
         out("o4", "c1", "A1", "2023-02-01", "youth_caution", looked_after="Y"),
         out("o5", "c2", "A1", "2023-03-01", "detention_training_order"),
         out("o6", "c3", "A1", "2023-04-01", "community_resolution", age=12),
         out("o7", "c4", "A1", "2023-05-01", "cbo"),
         *[out(f"o{8 + i}", f"d{i + 1}", "B1", f"2023-0{i + 6}-01", "youth_caution")
           for i in range(4)],
         out("o12", "d5", "B1", "2023-12-31", "community_resolution")])
    write_v2(folder, outcome_types=[otype("cbo", "other", label="Criminal behaviour order")],
             looked_after=[{"local_authority": "A1", "year": 2023, "population": 40}],
             benchmarks=benchmarks())
    engine = get_engine(database_url)
    load_folder(folder, engine)
    monkeypatch.setenv("DATABASE_URL", database_url)   # what the page build's get_engine reads
    yield engine
    engine.dispose()


def figures_of(engine, service: str) -> dict:
    selection = Selection(level="service", area=service)
    found = headline_figures(engine, selection, date(2023, 12, 31))
    found += summary_rows(engine, selection, date(2023, 12, 31))
    return {f["indicator"]: f for f in found}


def test_overview_ranks_tests_and_describes_on_a_hand_made_dataset(loaded):
    alpha, beta = figures_of(loaded, "Alpha YJS"), figures_of(loaded, "Beta YJS")

    # --- rank: field = Alpha 20 (loaded, replacing " ALPHA YJS " 999), Beta 40 (added),
    # Gamma 20, Delta 10, Epsilon 30: N = 5. Delta 1st; Alpha and Gamma joint 2nd;
    # Epsilon 4th; Beta 5th. Quartiles: ceil(4×2/5) = 2, ceil(4×5/5) = 4.
    fte = alpha["fte_rate"]
    assert fte["value"] == pytest.approx(20.0)
    assert (fte["rank_status"], fte["rank"], fte["rank_of"], fte["rank_tied"]) == (
        "ranked", 2, 5, True)
    assert (fte["quartile"], fte["quartile_name"], fte["rank_field"]) == (
        2, "Upper middle", "published")
    assert (beta["fte_rate"]["rank"], beta["fte_rate"]["rank_of"],
            beta["fte_rate"]["rank_tied"], beta["fte_rate"]["quartile_name"]) == (
        5, 5, False, "Lower")
    # Custody has no published service rows: only the two loaded services are ranked.
    # Beta 0 sentences (0.00), Alpha 1 of 10,000 (0.10).
    custody = alpha["custody_rate"]
    assert (custody["rank"], custody["rank_of"], custody["rank_field"]) == (2, 2, "loaded")
    assert beta["custody_rate"]["rank"] == 1

    # --- significance: Alpha's 2 entrants of 10,000 have the exact Poisson interval
    # χ²(0.025; 4)/2 = 0.242 to χ²(0.975; 6)/2 = 7.225, i.e. 2.42 to 72.25 per 100,000.
    assert (fte["lower_95"], fte["upper_95"]) == (pytest.approx(2.42, abs=0.01),
                                                  pytest.approx(72.25, abs=0.01))
    significance = {t: b["significance"] for t, b in fte["benchmarks"].items()}
    assert significance == {"national": "lower",        # 100 above 72.25
                            "region": "similar",        # 50 inside
                            "family": "similar",        # 15 inside
                            "pcc": "similar",           # Alpha and District's 60 inside
                            "statistical_neighbours": "higher"}   # 1.0 below 2.42
    assert fte["benchmarks"]["pcc"]["name"] == "Alpha and District"
    assert beta["fte_rate"]["benchmarks"]["pcc"]["name"] == "Beta Vale"

    # --- change: 20 against 10 a year before; 1 event's interval is 0.0253 to 5.572, i.e.
    # 0.25 to 55.7 per 100,000, which holds 20: up 100%, but it could be chance.
    assert fte["previous"] == pytest.approx(10.0)
    assert (fte["change"]["words"], fte["change"]["judgement"]) == (
        "up 100%", "could be chance")

    # --- children in care: 1 of the 40 looked after (2.5%); Wilson 0.44% to 12.88%.
    cared = alpha["looked_after_rate"]
    assert (cared["count"], cared["population"], cared["value"]) == (1, 40, pytest.approx(2.5))
    assert (cared["lower_95"], cared["upper_95"]) == (pytest.approx(0.44, abs=0.01),
                                                      pytest.approx(12.88, abs=0.01))
    assert cared["rank_status"] == "not_published"
    assert "looked_after_rate" in beta      # loaded: a row for every service (no population)
    assert beta["looked_after_rate"]["population"] is None

    # --- the page: sentences, table, mix of outcomes.
    page = content(overview, ViewState(area="service:Alpha YJS", period=DEC23))
    assert page.failures == []
    context, *sentences = page.headlines
    assert sentences[0] == (
        "20 children per 100,000 entered the justice system for the first time in the year "
        "to December 2023, 100% more than a year before (could be chance) and statistically "
        "lower than the England and Wales rate of 100 (better). Based on 2 children — treat "
        "with caution.")
    # Mix: 2022 diversion 2, court 1 of 3; 2023 diversion 1, caution 1, court 1 of 3 (the
    # criminal behaviour order, tier other, left out).
    assert ("Diversion was 33.3% of outcomes in the year to December 2023, down from 66.7% a "
            "year before; cautions (out of court) were 33.3% (0.0% a year before) and court "
            "outcomes 33.3% (33.3%).") in sentences
    assert sentences[-1].startswith(
        "1 of the 40 children aged 10–17 in care (2.5%) was cautioned or sentenced in the "
        "year to December 2023")
    mix = page.chart(overview.MIX)
    assert mix.title == "Diversion's share of outcomes fell to 33.3%"
    assert [r["Outcomes"] for r in mix.data["rows"]] == [2, 0, 1, 1, 1, 1]

    table = page.extras[overview.TABLE_DATA]
    assert table["columns"] == [
        "Indicator", "Latest", "95% interval", "Period", "Annual trend", "3-year trend",
        "vs England and Wales", "vs South West (region)", "vs F1 (family)",
        "vs Alpha and District (PCC area)", "vs Statistical neighbours", "Rank", "Quartile",
        "RAG"]
    rows = {row["Indicator"]: row for row in table["rows"]}
    first = rows["First time entrants (per 100,000 aged 10–17)"]
    assert (first["Rank"], first["Quartile"]) == ("joint 2nd of 5 services", "Upper middle")
    assert first["vs England and Wales"] == "Lower than 100 (better)"
    assert first["vs Statistical neighbours"] == "Higher than 1 (worse)"
    assert rows["Use of custody (per 1,000 aged 10–17)"]["Rank"] == "2nd of 2 services loaded"
    cared_row = rows["Children in care cautioned or sentenced (% of children looked after)"]
    assert cared_row["Latest"] == "2.5% (1 of 40)"
    # The local indicators join the table (docs/DEFINITIONS.md "Choice (overview)"): with no
    # local files loaded only serious violence, which needs only outcomes: none of Alpha's
    # outcomes is violent (all theft), so 0 of its 10,000 children in 2023. The data start
    # in June 2022, so the year to December 2022 has 3 quarters: not a year's rate, no trend.
    violence = rows["Serious violence (per 10,000 aged 10–17)"]
    assert (violence["Latest"], violence["Annual trend"]) == ("0.0 (0 outcomes)", "–")
    assert len(table["rows"]) == 6


def test_an_authority_is_not_ranked_and_the_pack_shows_rank_of_n(loaded):
    authority = figures_of_authority(loaded, "A1")
    assert {f["rank_status"] for f in authority.values()} == {"services_only"}
    assert all(f["rank"] is None for f in authority.values())
    from dashboard.output.board_pack import collect
    pack = collect("service:Alpha YJS", DEC23)
    ranks = {row["Indicator"]: row["Rank"] for row in pack.summary.data["rows"]}
    assert ranks["First time entrants (per 100,000 aged 10–17)"] == "joint 2nd of 5 services"
    assert any(s.startswith("Diversion was 33.3%") for s in pack.headlines)


def test_the_funnel_has_a_slide_and_a_drawing_in_the_pack_with_the_rank_of_n(loaded):
    # Alpha: 2 first entrants of 10,000 (20 per 100,000) against England and Wales 100.
    # Expected x = 10,000 × 100 / 100,000 = 10, so Byar: the 99.8% lower limit is
    # 10 × (1 − 1/90 − 3.0902/(3√10))³ = 2.92 children, 29.2 per 100,000: 20 lies below it.
    from dashboard.output.board_pack import collect, render_html
    from dashboard.web.presentation import SLIDE_KEYS, slide_body
    assert SLIDE_KEYS.index("fte-funnel") == SLIDE_KEYS.index("fte") + 1
    title, lead, _ = slide_body("fte-funnel", ViewState(area="service:Alpha YJS",
                                                        period=DEC23).to_dict())
    assert title.children == "Our rate is well below the range expected by chance"
    assert lead.children.startswith("Among every service in England and Wales, Alpha YJS is "
                                    "well below the expected range (outside the 99.8% limit)")
    assert lead.children.endswith("and ranks joint 2nd of 5 services (upper middle "
                                  "quartile); 1st is lowest.")
    pack = collect("service:Alpha YJS", DEC23)
    funnel = next(c for c in dict(pack.sections)["First time entrants"]
                  if c.chart_id == "fte-funnel")
    assert funnel.lead == lead.children
    document = render_html(pack)
    assert 'id="chart-fte-funnel"' in document and funnel.lead in document


def figures_of_authority(engine, code: str) -> dict:
    selection = Selection(level="local_authority", area=code)
    found = headline_figures(engine, selection, date(2023, 12, 31))
    found += summary_rows(engine, selection, date(2023, 12, 31))
    return {f["indicator"]: f for f in found}


def test_with_a_filter_services_are_ranked_among_those_loaded_and_not_compared(loaded):
    from dashboard.contract.selection import CohortFilter
    boys = Selection(level="service", area="Alpha YJS", cohort=CohortFilter(sex="M"))
    fte = {f["indicator"]: f for f in headline_figures(loaded, boys, date(2023, 12, 31))}[
        "fte_rate"]
    # Every child is a boy: Alpha 20 and Beta 40 per 100,000 boys; the published rows
    # (all children) leave the field.
    assert fte["value"] == pytest.approx(20.0)
    assert (fte["rank"], fte["rank_of"], fte["rank_field"]) == (1, 2, "filtered")
    national = fte["benchmarks"]["national"]
    assert (national["value"], national["significance"], national["all_children"]) == (
        100.0, None, True)
