"""Words for the funnel plot and the national rank (CONTRACT §4b): where a service lies against
the control limits around England and Wales, and its rank with its quartile.

Positions come from `dashboard.analysis.ranking.funnel`: `within`, `above`/`below` (outside
the 95% limits) and `well above`/`well below` (outside the 99.8% limits). A point inside the
limits is never called better or worse: the difference may be chance. Lower is better for
every indicator the funnel is drawn for.
"""
from __future__ import annotations

from dashboard.words.headlines import ordinal

POSITION_PHRASES = {
    "within": "within the expected range",
    "above": "above the 95% limit",
    "below": "below the 95% limit",
    "well above": "well above the expected range (outside the 99.8% limit)",
    "well below": "well below the expected range (outside the 99.8% limit)",
}
# What a position means for a measure where lower is better.
POSITION_MEANING = {
    "within": "a difference from England and Wales that chance alone could explain",
    "above": "higher than chance alone would explain (worse)",
    "below": "lower than chance alone would explain (better)",
    "well above": "far higher than chance alone would explain (worse)",
    "well below": "far lower than chance alone would explain (better)",
}
TITLES = {
    "within": "Our {noun} is within the range expected by chance",
    "above": "Our {noun} is higher than chance would explain",
    "below": "Our {noun} is lower than chance would explain",
    "well above": "Our {noun} is well above the range expected by chance",
    "well below": "Our {noun} is well below the range expected by chance",
}
# Shorter words for a hover label or a table cell.
POSITION_CELLS = {
    "within": "Within the expected range",
    "above": "Above the 95% limit",
    "below": "Below the 95% limit",
    "well above": "Well above (outside 99.8%)",
    "well below": "Well below (outside 99.8%)",
}


def position_phrase(position: str) -> str:
    """'within the expected range', 'well above the expected range (outside the 99.8% limit)'."""
    return POSITION_PHRASES[position]


def position_cell(position: str) -> str:
    return POSITION_CELLS.get(position, position)


def position_sentence(name: str, position: str | None) -> str:
    """'Kingsmoor and Fenby YJS is within the expected range.' (the funnel's sentence)."""
    if position is None:
        return f"{name} has no figure with its counts to place on the funnel plot."
    return f"{name} is {POSITION_PHRASES[position]}."


def funnel_title(position: str | None, noun: str = "rate") -> str:
    """The funnel card's active title: 'Our rate is within the range expected by chance'."""
    if position is None:
        return "How every service compares with England and Wales"
    return TITLES[position].format(noun=noun)


def rank_words(rank: int, size: int, quartile_name: str | None, noun: str = "services",
               tied: bool = False) -> str:
    """'38th of 155 services (upper middle quartile)'; 'joint 2nd of 155 …' on a tie."""
    joint = "joint " if tied else ""
    quartile = f" ({quartile_name.lower()} quartile)" if quartile_name else ""
    return f"{joint}{ordinal(int(rank))} of {int(size):,} {noun}{quartile}"


def funnel_sentence(name: str, position: str | None, rank: str | None = None,
                    published: bool = True, national_words: str = "England and Wales") -> str:
    """The headline sentence: where the service lies and its rank, e.g.
    'Among every service in England and Wales, Kingsmoor and Fenby YJS is within the expected
    range — a difference from England and Wales that chance alone could explain — and ranks
    38th of 155 services (upper middle quartile; 1st is lowest).'"""
    if position is None:
        placed = f"{name} cannot be placed on the funnel plot (no published counts)"
    else:
        placed = f"{name} is {POSITION_PHRASES[position]} — {POSITION_MEANING[position]}"
    lead = (f"Among every service in {national_words}, " if published
            else "Among the services loaded (no published figures for other services), ")
    ranked = f" — and ranks {rank}; 1st is lowest" if rank else ""
    return f"{lead}{placed}{ranked}."


__all__ = ["POSITION_PHRASES", "position_phrase", "position_cell", "position_sentence",
           "funnel_title", "rank_words", "funnel_sentence"]
