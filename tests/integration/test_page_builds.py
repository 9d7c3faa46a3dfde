"""Every page's pure build(), and the slides and board pack made from it, on a tiny
hand-made dataset: no browser and no Dash app.

The data (all children aged 15, White, boys, not looked after, theft, unless stated):

    Alpha YJS = Alpha (A1: 4,000 White boys + 1,000 Black boys aged 10–17 in 2023)
              + Beta  (A2: 3,000 White boys + 2,000 White girls)    -> 10,000 children
    Gamma YJS = Gamma (B1: 2,000)

    o1  c1  A1  2023-01-01  youth caution          first entry (FTE)
    o2  c2  A1  2023-03-10  referral order         FTE; Black
    o3  c1  A1  2023-05-01  referral order         offence 2023-04-20: c1 reoffends
    o4  c3  A2  2023-06-15  youth caution          FTE; girl aged 16
    o5  c4  A2  2023-08-01  community resolution   diversion: not a first entry, aged 12
    o6  c5  A1  2023-11-20  detention and training order   FTE and custody; robbery
    o7  c6  B1  2023-12-31  youth caution          Gamma's; sets the as-of date

The data begin on 1 January 2023, so the year to December 2023 is the first complete
rolling year; everything below is Alpha YJS in that year unless stated.
"""
from __future__ import annotations

import pytest

from dashboard.web import registry
from dashboard.web.page_content import EMPTY_TITLE, FAILED_TITLE, UNAVAILABLE, Failure
from dashboard.web.pages import (content, custody, disposals, disproportionality, fte, needs,
                                 overview, reoffending)
from dashboard.web.state import ViewState
from yj_testdata import la, loaded_for_builds, out, pop, rri_interval, write_folder

ALPHA = ViewState(area="service:Alpha YJS", period="2023-12-31")


@pytest.fixture(scope="module", autouse=True)
def tiny_database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    url = f"sqlite:///{folder / 'pages.db'}"
    write_folder(
        folder / "data",
        [la("A1", "Alpha YJS", "Alpha"), la("A2", "Alpha YJS", "Beta"),
         la("B1", "Gamma YJS", "Gamma")],
        [pop("A1", 2023, 4000, "White", "M", 15), pop("A1", 2023, 1000, "Black", "M", 15),
         pop("A2", 2023, 3000, "White", "M", 15), pop("A2", 2023, 2000, "White", "F", 16),
         pop("B1", 2023, 2000, "White", "M", 15)],
        [out("o1", "c1", "A1", "2023-01-01", "youth_caution"),
         out("o2", "c2", "A1", "2023-03-10", "referral_order", ethnicity="Black"),
         out("o3", "c1", "A1", "2023-05-01", "referral_order", offence_date="2023-04-20"),
         out("o4", "c3", "A2", "2023-06-15", "youth_caution", sex="F", age=16),
         out("o5", "c4", "A2", "2023-08-01", "community_resolution", age=12),
         out("o6", "c5", "A1", "2023-11-20", "detention_training_order",
             offence_group="Robbery"),
         out("o7", "c6", "B1", "2023-12-31", "youth_caution")])
    with loaded_for_builds(folder / "data", url):
        yield


def rows(chart) -> list[dict]:
    return chart.data["rows"]


def column(chart, name: str) -> dict:
    """{first column's value: value in `name`} of a chart's table."""
    first = chart.data["columns"][0]
    return {row[first]: row[name] for row in rows(chart)}


# --- first time entrants ------------------------------------------------------------------

def test_fte_page():
    page = content(fte, ALPHA)
    assert page.failures == [] and page.message is None
    assert [c.chart_id for c in page.charts] == list(fte.CHARTS)
    # c1, c2, c3 and c5 entered (c4's community resolution is not substantive):
    # 4 / 10,000 x 100,000 = 40; exact Poisson limits of 4 (statistical tables):
    # chi2(0.025; 8) / 2 = 1.0899 and chi2(0.975; 10) / 2 = 10.2416 -> 11 and 102.
    assert page.headlines[0] == ("In the year to December 2023, 4 children entered the "
                                 "justice system in Alpha YJS — 40 per 100,000 children "
                                 "aged 10–17 (95% interval 11 to 102).")
    trend = page.chart(fte.TREND)
    assert trend.title == "First time entrants in the year to December 2023"
    assert "Data as of 31 December 2023." in trend.subtitle
    assert rows(trend) == [{"Rolling 12 months ending": "31 Dec 2023",
                            "Children entering (count)": 4,
                            "Alpha YJS (rate per 100,000)": 40,
                            "Alpha YJS (95% interval: lower)": 11,
                            "Alpha YJS (95% interval: upper)": 102}]
    assert page.chart(fte.COUNTS).title == "4 children entered the justice system in the year"
    # Alpha: c1, c2, c5 of 5,000 = 60; Beta: c3 of 5,000 = 20, a third of Alpha's.
    by_la = page.chart(fte.LA)
    assert column(by_la, "Rate per 100,000") == {"Alpha": 60, "Beta": 20}
    assert by_la.title == "The rate in Alpha was 3.0 times Beta's"
    # Boys c1, c2, c5 of 8,000 = 37.5; girls c3 of 2,000 = 50.
    assert column(page.chart(fte.SEX), "Children entering (count)") == {"Boys": 3, "Girls": 1}
    assert column(page.chart(fte.SEX), "Rate per 100,000") == {"Boys": 38, "Girls": 50}
    # White c1, c3, c5 of 9,000 = 33.3; Black c2 of 1,000 = 100.
    ethnicity = column(page.chart(fte.ETHNICITY), "Rate per 100,000")
    assert (ethnicity["White"], ethnicity["Black"]) == (33, 100)
    assert column(page.chart(fte.OFFENCE), "Children entering (count)") == {"Theft": 3,
                                                                            "Robbery": 1}
    assert page.chart(fte.OUTCOME).title == "Most common first outcome: youth caution (2 of 4)"


def test_fte_page_for_a_year_before_the_data_begin_says_why_everywhere():
    page = content(fte, ALPHA.with_(period="2023-03-31"))
    why = ("The year to March 2023 starts before the loaded data begin (1 January 2023), so "
           "its figures would be incomplete. Choose a later reporting period.")
    assert page.message == why and page.sentences == [why]
    assert len(page.charts) == len(fte.CHARTS)
    assert {c.title for c in page.charts} == {EMPTY_TITLE}
    assert page.failures == []


# --- custody --------------------------------------------------------------------------

def test_custody_page():
    page = content(custody, ALPHA)
    assert page.failures == []
    # c5's detention and training order: 1 / 10,000 x 1,000 = 0.10; exact limits of 1:
    # chi2(0.025; 2) / 2 = 0.0253 and chi2(0.975; 4) / 2 = 5.5716 -> 0.00 and 0.56.
    assert page.headlines[0] == ("In the year to December 2023 the custody rate in Alpha YJS "
                                 "was 0.10 per 1,000 children aged 10–17 (95% interval 0.00 "
                                 "to 0.56) — 1 child received 1 custodial sentence.")
    assert page.chart(custody.COUNTS).title == "1 custodial sentence for 1 child in the year"
    assert page.chart(custody.TYPE).title == ("The one custodial sentence was a detention and "
                                              "training order")
    # Alpha 1 of 5,000 = 0.2 per 1,000; Beta none.
    assert column(page.chart(custody.LA), "Rate per 1,000") == {"Alpha": 0.2, "Beta": 0.0}
    # White 1 of 9,000 = 0.11 per 1,000.
    assert column(page.chart(custody.ETHNICITY), "Rate per 1,000")["White"] == 0.11


def test_custody_page_with_another_tier_chosen_says_so_in_place_of_every_chart():
    page = content(custody, ALPHA.with_(tier="pre_court"))
    assert page.message.startswith("Custodial sentences are all in the custody tier, so the "
                                   "outcome tier filter (pre-court (cautions)) leaves nothing")
    assert [c.chart_id for c in page.charts] == list(custody.CHARTS)
    assert all(c.title == EMPTY_TITLE and not c.failed for c in page.charts)


# --- reoffending ----------------------------------------------------------------------

def test_reoffending_page():
    page = content(reoffending, ALPHA)
    assert page.failures == []
    # Cohorts: Jan–Mar c1 (index 1 Jan) and c2; Apr–Jun c1 (index 1 May) and c3; Jul–Sep
    # none (a community resolution is not an index outcome); Oct–Dec c5. c1's offence of
    # 20 April, proven on 1 May, is a reoffence for the Jan–Mar cohort only.
    # The year pooled: 5 places, 1 reoffender = 20.0%, every cohort provisional.
    assert page.headlines[0].startswith("So far 20.0% of the 5 children cautioned or "
                                        "sentenced in Alpha YJS in January – December 2023 "
                                        "have reoffended")
    assert page.extras[reoffending.BREAKDOWN_INTRO].startswith(
        "The four quarterly cohorts of the year pooled: 5 children, 20.0% reoffended.")
    assert page.extras[reoffending.BREAKDOWN_HEADING] == (
        "Who reoffended: children cautioned or sentenced in January – December 2023")
    rate = page.chart(reoffending.RATE)
    assert rate.title == "No complete cohort yet: every figure is provisional"
    assert [(r["Cohort"], r["Children in cohort"], r["Children who reoffended"],
             r["% reoffended"]) for r in rows(rate)] == [
        ("January–March 2023", 2, 1, 50.0), ("April–June 2023", 2, 0, 0.0),
        ("October–December 2023", 1, 0, 0.0)]
    # By local authority: Alpha c1, c2, c1, c5 (4 places, 1 reoffended); Beta c3.
    assert column(page.chart(reoffending.BY["area"]), "% reoffended") == {"Alpha": 25.0,
                                                                          "Beta": 0.0}
    assert column(page.chart(reoffending.CONCENTRATION), "Children")["1"] == 1
    assert page.extras[reoffending.LAG] is not None


def test_a_slide_builds_only_its_chart():
    page = content(reoffending, ALPHA, only={reoffending.RATE})
    assert [c.chart_id for c in page.charts] == [reoffending.RATE]
    assert page.headlines[0].startswith("So far 20.0%")


# --- outcomes -------------------------------------------------------------------------

def test_disposals_page():
    page = content(disposals, ALPHA)
    assert page.failures == []
    # o1–o6: six outcomes for five children (c1 twice); one diversion (1 / 6 = 16.7%).
    assert page.headlines == ["In the year to December 2023, 6 outcomes were given to 5 "
                              "children.",
                              "16.7% of outcomes were diversion (no formal outcome).",
                              "1 custodial sentence went to 1 child."]
    counts = {r["Outcome tier"]: r["Outcomes"] for r in rows(page.chart(disposals.TIER_COUNTS))}
    assert counts == {"Diversion": 1, "Pre-court (cautions)": 2, "First-tier court": 2,
                      "Community sentence": 0, "Custody": 1}
    total = rows(page.chart(disposals.TYPES))[-1]
    assert (total["Outcome"], total["Disposals (year to December 2023)"],
            total["Children (year to December 2023)"]) == ("Total", 6, 5)
    assert page.extras[disposals.BOARD_TABLE] is not None
    assert "‘Compare with’ does not change this page" in page.extras[disposals.FILTER_NOTE]


# --- disproportionality ---------------------------------------------------------------

def test_disproportionality_page_at_court():
    page = content(disproportionality, ALPHA, stage="court")
    assert page.failures == []
    # Sentenced at court: c1 (referral order) and c5 (custody), White, of 9,000; c2, Black,
    # of 1,000. Rates 0.22 and 1.0 per 1,000: the RRI is (1/1000) / (2/9000) = 4.5.
    rri = {r["Ethnic group"]: r for r in rows(page.chart(disproportionality.RRI))}
    assert rri["Black"]["Relative rate index (vs White)"] == 4.5
    low, high = rri_interval(1, 1000, 2, 9000)
    assert (rri["Black"]["95% interval: lower"], rri["Black"]["95% interval: upper"]) == (
        round(low, 2), round(high, 2))
    assert rri["Black"]["What it means"] == ("4.5 times as likely — not significantly "
                                             "different, based on only 1 child — treat with "
                                             "caution")
    assert list(rri) == ["Minority ethnic", "White", "Mixed", "Asian", "Black", "Other"]
    assert page.headlines[0] == (
        "Sentenced at court: 33.3% of the children were from minority ethnic groups (1 of 3 "
        "with a recorded ethnicity), against 10.0% of all children aged 10–17. They were 4.5 "
        "times as likely as White children to be sentenced at court (95% interval 0.41 to "
        "49.6) — not significantly different, based on only 1 child — treat with caution.")
    assert (round(low, 2), round(high, 1)) == (0.41, 49.6)
    assert page.chart(disproportionality.AREAS).subtitle.startswith(
        "Local authorities of Alpha YJS · Sentenced at court")


def test_disproportionality_stage_is_a_control():
    # First time entrants: White c1, c3, c5 of 9,000; Black c2 of 1,000: RRI 3.0.
    page = content(disproportionality, ALPHA, stage="fte")
    rri = {r["Ethnic group"]: r for r in rows(page.chart(disproportionality.RRI))}
    assert rri["Black"]["Relative rate index (vs White)"] == 3.0


# --- overview -------------------------------------------------------------------------

def test_overview_page():
    page = content(overview, ALPHA)
    assert page.failures == []
    context, *sentences = page.headlines
    assert context.startswith("Alpha YJS, year to December 2023.")
    assert context.endswith("Data as of 31 December 2023.")
    assert sentences[0].startswith("40 children per 100,000 entered the justice system for "
                                   "the first time in the year to December 2023.")
    assert sentences[1].startswith("1 child received 1 custodial sentence in the year to "
                                   "December 2023 (0.10 per 1,000 children).")
    table = page.extras[overview.TABLE_DATA]
    assert table["filename"] == "overview-summary-Alpha-YJS-year-to-December-2023"
    # The four national indicators, then the local ones with a figure: only serious violence
    # (the one local indicator that needs only outcomes), 0.0 per 10,000 (none of o1–o7 is
    # serious), with no year before to change from, so nothing local is notable to say.
    assert [r["Indicator"] for r in table["rows"]][4:] == [
        "Serious violence (per 10,000 aged 10–17)"]
    assert table["rows"][4]["Latest"] == "0.0 (0 outcomes)"
    assert not any(s.startswith("Among the local indicators") for s in sentences)
    assert page.extras[overview.TABLE_SUBTITLE] == (
        "Alpha YJS, year to December 2023: latest figures, trends, comparators and rank")
    # The cards link to the registry's pages, keeping the view.
    assert "/first-time-entrants?area=service%3AAlpha+YJS&period=2023-12-31" in str(
        page.extras[overview.CARDS])


# --- failures -------------------------------------------------------------------------

def test_a_chart_that_fails_is_shown_and_recorded(monkeypatch):
    def broken(self):
        raise RuntimeError("boom")
    monkeypatch.setattr(fte.Page, "authority_chart", broken)
    page = content(fte, ALPHA)
    failed = page.chart(fte.LA)
    assert failed.failed and failed.title == FAILED_TITLE and failed.data is None
    assert page.failures == [Failure("fte", fte.LA, "RuntimeError")]
    assert not page.chart(fte.TREND).failed    # the rest of the page stands
    assert page.headlines[0].startswith("In the year to December 2023, 4 children")


def test_a_page_whose_build_fails_shows_a_message_in_every_chart(monkeypatch):
    def broken(self):
        raise RuntimeError("no database")
    monkeypatch.setattr(fte.Page, "trend_frame", broken)
    page = content(fte, ALPHA)
    assert page.message == UNAVAILABLE
    assert [c.chart_id for c in page.charts] == list(fte.CHARTS)
    assert all(c.failed for c in page.charts)
    assert [f.part for f in page.failures] == list(fte.CHARTS)


# --- slides and the pack --------------------------------------------------------------

def test_a_chart_slide_shows_the_pages_chart_and_first_sentence():
    from dashboard.web.presentation import slide_body
    title, sentence, graph = slide_body("fte", ALPHA.to_dict())
    assert title.children == "First time entrants in the year to December 2023"
    assert sentence.children.startswith("In the year to December 2023, 4 children entered")
    assert graph.children.figure.layout.height is None   # fills the slide
    # Its text alternative: the figure is named by the slide's title, described by the
    # sentence (as a page's chart card is).
    props = graph.to_plotly_json()["props"]
    assert props["role"] == "figure"
    assert props["aria-labelledby"] == title.id and props["aria-describedby"] == sentence.id


def test_a_slide_whose_chart_fails_says_so(monkeypatch):
    from dashboard.web.presentation import slide_body

    def broken(self, *args):
        raise RuntimeError("boom")
    monkeypatch.setattr(custody.Page, "trend_chart", broken)
    title, *_ = slide_body("custody", ALPHA.to_dict())
    assert title.children == FAILED_TITLE


def test_the_headline_slide():
    from dashboard.web.presentation import slide_body
    title, context, sentences = slide_body("overview", ALPHA.to_dict())
    assert title.children == registry.section("overview").heading
    assert context.children.startswith("Alpha YJS, year to December 2023.")
    assert sentences.children[0].children.startswith("40 children per 100,000")


def test_the_pack_holds_every_section_and_lists_what_could_not_be_drawn(monkeypatch):
    from dashboard.output.board_pack import collect, render_html
    pack = collect("service:Alpha YJS", "2023-12-31")
    assert pack.missing == []
    assert [title for title, _ in pack.sections] == [s.board_title for s in registry.PACK]
    charts = dict(pack.sections)
    assert [c.chart_id for c in charts["First time entrants"]] == list(fte.CHARTS)
    # Disproportionality: the relative rates at every stage, the court stage in full.
    assert len(charts["Ethnic disproportionality"]) == 4 + len(disproportionality.CHARTS)
    assert pack.headlines[1].startswith("40 children per 100,000")
    assert len(pack.summary.data["rows"]) == 5   # and serious violence
    # The needs and outcomes section: every card, a file not loaded saying so in its place.
    local = charts["Needs and outcomes"]
    assert [c.chart_id for c in local] == list(needs.CHARTS)
    assert local[1].title == "interventions.csv is not loaded"

    def broken(self):
        raise RuntimeError("boom")
    monkeypatch.setattr(custody.Page, "type_chart", broken)
    pack = collect("service:Alpha YJS", "2023-12-31")
    assert pack.missing == ["Use of custody: by type of sentence"]
    stand_in = next(c for c in dict(pack.sections)["Use of custody"]
                    if c.chart_id == custody.TYPE)
    assert stand_in.failed
    document = render_html(pack)
    assert "Missing from this pack" in document
    assert "Use of custody: by type of sentence." in document
    assert document.count("This chart could not be drawn") == 1
