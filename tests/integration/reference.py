"""An independent, deliberately naive implementation of CONTRACT §3-§4 in plain Python.

It shares no code with the engine (only the calendar helper is re-written here too), so
comparing its results with `python -m dashboard export` on generated data checks the SQL
mechanics end to end.
"""
from __future__ import annotations

import calendar
import csv
import math
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

SUBSTANTIVE = {"youth_caution", "youth_conditional_caution", "absolute_discharge",
               "conditional_discharge", "fine", "referral_order", "reparation_order",
               "youth_rehabilitation_order", "yro_iss", "detention_training_order",
               "section_250", "extended_or_life"}
CUSTODIAL = {"detention_training_order", "section_250", "extended_or_life"}
PRE_COURT = {"youth_caution", "youth_conditional_caution"}
COURT = SUBSTANTIVE - PRE_COURT
DIVERSION = {"community_resolution", "youth_restorative_disposal", "outcome_22"}
EVERY_TIER = SUBSTANTIVE | DIVERSION      # v2 "reoffending on every outcome" (no local codes)
GROUPS = ["White", "Mixed", "Asian", "Black", "Other"]
# The 2021 Census categories (contract §2b), written out again here, not imported.
CATEGORY_GROUP = {c.lower(): g for g, cs in {
    "White": ["English, Welsh, Scottish, Northern Irish or British", "Irish",
              "Gypsy or Irish Traveller", "Roma", "Other White"],
    "Mixed": ["White and Black Caribbean", "White and Black African", "White and Asian",
              "Other Mixed or Multiple ethnic groups"],
    "Asian": ["Indian", "Pakistani", "Bangladeshi", "Chinese", "Other Asian"],
    "Black": ["African", "Caribbean", "Other Black"],
    "Other": ["Arab", "Any other ethnic group"]}.items() for c in cs}
MINORITY = ["Mixed", "Asian", "Black", "Other"]


def plus_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def read(folder: Path, name: str) -> list[dict]:
    with open(folder / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Reference:
    def __init__(self, folder: Path):
        self.las = {r["code"]: r for r in read(folder, "local_authorities.csv")}
        self.pop = defaultdict(int)       # (la, year, sex, age, eth) -> n
        self.pop_years = defaultdict(set)
        for r in read(folder, "population.csv"):
            key = (r["local_authority"], int(r["year"]), r["sex"], int(r["age"]), r["ethnicity"])
            self.pop[key] += int(r["population"])
            self.pop_years[r["local_authority"]].add(int(r["year"]))
        # Local codes (outcome_types.csv) join the code sets by their tier and flags.
        self.substantive, self.custodial = set(SUBSTANTIVE), set(CUSTODIAL)
        self.pre_court, self.court, self.every_tier = set(PRE_COURT), set(COURT), set(EVERY_TIER)
        if (folder / "outcome_types.csv").is_file():
            for r in read(folder, "outcome_types.csv"):
                code, tier = r["code"], r["tier"]
                if r["substantive"] == "yes":
                    self.substantive.add(code)
                if r["custodial"] == "yes":
                    self.custodial.add(code)
                if tier == "pre_court":
                    self.pre_court.add(code)
                if tier in ("first_tier", "community", "custody"):
                    self.court.add(code)
                if tier != "other":
                    self.every_tier.add(code)
        self.rows = []
        for r in read(folder, "outcomes.csv"):
            r = dict(r)
            r["ethnicity"] = CATEGORY_GROUP.get(r["ethnicity"].strip().lower(), r["ethnicity"])
            r["offence_date"] = date.fromisoformat(r["offence_date"])
            r["outcome_date"] = date.fromisoformat(r["outcome_date"])
            r["age"] = int(r["age"])
            self.rows.append(r)
        self.as_of = max(r["outcome_date"] for r in self.rows)

    def areas(self, area_type: str, code: str) -> set[str]:
        if area_type == "local_authority":
            return {code}
        if area_type == "service":
            return {c for c, la in self.las.items() if la["service"] == code}
        return set(self.las)

    def population(self, las: set[str], period_end: date, ethnicity: str | None = None) -> int:
        wanted = plus_months(period_end, -6).year
        total = 0
        for la in las:
            years = self.pop_years.get(la)
            if not years:
                continue
            year = min(years, key=lambda y: (abs(y - wanted), y))
            total += sum(n for (l, y, s, a, e), n in self.pop.items()
                         if l == la and y == year and (ethnicity is None or e == ethnicity))
        return total

    @staticmethod
    def period_start(period_end: date) -> date:
        return plus_months(period_end, -12) + timedelta(days=1)

    def in_period(self, las, period_end):
        start = self.period_start(period_end)
        return [r for r in self.rows if r["local_authority"] in las
                and start <= r["outcome_date"] <= period_end and 10 <= r["age"] <= 17]

    def first_entries(self) -> dict[str, dict]:
        firsts = {}
        for r in sorted(self.rows, key=lambda r: (r["outcome_date"], r["outcome_id"])):
            if r["outcome_type"] in self.substantive and r["child_id"] not in firsts:
                firsts[r["child_id"]] = r
        return firsts

    def fte(self, area_type, code, period_end) -> tuple[int, int, float | None]:
        las, start = self.areas(area_type, code), self.period_start(period_end)
        count = sum(1 for r in self.first_entries().values()
                    if r["local_authority"] in las and start <= r["outcome_date"] <= period_end
                    and 10 <= r["age"] <= 17)
        pop = self.population(las, period_end)
        return count, pop, (count / pop * 100000 if pop else None)

    def custody(self, area_type, code, period_end):
        """(sentences, population, rate, children): v2 children are distinct child ids."""
        las = self.areas(area_type, code)
        rows = [r for r in self.in_period(las, period_end) if r["outcome_type"] in self.custodial]
        pop = self.population(las, period_end)
        return (len(rows), pop, (len(rows) / pop * 1000 if pop else None),
                len({r["child_id"] for r in rows}))

    def reoffending(self, area_type, code, cohort_start: date, as_of: date | None = None,
                    every_outcome: bool = False):
        counted = self.every_tier if every_outcome else self.substantive
        as_of = as_of or self.as_of
        las = self.areas(area_type, code)
        cohort_end = plus_months(cohort_start, 3) - timedelta(days=1)
        index = {}
        for r in sorted(self.rows, key=lambda r: (r["outcome_date"], r["outcome_id"])):
            if (r["outcome_type"] in counted and 10 <= r["age"] <= 17
                    and cohort_start <= r["outcome_date"] <= cohort_end
                    and r["child_id"] not in index):
                index[r["child_id"]] = r
        members = {c: r for c, r in index.items() if r["local_authority"] in las}
        reoffenders = reoffences = 0
        for child, idx in members.items():
            d = idx["outcome_date"]
            n = sum(1 for r in self.rows if r["child_id"] == child
                    and r["outcome_type"] in counted
                    and d < r["offence_date"] <= plus_months(d, 12)
                    and r["outcome_date"] <= plus_months(d, 18) and r["outcome_date"] <= as_of)
            reoffences += n
            reoffenders += n > 0
        status = "complete" if as_of >= plus_months(cohort_end, 18) else "provisional"
        return len(members), reoffenders, reoffences, status

    def disproportionality(self, area_type, code, period_end, stage):
        las = self.areas(area_type, code)
        if stage == "fte":
            start = self.period_start(period_end)
            rows = [r for r in self.first_entries().values() if r["local_authority"] in las
                    and start <= r["outcome_date"] <= period_end and 10 <= r["age"] <= 17]
        else:
            test = {"cautioned_or_sentenced": self.substantive, "out_of_court": self.pre_court,
                    "court": self.court, "custody": self.custodial}[stage]
            rows = [r for r in self.in_period(las, period_end) if r["outcome_type"] in test]
        counts = {g: len({r["child_id"] for r in rows if r["ethnicity"] == g}) for g in GROUPS}
        pops = {g: self.population(las, period_end, g) for g in GROUPS}
        # v2 Minority ethnic: distinct children over the four groups (a child once).
        counts["Minority ethnic"] = len({r["child_id"] for r in rows
                                         if r["ethnicity"] in MINORITY})
        pops["Minority ethnic"] = sum(pops[g] for g in MINORITY)
        result = {}
        rate_w = counts["White"] / pops["White"] if pops["White"] else None
        for g in GROUPS + ["Minority ethnic"]:
            rate = counts[g] / pops[g] if pops[g] else None
            rri = lower = upper = None
            if rate is not None and rate_w and counts["White"] > 0:
                rri = 1.0 if g == "White" else rate / rate_w
                a, n1, c, n2 = counts[g], pops[g], counts["White"], pops["White"]
                if g != "White" and a > 0:
                    spread = 1.96 * math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
                    lower, upper = math.exp(math.log(rri) - spread), math.exp(math.log(rri) + spread)
            result[g] = (counts[g], pops[g], rri, lower, upper)
        return result


# --- v2 intervals, written out from CONTRACT §4 "Confidence intervals" ---------------------
Z = 1.959963984540054


def poisson_limits(x: int) -> tuple[float, float]:
    """Exact below 10 events (chi-squared quantiles), Byar's approximation from 10."""
    from scipy.stats import chi2
    if x < 10:
        return (0.0 if x == 0 else chi2.ppf(0.025, 2 * x) / 2), chi2.ppf(0.975, 2 * x + 2) / 2
    lower = x * (1 - 1 / (9 * x) - Z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + Z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


def wilson(x: int, n: int) -> tuple[float, float] | tuple[None, None]:
    if n == 0:
        return None, None
    root = Z * math.sqrt(Z * Z + 4 * x * (1 - x / n))
    return ((2 * x + Z * Z - root) / (2 * (n + Z * Z)) * 100,
            (2 * x + Z * Z + root) / (2 * (n + Z * Z)) * 100)
