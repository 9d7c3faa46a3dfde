"""Comparators and local authority splits for the indicator pages, built on the shared queries.

Published comparators (benchmarks) cover all children; 'other services' are our own figures
and follow the cohort filters.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

import pandas as pd
from sqlalchemy import Engine

from dashboard.analysis.summary import comparators_for
from dashboard.contract.selection import Selection
from queries.benchmarks import benchmark_series

MAX_COMPARATORS = 3
LINE_COLUMNS = ["line", "period_end", "value"]

NOT_APPLICABLE = {"region": "No region", "family": "No comparator family",
                  "pcc": "No PCC area figure",
                  "statistical_neighbours": "No statistical neighbours figure"}
PUBLISHED_KINDS = ("national", "region", "family", "pcc", "statistical_neighbours")


def line_name(area_type: str, name: str) -> str:
    """How a comparator line is labelled at its end."""
    if area_type == "statistical_neighbours":
        return name if "neighbour" in name.casefold() else f"{name} (statistical neighbours)"
    return {"region": f"{name} region", "family": f"{name} (comparator family)",
            "pcc": f"{name} (PCC area)"}.get(area_type, name)


def rate_name(area_type: str, name: str) -> str:
    """How a comparator is named in a sentence: 'the England and Wales rate'."""
    if area_type == "statistical_neighbours":
        return (f"the rate of {name}" if "neighbour" in name.casefold()
                else f"the rate of {name}'s statistical neighbours")
    return {"national": "the England and Wales rate", "region": f"the {name} regional rate",
            "family": f"the {name} comparator family rate",
            "pcc": f"the {name} PCC area rate"}.get(area_type, f"the {name} rate")


def published_lines(engine: Engine, meta: dict, selection: Selection, compare: str,
                    indicator: str, period_end: date
                    ) -> tuple[pd.DataFrame, list[tuple[str, str]], str]:
    """Benchmark lines for compare = national / region / family / pcc /
    statistical_neighbours.

    Returns (lines, [(area_type, name)] in drawing order with the chosen one first, note).
    A comparator chosen but not applicable falls back to England and Wales, saying so.
    """
    # The same comparators as the overview's (national, region and family from the area's
    # authorities; a PCC area or statistical neighbour group by its published name).
    areas = {kind: found["name"] for kind, found in
             comparators_for(engine, meta, selection, indicator, period_end).items()}
    note = ""
    local = compare in PUBLISHED_KINDS and compare != "national"
    wanted = [compare, "national"] if local else ["national"]
    if local and compare not in areas:
        note = (f"{NOT_APPLICABLE[compare]} applies to this selection, so England and Wales "
                "is shown.")
    chosen = [(kind, areas[kind]) for kind in dict.fromkeys(wanted) if kind in areas]
    series = benchmark_series(engine, indicator, tuple(chosen))
    lines = pd.DataFrame({
        "line": [line_name(t, n) for t, n in zip(series["area_type"], series["area_name"])],
        "period_end": series["period_end"], "value": series["value"]})
    return lines[LINE_COLUMNS], chosen, note


def service_lines(frame: pd.DataFrame, value_col: str, own_name: str) -> pd.DataFrame:
    """Other loaded services' own figures (a query frame at service level), at most three."""
    others = frame[frame["area_name"] != own_name]
    keep = list(dict.fromkeys(others["area_name"]))[:MAX_COMPARATORS]
    others = others[others["area_name"].isin(keep)]
    return pd.DataFrame({"line": others["area_name"], "period_end": others["period_end"],
                         "value": others[value_col]})[LINE_COLUMNS]


def service_peers(frame: pd.DataFrame, value_col: str, own_name: str,
                  period_end: date) -> dict[str, float]:
    """Every other service's value in one period (for the comparison sentence)."""
    now = frame[(frame["period_end"] == period_end) & (frame["area_name"] != own_name)]
    return dict(zip(now["area_name"], now[value_col]))


def services_note(peers: dict) -> str:
    """Say so when not every other service fits on the chart."""
    note = "Other services' lines follow the same filters."
    if len(peers) > MAX_COMPARATORS:
        note += (f" The chart shows {MAX_COMPARATORS} of the {len(peers)} other services, "
                 "so it has at most four lines.")
    return note


def authority_codes(meta: dict, selection: Selection) -> list[str]:
    """The authorities to split by: the service's (or the chosen authority's service's)."""
    if selection.level == "all":
        return [la["code"] for la in meta["authorities"]]
    if selection.level == "service":
        service = selection.area
    else:
        service = next((la["service"] for la in meta["authorities"]
                        if la["code"] == selection.area), None)
    return [la["code"] for la in meta["authorities"] if la["service"] == service]


def authority_split(engine: Engine, meta: dict, selection: Selection, query: Callable,
                    period_end: date) -> pd.DataFrame:
    """The page's query at local authority level for one period, for the area's authorities."""
    codes = authority_codes(meta, selection)
    frame = query(engine, selection.every_area("local_authority"), period_ends=(period_end,))
    return frame[frame["area_code"].isin(codes)].reset_index(drop=True)
