"""What a query is asked for: one frozen `Selection` (level, area, cohort filters, scope,
period) and the vocabularies of the filters.

`scope` is the set of local authority codes the *user* may see. It is set only on the
server, from the login session (never from anything the browser sends); a query applies it
in SQL, so a figure, table, CSV, slide or drill-down can never include another area's
children. A selection made in the browser can narrow what is shown within the scope, never
widen it.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Iterable

from dashboard.contract.schema import ETHNIC_GROUPS, UNKNOWN_ETHNICITY

LEVELS = ("local_authority", "service", "all")
AGE_BANDS = {"10-14": (10, 14), "15-17": (15, 17)}
SEX_LABELS = {"M": "Boys", "F": "Girls", "U": "Sex not recorded"}
ETHNICITY_ORDER = list(ETHNIC_GROUPS) + [UNKNOWN_ETHNICITY]
Scope = Iterable[str] | None


@dataclass(frozen=True)
class CohortFilter:
    """Cohort filters from the filter bar; None means 'everyone'."""
    sex: str | None = None            # M / F / U
    age_band: str | None = None       # key of AGE_BANDS
    ethnicity: str | None = None      # an ethnic group or Unknown
    looked_after: bool | None = None
    tier: str | None = None           # an outcome tier (index / first / any outcome's tier)
    offence_group: str | None = None

    def active(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) is not None}

    @property
    def population_available(self) -> bool:
        """Rates need a population: none exists for looked-after status or offence group."""
        return self.looked_after is None and self.offence_group is None

    def without(self, *names: str) -> "CohortFilter":
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update({name: None for name in names})
        return CohortFilter(**values)


NO_FILTER = CohortFilter()


def _scope_tuple(scope) -> tuple[str, ...] | None:
    """A sorted tuple, so equal scopes give equal (and process-independent) cache keys."""
    if scope is None:
        return None
    return tuple(sorted({str(code) for code in scope}))


@dataclass(frozen=True)
class Selection:
    """One question to the indicator queries.

    level   `local_authority`, `service` or `all`
    area    the area's code at that level (authority code or service name); None = every
            area of the level (the export, ranks and peer comparisons)
    cohort  the cohort filters
    scope   authority codes the user may see (None = no restriction); server side only
    period  the reporting period end being looked at, where one is (None = every period)
    """
    level: str = "service"
    area: str | None = None
    cohort: CohortFilter = NO_FILTER
    scope: tuple[str, ...] | None = None
    period: date | None = None

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}")
        object.__setattr__(self, "scope", _scope_tuple(self.scope))
        if self.level == "all":
            object.__setattr__(self, "area", None)

    def with_(self, **changes) -> "Selection":
        return replace(self, **changes)

    def place(self) -> "Selection":
        """Only where (level, area, scope): for queries that the filters do not change."""
        return Selection(level=self.level, area=self.area, scope=self.scope)

    def every_area(self, level: str | None = None) -> "Selection":
        """The same question for every area of a level (for peers and ranks), same scope."""
        return replace(self, level=level or self.level, area=None)
