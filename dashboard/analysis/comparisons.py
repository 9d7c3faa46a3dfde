"""How two figures compare: the change on an earlier value (direction, arrow, words).
Whether a change or a difference from a comparator is beyond chance is decided from
intervals (`dashboard.analysis.intervals.significance`, `summary.judged_change`); the
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
