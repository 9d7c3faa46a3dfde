"""Glue between page callbacks and chart cards: outputs and the data behind each chart."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from dash import Output

log = logging.getLogger(__name__)

def _key(kind: str, chart_id: str) -> dict:
    return {"type": kind, "chart": chart_id}


def chart_outputs(chart_id: str) -> list[Output]:
    """Outputs a page callback fills for one chart card, in ChartResult order."""
    return [Output(_key("chart-graph", chart_id), "figure"),
            Output(_key("chart-title", chart_id), "children"),
            Output(_key("chart-subtitle", chart_id), "children"),
            Output(_key("chart-note", chart_id), "children"),
            Output(_key("chart-data", chart_id), "data")]


def table_payload(frame: pd.DataFrame, filename: str, headers: dict[str, str] | None = None,
                  drill: dict | None = None) -> dict:
    """The exact data shown, with readable headers and dates as '31 Mar 2024'."""
    shown = frame.copy()
    if headers:
        shown = shown[[c for c in headers if c in shown.columns]].rename(columns=headers)
    for column in shown.columns:
        if shown[column].map(lambda v: isinstance(v, date)).any():
            shown[column] = shown[column].map(
                lambda v: v.strftime("%-d %b %Y") if isinstance(v, date) else v)
    shown = shown.astype(object).where(shown.notna(), None)
    return {"filename": filename, "columns": list(shown.columns),
            "rows": shown.to_dict("records"), "drill": drill}


@dataclass
class ChartResult:
    figure: go.Figure
    title: str
    subtitle: str
    note: str
    data: dict | None

    def as_tuple(self) -> tuple:
        return (self.figure, self.title, self.subtitle, self.note, self.data)


def message_result(message: str, title: str = "Nothing to show for this selection") -> tuple:
    """An empty-state chart that says why, in place."""
    from dashboard.figures.style import empty_figure
    return ChartResult(empty_figure(message), title, "", "", None).as_tuple()


def safe_chart(build, *args, message=message_result) -> tuple:
    """One chart's outputs, `build(*args)`; a LookupError carries an empty-state message,
    anything else is logged and shown as a short apology (one broken chart must not blank
    the page). `message(words)` draws the empty-state card."""
    try:
        return build(*args)
    except LookupError as exc:
        return message(str(exc.args[0] if exc.args else exc))
    except Exception:  # noqa: BLE001
        log.exception("chart %s failed", getattr(build, "__name__", build))
        return message("This chart could not be drawn. Try another selection.")
