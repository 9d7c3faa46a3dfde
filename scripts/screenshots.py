"""Screenshot every page at 1920x1080 and 1280x720: `python scripts/screenshots.py URL OUTDIR`."""
from __future__ import annotations

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


def main(base: str, outdir: str, only: list[str]) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        launch = {"args": ARGS}
        if Path(CHROMIUM).exists():
            launch["executable_path"] = CHROMIUM
        browser = p.chromium.launch(**launch)
        for name, path in PATHS.items():
            if only and name not in only:
                continue
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
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
