"""Screenshot every page at 1920x1080 and 1280x720: `python scripts/screenshots.py URL OUTDIR`.

Signs in first as $SCREENSHOT_USER / $SCREENSHOT_PASSWORD (default: the demo analyst).
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.web.registry import SECTIONS  # noqa: E402

PATHS = {section.key: section.path for section in SECTIONS}
SIZES = [(1920, 1080), (1280, 720)]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def signed_in(p, base: str) -> dict:
    """Cookies of a session signed in through the login form."""
    api = p.request.new_context(base_url=base)
    token = re.search(r'name="csrf_token" value="([^"]+)"', api.get("/login").text()).group(1)
    api.post("/login", form={"username": os.environ.get("SCREENSHOT_USER", "analyst"),
                             "password": os.environ.get("SCREENSHOT_PASSWORD", "demo-analyst"),
                             "csrf_token": token, "next": "/"})
    state = api.storage_state()
    api.dispose()
    return state


def main(base: str, outdir: str, only: list[str]) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        launch = {"args": ARGS}
        if Path(CHROMIUM).exists():
            launch["executable_path"] = CHROMIUM
        browser = p.chromium.launch(**launch)
        state = signed_in(p, base)
        for name, path in PATHS.items():
            if only and name not in only:
                continue
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height},
                                        storage_state=state)
                errors = []
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1500)
                file = out / f"{name}-{width}x{height}.png"
                page.screenshot(path=str(file), full_page=True)
                print(file, "errors:", errors)
                page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
