"""What a warm callback costs inside one worker: the app in this process (Flask's test
client, no gunicorn, no network), signed in as the demo analyst, the same requests as
benchmarks/load_test.py (each page's layout, filling and filter-chip callbacks for the
first `--services` services), answered once to warm the caches, then `--repeats` times
each, timed, and profiled with cProfile.

    python benchmarks/profile_warm.py --database-url sqlite:////tmp/yj.db \
        --redis-url redis://127.0.0.1:16395/1 --repeats 1000 --top 40

Prints the mean and p95 per kind of request (layout, page, chips), then the functions
that take the most time over all the profiled requests (cumulative and own time). The
database needs the demo users (`python -m dashboard demo-users --force`, test data only).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd"}


class _Client:
    """The Flask test client, spoken to as load_test speaks to a requests.Session."""

    def __init__(self, client):
        self.client = client

    def get(self, path, timeout=None):  # noqa: ARG002 - the requests signature
        answer = self.client.get(path)
        return type("Answer", (), {"json": staticmethod(answer.get_json)})()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        required="DATABASE_URL" not in os.environ)
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--services", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1000,
                        help="requests of each kind, timed and profiled")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--kinds", default="layout,page,chips")
    parser.add_argument("--no-profile", action="store_true", help="time only")
    parser.add_argument("--dump", default=None,
                        help="also write each kind's profile to DUMP.<kind>.prof (pstats)")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("SECRET_KEY", "profile-secret")
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    import logging
    logging.basicConfig(level=logging.WARNING)

    from benchmarks.load_test import browser_calls
    from dashboard.app_factory import create_app
    from tests.integration.web_client import sign_in

    app = create_app()
    client = app.server.test_client()
    sign_in(client, "analyst", "demo-analyst")
    calls = browser_calls(_Client(client), "", args.database_url, args.services)

    def kind(call) -> str:
        return call.name.split(":")[1] if ":" in call.name else "page"

    def ask(call):
        answer = client.post("/_dash-update-component", json=call.body,
                             headers=BROWSER_HEADERS)
        if answer.status_code not in (200, 204):
            raise RuntimeError(f"{call.name}: HTTP {answer.status_code}")
        answer.get_data()
        return answer

    for call in calls:  # cold: fills the caches
        ask(call)
    for call in calls:  # and once more (first hits load modules, templates, ...)
        ask(call)
    wanted = args.kinds.split(",")
    for name in wanted:
        chosen = [c for c in calls if kind(c) == name]
        if not chosen:
            continue
        times = []
        profile = cProfile.Profile() if not args.no_profile else None
        for i in range(args.repeats):
            call = chosen[i % len(chosen)]
            began = time.perf_counter()
            if profile:
                profile.enable()
            ask(call)
            if profile:
                profile.disable()
            times.append((time.perf_counter() - began) * 1000)
        ordered = sorted(times)
        print(f"\n=== {name}: {len(times)} requests over {len(chosen)} callbacks; mean "
              f"{statistics.mean(times):.2f} ms, p50 {statistics.median(times):.2f}, "
              f"p95 {ordered[int(0.95 * len(ordered))]:.2f} ms"
              f"{' (profiled: slower than unprofiled)' if profile else ''}")
        by_name = {}
        for call, took in zip([chosen[i % len(chosen)] for i in range(args.repeats)], times):
            by_name.setdefault(call.name.split(":")[0], []).append(took)
        print("    " + ", ".join(f"{k} {statistics.median(v):.1f}"
                                  for k, v in sorted(by_name.items())))
        if profile and args.dump:
            profile.dump_stats(f"{args.dump}.{name}.prof")
        if profile:
            for order in ("cumulative", "tottime"):
                out = io.StringIO()
                stats = pstats.Stats(profile, stream=out)
                stats.sort_stats(order).print_stats(args.top)
                text = re.sub(r"/work/[^ ]*?site-packages/", "", out.getvalue())
                text = text.replace(str(REPO) + "/", "")
                print(f"--- by {order} ---")
                print("\n".join(text.splitlines()[5:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
