"""The reoffending page on both bases and the disproportionality page's minority ethnic total
and small numbers, built from a tiny hand-made dataset (pure builds, slides; no browser).

    Alpha YJS = A1 (9,000 White boys and 50 Black boys aged 10–17 in 2023)
    Beta YJS  = B1 (2,000 White boys)

    c1  A1  2023-01-05  youth caution                 no reoffence
    c2  A1  2023-02-01  referral order (Black)        then a youth caution 2023-06-01 for an
                                                      offence on 2023-05-20: a reoffence
    c3  A1  2023-03-15  youth caution                 then a community resolution 2023-04-10
                                                      (offence 2023-04-01): diversion
    c4  A1  2023-02-10  fine                          no reoffence
    c5  A1  2023-03-20  youth conditional caution     no reoffence
    d1  A1  2023-01-10  community resolution          then another 2023-03-01 (offence
                                                      2023-02-20): diversion only, throughout
    b2  B1  2023-02-15  community resolution          Beta's, diversion only
    b1  B1  2024-12-31  youth caution                 Beta's; sets the as-of date

The January–March 2023 cohort of Alpha YJS is complete (as of 31 December 2024 ≥ 31 March
2023 + 18 months):
- national definition: c1, c2, c3, c4, c5 = 5 children; only c2 reoffended (c3's reoffence
  was a diversion outcome, which does not count) → 1 of 5 = 20.0%;
- every outcome: those five and d1 = 6 children; c2, c3 and d1 reoffended → 3 of 6 = 50.0%.
"""
from __future__ import annotations

import math

import pytest

from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.web.pages import content, disproportionality, reoffending
from dashboard.web.state import ViewState
from yj_testdata import la, loaded_for_builds, out, pop, rri_interval, write_folder

ALPHA = ViewState(area="service:Alpha YJS", period="2023-03-31")
EVERY = ALPHA.with_(basis="all_outcomes")
Z = 1.959963984540054


AUTHORITIES = [la("A1", "Alpha YJS", "Alpha"), la("B1", "Beta YJS", "Beta")]
POPULATION = [pop("A1", 2023, 9000, "White"), pop("A1", 2023, 50, "Black"),
              pop("B1", 2023, 2000, "White")]
OUTCOMES = [out("c1", "c1", "A1", "2023-01-05", "youth_caution"),
            out("c2a", "c2", "A1", "2023-02-01", "referral_order", ethnicity="Black"),
            out("c2b", "c2", "A1", "2023-06-01", "youth_caution", offence_date="2023-05-20",
                ethnicity="Black"),
            out("c3a", "c3", "A1", "2023-03-15", "youth_caution"),
            out("c3b", "c3", "A1", "2023-04-10", "community_resolution",
                offence_date="2023-04-01"),
            out("c4", "c4", "A1", "2023-02-10", "fine"),
            out("c5", "c5", "A1", "2023-03-20", "youth_conditional_caution"),
            out("d1a", "d1", "A1", "2023-01-10", "community_resolution"),
            out("d1b", "d1", "A1", "2023-03-01", "community_resolution",
                offence_date="2023-02-20"),
            out("b2", "b2", "B1", "2023-02-15", "community_resolution"),
            out("b1", "b1", "B1", "2024-12-31", "youth_caution")]


def wilson(x: float, n: int) -> tuple[float, float]:
    """docs/CONTRACT.md §4 v2, written out: (2x + z² ± z√(z² + 4x(1 − x/n))) / (2(n + z²))."""
    centre, spread = 2 * x + Z * Z, Z * math.sqrt(Z * Z + 4 * x * (1 - x / n))
    return ((centre - spread) / (2 * (n + Z * Z)) * 100,
            (centre + spread) / (2 * (n + Z * Z)) * 100)


@pytest.fixture(scope="module", autouse=True)
def tiny_database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("basis")
    url = f"sqlite:///{folder / 'basis.db'}"
    national = [{"indicator": "reoffending_binary_rate", "period_end": end,
                 "area_type": "national", "area_name": "England and Wales", "value": "30.0"}
                for end in ("2022-06-30", "2022-09-30", "2022-12-31", "2023-03-31")]
    write_folder(folder / "data", AUTHORITIES, POPULATION, OUTCOMES, national)
    with loaded_for_builds(folder / "data", url):
        yield


def table(chart) -> dict:
    """{cohort or group: row} of a chart's table."""
    first = chart.data["columns"][0]
    return {row[first]: row for row in chart.data["rows"]}


# --- reoffending: the basis switch ---------------------------------------------------------

def test_the_basis_changes_the_cohort_a_diversion_only_reoffender_counts_on_every_outcome():
    national = table(content(reoffending, ALPHA).chart(reoffending.RATE))["January–March 2023"]
    every = table(content(reoffending, EVERY).chart(reoffending.RATE))["January–March 2023"]
    assert (national["Children in cohort"], national["Children who reoffended"],
            national["% reoffended"]) == (5, 1, 20.0)
    assert (every["Children in cohort"], every["Children who reoffended"],
            every["% reoffended"]) == (6, 3, 50.0)
    assert national["Basis"] == "National definition (cautions and sentences)"
    assert every["Basis"] == "Every outcome, including diversion"


def test_the_children_behind_the_cohort_follow_the_basis():
    from dashboard.web.session import selection_for
    from queries.drill import children_behind
    from datetime import date
    ids = {}
    for state in (ALPHA, EVERY):
        frame = children_behind(get_engine(), "cohort", selection_for(state),
                                period_end=date(2023, 3, 31), cohort_start=date(2023, 1, 1),
                                as_of=date(2024, 12, 31), basis=state.basis)
        ids[state.basis] = set(frame["child_id"])
    assert ids == {"national": {"c1", "c2", "c3", "c4", "c5"},
                   "all_outcomes": {"c1", "c2", "c3", "c4", "c5", "d1"}}


def test_the_rate_carries_its_wilson_interval_worked_out_by_hand():
    # 1 of 5: (2 + 3.84 ± 1.96 √(3.84 + 3.2)) / (2 × 8.84) = 3.6% to 62.4%
    # 3 of 6: (6 + 3.84 ± 1.96 √(3.84 + 6)) / (2 × 9.84) = 18.8% to 81.2%
    assert [round(v, 1) for v in wilson(1, 5)] == [3.6, 62.4]
    assert [round(v, 1) for v in wilson(3, 6)] == [18.8, 81.2]
    for state, (x, n) in ((ALPHA, (1, 5)), (EVERY, (3, 6))):
        rate = content(reoffending, state).chart(reoffending.RATE)
        row = table(rate)["January–March 2023"]
        low, high = wilson(x, n)
        assert (row["% reoffended: 95% interval lower"],
                row["% reoffended: 95% interval upper"]) == (round(low, 1), round(high, 1))
        upper, lower = rate.figure.data[0], rate.figure.data[1]
        assert lower.fill == "tonexty"
        assert (lower.y[0], upper.y[0]) == pytest.approx((low, high))


def test_headlines_name_the_basis_and_compare_statistically():
    national = content(reoffending, ALPHA)
    # 20.0% with its interval 3.6%–62.4% holds the national 30.0% (the mean of the four
    # quarters published): statistically similar, and only 5 children.
    assert national.headlines[0] == (
        "20.0% of the 5 children cautioned or sentenced in Alpha YJS in April 2022 – March "
        "2023 (only 1 of its 4 quarterly cohorts have data) reoffended within a year (based "
        "on 5 children — treat with caution) and statistically similar to the national rate "
        "of 30.0%.")
    every = content(reoffending, EVERY)
    assert every.headlines[0] == (
        "50.0% of the 6 children given any outcome (diversion included) in Alpha YJS in April "
        "2022 – March 2023 (only 1 of its 4 quarterly cohorts have data) reoffended within a "
        "year (based on 6 children — treat with caution); comparators are not available for "
        "this basis.")


def test_every_chart_table_and_file_is_labelled_with_its_basis():
    for state, label, part in ((ALPHA, "National definition (cautions and sentences)",
                                "-national-"),
                               (EVERY, "Every outcome, including diversion", "-every-outcome-")):
        page = content(reoffending, state)
        assert page.failures == []
        drawn = [c for c in page.charts if c.data]
        assert {c.chart_id for c in drawn} >= {reoffending.RATE, reoffending.TRACKER,
                                                reoffending.BY["sex"]}
        for chart in drawn:
            assert label in chart.subtitle, chart.chart_id
            assert part in chart.data["filename"], chart.chart_id
            assert "Basis" in chart.data["columns"], chart.chart_id
            assert {row["Basis"] for row in chart.data["rows"]} == {label}


def test_published_comparators_only_on_the_national_basis():
    national = content(reoffending, ALPHA).chart(reoffending.RATE)
    assert "England and Wales" in [t.name for t in national.figure.data]
    row = table(national)["January–March 2023"]
    assert row["England and Wales (% reoffended)"] == 30.0
    assert row["Statistically, compared with England and Wales"] == "similar"
    every = content(reoffending, EVERY).chart(reoffending.RATE)
    assert "England and Wales" not in [t.name for t in every.figure.data]
    assert not any("England and Wales" in c for c in every.data["columns"])
    assert every.note.startswith("Comparators are not available for this basis")
    assert "No published comparator<br>for this basis" in [
        a.text for a in every.figure.layout.annotations]
    assert "every outcome" in every.figure.layout.xaxis.title.text


def test_other_services_compare_on_the_same_basis():
    # Beta's only child in January–March 2023 had a community resolution: a cohort on
    # every outcome (1 child, none reoffended), none on the national definition.
    every = content(reoffending, EVERY.with_(compare="services")).chart(reoffending.RATE)
    assert table(every)["January–March 2023"]["Beta YJS (% reoffended)"] == 0.0
    national = content(reoffending, ALPHA.with_(compare="services")).chart(reoffending.RATE)
    assert table(national)["January–March 2023"].get("Beta YJS (% reoffended)") is None


def test_a_diversion_filter_finds_children_on_every_outcome_only():
    national = content(reoffending, ALPHA.with_(tier="diversion"))
    assert national.headlines[0].startswith("Diversion outcomes do not start a reoffending "
                                            "cohort on the national definition")
    every = content(reoffending, EVERY.with_(tier="diversion"))
    row = table(every.chart(reoffending.RATE))["January–March 2023"]
    assert (row["Children in cohort"], row["Children who reoffended"]) == (1, 1)  # d1


def test_the_slide_says_which_basis_it_shows():
    from dashboard.web.presentation import slide_body
    title, sentence, graph = slide_body("reoffending", EVERY.to_dict())
    assert "given any outcome (diversion included)" in sentence.children
    assert graph.children.figure.layout.xaxis.title.text.startswith(
        "Quarterly cohort: every outcome")
    _, sentence, graph = slide_body("reoffending", ALPHA.to_dict())
    assert "children cautioned or sentenced" in sentence.children
    assert graph.children.figure.layout.xaxis.title.text.startswith(
        "Quarterly cohort: national definition")


# --- disproportionality: the minority ethnic total and a single child --------------------

def test_minority_ethnic_comes_first_with_its_relative_rate_and_interval():
    page = content(disproportionality, ALPHA, stage="court")
    assert page.failures == []
    rri = page.chart(disproportionality.RRI)
    assert [r["Ethnic group"] for r in rri.data["rows"]] == [
        "Minority ethnic", "White", "Mixed", "Asian", "Black", "Other"]
    assert list(rri.figure.data[0].y)[0] == "Minority ethnic"
    assert list(page.chart(disproportionality.SHARES).figure.data[0].y)[0] == "Minority ethnic"
    # At court: c4 (fine), White, of 9,000; c2 (referral order), Black, of 50. The minority
    # total is c2 alone: RRI (1/50) / (1/9000) = 180.
    low, high = rri_interval(1, 50, 1, 9000)
    minority = table(rri)["Minority ethnic"]
    assert minority["Relative rate index (vs White)"] == 180.0
    assert (minority["95% interval: lower"], minority["95% interval: upper"]) == (
        round(low, 2), round(high, 2))
    assert minority["% of children at this stage"] == 50.0           # 1 of 2
    assert minority["% of children aged 10–17"] == round(50 / 9050 * 100, 1)  # 0.6


def test_a_single_child_is_never_significant_without_the_caution():
    page = content(disproportionality, ALPHA, stage="court")
    low, high = rri_interval(1, 50, 1, 9000)
    assert low > 1  # significant however few: the caution must say so
    caution = "based on only 1 child — treat with caution"
    black = table(page.chart(disproportionality.RRI))["Black"]
    assert black["What it means"] == ("180.0 times as likely — significantly "
                                      f"over-represented, {caution}")
    assert black["Small numbers"] == "fewer than 5 children"
    dots, words = page.chart(disproportionality.RRI).figure.data[:2]
    black_at = list(dots.y).index("Black")
    assert caution in dots.customdata[black_at][1]                       # hover
    assert words.text[black_at] == ("180.0 times as likely<br>significantly over-represented"
                                    "<br>based on only 1 child — caution")    # label
    assert page.headlines[0] == (
        "Sentenced at court: 50.0% of the children were from minority ethnic groups (1 of 2 "
        "with a recorded ethnicity), against 0.6% of all children aged 10–17. They were 180.0 "
        f"times as likely as White children to be sentenced at court (95% interval {low:.1f} "
        f"to {high:.1f}) — significantly over-represented, {caution}.")
    assert page.headlines[1] == (
        "Black children were 180.0 times as likely as White children to be sentenced at court "
        f"in the year to March 2023 (based on only 1 child — treat with caution).")
    for sentence in page.headlines:
        if "significantly over-represented" in sentence or "times as likely" in sentence:
            assert "based on only 1 child" in sentence
    assert page.chart(disproportionality.RRI).title == (
        "Black children over-represented at court: 180.0 times as likely (based on only 1 "
        "child)")


# --- every service: the funnel plot (the shared builder, dashboard/figures/funnel.py) ------

def test_the_funnel_places_the_latest_complete_cohort_among_every_service(tmp_path,
                                                                          monkeypatch):
    from yj_testdata import write_csv
    # Published: England and Wales 30.0%; Other YJS 20 of 50 (40.0%), Third YJS 5 of 50
    # (10.0%); Alpha YJS's own cohort of January–March 2023 is 1 of 5 (20.0%); Beta YJS has
    # no national cohort then (a community resolution only) and no published row.
    folder = tmp_path / "funnel"
    write_folder(folder, AUTHORITIES, POPULATION, OUTCOMES)
    row = {"indicator": "reoffending_binary_rate", "period_end": "2023-03-31"}
    write_csv(folder / "benchmarks.csv",
              ["indicator", "period_end", "area_type", "area_name", "value", "numerator",
               "denominator"],
              [{**row, "area_type": "national", "area_name": "England and Wales",
                "value": "30.0", "numerator": "", "denominator": ""},
               {**row, "area_type": "service", "area_name": "Other YJS", "value": "40.0",
                "numerator": "20", "denominator": "50"},
               {**row, "area_type": "service", "area_name": "Third YJS", "value": "10.0",
                "numerator": "5", "denominator": "50"}])
    url = f"sqlite:///{tmp_path / 'funnel.db'}"
    engine = get_engine(url)
    load_folder(folder, engine)
    monkeypatch.setenv("DATABASE_URL", url)
    page = content(reoffending, ALPHA, only={reoffending.FUNNEL})
    chart = page.chart(reoffending.FUNNEL)
    assert page.failures == []
    assert chart.title == "Our rate is within the range expected by chance"
    assert "the cohort of January–March 2023, the latest complete" in chart.subtitle
    # Alpha: 20.0% of 5; limits around 30% for n = 5 (x = 1.5): Wilson, written out.
    low, high = wilson(1.5, 5)
    first = chart.data["rows"][0]
    assert (first["Service"], first["Children in cohort"], first["Children who reoffended"],
            first["% reoffended"]) == ("Alpha YJS", 5, 1, 20.0)
    assert (first["95% limit: lower"], first["95% limit: upper"]) == (round(low, 1),
                                                                      round(high, 1))
    assert first["Position"] == "Within the expected range"
    # ranks: Third 10% (1st), Alpha 20% (2nd), Other 40% (3rd); quartile ceil(4 × 2 / 3) = 3
    assert "Alpha YJS ranks 2nd of 3 services (lower middle quartile)" in chart.note
    every = content(reoffending, EVERY, only={reoffending.FUNNEL}).chart(reoffending.FUNNEL)
    assert every.title == "Every service compared: national definition only"
    engine.dispose()
