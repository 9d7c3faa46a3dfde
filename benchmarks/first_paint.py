"""First page load in headless Chromium: bytes transferred and first chart painted.

    python benchmarks/first_paint.py --database-url sqlite:////tmp/yj.db --json /tmp/paint.json

Starts the app under gunicorn (benchmarks/load_test.py's `start_server`, fresh caches),
signs in as the demo analyst in a browser (the demo users must exist: `--demo-users`
makes them, never on real data), then opens each page three ways:

- *first visit*: a browser with an empty cache, a server that has not built the view yet;
- *again*: the same browser opening the page again (its cache holds the bundles, the
  server's page cache holds the view);
- *new browser*: an empty browser cache, the server's page cache warm.

For each: the bytes the network carried (CDP `encodedDataLength`, headers included; a
file served from the browser's cache counts 0), the number of requests, and times from
navigation, measured in the page (`performance.now()`, from a MutationObserver added before
the page's own scripts):

- `first_chart_s`: the first Plotly chart *with data* (a trace drawn) painted: the frame
  after it entered the page (requestAnimationFrame, then a task);
- `first_plot_s`: the first Plotly plot of any kind, an empty one included (a dcc.Graph
  whose figure has not come yet draws empty axes as soon as plotly.js is there): what this
  script reported as the first chart before 29 November 2026;
- `all_charts_s`: every chart card filled (no "loading" left; timed from Python);
- `layout_s`, `plotly_js_s`: when Dash's layout and plotly.js had arrived, and
  `callbacks_before_chart`, how many callback answers had (CDP network events).

Chromium is /usr/bin/chromium unless $CHROMIUM_PATH says otherwise. Speed is measured
here, never asserted by a test.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.load_test import PASSWORD, PYTHON, USER, start_server  # noqa: E402

FIRST_CHART = ".js-plotly-plot .main-svg g.trace"   # a chart with data drawn
FIRST_PLOT = ".js-plotly-plot .main-svg"            # any plot, an empty one too
# Runs before the page's scripts: notes when the first plot and the first chart enter the
# page, and when that chart has been painted (the frame after it came).
WATCH_PAINT = """
(() => {
  const marks = window.__firstPaint = {};
  const check = () => {
    if (marks.plot === undefined && document.querySelector(%r)) { marks.plot = performance.now(); }
    if (marks.chart === undefined && document.querySelector(%r)) {
      marks.chart = performance.now();
      requestAnimationFrame(() => setTimeout(() => { marks.painted = performance.now(); }, 0));
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true});
})();
""" % (FIRST_PLOT, FIRST_CHART)


def _counting(context, page):
    """Bytes and requests carried by the network for `page` (CDP), reset per visit."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    seen = {"bytes": 0, "requests": 0, "cached": 0, "largest": {}, "sent": {}, "done": []}
    cached, urls = set(), {}

    def sent(event):   # browser clock, seconds
        seen["sent"][event["requestId"]] = event["timestamp"]

    def received(event):
        urls[event["requestId"]] = event["response"]["url"].split("?")[0].rsplit("/", 1)[-1]

    def served_from_cache(event):
        cached.add(event["requestId"])

    def finished(event):
        seen["done"].append((event["requestId"], event["timestamp"]))
        if event["requestId"] in cached:
            seen["cached"] += 1
            return
        seen["bytes"] += event.get("encodedDataLength", 0)
        seen["requests"] += 1
        name = urls.get(event["requestId"], "?")
        seen["largest"][name] = seen["largest"].get(name, 0) + event.get("encodedDataLength", 0)
    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.requestServedFromCache", served_from_cache)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    seen["urls"] = urls
    return seen


def _sign_in(context, url: str) -> None:
    """The login form posted through the context's own request client: the session
    cookie lands in the browser without the browser loading any page (its cache stays
    empty for the first visit)."""
    import re
    form = context.request.get(url + "/login").text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = context.request.post(url + "/login", form={
        "username": USER, "password": PASSWORD, "csrf_token": token, "next": "/"},
        max_redirects=0)
    if answer.status != 302 or "login" in answer.headers.get("location", ""):
        raise RuntimeError(f"could not sign in as {USER}")


def _network_times(seen: dict, painted_s: float) -> dict:
    """When the layout and plotly.js arrived, and how many callback answers came before the
    first chart was painted (seconds from the page's request, browser clock)."""
    start = min(seen["sent"].values(), default=None)
    if start is None:
        return {}
    done = [(seen["urls"].get(request, "?"), stamp - start) for request, stamp in seen["done"]]

    def first(name):
        times = [at for url, at in done if url == name or url.startswith(name)]
        return round(min(times), 2) if times else None
    return {"layout_s": first("_dash-layout"), "plotly_js_s": first("plotly"),
            "callbacks_before_chart": sum(1 for url, at in done
                                          if url == "_dash-update-component"
                                          and at <= painted_s)}


def _until(page, script: str, timeout: float = 300.0):
    """The script's value once it is truthy (evaluated every 20 ms)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = page.evaluate(script)
        except Exception:  # noqa: BLE001 - the page is navigating: its context went away
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(script)
        page.wait_for_timeout(20)


def _visit(page, seen: dict, url: str) -> dict:
    seen.update(bytes=0, requests=0, cached=0, largest={}, sent={}, done=[])
    began = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=300_000)
    # Polled from here: the page's CSP (no 'unsafe-eval') refuses Playwright's
    # wait_for_function, which evaluates its predicate as a string.
    marks = _until(page, "() => window.__firstPaint && window.__firstPaint.painted !== "
                         "undefined ? window.__firstPaint : null")
    # Every chart card filled: no Dash loading spinner left.
    _until(page, "() => document.querySelectorAll('.js-plotly-plot').length > 0 && "
                 "!document.querySelector('[data-dash-is-loading=\"true\"]')")
    filled = time.perf_counter() - began
    page.wait_for_load_state("networkidle", timeout=300_000)
    painted = marks["painted"] / 1000
    return {"first_chart_s": round(painted, 2), "first_plot_s": round(marks["plot"] / 1000, 2),
            "all_charts_s": round(filled, 2),
            **_network_times(seen, painted),
            "kb": round(seen["bytes"] / 1024, 1), "requests": seen["requests"],
            "from_browser_cache": seen["cached"],
            "largest_kb": {name: round(size / 1024, 1) for name, size in sorted(
                seen["largest"].items(), key=lambda item: -item[1])[:6]}}


def run(database_url: str, paths: list[str], demo_users: bool = False,
        redis_url: str | None = None, echo=print) -> dict:
    from playwright.sync_api import sync_playwright
    if demo_users:
        subprocess.run([PYTHON, "-m", "dashboard", "demo-users", "--force"], cwd=REPO,
                       env={**os.environ, "DATABASE_URL": database_url}, check=True,
                       capture_output=True)
    # With Redis both workers share one cache: "again" is then a hit whichever answers.
    server = start_server(database_url, workers=2, threads=4,
                          env={"REDIS_URL": redis_url} if redis_url else None)
    report = {"database": database_url.split("://")[0], "pages": {}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
            try:
                for path in paths:
                    result = {}
                    context = browser.new_context(viewport={"width": 1920, "height": 1080})
                    context.add_init_script(WATCH_PAINT)
                    page = context.new_page()
                    _sign_in(context, server.url)
                    seen = _counting(context, page)
                    result["first_visit"] = _visit(page, seen, server.url + path)
                    result["again"] = _visit(page, seen, server.url + path)
                    context.close()
                    context = browser.new_context(viewport={"width": 1920, "height": 1080})
                    context.add_init_script(WATCH_PAINT)
                    page = context.new_page()
                    _sign_in(context, server.url)
                    seen = _counting(context, page)
                    result["new_browser"] = _visit(page, seen, server.url + path)
                    context.close()
                    report["pages"][path] = result
                    echo(f"{path:22s} {json.dumps(result)}")
            finally:
                browser.close()
    finally:
        server.stop()
    return report


def main(argv=None) -> int:
    from dashboard.web.registry import SECTIONS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        required="DATABASE_URL" not in os.environ)
    parser.add_argument("--pages", default=None,
                        help="comma-separated addresses (default: every page with charts)")
    parser.add_argument("--demo-users", action="store_true",
                        help="create the demo users (public passwords: test data only)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--json", type=Path, default=None, help="write the report here")
    args = parser.parse_args(argv)
    paths = args.pages.split(",") if args.pages else [
        section.path for section in SECTIONS if section.module is not None]
    report = run(args.database_url, paths, demo_users=args.demo_users,
                 redis_url=args.redis_url)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
