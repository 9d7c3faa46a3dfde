"""The Dash app factory: pages from layouts/, callbacks from callbacks/, local assets only."""
from __future__ import annotations

import importlib
import pkgutil

import dash
import dash_bootstrap_components as dbc
from dash import Dash, html

from dashboard.core.config import PROJECT_ROOT
from dashboard.core.db import require_existing_database
from dashboard.web.components import NOTHING_LOADED, frame, page_main
from dashboard.web.first_page import page_container
from dashboard.web.registry import section
from dashboard.web.serving import ServedDash, init_serving
from dashboard.web.state import ViewState


_CALLBACKS: tuple | None = None

# plotly.js "basic" (scatter, bar, pie and the cartesian axes, shapes, annotations and error
# bars the figures use), vendored: a fifth of the full plotly.min.js Dash would otherwise
# load. dcc.Graph loads its own plotly.js only when `window.Plotly` is not already defined,
# so a script in the page takes its place (docs/performance.md, "First page load").
PLOTLY_JS = "/assets/vendor/plotly-basic.min.js"


def _register_callbacks() -> None:
    """Import callbacks/, whose @callback decorators fill Dash's global lists; the first
    request of an app moves them into that app. They are kept, so every app made in one
    process (tests make several) gets every callback, not only the first."""
    global _CALLBACKS
    from dash import _callback
    if _CALLBACKS is None:
        import callbacks
        for module in pkgutil.iter_modules(callbacks.__path__):
            importlib.import_module(f"callbacks.{module.name}")
        _CALLBACKS = (dict(_callback.GLOBAL_CALLBACK_MAP),
                      list(_callback.GLOBAL_CALLBACK_LIST),
                      list(_callback.GLOBAL_INLINE_SCRIPTS))
        return
    callback_map, callback_list, scripts = _CALLBACKS
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_CALLBACK_MAP.update(callback_map)
    _callback.GLOBAL_CALLBACK_LIST[:] = callback_list
    _callback.GLOBAL_INLINE_SCRIPTS[:] = scripts


def validation_layout(app: Dash) -> html.Div:
    """The app's layout, the page frame and every page's own part, drawn without the
    database, for Dash to check each callback's ids and properties against
    (suppress_callback_exceptions is off).

    A page registers its body builder with `dash.register_page(..., body=...)` (None for
    About, whose body fills no callback). Components that callbacks create (filter chips,
    slides, the overview's sparklines) have pattern-matching ids, which Dash does not
    require to be in the layout.
    """
    state, meta = ViewState(), NOTHING_LOADED
    pages = [(section(page["section"]), page["body"] or (lambda state, meta: []))
             for page in dash.page_registry.values()]
    shell = frame(pages[0][0], state, meta, lambda state, meta: [])
    return html.Div([app.layout() if callable(app.layout) else app.layout, shell,
                     *[part for page, body in pages
                       for part in page_main(page, state, meta, body)]])


def create_app() -> Dash:
    # Fail now, with instructions, rather than serve an empty, newly created database.
    require_existing_database()
    app = ServedDash(
        __name__,
        use_pages=True,
        pages_folder=str(PROJECT_ROOT / "layouts"),
        assets_folder=str(PROJECT_ROOT / "assets"),
        # Bootstrap must load before our own CSS: Dash serves top-level assets first, so
        # the vendored files are linked explicitly (no CDN) and skipped by the scan.
        assets_path_ignore=["vendor"],
        external_stylesheets=["/assets/vendor/bootstrap.min.css",
                              "/assets/vendor/bootstrap-icons/bootstrap-icons.min.css"],
        external_scripts=[PLOTLY_JS],
        serve_locally=True,
        suppress_callback_exceptions=False,
        title="Youth justice performance",
        update_title=None,
    )
    # Screen readers pick the voice from the page's language (WCAG 3.1.1).
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">', 1)
    from queries.cache import init_cache
    init_cache(app.server)
    from dashboard.web.page_cache import init_page_cache
    init_page_cache(app)  # before anything else wraps the callback route
    from dashboard.web.auth import init_auth
    init_auth(app)
    from dashboard.web.guard import init_guard
    init_guard(app)
    init_serving(app)
    # A function: the layout asked for by a page the user opens holds that page already
    # (dashboard/web/first_page.py), one round trip fewer before its charts.
    app.layout = lambda: dbc.Container(
        [html.A("Skip to content", href="#main", className="skip-link"),
         html.Main(page_container(app), id="main")],
        fluid=True,
    )
    checked = app.validation_layout = validation_layout(app)

    # Dash Pages sets app.validation_layout on the first request from each page's
    # layout(), which reads the database (and says only "cannot show figures" without
    # one); this hook runs after Dash's and puts the database-free layout back.
    @app.server.before_request
    def _check_callbacks_against_every_page():
        if app.validation_layout is not checked:
            app.validation_layout = checked

    _register_callbacks()
    from callbacks.board_pack import init_routes
    init_routes(app.server)  # the finished board pack's download
    return app
