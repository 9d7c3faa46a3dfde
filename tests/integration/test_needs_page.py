"""The needs and outcomes page's pure build() on a hand-made dataset with the four local
files, and on one without them: no browser, no Dash app.

North YJS = A1 (6,000 children aged 10–17 in 2023) + A2 (4,000); South YJS = B1 (2,000).
The page's period is the year to June 2024 (July 2023 – June 2024); the year before is
July 2022 – June 2023. Everything below is North YJS unless stated.

Outcomes (they make the reporting periods; the first, 15 July 2022, starts them):
    o1  A1  2022-07-15  youth caution, theft
    o2  A1  2023-08-10  referral order, robbery, gravity 6           serious violence
    o3  A2  2024-02-01  youth caution, violence against the person, gravity 5   serious
    o4  A1  2024-05-20  fine, theft
    o5  B1  2024-06-30  youth caution (South; the latest outcome: the as-of date)

Interventions ending in the year:
    30 court (community), A1, ending 15 May 2024 (April–June): accommodation suitable for
       the first 25, unsuitable for 5; ETE status school 10, training 5, employment 3,
       NEET 8, not recorded 4
    22 out of court, A2, ending 10 February 2024 (January–March): suitable 16, unsuitable
       6; completed 18, breached 4; ETE status school 12, further education 4, NEET 6
     3 custody, A1, ending 1 June 2024: nothing recorded
and in the year before: 10 court (community), A1, ending 15 March 2023: 5 suitable.
"""
from __future__ import annotations

import re

import pytest

from dashboard.analysis.thresholds import load_thresholds
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.web.page_content import EMPTY_TITLE
from dashboard.web.pages import content, needs, overview
from dashboard.web.state import ViewState
from yj_testdata import (LAA, YDA, board, d, intervention, la, out, pop, remand, victim,
                         wilson_pct, write_folder, write_local)

NORTH = ViewState(area="service:North YJS", period="2024-06-30")
AUTHORITIES = [la("A1", "North YJS", "Alpha"), la("A2", "North YJS", "Beta"),
               la("B1", "South YJS", "Gamma")]
POPULATION = [pop("A1", 2023, 6000), pop("A2", 2023, 4000), pop("B1", 2023, 2000)]
OUTCOMES = [
    out("o1", "c1", "A1", "2022-07-15", "youth_caution"),
    out("o2", "c2", "A1", "2023-08-10", "referral_order", offence_group="Robbery",
        gravity="6"),
    out("o3", "c3", "A2", "2024-02-01", "youth_caution",
        offence_group="Violence against the person", gravity="5"),
    out("o4", "c4", "A1", "2024-05-20", "fine"),
    out("o5", "c5", "B1", "2024-06-30", "youth_caution"),
]
COURT_ETE = ["school"] * 10 + ["training"] * 5 + ["employment"] * 3 + ["neet"] * 8 + [""] * 4
OOC_ETE = ["school"] * 12 + ["further_education"] * 4 + ["neet"] * 6
INTERVENTIONS = (
    [intervention(f"c{i}", "A1", "court_community", "2024-05-15",
                  accommodation_end="suitable" if i < 25 else "unsuitable",
                  ete_status_end=COURT_ETE[i]) for i in range(30)]
    + [intervention(f"o{i}", "A2", "out_of_court", "2024-02-10",
                    "completed" if i < 18 else "breached",
                    accommodation_end="suitable" if i < 16 else "unsuitable",
                    ete_status_end=OOC_ETE[i]) for i in range(22)]
    + [intervention(f"x{i}", "A1", "custody", "2024-06-01") for i in range(3)]
    + [intervention(f"b{i}", "A1", "court_community", "2023-03-15", start_date="2023-01-01",
                    accommodation_end="suitable" if i < 5 else "unsuitable")
       for i in range(10)]
    + [intervention("s1", "B1", "prevention", "2024-04-10", accommodation_end="suitable")])
VICTIMS = [
    # July–September 2023: 4 contacted, 3 agreed, 2 took part
    victim("v1", "A1", "2023-08-01", "Y", "Y"), victim("v2", "A1", "2023-08-02", "Y", "Y"),
    victim("v3", "A1", "2023-08-03", "Y", "N"), victim("v4", "A1", "2023-08-04", "N", "N"),
    # April–June 2024: 6 contacted, 5 agreed, 1 took part
    victim("v5", "A2", "2024-05-01", "Y", "Y"),
    *[victim(f"v{i}", "A2", "2024-05-02", "Y", "N") for i in range(6, 10)],
    victim("v10", "A2", "2024-05-03", "N", "N"),
]
BOARD = [
    *[board("2023-09-12", "North YJS", partner, attended) for partner, attended in (
        ("police", "Y"), ("probation", "Y"), ("health", "N"), ("education", "Y"),
        ("childrens_social_care", "Y"), ("other", "Y"))],
    *[board("2024-03-05", "North YJS", partner, attended) for partner, attended in (
        ("police", "Y"), ("probation", "N"), ("health", "N"), ("education", "Y"),
        ("childrens_social_care", "Y"))],
    board("2024-03-06", "South YJS", "police", "N"),
]
REMANDS = [
    # 10 nights (10–19 January) in youth detention at £500; ended with a community sentence
    remand("r1", "k1", "A1", "2024-01-10", "2024-01-20", YDA, "community_sentence", "500"),
    # 3 nights (1–3 March) in local authority accommodation, no cost, no result yet
    remand("r2", "k2", "A2", "2024-03-01", "2024-03-04", LAA),
]


def _database(folder, local: bool) -> str:
    write_folder(folder / "data", AUTHORITIES, POPULATION, OUTCOMES)
    if local:
        write_local(folder / "data", INTERVENTIONS, VICTIMS, BOARD, REMANDS)
    url = f"sqlite:///{folder / 'needs.db'}"
    load_folder(folder / "data", get_engine(url))
    return url


@pytest.fixture(scope="module")
def urls(tmp_path_factory):
    return {"full": _database(tmp_path_factory.mktemp("needs-full"), local=True),
            "bare": _database(tmp_path_factory.mktemp("needs-bare"), local=False)}


@pytest.fixture
def full(urls, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", urls["full"])  # what the builds' get_engine() reads


@pytest.fixture
def bare(urls, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", urls["bare"])


def rows(chart) -> list[dict]:
    return chart.data["rows"]


def test_every_card_is_drawn_and_nothing_fails(full):
    page = content(needs, NORTH)
    assert page.failures == [] and page.message is None
    assert [c.chart_id for c in page.charts] == list(needs.CHARTS)


def test_headline_sentences(full):
    page = content(needs, NORTH)
    assert page.headlines == [
        # 41 of 52 with accommodation recorded (the custody three have none) = 78.8%
        "In the year to June 2024, 78.8% (41 of 52) of children ended their order in "
        "suitable accommodation.",
        # 50.0% (5 of 10) a year before, its interval 23.7%–76.3%; this year's 66.0%–87.8%
        "Suitable accommodation at the end of orders rose from 50.0% to 78.8% (41 of 52 "
        "children) on a year before, more than chance would explain (better).",
        # o2 and o3 of 10,000 children; none the year before (0 events: 0 to 3.7 per
        # 10,000, so this year's 2.0 is inside it)
        "Children received 2 outcomes for serious violence offences — 2.0 per 10,000 "
        "children aged 10–17 in the year to June 2024. Up from 0.0 a year before, a "
        "difference that could be chance.",
        "2 children were remanded in the year to June 2024 (2 remands; 13 nights on remand "
        "in the year); 1 remand to youth detention accommodation ended and did not lead to a "
        "custodial sentence.",
    ]


def test_the_accommodation_card(full):
    page = content(needs, NORTH)
    card = page.chart(needs.KPI_CHARTS["accommodation_suitable"])
    assert card.title == "Suitable accommodation rose to 78.8% from 50.0%"
    low, high = wilson_pct(41, 52)
    assert (round(low, 1), round(high, 1)) == (66.0, 87.8)   # worked out in the docstring
    # Nothing ended July–December 2023, so two quarters of the year have a figure.
    assert card.note.startswith(
        "In the year to June 2024, 41 of 52 children ended their order in suitable "
        "accommodation — 78.8% (95% interval 66.0% to 87.8%). Only 2 of the year's 4 "
        "quarters had any to count. Latest quarter, April to June 2024: 25 of 30 children — "
        "83.3%. "
        "Up from 50.0% a year before — more than chance would explain (better).")
    shown = {(r["Period"], r["Kind of intervention"]): (
        r["Ended in suitable accommodation"], r["Ended with accommodation recorded"], r["%"])
        for r in rows(card)}
    assert shown[("Jan–Mar 2024", "All kinds")] == (16, 22, 72.7)
    assert shown[("Apr–Jun 2024", "All kinds")] == (25, 30, 83.3)
    assert shown[("Year to June 2023", "All kinds")] == (5, 10, 50.0)
    assert shown[("Year to June 2024", "All kinds")] == (41, 52, 78.8)
    # The year by kind: out of court 16 of 22, court (community) 25 of 30; custody has
    # nothing recorded, so no row.
    assert [(kind, n) for (period, kind), (_, n, _) in shown.items()
            if period == "Year to June 2024" and kind != "All kinds"] == [
        ("Out of court", 22), ("Court (community)", 30)]
    assert page.extras[needs.figure_id(card.chart_id)] is not None


def test_a_kpi_without_a_year_before_says_so_and_small_bases_are_flagged(full):
    page = content(needs, NORTH)
    court = page.chart(needs.KPI_CHARTS["out_of_court_completed"])
    # 18 of the 22 out-of-court programmes completed = 81.8%; none ended the year before.
    assert court.title == "81.8% completed their out-of-court or diversion programme"
    assert "No figure for the year before to compare with." in court.note
    victims = page.chart(needs.KPI_CHARTS["victims_engaged"])
    # 3 of the 8 who agreed took part (2 in July–September 2023, 1 in April–June 2024)
    assert victims.note.startswith(
        "In the year to June 2024, 3 of 8 victims who agreed to be contacted took part in "
        "restorative justice — 37.5%")
    assert "Based on 8 victims — treat with caution." in victims.note
    # The statutory partners: 4 of 5 on 12 September, 3 of 5 on 5 March = 7 of 10.
    assert page.chart(needs.KPI_CHARTS["board_attendance"]).title == (
        "Statutory partners attended 70.0% of board places")


def test_serious_violence_card(full):
    card = content(needs, NORTH).chart(needs.KPI_CHARTS["serious_violence"])
    assert card.title == "2 serious violence outcomes: 2.0 per 10,000 children"
    shown = {r["Period"]: (r["Serious violence outcomes"], r["Children aged 10–17"],
                           r["Per 10,000"]) for r in rows(card)}
    assert shown["Jul–Sep 2023"] == (1, 10000, 1.0)      # o2
    assert shown["Jan–Mar 2024"] == (1, 10000, 1.0)      # o3
    assert shown["Year to June 2024"] == (2, 10000, 2.0)


def test_the_accommodation_table(full):
    card = content(needs, NORTH).chart(needs.ACCOMMODATION)
    assert [list(r.values()) for r in rows(card)] == [
        ["Out of court", 22, 16, 6, 0, 72.7],
        ["Court (community)", 30, 25, 5, 0, 83.3],
        ["Custody", 3, 0, 0, 3, None],
        ["Total", 55, 41, 11, 3, 78.8]]
    # The lowest share among kinds with 5 or more recorded: out of court 16 of 22 = 72.7%.
    assert card.title == "Out-of-court programmes ended least often in suitable " \
                         "accommodation (72.7%)"
    assert "3 of 55 had no accommodation recorded" in card.note


def test_the_ete_status_table(full):
    card = content(needs, NORTH).chart(needs.ETE_STATUS)
    assert card.data["columns"] == ["Status at the end", "Out of court", "Court (community)",
                                    "Custody", "All kinds", "% of recorded"]
    table = {r["Status at the end"]: list(r.values())[1:] for r in rows(card)}
    # 48 with a status recorded (55 less the 4 court and 3 custody not recorded)
    assert table["School"] == [12, 10, 0, 22, 45.8]          # 22 / 48
    assert table["Further education"] == [4, 0, 0, 4, 8.3]
    assert table["Training"] == [0, 5, 0, 5, 10.4]
    assert table["Employment"] == [0, 3, 0, 3, 6.2]            # 6.25 rounds to even
    assert table["NEET"] == [6, 8, 0, 14, 29.2]
    assert table["Alternative provision"] == [0, 0, 0, 0, 0.0]
    assert table["Not recorded"] == [0, 4, 3, 7, None]
    assert table["Total"] == [22, 30, 3, 55, None]
    assert card.title == "29.2% were not in education, training or employment"


def test_the_victims_table(full):
    card = content(needs, NORTH).chart(needs.VICTIMS)
    assert [list(r.values()) for r in rows(card)] == [
        ["Jul–Sep 2023", 4, 3, 2, 66.7], ["Oct–Dec 2023", 0, 0, 0, None],
        ["Jan–Mar 2024", 0, 0, 0, None], ["Apr–Jun 2024", 6, 5, 1, 20.0],
        ["The year", 10, 8, 3, 37.5]]
    assert card.title == "80.0% of victims contacted agreed to hear about restorative justice"


def test_the_board_attendance_table_says_who_missed_which_meeting(full):
    card = content(needs, NORTH).chart(needs.BOARD)
    assert rows(card) == [
        {"Meeting": "12 September 2023", "Police": "Attended", "Probation": "Attended",
         "Health": "Missed", "Education": "Attended", "Children's social care": "Attended",
         "Other partners": "Attended", "Statutory partners attending": "4 of 5"},
        {"Meeting": "5 March 2024", "Police": "Attended", "Probation": "Missed",
         "Health": "Missed", "Education": "Attended", "Children's social care": "Attended",
         "Other partners": None, "Statutory partners attending": "3 of 5"}]
    assert card.title == "Health missed 2 of 2 board meetings in the year"


def test_the_remands_table(full):
    card = content(needs, NORTH).chart(needs.REMANDS)
    # The year to June 2022 is not reported (the data begin in July 2022).
    assert card.data["columns"] == ["Measure", "Year to June 2023", "Year to June 2024"]
    table = {r["Measure"]: (r["Year to June 2023"], r["Year to June 2024"])
             for r in rows(card)}
    assert table == {
        "Remand episodes started": (0, 2), "Children remanded": (0, 2),
        "Nights on remand": (0, 13), "– in youth detention accommodation": (0, 10),
        "– in local authority accommodation": (0, 3),
        "Cost of the nights": (None, 5000),                    # 10 nights × £500
        "Youth detention remands ended with a result": (0, 1),
        "– not followed by a custodial sentence": (0, 1),
        "% not followed by a custodial sentence": (None, 100.0)}
    assert card.title == "The one youth detention remand that ended did not lead to custody"


def test_changing_the_area_changes_the_page(full):
    south = content(needs, NORTH.with_(area="service:South YJS"))
    # South's one intervention (prevention, 10 April 2024, suitable): 1 of 1.
    accommodation = south.chart(needs.KPI_CHARTS["accommodation_suitable"])
    assert accommodation.note.startswith("In the year to June 2024, 1 of 1 child ended their "
                                         "order in suitable accommodation — 100.0%")
    assert south.chart(needs.VICTIMS).title == EMPTY_TITLE
    # A local authority has no board of its own.
    alpha = content(needs, NORTH.with_(area="la:A1")).chart(needs.BOARD)
    assert alpha.figure.layout.annotations[0].text.replace("<br>", " ").startswith(
        "A partnership board belongs to a service: choose North YJS")


def test_the_user_scope_limits_the_page(full):
    # A user who may see Beta (A2) only: North's figures are Beta's interventions alone.
    page = needs.build(NORTH, Selection(level="service", area="North YJS", scope=("A2",),
                                        period=d("2024-06-30")))
    accommodation = page.chart(needs.KPI_CHARTS["accommodation_suitable"])
    assert accommodation.note.startswith("In the year to June 2024, 16 of 22 children")
    assert [r["Kind of intervention"] for r in rows(page.chart(needs.ACCOMMODATION))] == [
        "Out of court", "Total"]
    # and the page names the part of North it is about, not the whole service
    words = " ".join([*page.sentences, *(c.title or "" for c in page.charts),
                      *(c.subtitle or "" for c in page.charts)])
    assert "North YJS (Beta only)" in words
    assert "North YJS " not in words.replace("North YJS (Beta only)", "")


def test_files_not_loaded_say_which_file_would_fill_the_card(bare):
    page = content(needs, NORTH)
    assert page.failures == []
    accommodation = page.chart(needs.KPI_CHARTS["accommodation_suitable"])
    assert accommodation.title == "interventions.csv is not loaded"
    assert accommodation.data is None
    assert accommodation.figure.layout.annotations[0].text.replace("<br>", " ") == (
        "Load interventions.csv to see education, accommodation and needs.")
    assert page.chart(needs.VICTIMS).title == "victims.csv is not loaded"
    assert page.chart(needs.BOARD).title == "board_attendance.csv is not loaded"
    assert page.chart(needs.REMANDS).title == "remands.csv is not loaded"
    # Serious violence needs only the outcomes.
    assert page.chart(needs.KPI_CHARTS["serious_violence"]).title.startswith(
        "2 serious violence outcomes")
    assert page.headlines[-4:] == [
        "Load interventions.csv to see education, accommodation and needs.",
        "Load victims.csv to see victims taking part in restorative justice.",
        "Load board_attendance.csv to see who attends the partnership board.",
        "Load remands.csv to see remands into youth detention accommodation."]
    assert page.extras.get(needs.figure_id(accommodation.chart_id)) is None


def test_the_overview_gets_the_local_rows_and_the_most_notable_sentence(full):
    from dashboard.words.figure_notes import summary_rows
    rows = summary_rows(get_engine(), Selection(level="service", area="North YJS"),
                        d("2024-06-30"), thresholds=load_thresholds())
    # Every local KPI with a direction and a figure for the year joins the table, in
    # CONTRACT §4c's order (docs/DEFINITIONS.md "Choice (overview)"); no looked-after
    # population is loaded, so no children-in-care row. Nothing records ETE, SEND, mental
    # health or substance misuse, so they have no row.
    #   accommodation 25 + 16 of 30 + 22 = 41 of 52 = 78.8%
    #   out of court completed 18 of 22 = 81.8%
    #   board: September 4 of 5 statutory partners (other left out), March 3 of 5 = 7 of 10
    #   victims: of those who agreed, 2 of 3 (August 2023) + 1 of 5 (May 2024) = 3 of 8
    #   serious violence: o2 (robbery, gravity 6) and o3 (violence, gravity 5) = 2 of the
    #   10,000 children of North = 2.0 per 10,000
    assert [(f["indicator"], round(f["value"], 1)) for f in rows] == [
        ("accommodation_suitable", 78.8), ("out_of_court_completed", 81.8),
        ("board_attendance", 70.0), ("victims_engaged", 37.5), ("serious_violence", 2.0)]
    rags = {f["indicator"]: f["rag"]["label"] for f in rows}
    # Default thresholds: accommodation green from 90, amber from 80: 78.8% is red, and its
    # interval (66.0–87.8) reaches amber. Serious violence green below 5: 2.0 is green, but
    # 2 events have the exact interval 0.24 to 7.22 per 10,000, which reaches amber.
    assert rags["accommodation_suitable"] == "Red (could be Amber)"
    assert rags["serious_violence"] == "Green (could be Amber)"
    page = content(overview, NORTH)
    assert page.failures == []
    # The sentence names the most notable: accommodation, the only change beyond chance
    # (50.0% to 78.8%; serious violence 0 to 2 is inside the interval of none).
    assert page.headlines[-1] == (
        "Among the local indicators, suitable accommodation at the end of orders rose from "
        "50.0% to 78.8% (41 of 52 children) on a year before, more than chance would explain "
        "(better).")
    table = {r["Indicator"]: r for r in page.extras[overview.TABLE_DATA]["rows"]}
    row = table["Suitable accommodation at the end of orders (%, higher is better)"]
    assert (row["Latest"], row["Annual trend"], row["Rank"]) == (
        "78.8% (41 of 52 children)", "▲ up 28.8 points (better)", "–")
    board = table["Statutory partners' attendance at the board (%, higher is better)"]
    assert (board["Latest"], board["Annual trend"]) == ("70.0% (7 of 10 places)", "–")   # no year before
    assert len(table) == 9    # the four national indicators, then the five local ones


def test_without_a_change_the_overview_names_the_local_kpi_furthest_from_green(full):
    from dashboard.words.figure_notes import summary_rows
    # South YJS: accommodation 1 of 1 (100%, green); its board's police missed the one
    # meeting (0 of 1, red); no serious violence among its 2,000 children (0.0, green); no
    # year before for the first two: the red one is named.
    south = summary_rows(get_engine(), Selection(level="service", area="South YJS"),
                         d("2024-06-30"), thresholds=load_thresholds())
    assert [(f["indicator"], f["value"]) for f in south] == [
        ("accommodation_suitable", 100.0), ("board_attendance", 0.0),
        ("serious_violence", 0.0)]
    page = content(overview, ViewState(area="service:South YJS", period="2024-06-30"))
    assert page.headlines[-1] == (
        "Among the local indicators, statutory partners' attendance at the board stood at 0.0% "
        "(0 of 1 place) in the year to June 2024, red against the local threshold (green 80.0% and above; amber 60.0% to "
        "under 80.0%; red below 60.0%).")
    # North a year earlier (the year to June 2023): accommodation 5 of 10 = 50.0%, red, with
    # no year before it to compare with; no serious violence (o2 is August 2023): green.
    rows = summary_rows(get_engine(), Selection(level="service", area="North YJS"),
                        d("2023-06-30"), thresholds=load_thresholds())
    assert [(f["indicator"], f["rag"]["word"]) for f in rows] == [
        ("accommodation_suitable", "Red"), ("serious_violence", "Green")]
    page = content(overview, NORTH.with_(period="2023-06-30"))
    assert page.headlines[-1] == (
        "Among the local indicators, suitable accommodation at the end of orders stood at 50.0% "
        "(5 of 10 children) in the year to June 2023, red against the local threshold (green 90.0% and above; amber 80.0% to "
        "under 90.0%; red below 80.0%).")


def test_with_filters_on_the_overview_leaves_the_local_indicators_out(full):
    # The overview then counts only the children chosen; the local files carry no sex.
    page = content(overview, NORTH.with_(sex="F"))
    assert not any(s.startswith("Among the local indicators") for s in page.headlines)
    assert not any("higher is better" in r["Indicator"]
                   for r in page.extras[overview.TABLE_DATA]["rows"])


def test_the_slide_shows_the_summary_chart_and_the_first_sentence(full):
    from dashboard.web.presentation import slide_body
    title, sentence, graph = slide_body("needs", NORTH.to_dict())
    # Rated: accommodation 78.8% red, out of court 81.8% amber (green from 85), board 70.0%
    # amber, victims 37.5% amber (green from 50): none green.
    assert title.children == "None of the 4 local indicators charted was green in the year"
    assert sentence.children.startswith("In the year to June 2024, 78.8% (41 of 52)")
    assert graph.children.figure.layout.height is None   # fills the slide


def test_the_board_pack_prints_the_section_with_its_full_tables(full):
    from dashboard.output.board_pack import collect, render_html
    pack = collect("service:North YJS", "2024-06-30")
    assert pack.missing == []
    local = dict(pack.sections)["Needs and outcomes"]
    assert [c.chart_id for c in local] == list(needs.CHARTS)
    document = render_html(pack)
    assert "Out-of-court programmes ended least often in suitable accommodation" in document
    # The board attendance table, in full: each meeting a row, who attended or missed it.
    assert re.search(r'<th scope="row"[^>]*>12 September 2023</th><td>Attended</td>'
                     r'<td>Attended</td><td>Missed</td>', document)


def test_the_board_table_queries_on_both_databases(tmp_path, database_url):
    """queries/local_tables.py in SQL on SQLite and PostgreSQL, scope and area applied."""
    from queries.local_tables import board_meetings, ended_by, local_files_loaded, victim_counts
    write_folder(tmp_path / "data", AUTHORITIES, POPULATION, OUTCOMES)
    write_local(tmp_path / "data", INTERVENTIONS, VICTIMS, BOARD, REMANDS)
    engine = get_engine(database_url)
    load_folder(tmp_path / "data", engine)
    north = Selection(level="service", area="North YJS")
    year = (d("2023-09-30"), d("2023-12-31"), d("2024-03-31"), d("2024-06-30"))
    frame = ended_by(engine, north, "accommodation_end", period_ends=year)
    counts = {(r.kind, r.status): r.interventions for r in frame.itertuples()}
    assert counts == {("court_community", "suitable"): 25, ("court_community", "unsuitable"): 5,
                      ("out_of_court", "suitable"): 16, ("out_of_court", "unsuitable"): 6,
                      ("custody", None): 3}
    # Beta only: its out-of-court programmes, in January–March 2024.
    beta = ended_by(engine, north.with_(scope=("A2",)), "ete_status_end", period_ends=year)
    assert {(r.period_end, r.status): r.interventions for r in beta.itertuples()} == {
        (d("2024-03-31"), "school"): 12, (d("2024-03-31"), "further_education"): 4,
        (d("2024-03-31"), "neet"): 6}
    victims = victim_counts(engine, north)
    assert {r.period_end: (r.contacted, r.consented, r.engaged)
            for r in victims.itertuples()} == {d("2023-09-30"): (4, 3, 2),
                                               d("2024-06-30"): (6, 5, 1)}
    meetings = board_meetings(engine, Selection(level="all", scope=("B1",)),
                              first=d("2023-07-01"), last=d("2024-06-30"))
    assert meetings.to_dict("records") == [{"service": "South YJS",
                                            "meeting_date": d("2024-03-06"),
                                            "partner": "police", "attended": False}]
    assert board_meetings(engine, Selection(level="local_authority", area="A1"),
                          first=d("2023-07-01"), last=d("2024-06-30")).empty
    assert local_files_loaded(engine) == {"interventions.csv", "victims.csv",
                                          "board_attendance.csv", "remands.csv"}
    engine.dispose()


def test_the_local_rag_thresholds_are_configurable_like_the_others(full, tmp_path,
                                                                     monkeypatch):
    # A board's own file: accommodation green from 75%, amber from 60%; serious violence
    # green below 1, amber below 3 per 10,000.
    path = tmp_path / "board.toml"
    path.write_text("[accommodation_suitable]\ngreen_from = 75\namber_from = 60\n"
                    "[serious_violence]\ngreen_below = 1\namber_below = 3\n")
    monkeypatch.setenv("RAG_THRESHOLDS", str(path))
    page = content(overview, NORTH)
    assert page.failures == []
    table = {r["Indicator"]: r for r in page.extras[overview.TABLE_DATA]["rows"]}
    # 41 of 52 = 78.8%, interval 66.0–87.8: green, and its lower limit reaches amber.
    assert table["Suitable accommodation at the end of orders (%, higher is better)"][
        "RAG"] == "Green (could be Amber)"
    # 2.0 per 10,000 (0.24 to 7.22): amber, its interval reaching green and red.
    assert table["Serious violence (per 10,000 aged 10–17)"]["RAG"] == (
        "Amber (could be Green or Red)")
    # Only what the file sets is rated: out of court completion has no threshold now.
    assert table["Out-of-court and diversion programmes completed (%, higher is better)"][
        "RAG"] == "No RAG"
    rules = str(page.extras[overview.RAG_RULES])
    assert ("Suitable accommodation at the end of orders: Green 75.0% and above; amber 60.0% "
            "to under 75.0%; red below 60.0%.") in rules
    assert "Serious violence: Green below 1.0; amber 1.0 to under 3.0; red 3.0 and above." \
        in rules
    assert "Victims taking part in restorative justice: no threshold set." in rules


SMALL_COUNT = re.compile(r"(?<![\w.,£%/–-])[1-4] (of (the )?\d[\d,]* )?(\w+ ){0,4}?"
                         r"(children|child|victims|victim|remands|remand|outcomes|outcome)\b")


def test_a_board_member_reads_no_count_from_1_to_4(full):
    # As a board member (or in a published pack) sees it: North's small numbers are the
    # victims (2 of 3, 1 of 5, 3 of 8 who agreed took part), the one youth detention remand
    # that ended (not in custody), the 2 serious violence outcomes and the 3 custody orders.
    page = content(needs, NORTH, publication=True)
    assert page.failures == []
    texts = [*page.headlines, *(t for c in page.charts for t in (c.title, c.subtitle, c.note)
                                if isinstance(t, str))]
    found = [t for t in texts if SMALL_COUNT.search(t)]
    assert found == []
    remands = next(s for s in page.headlines if "remanded" in s)
    assert "fewer than 5 remands to youth detention accommodation ended" in remands
    victims = page.chart(needs.KPI_CHARTS["victims_engaged"])
    assert "fewer than 5 of 8 victims" in victims.note      # 3 of the 8 who agreed


def test_a_board_members_overview_withholds_the_local_shares_of_small_counts(full):
    # Victims: 3 of the 8 who agreed took part (37.5%); serious violence 2 outcomes (2.0
    # per 10,000): their shares would give the small counts back, so both are withheld.
    page = content(overview, NORTH, publication=True)
    assert page.failures == []
    table = {r["Indicator"]: r for r in page.extras[overview.TABLE_DATA]["rows"]}
    assert table["Victims taking part in restorative justice (%, higher is better)"][
        "Latest"] == "[c] (fewer than 5 of 8 victims)"
    assert table["Serious violence (per 10,000 aged 10–17)"]["Latest"] == (
        "[c] (fewer than 5 outcomes)")
    assert table["Suitable accommodation at the end of orders (%, higher is better)"][
        "Latest"] == "78.8% (41 of 52 children)"
