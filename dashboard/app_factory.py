"""The Dash app factory: pages from layouts/, callbacks from callbacks/, local assets only."""
from __future__ import annotations

import importlib
import pkgutil

import dash
import dash_bootstrap_components as dbc
from dash import Dash, html

from dashboard.core.config import PROJECT_ROOT
from dashboard.core.db import require_existing_database
from dashboard.web.serving import ServedDash, init_serving


def _register_callbacks() -> None:
    import callbacks
    for module in pkgutil.iter_modules(callbacks.__path__):
        importlib.import_module(f"callbacks.{module.name}")


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
        serve_locally=True,
        suppress_callback_exceptions=True,
        title="Youth justice performance",
        update_title=None,
    )
    # Screen readers pick the voice from the page's language (WCAG 3.1.1).
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">', 1)
    from queries.cache import init_cache
    init_cache(app.server)
    from dashboard.web.auth import init_auth
    init_auth(app)
    init_serving(app)
    app.layout = dbc.Container(
        [html.A("Skip to content", href="#main", className="skip-link"),
         html.Main(dash.page_container, id="main")],
        fluid=True,
    )
    _register_callbacks()
    return app
