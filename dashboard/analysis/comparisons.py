"""How two figures compare: change on an earlier value, position against a comparator.
Short classifications (`better`, `below`) that sentences and cards build on; the
sentences themselves live in dashboard/words.
"""
from __future__ import annotations

import pandas as pd


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def relative_change(latest, previous) -> float | None:
    """Change as a fraction of the earlier value; None when not computable."""
    if _missing(latest) or _missing(previous) or previous == 0:
        return None
    return (latest - previous) / previous


def change_words(latest, previous, lower_is_better: bool = True) -> dict:
    """Direction, arrow and words for a change, with better/worse made explicit.

    Returns keys: direction ('up'|'down'|'same'|None), arrow, words ('down 12%'),
    judgement ('better'|'worse'|'no change'|None).
    """
    change = relative_change(latest, previous)
    if change is None:
        return {"direction": None, "arrow": "", "words": "no comparison available",
                "judgement": None, "change": None}
    rounded = round(abs(change) * 100)
    if rounded == 0:
        return {"direction": "same", "arrow": "↔", "words": "unchanged",
                "judgement": "no change", "change": change}
    direction = "up" if change > 0 else "down"
    better = (direction == "down") == lower_is_better
    return {"direction": direction, "arrow": "▲" if direction == "up" else "▼",
            "words": f"{direction} {rounded}%", "judgement": "better" if better else "worse",
            "change": change}


def compare_words(value, benchmark, lower_is_better: bool = True) -> str | None:
    """'below' / 'above' / 'in line with' a comparator (within 2%)."""
    if _missing(value) or _missing(benchmark) or benchmark == 0:
        return None
    if abs(value - benchmark) / abs(benchmark) < 0.02:
        return "in line with"
    return "below" if value < benchmark else "above"


def judgement_vs(value, benchmark, lower_is_better: bool = True) -> str | None:
    position = compare_words(value, benchmark, lower_is_better)
    if position is None:
        return None
    if position == "in line with":
        return "Similar"
    return "Better" if (position == "below") == lower_is_better else "Worse"

