"""An independent reference for kpis.csv and remands.csv (CONTRACT §4c, §4d), straight from the
import folder's CSV files with plain Python loops (nights are counted day by day), for
comparison with the export on random data. The reported area-periods and their populations
are taken from the exported fte.csv (the contract: "the area-periods of fte.csv").
"""
from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from scipy.stats import chi2

from yj_testdata import (BOARD_COLUMNS, INTERVENTION_COLUMNS, INTERVENTION_FLAGS, LAA,
                         REMAND_COLUMNS, VICTIM_COLUMNS, YDA, read_csv, wilson_pct, write_csv)

SUBSTANTIVE = {"youth_caution", "youth_conditional_caution", "absolute_discharge",
               "conditional_discharge", "fine", "referral_order", "reparation_order",
               "youth_rehabilitation_order", "yro_iss", "detention_training_order",
               "section_250", "extended_or_life"}
SERIOUS = {"violence against the person", "robbery", "drug offences", "possession of weapons"}
PARTNERS = ["police", "probation", "health", "education", "childrens_social_care", "other"]


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def quarter_of(day: date) -> tuple[date, date]:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    return first, following - timedelta(days=1)


def write_random_local_files(folder: Path, seed: int) -> None:
    """Random but valid local files for the authorities and dates of `folder`."""
    rng = random.Random(seed)
    authorities = read_csv(folder / "local_authorities.csv")
    codes = [a["code"] for a in authorities]
    services = sorted({a["service"] for a in authorities})
    dates = sorted(_day(o["outcome_date"]) for o in read_csv(folder / "outcomes.csv"))
    first, last = dates[0], dates[-1]

    def some_day(after: date | None = None, span: int | None = None) -> date:
        start = after or first
        return start + timedelta(days=rng.randint(0, span or max((last - start).days, 0)))

    def maybe(values):
        return rng.choice(["", *values])

    interventions = []
    for n in range(400):
        start = some_day()
        ended = rng.random() < 0.8
        row = {c: "" for c in INTERVENTION_COLUMNS}
        row.update(intervention_id=f"i{n}", child_id=f"k{rng.randint(1, 150)}",
                   local_authority=rng.choice(codes),
                   kind=rng.choice(["prevention", "diversion", "out_of_court",
                                    "court_community", "custody"]),
                   start_date=start.isoformat(),
                   end_date=some_day(start, 300).isoformat() if ended else "",
                   end_reason=rng.choice(["completed", "completed", "breached", "revoked",
                                          "transferred", "other"]) if ended else "",
                   accommodation_end=maybe(["suitable", "unsuitable"]),
                   ete_end=maybe(["suitable", "unsuitable"]),
                   ete_status_end=maybe(["school", "training", "neet"]),
                   **{flag: maybe(["Y", "N"]) for flag in INTERVENTION_FLAGS})
        interventions.append(row)
    victims = []
    for n in range(200):
        consented = rng.choice("YN")
        victims.append({"victim_id": f"v{n}", "local_authority": rng.choice(codes),
                        "contact_date": some_day().isoformat(), "consented": consented,
                        "engaged": rng.choice("YN") if consented == "Y" else "N"})
    board_rows, day = [], first
    while day <= last:
        for service in services:
            for partner in rng.sample(PARTNERS, rng.randint(1, 6)):
                board_rows.append({"meeting_date": day.isoformat(), "service": service,
                                   "partner": partner, "attended": rng.choice("YYN")})
        day += timedelta(days=rng.randint(20, 80))
    remands = []
    for n in range(150):
        start = some_day()
        closed = rng.random() < 0.8
        remands.append({"remand_id": f"r{n}", "child_id": f"k{rng.randint(1, 60)}",
                        "local_authority": rng.choice(codes), "start_date": start.isoformat(),
                        "end_date": some_day(start, 120).isoformat() if closed else "",
                        "type": rng.choice([YDA, LAA]),
                        "result": rng.choice(["", "custodial_sentence", "community_sentence",
                                              "other"]),
                        "cost_per_night": rng.choice(["", "", "250", "99.5", "612.25"])})
    write_csv(folder / "interventions.csv", INTERVENTION_COLUMNS, interventions)
    write_csv(folder / "victims.csv", VICTIM_COLUMNS, victims)
    write_csv(folder / "board_attendance.csv", BOARD_COLUMNS, board_rows)
    write_csv(folder / "remands.csv", REMAND_COLUMNS, remands)


def _areas(folder: Path) -> dict[tuple[str, str], set[str]]:
    """(area_type, area_code) -> authority codes."""
    authorities = read_csv(folder / "local_authorities.csv")
    areas = {("local_authority", a["code"]): {a["code"]} for a in authorities}
    for a in authorities:
        areas.setdefault(("service", a["service"]), set()).add(a["code"])
    areas[("all", "all")] = {a["code"] for a in authorities}
    return areas


def poisson_limits(x: int, population: int, per: int) -> tuple[float, float]:
    if x < 10:
        lower = 0.0 if x == 0 else chi2.ppf(0.025, 2 * x) / 2
        upper = chi2.ppf(0.975, 2 * x + 2) / 2
    else:
        z = 1.959963984540054
        lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return lower / population * per, upper / population * per


def reference_kpis(folder: Path, fte_rows: list[dict]) -> dict:
    """(area_type, area_code, period_end, kpi) -> (period_start, numerator, denominator,
    value, lower, upper, unit)."""
    areas = _areas(folder)
    service_of = {a["code"]: a["service"] for a in read_csv(folder / "local_authorities.csv")}
    counts = defaultdict(lambda: [0, 0])   # key -> [numerator, denominator]

    def add(area, end, kpi, numerator: bool, denominator: bool):
        if denominator:
            counts[(*area, end, kpi)][1] += 1
            counts[(*area, end, kpi)][0] += int(numerator)

    for row in read_csv(folder / "interventions.csv"):
        if not row["end_date"]:
            continue
        end = quarter_of(_day(row["end_date"]))[1]
        ooc = row["kind"] in ("diversion", "out_of_court")
        for area, las in areas.items():
            if row["local_authority"] not in las:
                continue
            add(area, end, "accommodation_suitable", row["accommodation_end"] == "suitable",
                row["accommodation_end"] != "")
            add(area, end, "ete_suitable", row["ete_end"] == "suitable", row["ete_end"] != "")
            for kpi, need, met in (("send_plan", "send_identified", "send_plan"),
                                   ("mental_health_intervention", "mental_health_need",
                                    "mental_health_intervention"),
                                   ("substance_intervention", "substance_need",
                                    "substance_intervention")):
                add(area, end, kpi, row[met] == "Y", row[need] == "Y")
            add(area, end, "out_of_court_completed", row["end_reason"] == "completed", ooc)
            for kpi, column in (("wider_looked_after", "looked_after_end"),
                                ("wider_child_in_need", "child_in_need_end"),
                                ("wider_child_protection", "child_protection_end")):
                add(area, end, kpi, row[column] == "Y", row[column] != "")
    for row in read_csv(folder / "board_attendance.csv"):
        end = quarter_of(_day(row["meeting_date"]))[1]
        for area, las in areas.items():
            if area[0] != "local_authority" and row["service"] in {service_of[c] for c in las}:
                add(area, end, "board_attendance", row["attended"] == "Y",
                    row["partner"] != "other")
    for row in read_csv(folder / "victims.csv"):
        end = quarter_of(_day(row["contact_date"]))[1]
        for area, las in areas.items():
            if row["local_authority"] in las:
                add(area, end, "victims_engaged", row["engaged"] == "Y",
                    row["consented"] == "Y")
    outcomes = read_csv(folder / "outcomes.csv")
    substantive = set(SUBSTANTIVE) | {r["code"] for r in (
        read_csv(folder / "outcome_types.csv") if (folder / "outcome_types.csv").is_file()
        else []) if r["substantive"] == "yes"}
    for fte in fte_rows:
        area, end = (fte["area_type"], fte["area_code"]), _day(fte["period_end"])
        start = quarter_of(end)[0]
        serious = sum(1 for o in outcomes if o["local_authority"] in areas[area]
                      and 10 <= int(o["age"]) <= 17 and o["outcome_type"] in substantive
                      and o["gravity"] and int(o["gravity"]) >= 5
                      and o["offence_group"].strip().lower() in SERIOUS
                      and start <= _day(o["outcome_date"]) <= end)
        counts[(*area, end, "serious_violence")] = [serious, int(fte["population"])]
    result = {}
    for key, (numerator, denominator) in counts.items():
        if denominator == 0:
            continue
        if key[3] == "serious_violence":
            unit, value = "per_10000", numerator / denominator * 10_000
            lower, upper = poisson_limits(numerator, denominator, 10_000)
        else:
            unit, value = "pct", numerator / denominator * 100
            lower, upper = wilson_pct(numerator, denominator)
        result[key] = (quarter_of(key[2])[0], numerator, denominator, value, lower, upper,
                       unit)
    return result


def reference_remands(folder: Path, fte_rows: list[dict], as_of: date) -> dict:
    """(area_type, area_code, period_end) -> (episodes, children, nights, yda_nights, cost,
    yda_ended, yda_not_custodial, yda_not_custodial_pct); None for an empty cell."""
    areas = _areas(folder)
    episodes = read_csv(folder / "remands.csv")
    result = {}
    for fte in fte_rows:
        area = (fte["area_type"], fte["area_code"])
        first, last = _day(fte["period_start"]), _day(fte["period_end"])
        started, children, nights, yda_nights, cost = 0, set(), 0, 0, None
        ended, not_custodial = 0, 0
        for e in episodes:
            if e["local_authority"] not in areas[area]:
                continue
            start, end = _day(e["start_date"]), _day(e["end_date"])
            yda = e["type"] == YDA
            if first <= start <= last:
                started += 1
                children.add(e["child_id"])
            stop = end or as_of + timedelta(days=1)   # open: through the as-of night
            inside, day = 0, start
            while day < stop:
                inside += first <= day <= last
                day += timedelta(days=1)
            nights += inside
            yda_nights += inside if yda else 0
            if e["cost_per_night"] and inside:
                cost = (cost or 0) + inside * float(e["cost_per_night"])
            if yda and end and first <= end <= last and e["result"]:
                ended += 1
                not_custodial += e["result"] != "custodial_sentence"
        result[(*area, last)] = (started, len(children), nights, yda_nights, cost, ended,
                                 not_custodial,
                                 not_custodial / ended * 100 if ended else None)
    return result
