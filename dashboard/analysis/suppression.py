"""Small-number suppression: pure functions on tables of counts (no database, no Flask).

The Ministry of Justice's practice for published youth justice figures, applied to what
board members see (dashboard/web/disclosure.py decides who and where):

- **Primary suppression.** A count from 1 to `below` − 1 (default 1–4) is shown as "<5".
  Zero is shown: it reveals no child.
- **Secondary suppression.** Cells that add up to a total shown elsewhere (the groups of a
  breakdown, the outcome types of a tier, two columns that make up a row's total) form a
  *partition*. When exactly one cell of a partition is suppressed, the total minus the
  others would give it away, so the smallest other non-zero cell is suppressed too (the
  "next-smallest cell"), shown as "[c]" (it is not below 5, so "<5" would mislead). Rows and columns are repeated until nothing changes, because a
  cell suppressed for its row can leave its column with a single suppressed cell.
- **Derived figures withheld.** Rates, shares and indexes computed from a row's counts are
  withheld ("[c]") in every row where a count was suppressed: a rate times a public
  population gives the count back. Published comparators (England and Wales) and
  population shares are not computed from the suppressed count and stay.

    spec = TableSpec(counts=("Children",), derived=("Rate",), blocks=("Period",))
    result = suppress_rows(rows, spec, below=5)     # result.rows: a new list of dicts
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from numbers import Real
from typing import Iterable, Sequence

WITHHELD = "[c]"


def marker(below: int) -> str:
    """How a suppressed count is shown: "<5"."""
    return f"<{below}"


def as_count(value) -> float | None:
    """A numeric cell as a number; None for missing, text (already suppressed) or booleans."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


def is_small(value, below: int) -> bool:
    """True for a count that must not be shown: more than 0 and less than `below`."""
    number = as_count(value)
    return number is not None and 0 < number < below


def primary(values: Sequence, below: int) -> list[bool]:
    """Which cells are suppressed on their own (1 to below − 1)."""
    return [is_small(v, below) for v in values]


def secondary(values: Sequence, suppressed: Sequence[bool]) -> list[bool]:
    """One partition's suppression after protecting its total.

    `values` add up to a total shown elsewhere; `suppressed` says which are already hidden.
    With exactly one hidden cell, the smallest other non-zero cell is hidden as well, so
    the total minus the shown cells gives only the sum of two hidden cells. (When every
    other cell is zero there is nothing to hide: the total itself is the small count,
    and it is suppressed where it is shown.)
    """
    hidden = list(suppressed)
    if sum(hidden) != 1:
        return hidden
    candidates = [(as_count(v), i) for i, v in enumerate(values)
                  if not hidden[i] and as_count(v) not in (None, 0.0)]
    if candidates:
        hidden[min(candidates)[1]] = True
    return hidden


@dataclass(frozen=True)
class TableSpec:
    """What the columns of a table are, for suppression.

    counts          columns of counts of children or events (suppressed when small)
    derived         rates, shares and indexes computed from the row's counts
                    (withheld in a row with a suppressed count)
    blocks          None when the rows do not add up to anything (a trend over time);
                    else the label columns identifying one partition: rows with the same
                    values there add up, per count column, to a total shown elsewhere
                    (() = the whole table is one partition)
    row_partitions  groups of count columns that add up to a total within each row
    withhold        numeric columns of unknown meaning: withheld entirely (fail safe)
    """
    counts: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()
    blocks: tuple[str, ...] | None = None
    row_partitions: tuple[tuple[str, ...], ...] = ()
    withhold: tuple[str, ...] = ()


@dataclass
class Suppressed:
    """The table as it may be shown, and what was hidden."""
    rows: list[dict]
    primary: int = 0            # counts hidden because they are small
    secondary: int = 0          # counts hidden to protect another
    withheld: int = 0           # derived figures withheld
    cells: set[tuple[int, str]] = field(default_factory=set)  # (row index, column) hidden

    @property
    def any(self) -> bool:
        return bool(self.cells)


def _blocks(rows: list[dict], keys: Iterable[str]) -> list[list[int]]:
    keys = tuple(keys)
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[tuple(str(row.get(k)) for k in keys)].append(index)
    return list(groups.values())


def suppression_mask(rows: list[dict], spec: TableSpec, below: int) -> tuple[set, set]:
    """(primary cells, every hidden count cell) as sets of (row index, column)."""
    counts = [c for c in spec.counts if any(c in row for row in rows)]
    first = {(i, c) for i, row in enumerate(rows) for c in counts if is_small(row.get(c), below)}
    hidden = set(first)
    partitions: list[list[tuple[int, str]]] = []
    if spec.blocks is not None:
        for block in _blocks(rows, spec.blocks):
            partitions += [[(i, c) for i in block] for c in counts]
    for group in spec.row_partitions:
        present = [c for c in group if c in counts]
        partitions += [[(i, c) for c in present] for i in range(len(rows))]
    changed = True
    while changed:
        changed = False
        for cells in partitions:
            if len(cells) < 2:
                continue
            values = [rows[i].get(c) for i, c in cells]
            now = secondary(values, [cell in hidden for cell in cells])
            for cell, hide in zip(cells, now):
                if hide and cell not in hidden:
                    hidden.add(cell)
                    changed = True
    return first, hidden


def suppress_rows(rows: list[dict], spec: TableSpec, below: int = 5) -> Suppressed:
    """`rows` (a table as a list of dicts) with small counts, the cells protecting them and
    the figures derived from them hidden. The input is not changed."""
    first, hidden = suppression_mask(rows, spec, below)
    shown = [dict(row) for row in rows]
    result = Suppressed(shown, primary=len(first), secondary=len(hidden) - len(first),
                        cells=set(hidden))
    for i, column in hidden:
        shown[i][column] = marker(below) if (i, column) in first else WITHHELD
    touched = {i for i, _ in hidden}
    for i, row in enumerate(shown):
        derived = spec.derived if i in touched else ()
        for column in (*derived, *spec.withhold):
            if column in row and row[column] is not None and row[column] != "":
                row[column] = WITHHELD
                result.withheld += 1
                result.cells.add((i, column))
    return result


def suppress_value(value, below: int = 5):
    """One count as it may be shown: the number, or "<5"."""
    return marker(below) if is_small(value, below) else value
