"""CSV downloads and drill-downs rebuilt on the server, never echoed from the browser.

A chart card's store (`chart-data`) holds the table the browser shows; a crafted request
could put anything in it. So the CSV download and the drill-down take from the browser
only *which* chart (the card's id), the view (`view-state`, parsed and resolved like every
page) and the page's own controls, and rebuild the chart with the page's build
(`dashboard.web.pages.content`, which applies the user's scope and role). What is
downloaded is the server's own table for that view, suppressed for board members.

Every CSV the app serves goes through `csv_text`: cells starting with = + - @, a tab or a
carriage return get a leading apostrophe, so a spreadsheet shows them as text instead of
running them as formulas (CSV injection). The `python -m dashboard export` files are the
data contract's own files and are written as they are (docs/SECURITY-TESTING.md).
"""
from __future__ import annotations

import inspect
import re
from types import ModuleType

import pandas as pd

from dashboard.web.page_content import Chart
from dashboard.web.pages import content
from dashboard.web.registry import SECTIONS
from dashboard.web.state import ViewState

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CONTROL_TEXT = 60


def neutralise(value):
    """A CSV cell that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(columns: list, rows: list[dict]) -> str:
    """The table as CSV text, every text cell and header neutralised."""
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns,
                         dtype=object)  # whole numbers stay whole beside a missing value
    frame = frame.map(neutralise)
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    return frame.to_csv(index=False)


def safe_filename(name, default: str = "chart-data") -> str:
    """Letters, digits, dots, hyphens and underscores only; at most 100 characters."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name if isinstance(name, str) else "")
    cleaned = cleaned.strip(".-_")[:100]
    return cleaned or default


def page_of_chart(chart_id) -> ModuleType | None:
    """The page module that draws `chart_id` (a chart id of any page in the registry)."""
    if not isinstance(chart_id, str):
        return None
    for section in SECTIONS:
        if section.module is not None and chart_id in section.page.CHARTS:
            return section.page
    return None


def page_controls(page: ModuleType, controls) -> dict:
    """The page's own controls (e.g. the disproportionality stage) from a chart's store:
    only the keyword arguments its build takes, only short text values."""
    if not isinstance(controls, dict):
        return {}
    accepted = set(inspect.signature(page.build).parameters) - {"state", "selection", "only"}
    return {k: v for k, v in controls.items()
            if k in accepted and isinstance(v, str) and len(v) <= MAX_CONTROL_TEXT}


def rebuild_chart(chart_id, view, controls=None) -> Chart | None:
    """The server's own build of one chart for a view; None for an unknown chart."""
    page = page_of_chart(chart_id)
    if page is None:
        return None
    built = content(page, ViewState.from_dict(view), only={chart_id},
                    **page_controls(page, controls))
    return built.chart(chart_id)
