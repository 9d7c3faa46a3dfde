"""The page layouts answered from the page cache (dashboard/web/page_cache.py) are each
user's own, follow the data version, and a failed build (a layout's or a page's) is never
kept.

Flask's test client against the whole app on the bundled sample (the in-process cache):
Dash Pages' layout callback (`_pages_content.children`) is asked as a browser asks it, by
users of different roles, scopes and names, each twice (the second answer from the cache);
every page layout build is counted, so "from the cache" is checked, not assumed.
"""
from __future__ import annotations

import json
import re
import shutil

import dash
import pytest

from dashboard.core.db import get_engine
from dashboard.web import users
from web_client import (SAMPLE, callback_body, database_env, dependencies, find,
                        load_sample_with_demo_users, make_app, outputs_of, post_callback,
                        signed_in)

KINGSMOOR = "service:Kingsmoor and Fenby YJS"


@pytest.fixture()
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)  # the in-process cache
    url = f"sqlite:///{tmp_path / 'layouts.db'}"
    load_sample_with_demo_users(url)
    # a second manager with the same role and scope as "manager", another name
    users.add_user(get_engine(url), "second-manager", "manager", "demo-second-manager")
    with database_env(url):
        app = make_app()
        builds = []
        for page in dash.page_registry.values():  # count every layout drawn
            monkeypatch.setitem(page, "layout", _counted(page["layout"], page["path"], builds))
        clients = {name: signed_in(app, name) for name in
                   ("board", "manager", "second-manager", "kingsmoor-manager", "analyst")}
        deps = dependencies(clients["analyst"])
        builds.clear()  # Dash draws every page once on its first request, to check callbacks
        yield {"url": url, "app": app, "clients": clients, "builds": builds,
               "deps": deps, "tmp": tmp_path}


def _counted(layout, path, builds):
    def counted(**query):
        builds.append(path)
        return layout(**query)
    return counted


def layout(site, user: str, path: str = "/", search: str = "") -> str:
    """The page's layout as the user's browser receives it (JSON text)."""
    dep = find(site["deps"], "_pages_content.children")
    body = callback_body(dep, {"_pages_location.pathname": path,
                               "_pages_location.search": search})
    answer = outputs_of(post_callback(site["clients"][user], body))
    return json.dumps(answer["_pages_content"]["children"])


def offered_areas(text: str) -> set[str]:
    return set(re.findall(r'"value": "((?:all|service:|la:)[^"]*)"', text))


def cohort_filters_hidden(text: str) -> bool:
    """Whether the <details> holding the cohort filters (filter-sex among them) is hidden."""
    def holds_sex_filter(node) -> bool:
        if isinstance(node, list):
            return any(holds_sex_filter(n) for n in node)
        if not isinstance(node, dict):
            return False
        props = node.get("props", {})
        return props.get("id") == "filter-sex" or holds_sex_filter(props.get("children"))

    def details(node):
        if isinstance(node, list):
            for n in node:
                yield from details(n)
        elif isinstance(node, dict):
            if node.get("type") == "Details" and holds_sex_filter(node["props"].get("children")):
                yield node
            yield from details(node.get("props", {}).get("children"))
    found = list(details(json.loads(text)))
    assert len(found) == 1
    return bool(found[0]["props"].get("hidden"))


def test_a_cached_layout_is_never_another_role_scope_or_users(site):
    first = {user: layout(site, user) for user in site["clients"]}
    assert len(site["builds"]) == 5                      # each user's own build
    again = {user: layout(site, user) for user in reversed(list(site["clients"]))}
    assert len(site["builds"]) == 5                      # then each from the cache
    assert again == first
    # each shows who is signed in, and nobody else
    for user, text in first.items():
        shown = re.findall(r'"children": "([^"]+)", "className": "user-name"', text)
        assert shown == [user], (user, shown)
    # the scoped manager is offered only their own areas; the analyst every service
    assert offered_areas(first["kingsmoor-manager"]) == {"all", KINGSMOOR, "la:E06900001"}
    # holding Kingsmoor alone, the service is offered as that part of it
    assert '"label": "Kingsmoor and Fenby YJS (Kingsmoor only)"' in first["kingsmoor-manager"]
    assert '"label": "Kingsmoor and Fenby YJS"' in first["analyst"]
    assert "service:Northmoor and Eastbridge YJS" in offered_areas(first["analyst"])
    # a board member is offered whole services only and their cohort filters are hidden
    assert any(a.startswith("la:") for a in offered_areas(first["manager"]))
    assert not any(a.startswith("la:") for a in offered_areas(first["board"]))
    assert cohort_filters_hidden(first["board"]) and not cohort_filters_hidden(first["manager"])
    assert "(Board member)" in first["board"] and "(Manager)" in first["manager"]
    # the same role and scope, another name: the same page but for the name
    assert first["second-manager"].replace("second-manager", "manager") == first["manager"]


def test_each_address_has_its_own_cached_layout(site):
    overview = layout(site, "analyst", "/", "")
    kingsmoor = layout(site, "analyst", "/", f"?area={KINGSMOOR}")
    about = layout(site, "analyst", "/about", "")
    assert len({overview, kingsmoor, about}) == 3
    assert site["builds"] == ["/", "/", "/about"]
    assert layout(site, "analyst", "/about", "") == about
    assert layout(site, "analyst", "/", f"?area={KINGSMOOR}") == kingsmoor
    assert site["builds"] == ["/", "/", "/about"]


def test_a_changed_role_or_scope_changes_the_layout_at_once(site):
    before = layout(site, "manager")
    assert "(Manager)" in before and not cohort_filters_hidden(before)
    users.set_role(get_engine(site["url"]), "manager", "board")
    as_board = layout(site, "manager")                   # read afresh, not the cached one
    assert "(Board member)" in as_board and cohort_filters_hidden(as_board)
    users.set_role(get_engine(site["url"]), "manager", "manager")
    users.set_scope(get_engine(site["url"]), "manager", ["E06900001"])
    assert offered_areas(layout(site, "manager")) == {"all", KINGSMOOR, "la:E06900001"}


def test_a_disabled_user_gets_no_cached_layout(site):
    layout(site, "analyst")
    users.set_disabled(get_engine(site["url"]), "analyst", True)
    dep = find(site["deps"], "_pages_content.children")
    body = callback_body(dep, {"_pages_location.pathname": "/",
                               "_pages_location.search": ""})
    assert post_callback(site["clients"]["analyst"], body).status_code == 401


def test_a_reload_changes_the_cached_layout(site):
    before = layout(site, "analyst", "/about")
    assert "Kingsmoor Renamed" not in before
    folder = site["tmp"] / "renamed"
    shutil.copytree(SAMPLE, folder)
    authorities = folder / "local_authorities.csv"
    authorities.write_text(authorities.read_text().replace(
        "E06900001,Kingsmoor,", "E06900001,Kingsmoor Renamed,"))
    from dashboard.etl.loader import load_folder
    load_folder(folder, get_engine(site["url"]))
    after = layout(site, "analyst", "/about")
    assert "Kingsmoor Renamed" in after                   # the About page's coverage table
    assert site["builds"] == ["/about", "/about"]


def test_a_layout_that_could_not_read_the_database_is_not_kept(site, monkeypatch):
    import dashboard.web.components as components

    real = components.load_meta

    def broken(engine):
        raise ConnectionError("database went away")
    monkeypatch.setattr(components, "load_meta", broken)
    assert "could not be reached" in layout(site, "analyst")
    monkeypatch.setattr(components, "load_meta", real)
    assert "could not be reached" not in layout(site, "analyst")


def test_a_page_whose_build_failed_is_not_kept(site, monkeypatch):
    import dashboard.web.pages as pages

    dep = find(site["deps"], "custody-headlines.children")
    body = callback_body(dep, {"view-state.data": {"area": KINGSMOOR}})
    real = pages.markup_names

    def broken(*args, **kwargs):
        raise ConnectionError("database went away")
    monkeypatch.setattr(pages, "markup_names", broken)
    failed = json.dumps(outputs_of(post_callback(site["clients"]["analyst"], body)))
    assert "could not" in failed.lower()
    monkeypatch.setattr(pages, "markup_names", real)
    shown = json.dumps(outputs_of(post_callback(site["clients"]["analyst"], body)))
    assert "could not" not in shown.lower()
    assert json.dumps(outputs_of(post_callback(site["clients"]["analyst"], body))) == shown
