"""HTTP serving around the Dash app: health check, limits, compression, caching and
security headers, and an index page that does not disclose software versions.

`init_serving(app)` wires it all onto `app.server`; `ServedDash` is the Dash subclass
whose index page carries a per-request CSP nonce on its inline scripts.

Content-Security-Policy, source by source:
- `default-src 'self'`: everything (bundles, assets, callbacks) comes from this server.
- `script-src 'self' 'nonce-…'`: Dash's bundles are files from 'self'; the index page's
  inline scripts (the clientside callbacks and `new DashRenderer()`) carry the nonce
  minted for that response. No 'unsafe-inline' and no 'unsafe-eval': the renderer,
  Plotly and AG Grid draw our pages without eval (checked in Chromium by
  tests/browser/test_csp.py).
- `style-src 'self' 'unsafe-inline'`: Dash's renderer, its core components and Plotly
  insert <style> elements at run time (without it the charts break: test_csp.py saw
  it); CSS cannot run script, so this is the usual allowance.
- `img-src 'self' data: blob:`: Bootstrap's CSS draws icons as data: SVG; Plotly's
  "download plot" makes data:/blob: images.
- `font-src 'self'`: Bootstrap Icons is vendored under assets/.
- `connect-src 'self'`: callbacks go to /_dash-update-component.
- `object-src 'none'`, `base-uri 'none'`, `form-action 'self'`,
  `frame-ancestors 'none'` (with X-Frame-Options: DENY for old browsers): no plugins,
  no <base> hijacking, forms post here only, and nobody may frame the dashboard.
"""
from __future__ import annotations

import json
import logging
import re
import secrets

from dash import Dash
from flask import Flask, g, jsonify, request
from flask_compress import Compress
from plotly.io.json import to_json_plotly
from sqlalchemy import func, select, text

from dashboard.core.config import bundle_cache_dir, hsts_always, max_content_length
from dashboard.web.precompress import BundleCompressor, precompressed_bundles

log = logging.getLogger(__name__)

HEALTH_PATH = "/health"
HEALTH_STATEMENT_TIMEOUT_MS = 2000
BUNDLE_MAX_AGE = 365 * 24 * 3600   # fingerprinted: the URL changes with the file
ASSET_MAX_AGE = 24 * 3600          # /assets: some links carry no fingerprint

# Everything Dash, Flask or our assets send that compresses well.
COMPRESS_MIMETYPES = [
    "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
    "application/x-javascript", "application/json", "image/svg+xml",
    "image/vnd.microsoft.icon", "image/x-icon",   # the favicon: 15 kB, 4 kB compressed
]
# Keys of Dash's `_dash-config` that only say which versions run here (the production
# renderer does not read them; its dev tools, which we never enable, do).
CONFIG_VERSION_KEYS = ("dash_version", "python_version", "plotly_version", "ddk_version",
                       "dash_version_url")

_CONFIG_SCRIPT = re.compile(
    r'^(?P<open><script id="_dash-config" type="application/json">)(?P<json>.*)'
    r'(?P<close></script>)$', re.S)
_SCRIPT_TAG = re.compile(r"<script(?=[\s>])")
_FAVICON_VERSION = re.compile(r'(href="[^"?]*_favicon\.ico)\?v=[^"]*"')


def content_security_policy(nonce: str | None = None) -> str:
    scripts = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """This request's CSP nonce, minted on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def config_without_versions(config_html: str) -> str:
    """Dash's `<script id="_dash-config">` without the software version fields."""
    match = _CONFIG_SCRIPT.match(config_html.strip())
    if not match:  # a Dash upgrade changed the tag: tests/integration/test_serving.py says so
        return config_html
    config = json.loads(match["json"])
    for key in CONFIG_VERSION_KEYS:
        config.pop(key, None)
    # Plotly's encoder escapes <, > and / as Dash's own does: safe inside <script>.
    return match["open"] + to_json_plotly(config) + match["close"]


class ServedDash(Dash):
    """Dash whose index page discloses no versions and nonces its <script> tags."""

    def interpolate_index(self, **kwargs):
        kwargs["config"] = config_without_versions(kwargs.get("config", ""))
        kwargs["favicon"] = _FAVICON_VERSION.sub(r'\1"', kwargs.get("favicon", ""))
        page = super().interpolate_index(**kwargs)
        return _SCRIPT_TAG.sub(f'<script nonce="{csp_nonce()}"', page)


# --- health ------------------------------------------------------------------------


def health():
    """200 when the database answers, 503 otherwise; no login, no cache, no details."""
    from dashboard.contract.schema import LoadInfo
    from dashboard.core.db import get_engine
    try:
        engine = get_engine()
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text(f"SET LOCAL statement_timeout = {HEALTH_STATEMENT_TIMEOUT_MS}"))
            loaded_at, as_of = conn.execute(
                select(func.max(LoadInfo.loaded_at), func.max(LoadInfo.as_of))).one()
            conn.rollback()
    except Exception as exc:  # noqa: BLE001 - any failure means "not serving data"
        # The reason goes to the log, not to whoever asked.
        log.warning("health check: database unreachable (%s)", type(exc).__name__)
        body, status = {"status": "error", "database": "unreachable"}, 503
    else:
        body = {"status": "ok", "database": "ok",
                # the same string the query cache keys on (queries/cache.py)
                "data_version": None if loaded_at is None else str(loaded_at),
                "as_of": None if as_of is None else as_of.isoformat()}
        status = 200
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


# --- response headers --------------------------------------------------------------


def _caching_headers(prefix: str):
    bundles, assets = f"{prefix}_dash-component-suites/", f"{prefix}assets/"
    favicon = f"{prefix}_favicon.ico"  # 31 kB, asked for on every page load otherwise
    layout = f"{prefix}_dash-layout"

    def add(response):
        if response.status_code not in (200, 304):
            return response
        if request.path == layout:
            # Drawn for the user and for the page that asks (its Referer: first_page.py).
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Referer")
            return response
        if request.path.startswith(bundles) and response.cache_control.max_age:
            # Dash sets a max-age only on fingerprinted URLs (dash/backends/_flask.py);
            # a new file gets a new URL, so this one never changes.
            response.cache_control.public = True
            response.cache_control.max_age = BUNDLE_MAX_AGE
            response.cache_control.immutable = True
        elif (request.path.startswith(assets) or request.path == favicon
              or request.path.startswith(bundles)):
            # Bundles without a fingerprint (plotly.min.js, which Dash's renderer loads by
            # a fixed URL) are kept a day, as /assets files, then checked by their ETag.
            response.cache_control.public = True
            response.cache_control.max_age = ASSET_MAX_AGE
            response.cache_control.no_cache = None
        return response
    return add


def _security_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(g.get("csp_nonce"))
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    if request.is_secure or hsts_always():
        headers["Strict-Transport-Security"] = HSTS
    return response


def _init_compression(server: Flask) -> None:
    server.config.update(
        COMPRESS_MIMETYPES=COMPRESS_MIMETYPES,
        COMPRESS_ALGORITHM=["br", "gzip"],
        # Streamed responses (files under /assets) too, gzip included.
        COMPRESS_ALGORITHM_STREAMING=["br", "gzip"],
        COMPRESS_STREAMING_ENDPOINT_CONDITIONAL=["static", "_dash_assets.static"],
        COMPRESS_BR_LEVEL=5,
        COMPRESS_LEVEL=6,
    )
    Compress(server)


def init_serving(app: Dash) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_content_length()  # larger bodies get 413
    # Flask runs after_request functions last-registered first: compression, registered
    # first, runs last, on the final headers and body.
    _init_compression(server)
    compressor = BundleCompressor(bundle_cache_dir())
    server.extensions["bundle_compressor"] = compressor
    prefix = app.config.requests_pathname_prefix or "/"
    server.after_request(precompressed_bundles(prefix, compressor))
    server.add_url_rule(HEALTH_PATH, "health", health, methods=["GET"])
    server.after_request(_caching_headers(app.config.requests_pathname_prefix or "/"))
    server.after_request(_security_headers)
