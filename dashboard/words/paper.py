"""Words written for the screen, rewritten for paper (the board pack).

Chart notes on screen end with instructions such as "Click a bar to show only that group
across the page." On paper nothing can be clicked, hovered, tapped, selected or dragged, so
`for_paper` leaves those sentences out; where only part of a sentence is an instruction
("Each point is a rolling year; click one to report that period.") the rest stays. Pointers
to the screen's table alternative point at the printed table instead.
"""
from __future__ import annotations

import re

# What a reader can do on a screen but not on paper (UX.md: "nothing that needs a mouse").
INTERACTIVE = re.compile(
    r"\b(click(?:s|ed|ing)?|hover(?:s|ed|ing)?|tap(?:s|ped|ping)?|select(?:s|ing)? an?|"
    r"drag(?:s|ged|ging)?|mouse|zoom(?:s|ed|ing)?|scroll(?:s|ed|ing)?|"
    r"show table|download csv)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘“(])")
_CLAUSE = re.compile(r"\s*;\s*")
SCREEN_POINTERS = (
    ("(see the table)", "(see the table below)"),
    ("see the table alternative", "see the table"),
)


def is_interactive(text: str) -> bool:
    """Whether `text` asks the reader to do something only a screen allows."""
    return bool(INTERACTIVE.search(text or ""))


def _clauses_for_paper(sentence: str) -> str:
    kept = [clause for clause in _CLAUSE.split(sentence.strip()) if clause]
    if not any(is_interactive(clause) for clause in kept):
        return sentence.strip()
    kept = [clause for clause in kept if not is_interactive(clause)]
    if not kept:
        return ""
    text = "; ".join(kept).rstrip(" .,;:")
    return text[0].upper() + text[1:] + "."


def for_paper(text: str | None) -> str:
    """`text` without the sentences (or clauses) that only make sense on a screen."""
    if not text:
        return ""
    for screen, paper in SCREEN_POINTERS:
        text = text.replace(screen, paper)
    sentences = (_clauses_for_paper(s) for s in _SENTENCE_END.split(text.strip()))
    return " ".join(s for s in sentences if s)
