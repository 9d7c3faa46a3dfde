"""The view state carried in the URL query string, parsed defensively.

Unknown or malformed values fall back to defaults; nothing here raises on user input.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from urllib.parse import urlencode

from dashboard.contract.schema import (ALL_TIERS, BASES, ETHNIC_GROUPS, NATIONAL_BASIS,
                                       UNKNOWN_ETHNICITY)
from dashboard.contract.selection import AGE_BANDS, CohortFilter, Selection
from queries.meta import resolve_period

COMPARATORS = ("national", "region", "family", "pcc", "statistical_neighbours", "services")
COMPARATOR_LABELS = {
    "national": "England and Wales",
    "region": "Region",
    "family": "Comparator family",
    "pcc": "Police force area (PCC)",
    "statistical_neighbours": "Statistical neighbours",
    "services": "Other services loaded",
}
# Offered in "Compare with" only when benchmarks.csv holds figures of that type.
OPTIONAL_COMPARATORS = ("pcc", "statistical_neighbours")
# The URL's keys, in the order written: the one list (the address bar is written from
# ViewState.to_query, in Python; assets/ only ever see the finished query string).
URL_KEYS = ("area", "period", "compare", "sex", "age", "ethnicity", "looked_after", "tier",
            "offence", "present", "theme", "advance", "basis")


@dataclass(frozen=True)
class ViewState:
    area: str = ""              # "all", "service:<name>" or "la:<code>"; "" = default
    period: str = ""            # quarter end YYYY-MM-DD; "" = latest complete
    compare: str = "national"
    sex: str = ""
    age: str = ""
    ethnicity: str = ""
    looked_after: str = ""      # "Y" / "N"
    tier: str = ""
    offence: str = ""
    present: str = ""           # "1" in presentation mode
    theme: str = ""             # "dark" for dim rooms
    advance: str = ""           # seconds between slides
    basis: str = NATIONAL_BASIS  # reoffending cohorts: "national" or "all_outcomes"

    @property
    def level(self) -> str:
        if self.area.startswith("service:"):
            return "service"
        if self.area.startswith("la:"):
            return "local_authority"
        return "all"

    @property
    def area_code(self) -> str | None:
        return None if self.level == "all" else self.area.split(":", 1)[1]

    @property
    def period_end(self) -> date | None:
        try:
            return date.fromisoformat(self.period)
        except ValueError:
            return None

    @property
    def cohort(self) -> CohortFilter:
        return CohortFilter(
            sex=self.sex or None,
            age_band=self.age or None,
            ethnicity=self.ethnicity or None,
            looked_after={"Y": True, "N": False}.get(self.looked_after),
            tier=self.tier or None,
            offence_group=self.offence or None,
        )

    def selection(self, scope) -> Selection:
        """The query selection for this view within `scope`, which only the server sets
        (dashboard/web/session.py); nothing in the URL or a posted state can widen it."""
        return Selection(level=self.level, area=self.area_code, cohort=self.cohort,
                         scope=scope, period=self.period_end)

    def to_query(self) -> str:
        defaults = {"compare": "national", "basis": NATIONAL_BASIS}  # left out of links
        values = {k: getattr(self, k) for k in URL_KEYS
                  if getattr(self, k) and getattr(self, k) != defaults.get(k)}
        return "?" + urlencode(values) if values else ""

    def with_(self, **changes) -> "ViewState":
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data) -> "ViewState":
        if not isinstance(data, dict):
            return cls()
        return parse_values({k: v for k, v in data.items() if isinstance(v, str)})


def _one(values, allowed=None) -> str:
    """The first value if it is a short string (and allowed), else ''."""
    if isinstance(values, list):
        values = values[0] if values else ""
    if not isinstance(values, str) or len(values) > 200:
        return ""
    values = values.strip()
    if allowed is not None and values not in allowed:
        return ""
    return values


def resolve_state(query: dict | None, meta: dict) -> ViewState:
    """Parse URL values and fill defaults from what is loaded (first service, latest year)."""
    state = parse_values({k: [v] if isinstance(v, str) else v for k, v in (query or {}).items()})
    services = meta["services"]
    codes = {la["code"] for la in meta["authorities"]}
    area = state.area
    valid = (area == "all" or (area.startswith("service:") and area[8:] in services)
             or (area.startswith("la:") and area[3:] in codes))
    if not valid:
        area = f"service:{services[0]}" if services else "all"
    period = resolve_period(meta, state.period_end)
    offence = state.offence if state.offence in meta["offence_groups"] else ""
    return state.with_(area=area, period=period.isoformat() if period else "", offence=offence)


ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
ADVANCE = re.compile(r"^[0-9]{1,3}$")


def _plausible(text: str) -> bool:
    """A real date in a year a reporting period could end (the data's own range is
    checked by resolve_state against what is loaded)."""
    try:
        return 1990 <= date.fromisoformat(text).year <= 2200
    except ValueError:
        return False


def parse_values(raw: dict) -> ViewState:
    """Build a ViewState from parse_qs-style values, dropping anything unexpected."""
    area = _one(raw.get("area"))
    if area and area != "all" and not area.startswith(("service:", "la:")):
        area = ""
    period = _one(raw.get("period"))
    if not (ISO_DATE.match(period) and _plausible(period)):
        period = ""
    advance = _one(raw.get("advance"))
    # ASCII digits only: "²".isdigit() is true, but int("²") fails
    if not (ADVANCE.match(advance) and 5 <= int(advance) <= 600):
        advance = ""
    return ViewState(
        area=area,
        period=period,
        compare=_one(raw.get("compare"), COMPARATORS) or "national",
        sex=_one(raw.get("sex"), ("M", "F", "U")),
        age=_one(raw.get("age"), tuple(AGE_BANDS)),
        ethnicity=_one(raw.get("ethnicity"), ETHNIC_GROUPS + (UNKNOWN_ETHNICITY,)),
        looked_after=_one(raw.get("looked_after"), ("Y", "N")),
        tier=_one(raw.get("tier"), ALL_TIERS),
        offence=_one(raw.get("offence")),
        present=_one(raw.get("present"), ("1",)),
        theme=_one(raw.get("theme"), ("dark", "light")),
        advance=advance,
        basis=_one(raw.get("basis"), BASES) or NATIONAL_BASIS,
    )
