"""RAG thresholds from a TOML file (dashboard/thresholds.toml, or $RAG_THRESHOLDS).

RAG is always shown as icon + word + colour, never colour alone. The rating is of the
figure as shown; when the figure's 95% interval reaches past a threshold, the rating also
names the other colours the interval reaches ("Amber (could be Green)"), so a difference
that may be chance is never presented as settled.
Lower is better for the national indicators (`green_below`, `amber_below`/`amber_to`); most
local KPIs are better higher (`green_from`, `amber_from`: `HigherThreshold`).
"""
from __future__ import annotations

import logging
import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.core.config import PROJECT_ROOT, thresholds_path
from queries.kpis import UNITS as KPI_UNITS

log = logging.getLogger(__name__)
DEFAULT_PATH = PROJECT_ROOT / "dashboard" / "thresholds.toml"
# Thresholds compare the value as displayed (UX.md number formats).
DISPLAY_PLACES = {"fte_rate": 0, "custody_rate": 2, "reoffending_binary_rate": 1,
                  "reoffences_per_reoffender": 2, "looked_after_rate": 1,
                  **{kpi: 1 for kpi in KPI_UNITS}}  # local KPIs (CONTRACT §4c): 1 decimal
PERCENT = {"reoffending_binary_rate", "looked_after_rate",
           *(k for k, unit in KPI_UNITS.items() if unit == "pct")}
ORDER = ("green", "amber", "red")
RAG_LOOK = {
    "green": {"word": "Green", "icon": "bi-check-circle-fill"},
    "amber": {"word": "Amber", "icon": "bi-exclamation-triangle-fill"},
    "red": {"word": "Red", "icon": "bi-x-octagon-fill"},
    "grey": {"word": "No RAG", "icon": "bi-dash-circle"},
}


@dataclass(frozen=True)
class Threshold:
    green_below: float
    amber_limit: float
    amber_inclusive: bool   # True: amber up to and including amber_limit

    def status(self, value: float) -> str:
        if value < self.green_below:
            return "green"
        if value < self.amber_limit or (self.amber_inclusive and value == self.amber_limit):
            return "amber"
        return "red"

    def describe(self, fmt=str) -> str:
        """'Green below 200; amber 200 to under 300; red 300 and above'."""
        green, amber = fmt(self.green_below), fmt(self.amber_limit)
        if self.amber_inclusive:
            return f"Green below {green}; amber {green} to {amber}; red above {amber}"
        return f"Green below {green}; amber {green} to under {amber}; red {amber} and above"


@dataclass(frozen=True)
class HigherThreshold:
    """For an indicator where higher is better (most local KPIs): green from `green_from`
    up, amber from `amber_from` to under it, red below `amber_from`."""
    green_from: float
    amber_from: float

    def status(self, value: float) -> str:
        if value >= self.green_from:
            return "green"
        return "amber" if value >= self.amber_from else "red"

    def describe(self, fmt=str) -> str:
        """'Green 90.0% and above; amber 80.0% to under 90.0%; red below 80.0%'."""
        green, amber = fmt(self.green_from), fmt(self.amber_from)
        return f"Green {green} and above; amber {amber} to under {green}; red below {amber}"


def _numbers(*values) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               for v in values)


def _higher(indicator: str, table: dict) -> HigherThreshold:
    if set(table) != {"green_from", "amber_from"}:
        raise ValueError(f"[{indicator}] needs green_from and amber_from together")
    green, amber = table["green_from"], table["amber_from"]
    if not _numbers(green, amber) or amber > green:
        raise ValueError(f"[{indicator}] thresholds must be numbers with amber <= green")
    return HigherThreshold(float(green), float(amber))


def parse_thresholds(data: dict) -> dict[str, Threshold | HigherThreshold]:
    """Validate the TOML tables; raise ValueError naming the first problem."""
    found = {}
    for indicator, table in data.items():
        if indicator not in DISPLAY_PLACES:
            raise ValueError(f"unknown indicator [{indicator}]")
        if isinstance(table, dict) and ("green_from" in table or "amber_from" in table):
            found[indicator] = _higher(indicator, table)
            continue
        if not isinstance(table, dict) or "green_below" not in table or \
                ("amber_below" in table) == ("amber_to" in table):
            raise ValueError(f"[{indicator}] needs green_below and one of amber_below/amber_to")
        inclusive = "amber_to" in table
        green, amber = table["green_below"], table["amber_to" if inclusive else "amber_below"]
        if not _numbers(green, amber) or green > amber:
            raise ValueError(f"[{indicator}] thresholds must be numbers with green <= amber")
        found[indicator] = Threshold(float(green), float(amber), inclusive)
    return found


@lru_cache(maxsize=8)
def _read(path: str, _mtime: float) -> dict[str, Threshold | HigherThreshold]:
    with open(path, "rb") as handle:
        return parse_thresholds(tomllib.load(handle))


def load_thresholds(path: Path | None = None) -> dict[str, Threshold | HigherThreshold]:
    """The configured thresholds; the packaged defaults if that file cannot be used."""
    path = Path(path or thresholds_path())
    try:
        return _read(str(path), path.stat().st_mtime)
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        if path.resolve() == DEFAULT_PATH.resolve():
            log.error("RAG thresholds unreadable (%s): no RAG shown", exc)
            return {}
        log.warning("RAG thresholds file %s unusable (%s); using the defaults", path, exc)
        return load_thresholds(DEFAULT_PATH)


def _missing(value) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def rag(indicator: str, value, thresholds: dict[str, Threshold], lower=None,
        upper=None) -> dict:
    """Status, word, icon and the rule in words, for a value (None → grey 'No RAG').

    With the value's 95% limits, `could_be` lists the other statuses the interval reaches
    (each limit rated as shown, like the value), and `label` says so: "Amber (could be
    Green)"; without limits, or when the interval stays in one band, `label` is the word."""
    threshold = thresholds.get(indicator)
    could_be: list[str] = []
    if threshold is None or _missing(value):
        status = "grey"
        rule = "No threshold is set" if threshold is None else "No value to rate"
    else:
        places = DISPLAY_PLACES[indicator]
        status = threshold.status(round(float(value), places))
        rule = describe(indicator, threshold)
        if not (_missing(lower) or _missing(upper)):
            low = ORDER.index(threshold.status(round(float(lower), places)))
            high = ORDER.index(threshold.status(round(float(upper), places)))
            could_be = [s for s in ORDER[min(low, high):max(low, high) + 1] if s != status]
    look = RAG_LOOK[status]
    label = look["word"]
    if could_be:
        label += f" (could be {' or '.join(RAG_LOOK[s]['word'] for s in could_be)})"
    return {"status": status, **look, "rule": rule, "could_be": could_be, "label": label}


def describe(indicator: str, threshold: Threshold | HigherThreshold) -> str:
    """The rule in words, numbers formatted as the indicator is shown."""
    places = DISPLAY_PLACES[indicator]
    suffix = "%" if indicator in PERCENT else ""
    return threshold.describe(lambda v: f"{v:,.{places}f}{suffix}")
