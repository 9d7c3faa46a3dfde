"""What is loaded: as-of date, periods, areas and choices for the filter bar."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine, select

from dashboard.contract.schema import (ALL_TIERS, Benchmark, LoadedChoice, LoadInfo,
                                       OutcomeType, ReportingPeriod, TIERS)
from queries.cache import memoized
from queries.common import authorities


COMPLETE_GRACE = timedelta(days=14)


@memoized
def load_meta(engine: Engine) -> dict:
    """Small facts about the loaded data: as-of date, periods, areas, filter choices."""
    with engine.connect() as conn:
        info = conn.execute(select(LoadInfo)).mappings().first()
        # Periods that only tier `other` outcomes reach hold no indicator: not offered.
        period_ends = list(conn.execute(select(ReportingPeriod.period_end)
                                        .where(ReportingPeriod.indicators)
                                        .order_by(ReportingPeriod.period_end)).scalars())
        loaded_tiers = set(conn.execute(select(OutcomeType.tier).distinct()).scalars())
        # every offence group of the loaded outcomes, recorded at load (not a DISTINCT
        # over the outcome rows)
        offence_groups = sorted(conn.execute(
            select(LoadedChoice.value).where(LoadedChoice.dim == "offence_group")).scalars())
        bench_types = sorted(conn.execute(select(Benchmark.area_type).distinct()).scalars())
    las = authorities(engine)
    as_of = info["as_of"] if info else None
    # Default period: the latest one the data cover, allowing a data extract taken a few
    # days before the quarter end (outcomes to 30 December report the year to December).
    complete = [p for p in period_ends if as_of is None or p <= as_of + COMPLETE_GRACE]
    return {
        "loaded": info is not None,
        "as_of": as_of,
        "loaded_at": info["loaded_at"] if info else None,
        "source": info["source"] if info else "",
        "seconds": info["seconds"] if info else None,
        "outcome_rows": info["outcome_rows"] if info else 0,
        "children": info["children"] if info else 0,
        "first_outcome_date": info["first_outcome_date"] if info else None,
        "synthetic": bool(info["synthetic"]) if info else False,
        "period_ends": period_ends,
        "latest_period": (complete or period_ends or [None])[-1],
        "authorities": las.astype(object).where(las.notna(), None).to_dict("records"),
        "services": sorted(set(las["service"])) if not las.empty else [],
        "offence_groups": offence_groups,
        "benchmark_area_types": bench_types,
        # The tier filter's choices: the §2 tiers, and `other` once local codes bring it.
        "tiers": [t for t in ALL_TIERS if t in TIERS or t in loaded_tiers],
    }


def service_of(meta: dict, code: str) -> str | None:
    return next((la["service"] for la in meta["authorities"] if la["code"] == code), None)


def area_label(meta: dict, level: str, code: str | None, scope=None) -> str:
    """The area's name as pages and packs print it. A service of which the user's `scope`
    holds only some authorities is named with them ("North YJS (Alpha only)"): its figures
    are theirs alone, and the service's name by itself would claim the whole service."""
    if level == "all":
        return "All areas"
    if level == "service":
        part = _part_of_service(meta, code, scope)
        return f"{code} ({part} only)" if part else code or ""
    return next((la["name"] for la in meta["authorities"] if la["code"] == code), code or "")


def _part_of_service(meta: dict, service: str | None, scope) -> str | None:
    """The names of the service's authorities within `scope` ("Alpha and Beta"), when the
    scope holds some but not all of them; else None."""
    if scope is None or not service:
        return None
    own = [la for la in meta["authorities"] if la["service"] == service]
    held = [la["name"] for la in own if la["code"] in set(scope)]
    if not held or len(held) == len(own):
        return None
    return held[0] if len(held) == 1 else ", ".join(held[:-1]) + " and " + held[-1]


def resolve_period(meta: dict, wanted: date | None) -> date | None:
    """The wanted quarter end if loaded, else the latest complete one."""
    if wanted in meta["period_ends"]:
        return wanted
    return meta["latest_period"]
