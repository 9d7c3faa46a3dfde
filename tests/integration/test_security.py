"""Roles and scope enforced on the server, tried the way an attacker would: raw HTTP posts to
Dash's callback route with crafted view states, chart stores and drill specs (Flask's test
client against the whole app on the bundled sample).

- A manager scoped to Kingsmoor (E06900001) cannot read another area's rows.
- A board member cannot drill, download, filter, pick a single authority, or read a count
  from 1 to 4 in any table, headline or figure the page callbacks send (nor work one out
  by subtracting shown figures from a total).
- Hostile values that used to answer 500 now answer a page, a notice or a 400.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import re

import pytest
from dash import html

from dashboard.web.audit import list_events
from dashboard.core.db import get_engine
from web_client import (callback_body, chart_key, database_env, dependencies, find,
                        load_sample_with_demo_users, make_app, outputs_of, post_callback,
                        signed_in)

KINGSMOOR = "service:Kingsmoor and Fenby YJS"
NORTHMOOR = "service:Northmoor and Eastbridge YJS"
PAGES = {"overview": "overview-headlines.children", "fte": "fte-headlines.children",
         "custody": "custody-headlines.children",
         "reoffending": "reoffending-headlines.children",
         "disposals": "disposals-headlines.children",
         "disproportionality": "disproportionality-headlines.children",
         "needs": "needs-headlines.children"}
SMALL_PHRASE = re.compile(r"(?<![\d.,])[1-4] ((out )?of (the )?(\d+|fewer than \d+) )?"
                          r"(child|children|custodial sentence|sentence|outcome|disposal|"
                          r"reoffence|remand)"
                          r"|\b([Oo]ne|[Tt]wo|[Tt]hree|[Ff]our) (child|remand|custodial)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('security') / 'security.db'}"
    load_sample_with_demo_users(url)
    with database_env(url):
        app = make_app()
        clients = {name: signed_in(app, name) for name in
                   ("board", "manager", "kingsmoor-manager", "analyst")}
        yield {"url": url, "app": app, "clients": clients,
               "deps": dependencies(clients["analyst"])}


def view(**values) -> dict:
    return {"area": "", "period": "", "compare": "national", "sex": "", "age": "",
            "ethnicity": "", "looked_after": "", "tier": "", "offence": "", "present": "",
            "theme": "", "advance": "", **values}


def page(site, user: str, name: str, state: dict, **controls) -> dict:
    dep = find(site["deps"], PAGES[name])
    values = {"view-state.data": state, **controls}
    return outputs_of(post_callback(site["clients"][user], callback_body(dep, values)))


def tables(outputs: dict) -> dict[str, dict]:
    """chart id -> the chart's table as sent to the browser."""
    found = {}
    for ident, props in outputs.items():
        if ident.startswith("{") and json.loads(ident).get("type") == "chart-data":
            found[json.loads(ident)["chart"]] = props.get("data")
    return found


def drill(site, user: str, chart: str, state: dict, data=None):
    dep = find(site["deps"], "drill-modal.is_open")
    body = callback_body(dep, {"chart-drill-btn.n_clicks": [1],
                               "chart-data.data": [data],
                               "chart-data.id": [{"chart": chart, "type": "chart-data"}],
                               "view-state.data": state},
                         all_ids={"chart": [chart]})
    return post_callback(site["clients"][user], body)


def download(site, user: str, chart: str, state: dict, data=None):
    dep = find(site["deps"], '{"chart":["MATCH"],"type":"chart-download"}.data')
    body = callback_body(dep, {"chart-csv-btn.n_clicks": 1, "chart-data.data": data,
                               "view-state.data": state}, fill={"chart": chart})
    return post_callback(site["clients"][user], body)


def rows_of(outputs: dict) -> int:
    return sum(len(t["rows"]) for t in tables(outputs).values() if isinstance(t, dict))


# --- a manager scoped to one authority ---------------------------------------------------

@pytest.mark.parametrize("area", [NORTHMOOR, "la:E06900003", "all"])
def test_a_scoped_manager_gets_no_rows_of_another_area(site, area):
    theirs = page(site, "analyst", "fte", view(area=NORTHMOOR))
    assert rows_of(theirs) > 0  # the rows exist, for someone allowed to see them
    # The funnel plots every service's *published* figures (benchmarks.csv): public.
    mine = {c: t for c, t in tables(page(site, "kingsmoor-manager", "fte", view(area=area)))
            .items() if not c.endswith("-funnel")}
    for chart, table in mine.items():
        if isinstance(table, dict):
            groups = {str(r.get("Group")) for r in table["rows"]}
            assert not groups & {"Northmoor", "Eastbridge", "Fenby", "Aberwen"}, chart
    if area != "all":  # asked for Northmoor: shown their own authority instead
        headlines = json.dumps(page(site, "kingsmoor-manager", "fte", view(area=area))
                               ["fte-headlines"])
        assert "in Kingsmoor" in headlines and "Northmoor" not in headlines, headlines


def test_a_scoped_manager_starts_on_their_own_authority_and_is_offered_only_their_areas(site):
    # kingsmoor-manager holds Kingsmoor (E06900001), one of Kingsmoor and Fenby YJS's two
    # authorities: a page without an area opens on Kingsmoor, not on the whole service
    # (whose name over a part of it would mislead) and not on another service; the area
    # list offers all of theirs, their service and Kingsmoor only.
    from plotly.utils import PlotlyJSONEncoder

    from dashboard.web import registry, users
    from dashboard.web.components import page_frame
    from dashboard.web.session import acting_as

    shown = []
    with site["app"].server.app_context(), \
            acting_as(users.get_user(get_engine(site["url"]), "kingsmoor-manager")):
        drawn = page_frame(registry.SECTIONS[0], {},
                           lambda state, meta: shown.append(state.area) or html.Div())
    assert shown == ["la:E06900001"]
    layout = json.dumps(drawn, cls=PlotlyJSONEncoder)
    offered = set(re.findall(r'"value": "((?:all|service:|la:)[^"]*)"', layout))
    assert offered == {"all", KINGSMOOR, "la:E06900001"}, offered


def test_a_scoped_manager_cannot_drill_into_another_area(site):
    crafted = {"drill": {"kind": "outcomes", "outcome_type": "referral_order",
                         "title": "Everyone"}, "rows": [], "columns": []}
    answer = drill(site, "kingsmoor-manager", "fte-trend", view(area=NORTHMOOR), crafted)
    body = json.dumps(outputs_of(answer))
    assert "Northmoor" not in body.replace("Northmoor and Eastbridge YJS", "")
    assert "Eastbridge" not in body.replace("Northmoor and Eastbridge YJS", "")
    assert "Everyone" not in body  # the crafted spec is ignored: the server's own is used
    # Asked for Northmoor, the manager is shown their own authority's list, if any.
    for row in outputs_of(answer)["drill-body"]["children"][1]["props"].get("rowData", []):
        assert row["Local authority"] == "Kingsmoor", row


def test_a_scoped_managers_drill_lists_only_their_authority(site):
    answer = outputs_of(drill(site, "kingsmoor-manager", "custody-counts",
                              view(area=KINGSMOOR)))
    grid = answer["drill-body"]["children"][1]["props"]
    areas = {row["Local authority"] for row in grid["rowData"]}
    assert areas == {"Kingsmoor"}
    assert "Offence group" not in {c["field"] for c in grid["columnDefs"]}  # free text


# --- downloads -------------------------------------------------------------------------

def nothing_sent(answer) -> bool:
    return answer.status_code == 204 or (answer.status_code == 200
                                         and answer.get_json()["response"] == {})


def test_a_manager_may_not_download_csv(site):
    answer = download(site, "manager", "fte-sex", view(area=KINGSMOOR))
    assert nothing_sent(answer)
    assert "export_refused" in [e["action"] for e in list_events(get_engine(site["url"]), 5)]


def test_the_csv_is_the_servers_table_not_the_browsers(site):
    crafted = {"filename": "../../evil", "columns": ["Group"],
               "rows": [{"Group": "=HYPERLINK(\"http://evil.example\")"}]}
    answer = outputs_of(download(site, "analyst", "fte-sex", view(area=KINGSMOOR), crafted))
    sent = answer[chart_key("fte-sex", "chart-download")]["data"]
    assert sent["filename"] == "first-time-entrants-by-sex.csv"
    rows = list(csv.DictReader(io.StringIO(sent["content"])))
    assert {r["Group"] for r in rows} == {"Boys", "Girls", "Sex not recorded"}
    assert "HYPERLINK" not in sent["content"]


# --- board members -----------------------------------------------------------------------

def board_pages(site):
    for name in PAGES:
        for area in (KINGSMOOR, NORTHMOOR, "service:Aberwen and Llanfelin YJS"):
            yield name, area, page(site, "board", name, view(area=area))


COUNT_HEADER = re.compile(r"^(Children(?! aged)|Custodial sentences|Outcomes|Disposals|"
                          r"Reoffences$|Diversion outcomes|Formal outcomes)|\(count\)")


def test_a_board_member_never_receives_a_count_from_1_to_4(site):
    seen_suppressed = 0
    for name, area, outputs in board_pages(site):
        for chart, table in tables(outputs).items():
            if not isinstance(table, dict):
                continue
            assert table.get("drill") is None, chart
            for row in table["rows"]:
                for column, value in row.items():
                    if COUNT_HEADER.search(column):
                        assert not (isinstance(value, (int, float)) and 0 < value < 5), \
                            (name, area, chart, column, value)
                        seen_suppressed += value == "<5"
        text = json.dumps(outputs, ensure_ascii=False)
        assert not SMALL_PHRASE.search(text), (name, area, SMALL_PHRASE.search(text).group(0))
    assert seen_suppressed > 20  # the sample has small numbers: they were found and hidden


def test_no_board_breakdown_lets_a_total_reveal_a_hidden_cell(site):
    """In a breakdown, each count column's hidden cells within one block (a period, a tier,
    an area) are 0 or at least two — unless every other cell is zero, when the total is the
    count itself (and is itself shown as <5 wherever it appears)."""
    group_columns = {"Group", "Ethnic group", "Outcome tier", "Outcome"}
    checked = 0
    for name, area, outputs in board_pages(site):
        for chart, table in tables(outputs).items():
            if not isinstance(table, dict) or not group_columns & set(table["columns"]):
                continue
            blocks = {}
            for row in table["rows"]:
                key = tuple(str(row.get(c)) for c in ("Period", "Area", "Tier") if c in row)
                blocks.setdefault(key, []).append(row)
            for rows in blocks.values():
                for column in (c for c in table["columns"] if COUNT_HEADER.search(c)):
                    hidden = [r for r in rows if r.get(column) in ("<5", "[c]")]
                    shown = [r[column] for r in rows if r.get(column) not in ("<5", "[c]")]
                    checked += 1
                    assert len(hidden) != 1 or all(v in (0, None) for v in shown), \
                        (name, area, chart, column)
    assert checked > 50


def test_a_board_members_charts_leave_out_the_points_with_small_numbers(site):
    from plotly.graph_objects import Figure
    outputs = page(site, "board", "custody", view(area=KINGSMOOR))
    bars = Figure(outputs[chart_key("custody-counts", "chart-graph")]["figure"]).data[0]
    table = tables(outputs)["custody-counts"]["rows"]
    assert len(bars.y) == len(table)
    for value, row in zip(bars.y, table):
        if row["Custodial sentences"] in ("<5", "[c]"):
            assert value is None
        else:
            assert value == row["Custodial sentences"] >= 5
    assert any(v is None for v in bars.y) and any(v is not None for v in bars.y)
    assert outputs[chart_key("custody-counts", "chart-title")]["children"] == \
        "Custodial sentences each year"
    assert "left out of the chart" in outputs[chart_key("custody-counts", "chart-note")][
        "children"]


@pytest.mark.parametrize("area,served", [("la:E06900002", KINGSMOOR),
                                         ("all", "service:Aberwen and Llanfelin YJS")])
def test_a_board_member_sees_only_whole_services(site, area, served):
    """A single authority's total or an all-areas total could be subtracted from a
    service's to reveal a suppressed count: board members get a service instead (the
    authority's own, or the first)."""
    asked = page(site, "board", "custody", view(area=area))
    assert asked == page(site, "board", "custody", view(area=served))


def test_a_board_members_cohort_filters_and_peer_comparators_are_ignored(site):
    plain = page(site, "board", "fte", view(area=KINGSMOOR))
    assert page(site, "board", "fte", view(area=KINGSMOOR, sex="F", ethnicity="Black")) == plain
    assert page(site, "board", "fte", view(area=KINGSMOOR, compare="services")) == plain


def test_a_board_member_cannot_drill_or_download(site):
    answer = outputs_of(drill(site, "board", "fte-trend", view(area=KINGSMOOR)))
    assert answer["drill-body"]["children"]["props"]["children"] == \
        "Board members see figures, not the children behind them."
    assert nothing_sent(download(site, "board", "fte-trend", view(area=KINGSMOOR)))
    actions = [e["action"] for e in list_events(get_engine(site["url"]), 5)]
    assert {"drill_refused", "export_refused"} <= set(actions)


def test_a_board_members_page_has_no_cohort_filters_drill_or_csv_buttons(site):
    dep = find(site["deps"], "_pages_content.children")
    for user, expected in (("board", False), ("analyst", True)):
        body = callback_body(dep, {"_pages_location.pathname": "/custody",
                                   "_pages_location.search": "?area=" + KINGSMOOR})
        layout = json.dumps(outputs_of(post_callback(site["clients"][user], body)))
        assert ("chart-drill-btn" in layout) is expected
        assert ("chart-csv-btn" in layout) is expected
        details = re.search(r'"hidden": (true|false), "className": "cohort-filters"', layout) \
            or re.search(r'"className": "cohort-filters"[^}]*"hidden": (true|false)', layout)
        assert details and details.group(1) == ("false" if expected else "true")


# --- values that used to answer 500 -----------------------------------------------------

@pytest.mark.parametrize("state", [
    view(period="0001-01-01"), view(advance="²"), view(area="x" * 100_000),
    view(area="service:" + "\x00" * 10), {"area": 12, "period": ["2024-12-31"]}, "nonsense",
])
def test_hostile_view_states_give_a_page(site, state):
    outputs = page(site, "analyst", "fte", state)
    assert rows_of(outputs) > 0  # the default view, drawn


def test_a_crafted_drill_spec_with_a_huge_outcome_type_is_ignored(site):
    crafted = {"drill": {"kind": "outcomes", "outcome_type": 10**30}}
    answer = drill(site, "analyst", "custody-counts", view(area=KINGSMOOR), crafted)
    assert answer.status_code == 200


@pytest.mark.parametrize("data", [
    {"rows": list(range(100_000)), "columns": ["a"]},
    {"rows": "x" * 1000, "columns": "x" * 1_000_000},
    {"rows": [{"a": 1}], "columns": ["a"] * 1000},
    {"columns": ["a"]}, [1, 2], "x",
])
def test_a_crafted_table_store_is_bounded_or_ignored(site, data):
    dep = find(site["deps"], '{"chart":["MATCH"],"type":"chart-table"}')
    body = callback_body(dep, {"chart-table-btn.n_clicks": 1, "chart-table-feed.data": data},
                         fill={"chart": "fte-sex"})
    answer = post_callback(site["clients"]["analyst"], body)
    assert answer.status_code in (200, 204, 400)
    assert len(answer.get_data()) < 200_000


@pytest.mark.parametrize("clicks", ["1", 1.5, [1], {"a": 1}, -1, 10**30, True])
def test_n_clicks_that_are_not_whole_numbers_are_refused(site, clicks):
    body = callback_body(find(site["deps"], '{"chart":["MATCH"],"type":"chart-download"}'),
                         {"chart-csv-btn.n_clicks": clicks, "view-state.data": view()},
                         fill={"chart": "fte-sex"})
    answer = post_callback(site["clients"]["analyst"], body)
    assert answer.status_code == 400
    assert answer.get_json()["error"].startswith("bad callback request")


@pytest.mark.parametrize("pathname", [12, ["/"], {"a": "/"}, "x" * 5000])
def test_a_pathname_that_is_not_short_text_is_refused(site, pathname):
    body = callback_body(find(site["deps"], "_pages_content.children"),
                         {"_pages_location.pathname": pathname,
                          "_pages_location.search": ""})
    assert post_callback(site["clients"]["analyst"], body).status_code == 400


@pytest.mark.parametrize("body", [
    None, [], {"output": "nope"}, {"output": "board-pack-download.data", "inputs": "x"},
    {"output": "url-sync.data", "inputs": [], "state": []},   # runs in the browser
])
def test_bodies_that_name_no_callback_are_400(site, body):
    answer = site["clients"]["analyst"].post("/_dash-update-component", json=body)
    assert answer.status_code == 400
    assert "Traceback" not in answer.get_data(as_text=True)


def test_a_body_nested_too_deeply_to_parse_is_400(site):
    # 200 kB, under the size limit; Python's JSON parser gives up with RecursionError
    answer = site["clients"]["analyst"].post(
        "/_dash-update-component", data="[" * 100_000 + "]" * 100_000,
        content_type="application/json")
    assert answer.status_code == 400
    assert answer.get_json() == {"error": "bad callback request: the body is not a JSON object"}


def test_an_overlong_body_is_413(site):
    answer = site["clients"]["analyst"].post(
        "/_dash-update-component", data="x" * 5_000_000, content_type="application/json")
    assert answer.status_code == 413


def test_the_summary_csv_needs_no_filename_from_the_browser(site):
    dep = find(site["deps"], "overview-table-download.data")
    body = callback_body(dep, {"overview-table-csv.n_clicks": 1, "view-state.data": view()})
    sent = outputs_of(post_callback(site["clients"]["analyst"], body))
    content = sent["overview-table-download"]["data"]
    assert content["filename"].startswith("overview-summary") and "Indicator" in \
        content["content"]


def test_an_unreachable_database_is_a_503_not_a_500(site, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////nonexistent/folder/missing.db")
    # the signed-in user is read from the database on every request: it fails closed
    answer = post_callback(site["clients"]["analyst"], callback_body(
        find(site["deps"], PAGES["reoffending"]), {"view-state.data": view()}))
    assert answer.status_code == 503
    assert answer.get_json() == {"error": "the database cannot be reached; try again shortly"}
    page_answer = site["clients"]["analyst"].get("/reoffending")
    assert page_answer.status_code == 503 and "Traceback" not in page_answer.get_data(
        as_text=True)


def test_reoffending_and_drill_survive_a_database_failing_mid_request(site, monkeypatch):
    import queries.reoffending
    import callbacks.charts

    def broken(*args, **kwargs):
        raise ConnectionError("database went away")
    for name in dir(queries.reoffending):
        if not name.startswith("_") and callable(getattr(queries.reoffending, name)) \
                and getattr(getattr(queries.reoffending, name), "__module__", "") == \
                "queries.reoffending":
            monkeypatch.setattr(queries.reoffending, name, broken)
    monkeypatch.setattr(callbacks.charts, "children_behind", broken)
    # what earlier tests' pages left in the cache (the overview reads the same reoffending
    # figures) would answer without asking the failing database
    from queries.cache import cache
    with site["app"].server.app_context():
        cache.clear()
    outputs = page(site, "analyst", "reoffending", view(area=KINGSMOOR))
    assert "could not" in json.dumps(outputs).lower()
    answer = outputs_of(drill(site, "analyst", "fte-trend", view(area=KINGSMOOR)))
    assert answer["drill-body"]["children"]["props"]["children"] == \
        "The list could not be loaded. Try again shortly."


# --- logs ---------------------------------------------------------------------------------

def test_a_megabyte_string_is_cut_in_the_logs(site, caplog):
    caplog.set_level(logging.WARNING)
    logging.getLogger("dashboard.anything").warning("value: %s", "x" * 1_000_000)
    try:
        raise ValueError("y" * 1_000_000)
    except ValueError:
        logging.getLogger("callbacks.anything").exception("failed")
    for record in caplog.records[-2:]:
        formatted = logging.Formatter().format(record)
        assert len(formatted) < 20_000
    assert "characters cut" in caplog.records[-2].getMessage()


# --- jobs outside a request ---------------------------------------------------------------

def test_a_job_acting_as_a_user_gets_their_scope_and_suppression(site):
    """A board pack made by a job runner, outside the request, must still be the board
    member's (dashboard.web.session.acting_as); without a user the command line's
    unsuppressed view applies."""
    from dashboard.web import users
    from dashboard.web.pages import content, custody
    from dashboard.web.session import acting_as
    from dashboard.web.state import ViewState

    def counts(page):
        return [r["Custodial sentences"] for r in page.chart("custody-counts").data["rows"]]

    engine = get_engine(site["url"])
    command_line = counts(content(custody, ViewState(area=KINGSMOOR)))
    assert any(isinstance(v, int) and 0 < v < 5 for v in command_line)
    with acting_as(users.get_user(engine, "board")):
        as_board = content(custody, ViewState(area=KINGSMOOR))
    assert not any(isinstance(v, int) and 0 < v < 5 for v in counts(as_board))
    with acting_as(users.get_user(engine, "kingsmoor-manager")):
        theirs = content(custody, ViewState(area=NORTHMOOR))   # shown their own instead
    words = " ".join(theirs.sentences)
    assert "Kingsmoor" in words and "Northmoor" not in words, words


def test_a_board_members_pack_is_named_for_the_service_it_shows(site):
    """A board member who asks for "All areas" gets a service's figures (the first), and
    the pack's cover and file name say which — not "All areas"."""
    from dashboard.output.board_pack import collect
    from dashboard.web import users
    from dashboard.web.session import acting_as

    engine = get_engine(site["url"])
    with acting_as(users.get_user(engine, "board")):
        made = collect("all", None, summary_only=True)
    assert made.area == "Aberwen and Llanfelin YJS"
    assert made.headlines[0].startswith("Aberwen and Llanfelin YJS, year to December 2024")
    with acting_as(users.get_user(engine, "analyst")):
        assert collect("all", None, summary_only=True).area == "All areas"


def test_a_pack_made_for_publication_suppresses_small_numbers_without_a_user(site):
    """The command line has no user and sees every figure; `board-pack --publication`
    (collect(publication=True)) suppresses them as for a board member."""
    from dashboard.output.board_pack import collect

    def small_counts(made):
        return [(chart.chart_id, column, value)
                for page in made.report for chart in [page.chart] if chart and chart.data
                for row in chart.data["rows"] for column, value in row.items()
                if COUNT_HEADER.search(column) and isinstance(value, int) and 0 < value < 5]

    plain = collect(KINGSMOOR, None, summary_only=True)
    assert small_counts(plain)  # the sample's custody counts are small
    published = collect(KINGSMOOR, None, summary_only=True, publication=True)
    assert small_counts(published) == []
    assert not SMALL_PHRASE.search(" ".join(published.headlines))
