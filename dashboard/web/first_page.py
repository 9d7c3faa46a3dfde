"""The page the browser opens, already in Dash's first layout: one round trip fewer before
its charts are filled.

With Dash Pages a page is drawn in three steps after the HTML: the renderer asks for the
app's layout (`/_dash-layout`), in which `dash.page_container` is empty; the container's
`dcc.Location` then reports the address, and Dash's routing callback answers with the
page's layout; only then does the page's own callback (Input `view-state`) fire and fill
the charts. Here the app's layout is a function (`app_layout`): when the layout request
comes from a page of the app that a signed-in user opened (its Referer: the page's address,
which the browser sends in full to its own origin under `Referrer-Policy: same-origin`),
the container already holds that page's layout, made by the page's own `layout(**query)`
as Dash's router would make it, with the `dcc.Location` set to the same address. The
location then reports nothing new, the routing callback does not run, and the page's
callback is among the first that Dash fires. Moving inside the app (links, back and
forward) goes through the routing callback as before.

Without a Referer (a proxy may strip it), for an address that is not one of the pages, or
if the page's layout fails, the container is left empty as Dash makes it, and the router
draws the page as before. The Referer is no more trusted than the address the router is
given: the page's layout parses it defensively and applies the user's scope
(`components.page_frame`). `tests/integration/test_first_page.py` checks the layout
equals the router's answer for the same address, and the browser tests of URL state and
the page load (tests/browser/test_url_state.py, test_smoke.py) that the router is not
asked on a first load.
"""
from __future__ import annotations

import copy
import logging
from urllib.parse import parse_qs, urlsplit

import dash
from dash import dcc, html
from flask import has_request_context, request

from dashboard.web.session import current_user_record

log = logging.getLogger(__name__)

LAYOUT_ROUTE = "_dash-layout"


def query_arguments(search: str) -> dict:
    """The page layout's keyword arguments for a query string, as Dash's router passes them
    (a value given once is a string, given twice a list; blank values kept)."""
    if not search.startswith("?"):
        return {}
    return {key: values[0] if len(values) == 1 else values
            for key, values in parse_qs(search[1:], keep_blank_values=True).items()}


def _page_for(app: dash.Dash, pathname: str) -> dict | None:
    """The registered page at `pathname` (the address's path), if there is exactly one."""
    wanted = app.strip_relative_path(pathname) or ""
    pages = [page for page in dash.page_registry.values()
             if not page.get("path_template") and page["path"].strip("/") == wanted]
    return pages[0] if len(pages) == 1 else None


def _parts(container: html.Div):
    """The container's location, content and store (dash.page_container's children)."""
    children = list(container.children or [])
    locations = [c for c in children if isinstance(c, dcc.Location)]
    stores = [c for c in children if isinstance(c, dcc.Store)]
    contents = [c for c in children if isinstance(c, html.Div) and "content" in str(c.id)]
    if len(locations) == 1 and len(stores) == 1 and len(contents) == 1:
        return locations[0], contents[0], stores[0]
    return None


def opened_address() -> tuple[str, str] | None:
    """(pathname, search) of the page whose layout this request asks for, when it is the
    layout request of a signed-in user's page."""
    if not has_request_context() or not request.path.endswith("/" + LAYOUT_ROUTE):
        return None
    if current_user_record() is None or not request.referrer:
        return None
    address = urlsplit(request.referrer)
    return address.path or "/", f"?{address.query}" if address.query else ""


def page_container(app: dash.Dash) -> html.Div:
    """`dash.page_container`, holding the opened page when the request says which."""
    container = copy.deepcopy(dash.page_container)
    address = opened_address()
    if address is None:
        return container
    parts = _parts(container)
    page = _page_for(app, address[0])
    if parts is None or page is None:
        if parts is None:
            log.warning("dash.page_container has changed shape: pages start empty")
        return container
    location, content, store = parts
    try:
        layout = page["layout"]
        layout = layout(**query_arguments(address[1])) if callable(layout) else layout
        title = page["title"]
        title = title() if callable(title) else title
    except Exception:  # noqa: BLE001 - Dash's router draws it (and reports it) as before
        log.exception("the page's layout failed; leaving it to Dash's router")
        return container
    location.pathname, location.search = address
    content.children = layout
    store.data = {"title": title}
    return container
