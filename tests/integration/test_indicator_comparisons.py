"""The first time entrants and custody builds against every comparator (data contract v2,
docs/CONTRACT.md §4 intervals and significance, §4b rank and funnel plot), on SQLite and
PostgreSQL, on a hand-made dataset with published service rows.

The data (every child a White boy aged 15, theft, unless stated):

    Kingsmoor YJS = Kingsmoor (K1: 6,000 children) + Fenby (K2: 4,000)  -> 10,000
    Northmoor YJS = Northmoor (N1: 5,000)

    year to December 2022: 25 children entered in Kingsmoor (K1) -> 250 per 100,000;
                           Northmoor's first child on 1 January 2022 (the data begin).
    year to December 2023: Kingsmoor 9 (K1) + 1 (K2) = 10 children -> 100 per 100,000;
                           Northmoor 2 -> 40 per 100,000.
                           Custody, Kingsmoor (K1): c1 a detention and training order, c2
                           two of them, c3 a local custodial code: 3 children received 4
                           custodial sentences (0.40 per 1,000).

Published for the year to December 2023 (fte_rate): England and Wales 200 (12,000 of
6,000,000), East Midlands region 150, Family A 90, one police force area 120, two
statistical neighbour groups; service rows Kingsmoor YJS 500 (replaced by its own 100),
Northmoor YJS 999 (replaced by 40), Other A YJS 210 (42 of 20,000), Other B YJS 300 (150 of
50,000) and Other C YJS 80 (no counts: ranked, not plotted).

Intervals are worked out by hand from docs/CONTRACT.md §4 (the exact Poisson limits from
statistical tables, Byar's formula written out), never with the code under test.
"""
from __future__ import annotations

import pytest

from dashboard.web.pages import content, custody, fte
from dashboard.web.state import ViewState
from yj_testdata import (bench, la, loaded_for_builds, otype, out, pop, write_folder,
                         write_v2)

KINGSMOOR = ViewState(area="service:Kingsmoor YJS", period="2023-12-31")


def _outcomes() -> list[dict]:
    rows = [out("n0", "n0", "N1", "2022-01-01", "youth_caution")]
    rows += [out(f"p{i:02d}", f"p{i:02d}", "K1", "2022-03-01", "youth_caution")
             for i in range(25)]
    rows += [out(f"c{i}", f"c{i}", "K1", "2023-02-01", "youth_caution") for i in range(1, 10)]
    rows += [out("c10", "c10", "K2", "2023-03-01", "youth_caution"),
             out("n1", "n1", "N1", "2023-04-01", "youth_caution"),
             out("n2", "n2", "N1", "2023-04-01", "youth_caution"),
             out("d1", "c1", "K1", "2023-05-01", "detention_training_order"),
             out("d2", "c2", "K1", "2023-06-01", "detention_training_order"),
             out("d3", "c2", "K1", "2023-09-01", "detention_training_order"),
             out("d4", "c3", "K1", "2023-10-01", "detention_local"),
             out("n3", "n3", "N1", "2023-12-31", "community_resolution")]
    return rows


def _benchmarks() -> list[dict]:
    year = "2023-12-31"
    rows = [bench("fte_rate", "2022-12-31", "national", "England and Wales", 210, 12600,
                  6000000),
            bench("fte_rate", year, "national", "England and Wales", 200, 12000, 6000000),
            bench("fte_rate", year, "region", "East Midlands", 150),
            bench("fte_rate", year, "family", "Family A", 90),
            bench("fte_rate", year, "pcc", "Kingsmoor and Fenby", 120),
            bench("fte_rate", year, "statistical_neighbours", "Kingsmoor statistical neighbours",
                  100),
            bench("fte_rate", year, "statistical_neighbours", "Northmoor statistical neighbours",
                  300),
            bench("fte_rate", year, "service", "Kingsmoor YJS", 500, 50, 10000),
            bench("fte_rate", year, "service", "northmoor yjs ", 999, 50, 5000),
            bench("fte_rate", year, "service", "Other A YJS", 210, 42, 20000),
            bench("fte_rate", year, "service", "Other B YJS", 300, 150, 50000),
            bench("fte_rate", year, "service", "Other C YJS", 80),
            bench("custody_rate", year, "national", "England and Wales", 0.15, 900, 6000000),
            bench("custody_rate", year, "service", "Other A YJS", 0.2, 4, 20000),
            bench("custody_rate", year, "service", "Other B YJS", 0.1, 5, 50000)]
    return rows


@pytest.fixture(scope="module", autouse=True,
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def field_database(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("field")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'field.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        server.admin_execute('CREATE DATABASE "indicator_field"')
        url = server.url("indicator_field")
    data = write_folder(
        folder / "data",
        [la("K1", "Kingsmoor YJS", "Kingsmoor", "East Midlands", "Family A"),
         la("K2", "Kingsmoor YJS", "Fenby", "East Midlands", "Family A"),
         la("N1", "Northmoor YJS", "Northmoor", "North West", "Family B")],
        [pop("K1", 2023, 6000), pop("K2", 2023, 4000), pop("N1", 2023, 5000)],
        _outcomes())
    write_v2(data, outcome_types=[otype("detention_local", "custody", "yes", "yes",
                                        "Detention (local order)")],
             benchmarks=_benchmarks())
    with loaded_for_builds(data, url):
        yield
    if request.param == "postgresql":
        server.admin_execute('DROP DATABASE IF EXISTS "indicator_field" WITH (FORCE)')


def rows(chart) -> list[dict]:
    return chart.data["rows"]


def by_first_column(chart) -> dict:
    first = chart.data["columns"][0]
    return {row[first]: row for row in rows(chart)}


# --- intervals ---------------------------------------------------------------------------

def test_every_rate_carries_its_interval_for_9_and_10_events():
    page = content(fte, KINGSMOOR)
    assert page.failures == []
    # The service: 10 children of 10,000 = 100 per 100,000. Byar (x >= 10):
    #   lower = 10 (1 - 1/90 - 1.96/(3 sqrt 10))^3 = 10 x 0.78229^3 = 4.787 -> 48
    #   upper = 11 (1 - 1/99 + 1.96/(3 sqrt 11))^3 = 11 x 1.18688^3 = 18.391 -> 184
    assert page.headlines[0] == ("In the year to December 2023, 10 children entered the "
                                 "justice system in Kingsmoor YJS — 100 per 100,000 children "
                                 "aged 10–17 (95% interval 48 to 184).")
    trend = by_first_column(page.chart(fte.TREND))["31 Dec 2023"]
    assert (trend["Kingsmoor YJS (rate per 100,000)"],
            trend["Kingsmoor YJS (95% interval: lower)"],
            trend["Kingsmoor YJS (95% interval: upper)"]) == (100, 48, 184)
    counts = by_first_column(page.chart(fte.COUNTS))["31 Dec 2023"]
    assert (counts["95% interval: lower"], counts["95% interval: upper"]) == (48, 184)
    # Kingsmoor: 9 of 6,000 = 150, exact Poisson (x < 10): chi2(0.025; 18) / 2 = 4.1154 and
    # chi2(0.975; 20) / 2 = 17.0848 -> 69 and 285. Fenby: 1 of 4,000 = 25: chi2(0.025; 2) / 2
    # = 0.0253 and chi2(0.975; 4) / 2 = 5.5716 -> 1 and 139.
    split = by_first_column(page.chart(fte.LA))
    assert [(split[n]["Rate per 100,000"], split[n]["95% interval: lower"],
             split[n]["95% interval: upper"]) for n in ("Kingsmoor", "Fenby")] == [
        (150, 69, 285), (25, 1, 139)]
    # The breakdowns by sex carry limits too (all 10 are boys of 10,000: as the service).
    boys = by_first_column(page.chart(fte.SEX))["Boys"]
    assert (boys["95% interval: lower"], boys["95% interval: upper"]) == (48, 184)
    # Whiskers are drawn at the unrounded limits.
    figure = page.chart(fte.LA).figure
    whisker = next(t for t in figure.data if t.name == "95% interval" and t.line.width < 4)
    assert [round(x, 2) for x in list(whisker.x)[:2]] == [0.63, 139.29]   # Fenby, first by name


def test_the_year_on_year_change_is_judged_only_beyond_chance():
    page = content(fte, KINGSMOOR)
    # 250 a year earlier lies above the upper limit 184: a significant fall.
    assert page.headlines[1] == ("That is 60% lower than a year earlier (250 per 100,000), a "
                                 "statistically significant fall — better.")


# --- comparators -------------------------------------------------------------------------

@pytest.mark.parametrize("compare, sentence", [
    ("national", "This is statistically lower than the England and Wales rate of 200 — better "
                 "(our 95% interval, 48 to 184, is below it)."),
    ("region", "This is statistically similar to the East Midlands regional rate of 150 (our "
               "95% interval, 48 to 184, includes it)."),
    ("family", "This is statistically similar to the Family A comparator family rate of 90 "
               "(our 95% interval, 48 to 184, includes it)."),
    ("pcc", "This is statistically similar to the Kingsmoor and Fenby PCC area rate of 120 "
            "(our 95% interval, 48 to 184, includes it)."),
    # Two groups are published; the one naming one of the service's authorities applies.
    ("statistical_neighbours", "This is statistically similar to the statistical "
                               "neighbours' rate of 100 (our 95% interval, 48 to 184, includes "
                               "it)."),
    # Northmoor's own 40 is below our lower limit of 47.9.
    ("services", "Against the other service loaded, this is statistically higher than "
                 "Northmoor YJS (40) — worse."),
])
def test_every_comparator_type_is_compared_in_words(compare, sentence):
    page = content(fte, KINGSMOOR.with_(compare=compare))
    assert page.headlines[2] == sentence


def test_the_chosen_comparator_is_drawn_beside_england_and_wales():
    page = content(fte, KINGSMOOR.with_(compare="pcc"))
    columns = page.chart(fte.TREND).data["columns"]
    assert "Kingsmoor and Fenby (PCC area) (rate per 100,000)" in columns
    assert "England and Wales (rate per 100,000)" in columns


# --- every service: rank and funnel --------------------------------------------------------

def test_the_funnel_places_the_service_among_every_service():
    page = content(fte, KINGSMOOR)
    # Field: Northmoor 40, Other C 80, Kingsmoor 100, Other A 210, Other B 300: Kingsmoor is
    # 3rd of 5, quartile ceil(4 x 3 / 5) = 3, lower middle.
    # Funnel at Kingsmoor's 10,000 children around 200 per 100,000: x = 20 (Byar)
    #   95%:   20 (1 - 1/180 - 1.96/(3 sqrt 20))^3 = 12.211 -> 122;
    #          21 (1 - 1/189 + 1.96/(3 sqrt 21))^3 = 30.890 -> 309
    #   99.8%: 20 (1 - 1/180 - 3.0902/(3 sqrt 20))^3 = 8.923 -> 89;
    #          21 (1 - 1/189 + 3.0902/(3 sqrt 21))^3 = 38.085 -> 381
    # 100 is below 122 but above 89: outside the 95% limits, inside the 99.8% ones.
    assert page.headlines[3] == (
        "Among every service in England and Wales, Kingsmoor YJS is below the 95% limit — "
        "lower than chance alone would explain (better) — and ranks 3rd of 5 services (lower "
        "middle quartile); 1st is lowest.")
    chart = page.chart(fte.FUNNEL)
    assert chart.title == "Our rate is lower than chance would explain"
    assert "Kingsmoor YJS ranks 3rd of 5 services (lower middle quartile)" in chart.subtitle
    assert chart.note.startswith("Kingsmoor YJS is below the 95% limit.")
    table = chart.data
    assert table["columns"] == ["Service", "Children aged 10–17 (population)",
                                "Children entering (count)", "Rate per 100,000",
                                "95% limit: lower", "95% limit: upper", "99.8% limit: lower",
                                "99.8% limit: upper", "Position"]
    # Our own figure replaces the published row; Other C has no counts, so no point.
    assert [r["Service"] for r in table["rows"]] == ["Kingsmoor YJS", "Northmoor YJS",
                                                     "Other A YJS", "Other B YJS"]
    assert table["rows"][0] == {
        "Service": "Kingsmoor YJS", "Children aged 10–17 (population)": 10000,
        "Children entering (count)": 10, "Rate per 100,000": 100, "95% limit: lower": 122,
        "95% limit: upper": 309, "99.8% limit: lower": 89, "99.8% limit: upper": 381,
        "Position": "Below the 95% limit"}
    traces = {t.name: t for t in chart.figure.data}
    ours = traces["Kingsmoor YJS"]
    assert ours.hovertext[0] == ("<b>Kingsmoor YJS</b><br>100 per 100,000 (10 children "
                                 "entered, of 10,000 aged 10–17)<br>Below the 95% limit")
    others = traces["Other services"]
    assert any(h.startswith("<b>Other B YJS</b><br>300 per 100,000 (150 children entered, "
                            "of 50,000 aged 10–17)") for h in others.hovertext)
    # A loaded service can be clicked to show it; a published one cannot.
    clicks = dict(zip(others.hovertext, [c[0] for c in others.customdata]))
    assert "area=service:Northmoor YJS" in clicks.values()


def test_funnels_compare_services_so_an_authority_gets_a_message():
    for area in ("la:K1", "all"):
        page = content(fte, KINGSMOOR.with_(area=area))
        chart = page.chart(fte.FUNNEL)
        assert chart.title == "Funnel plots compare services"
        assert "Choose a service" in chart.figure.layout.annotations[0].text.replace("<br>", " ")
        assert not any(h.startswith("Among every service") for h in page.headlines)


def test_with_filters_the_funnel_is_for_all_children_and_says_so():
    page = content(fte, KINGSMOOR.with_(sex="M"))
    chart = page.chart(fte.FUNNEL)
    assert "The funnel plot is for all children" in chart.note
    assert not any(h.startswith("Among every service") for h in page.headlines)


# --- custody -------------------------------------------------------------------------------

def test_custody_counts_children_and_sentences_and_lists_local_codes():
    page = content(custody, KINGSMOOR)
    assert page.failures == []
    # 4 of 10,000 = 0.40 per 1,000; exact limits chi2(0.025; 8) / 2 = 1.0899 and
    # chi2(0.975; 10) / 2 = 10.2416 -> 0.11 and 1.02.
    assert page.headlines[0] == ("In the year to December 2023 the custody rate in Kingsmoor "
                                 "YJS was 0.40 per 1,000 children aged 10–17 (95% interval "
                                 "0.11 to 1.02) — 3 children received 4 custodial sentences.")
    counts = page.chart(custody.COUNTS)
    assert counts.title == "4 custodial sentences for 3 children, up from none"
    year = by_first_column(counts)["31 Dec 2023"]
    assert (year["Custodial sentences"], year["Children sentenced"]) == (4, 3)
    assert [t.name for t in counts.figure.data] == ["Custodial sentences", "Children sentenced"]
    types = {r["Group"]: r["Custodial sentences"] for r in rows(page.chart(custody.TYPE))}
    assert types == {"Detention and training order": 3, "Section 250 detention (formerly s91)": 0,
                     "Extended sentence or detention for life": 0,
                     "Detention (local order)": 1}
    # The custody funnel: at 10,000 children around 0.15 per 1,000, x = 1.5 (exact):
    # chi2(0.975; 5) / 2 = 6.4163 -> upper 0.64; 0.40 is within.
    funnel = page.chart(custody.FUNNEL)
    assert funnel.title == "Our rate is within the range expected by chance"
    assert funnel.data["rows"][0]["95% limit: upper"] == 0.64


def test_a_slide_of_the_funnel_builds_alone():
    page = content(fte, KINGSMOOR, only={fte.FUNNEL})
    assert [c.chart_id for c in page.charts] == [fte.FUNNEL]
    assert page.chart(fte.FUNNEL).title == "Our rate is lower than chance would explain"
