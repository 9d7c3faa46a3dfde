"""The page a browser opens comes in Dash's first layout (dashboard/web/first_page.py):
`/_dash-layout`, asked for by a page (its Referer), holds that page exactly as Dash's
router would answer for the same address, with the router's location set to it so the
router does not run again; without a Referer, or for an address that is no page, the
container is empty as Dash makes it and the router draws the page as before.

Flask's test client against the whole app on the bundled sample. If a Dash upgrade
changes `dash.page_container` or how the router calls a page's layout, these fail.
"""
from __future__ import annotations

import json

import pytest

from web_client import (callback_body, database_env, dependencies, find,
                        load_sample_with_demo_users, make_app, outputs_of, post_callback,
                        signed_in)

KINGSMOOR = "service:Kingsmoor and Fenby YJS"
NORTHMOOR = "service:Northmoor and Eastbridge YJS"
ORIGIN = "http://localhost"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('first-page') / 'first-page.db'}"
    load_sample_with_demo_users(url)
    with database_env(url):
        app = make_app()
        clients = {name: signed_in(app, name) for name in ("analyst", "kingsmoor-manager")}
        yield {"app": app, "clients": clients, "deps": dependencies(clients["analyst"])}


def _component(tree, ident: str):
    """The component (JSON) with id `ident` in a layout, or None."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == ident:
            return tree
        children = tree.get("props", {}).get("children")
        return _component(children, ident) if children is not None else None
    if isinstance(tree, list):
        for item in tree:
            found = _component(item, ident)
            if found is not None:
                return found
    return None


def _layout(client, address: str | None):
    headers = {"Referer": ORIGIN + address} if address is not None else {}
    answer = client.get("/_dash-layout", headers=headers)
    assert answer.status_code == 200, answer.status_code
    return answer, json.loads(answer.get_data())


def _routed(site, client, pathname: str, search: str) -> dict:
    """What Dash's router answers for the address (the page's layout and title)."""
    dep = find(site["deps"], "_pages_content.children")
    body = callback_body(dep, {"_pages_location.pathname": pathname,
                               "_pages_location.search": search})
    return outputs_of(post_callback(client, body))


@pytest.mark.parametrize("pathname,search", [
    ("/", ""),
    ("/custody", f"?area={KINGSMOOR}"),
    ("/reoffending", "?basis=all_outcomes&sex=F&sex=M&period="),
    ("/first-time-entrants", "?present=1"),
    ("/about", ""),
])
def test_the_first_layout_holds_the_page_the_router_would_draw(site, pathname, search):
    client = site["clients"]["analyst"]
    answer, layout = _layout(client, pathname + search)
    content = _component(layout, "_pages_content")
    routed = _routed(site, client, pathname, search)
    assert content["props"]["children"] == routed["_pages_content"]["children"]
    store = _component(layout, "_pages_store")
    assert store["props"]["data"] == routed["_pages_store"]["data"]
    location = _component(layout, "_pages_location")["props"]
    assert (location["pathname"], location["search"]) == (pathname, search)
    # Drawn for this page and this user: never kept by a cache.
    assert answer.headers["Cache-Control"] == "no-store"
    assert "referer" in answer.headers["Vary"].lower()


def test_the_view_in_the_first_layout_keeps_to_the_users_scope(site):
    """A manager scoped to one authority of Kingsmoor (E06900001) who opens Northmoor's
    address gets their own authority."""
    _, layout = _layout(site["clients"]["kingsmoor-manager"], f"/custody?area={NORTHMOOR}")
    view = _component(layout, "view-state")
    assert view["props"]["data"]["area"] == "la:E06900001"
    assert "Northmoor" not in json.dumps(_component(layout, "_pages_content"))


@pytest.mark.parametrize("address", [None, "/no-such-page", "/custody/more", "/login"])
def test_without_a_page_to_open_the_container_is_left_to_the_router(site, address):
    _, layout = _layout(site["clients"]["analyst"], address)
    assert _component(layout, "_pages_content")["props"].get("children") is None
    location = _component(layout, "_pages_location")["props"]
    assert "pathname" not in location and "search" not in location


def test_the_first_layout_needs_a_signed_in_user(site):
    anonymous = site["app"].server.test_client()
    answer = anonymous.get("/_dash-layout", headers={"Referer": ORIGIN + "/custody"})
    assert answer.status_code == 401
