"""Published comparator figures for the synthetic import folder (benchmarks.csv, CONTRACT §1).

National, regional and family series (v1) for every quarter end, each with the count and
base behind it (v2 `numerator`, `denominator`), and a published figure for every service of
a field of about 155 fictional youth justice services (v2 `service` rows) so a national rank
and a funnel plot can be shown. The loaded services are in the field under their own names
(one of them in capitals, as published tables sometimes print names, to exercise the
case-insensitive match). Everything is deterministic: one seeded stream for the v1 values
(unchanged from v1) and one for the field.

Each field service has a persistent level per indicator (a log-normal factor around the
national path) and simulated counts: quarterly first time entrants and custodial sentences
summed over the rolling 12 months, and a quarterly reoffending cohort with binomial
reoffenders and Poisson extra reoffences, so a small service's published figure is as noisy
as a real one. Regional, family and national denominators are the field's sums.
"""
from __future__ import annotations

import math
import random
from datetime import date
from typing import Protocol, Sequence

BENCHMARK_COLUMNS = ("indicator", "period_end", "area_type", "area_name", "value",
                     "numerator", "denominator")
NATIONAL = "England and Wales"
PUBLISHED_SERVICES = 155     # youth justice services in England and Wales (the field)
GROWTH = 1.01                # population growth a year (as population.csv)

# indicator -> (value at start, value at end, noise sd, decimals)
BENCHMARK_SERIES = {
    "fte_rate": (330.0, 170.0, 4.0, 1),
    "custody_rate": (0.25, 0.10, 0.006, 3),
    "reoffending_binary_rate": (38.0, 33.0, 0.5, 1),
    "reoffences_per_reoffender": (3.8, 3.5, 0.04, 2),
}
UNIT = {"fte_rate": 1e5, "custody_rate": 1e3, "reoffending_binary_rate": 100.0,
        "reoffences_per_reoffender": 1.0}
# How far services sit from the national figure: sd of the log of their factor.
SPREAD = {"fte_rate": 0.30, "custody_rate": 0.45, "reoffending_binary_rate": 0.12,
          "reoffences_per_reoffender": 0.10}
# Children in a quarterly reoffending cohort per child aged 10-17, start and end of the data.
COHORT_PER_CHILD = (0.0011, 0.0007)


class _Authority(Protocol):
    children: int


class _Service(Protocol):
    name: str
    region: str
    family: str
    authorities: Sequence[_Authority]


def benchmark_rows(seed: int, first: date, last: date, loaded: Sequence[_Service],
                   field: Sequence[_Service]) -> list[tuple]:
    """v1 area series (with numerators and denominators), then the field's service rows.

    `field` starts with the `loaded` services; published names equal theirs.
    """
    ends = quarter_ends(first, last)
    years = last.year - first.year + 1
    published = _simulate_field(seed, field, ends, first.year, years)
    regions = sorted({service.region for service in loaded})
    families = sorted({service.family for service in loaded})
    areas = ([("national", NATIONAL, field)]
             + [("region", r, [s for s in field if s.region == r]) for r in regions]
             + [("family", f, [s for s in field if s.family == f]) for f in families])
    rng = random.Random(f"{seed}:benchmarks")
    rows = []
    reoffenders: dict[tuple[str, int], int] = {}
    for indicator, (start, end, noise, decimals) in BENCHMARK_SERIES.items():
        for area_type, area_name, members in areas:
            factor = 1.0 if area_type == "national" else rng.uniform(0.85, 1.15)
            for index, period_end in enumerate(ends):
                position = index / max(1, len(ends) - 1)
                value = factor * start * (end / start) ** position + rng.gauss(0, noise)
                text = f"{value:.{decimals}f}"
                if indicator == "reoffences_per_reoffender":
                    base = reoffenders[area_name, index]
                else:
                    key = "cohort" if indicator == "reoffending_binary_rate" else "population"
                    base = sum(published[service.name][key][index] for service in members)
                count = round(float(text) * base / UNIT[indicator])
                if indicator == "reoffending_binary_rate":
                    reoffenders[area_name, index] = count
                rows.append((indicator, period_end.isoformat(), area_type, area_name, text,
                             count, base))
    return rows + _service_rows(loaded, field, published, ends)


def _service_rows(loaded: Sequence[_Service], field: Sequence[_Service],
                  published: dict[str, dict[str, list[int]]], ends: list[date]) -> list[tuple]:
    """One row per indicator, field service and quarter end; a ratio with a zero base is
    not published (no row)."""
    bases = {"fte_rate": ("fte", "population"), "custody_rate": ("custody", "population"),
             "reoffending_binary_rate": ("reoffenders", "cohort"),
             "reoffences_per_reoffender": ("reoffences", "reoffenders")}
    rows = []
    for indicator, (numerator, denominator) in bases.items():
        decimals = BENCHMARK_SERIES[indicator][3]
        for number, service in enumerate(field):
            name = service.name.upper() if number == 2 and len(loaded) > 2 else service.name
            counts = published[service.name]
            for index, period_end in enumerate(ends):
                top, base = counts[numerator][index], counts[denominator][index]
                if base:
                    value = top / base * UNIT[indicator]
                    rows.append((indicator, period_end.isoformat(), "service", name,
                                 f"{value:.{decimals}f}", top, base))
    return rows


def _simulate_field(seed: int, field: Sequence[_Service], ends: list[date], first_year: int,
                    years: int) -> dict[str, dict[str, list[int]]]:
    """Counts per service and quarter end: population, first time entrants and custodial
    sentences in the 12 months to it, and the quarter's reoffending cohort."""
    rng = random.Random(f"{seed}:benchmarks:field")
    paths = {indicator: [start * (end / start) ** (index / max(1, len(ends) - 1))
                         for index in range(len(ends))]
             for indicator, (start, end, _, _) in BENCHMARK_SERIES.items()}
    result = {}
    for service in field:
        children = sum(authority.children for authority in service.authorities)
        factor = {indicator: math.exp(rng.gauss(0, spread))
                  for indicator, spread in SPREAD.items()}
        population = [round(children * GROWTH ** min(years - 1, max(0, _estimate_year(end)
                                                                     - first_year)))
                      for end in ends]
        counts = {"population": population}
        for indicator, key in (("fte_rate", "fte"), ("custody_rate", "custody")):
            # Quarterly counts, three quarters before the first end included.
            quarters = [poisson_draw(rng, paths[indicator][max(0, index)] * factor[indicator]
                                 * population[max(0, index)] / UNIT[indicator] / 4)
                        for index in range(-3, len(ends))]
            counts[key] = [sum(quarters[index:index + 4]) for index in range(len(ends))]
        cohort, reoffenders, reoffences = [], [], []
        for index in range(len(ends)):
            position = index / max(1, len(ends) - 1)
            start, end = COHORT_PER_CHILD
            per_child = start + (end - start) * position
            size = poisson_draw(rng, per_child * population[index] * factor["fte_rate"])
            chance = min(0.9, paths["reoffending_binary_rate"][index] / 100
                         * factor["reoffending_binary_rate"])
            hits = sum(rng.random() < chance for _ in range(size))
            extra = max(0.0, paths["reoffences_per_reoffender"][index]
                        * factor["reoffences_per_reoffender"] - 1)
            cohort.append(size)
            reoffenders.append(hits)
            reoffences.append(hits + poisson_draw(rng, hits * extra))
        counts.update(cohort=cohort, reoffenders=reoffenders, reoffences=reoffences)
        result[service.name] = counts
    return result


def _estimate_year(period_end: date) -> int:
    """The mid-year estimate used for a period (CONTRACT §3: the year of period_end - 6 months)."""
    return period_end.year if period_end.month > 6 else period_end.year - 1


def poisson_draw(rng: random.Random, mean: float) -> int:
    """A Poisson draw: exact (Knuth) for small means, the normal approximation above 30."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def quarter_ends(first: date, last: date) -> list[date]:
    return [date(year, month, day)
            for year in range(first.year, last.year + 1)
            for month, day in ((3, 31), (6, 30), (9, 30), (12, 31))
            if first <= date(year, month, day) <= last]
