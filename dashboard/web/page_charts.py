"""Run the pages' own callbacks outside the browser, for the presentation deck and the
board pack, so slides and papers show exactly the charts, titles and data of the pages.

Page callbacks take the `view-state` store (plus, for some, a page control such as the
disproportionality stage) and fill chart cards; here they are found in Dash's callback
registry and called directly.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import dash
import dash._callback as dash_callbacks
import plotly.graph_objects as go

log = logging.getLogger(__name__)
CHART_PARTS = ("chart-graph", "chart-title", "chart-subtitle", "chart-note", "chart-data")


@dataclass
class Chart:
    chart_id: str
    figure: go.Figure | None = None
    title: str = ""
    subtitle: str = ""
    note: str = ""
    data: dict | None = None


@dataclass
class PageContent:
    page: str
    headlines: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    others: dict[str, object] = field(default_factory=dict)  # other outputs, by component id


def text_of(component) -> str:
    """Plain text of a Dash component tree (for sentences held in html.Li etc.)."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return "".join(text_of(c) for c in component)
    if isinstance(component, dict):  # a serialised component
        return text_of(component.get("props", {}).get("children"))
    return text_of(getattr(component, "children", None))


def sentences_of(component) -> list[str]:
    """One string per list item (or paragraph) of a headline block."""
    items = []

    def walk(node):
        name = type(node).__name__
        if name in ("Li", "P"):
            text = " ".join(text_of(node).split())
            if text:
                items.append(text)
            return
        children = getattr(node, "children", node if isinstance(node, (list, tuple)) else None)
        for child in children if isinstance(children, (list, tuple)) else [children]:
            if child is not None and not isinstance(child, (str, int, float)):
                walk(child)
    walk(component)
    if not items:
        text = " ".join(text_of(component).split())
        items = [text] if text else []
    return items


def _outputs(spec: str) -> list[tuple[object, str]]:
    """Dash's output string ('..id.prop...id.prop..' or 'id.prop') as (id, property)."""
    parts = spec.strip(".").split("...") if spec.startswith("..") else [spec]
    result = []
    for part in parts:
        ident, prop = part.rsplit(".", 1)
        result.append((json.loads(ident) if ident.startswith("{") else ident, prop))
    return result


def _registry() -> dict:
    """Dash keeps callbacks in a global map until the app starts serving, then in the app."""
    if dash_callbacks.GLOBAL_CALLBACK_MAP:
        return dash_callbacks.GLOBAL_CALLBACK_MAP
    try:
        return dash.get_app().callback_map
    except Exception:  # noqa: BLE001 - no app: nothing registered
        return {}


def page_callbacks(page: str, wanted: set[str] | None = None):
    """(callback entry, outputs) of a page; only those filling `wanted` ids if given."""
    for spec, entry in list(_registry().items()):
        inputs = entry["inputs"]
        if not inputs or inputs[0] != {"id": "view-state", "property": "data"}:
            continue
        outputs = _outputs(spec)
        ids = [i for i, _ in outputs]
        names = {i.get("chart") if isinstance(i, dict) else i for i in ids}
        mine = any(str(n).startswith(f"{page}-") for n in names)
        if mine and (wanted is None or names & wanted):
            yield entry, outputs


def page_content(page: str, view: dict, controls: dict | None = None,
                 wanted: set[str] | None = None) -> PageContent:
    """Every chart and the headline sentences a page shows for `view`.

    `controls` gives values for a callback's further inputs by component id (else None);
    `wanted` limits the work to the callbacks filling those chart or component ids.
    """
    content, charts = PageContent(page), {}
    for entry, outputs in page_callbacks(page, wanted):
        function = getattr(entry["callback"], "__wrapped__", entry["callback"])
        extra = [(controls or {}).get(i["id"]) for i in entry["inputs"][1:]]
        try:
            values = function(view, *extra)
        except Exception:  # noqa: BLE001 - one failing chart must not lose the rest
            log.exception("callback for %s failed", page)
            continue
        values = values if len(outputs) > 1 else (values,)
        for (ident, _prop), value in zip(outputs, values):
            if ident == f"{page}-headlines":
                content.headlines = sentences_of(value)
            elif isinstance(ident, dict) and ident.get("type") in CHART_PARTS:
                chart = charts.setdefault(ident["chart"], Chart(ident["chart"]))
                _set_part(chart, ident["type"], value)
            elif isinstance(ident, str):
                content.others[ident] = value
    content.charts = [c for c in charts.values() if c.figure is not None]
    return content


def _set_part(chart: Chart, part: str, value) -> None:
    if part == "chart-graph":
        chart.figure = go.Figure(value) if value is not None else None
    elif part == "chart-data":
        chart.data = value if isinstance(value, dict) else None
    else:
        text = " ".join(text_of(value).split())
        setattr(chart, part.removeprefix("chart-"), text)
