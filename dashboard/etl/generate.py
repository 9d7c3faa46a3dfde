"""Deterministic synthetic import folder (CONTRACT §1, v2 files included) for demos, tests and
training.

Every name, code and child in the output is fictional. The figures are built to
look like a real youth justice service's data (first time entrant, custody and
reoffending rates of the published order of magnitude, a downward trend with one
service bucking it, ethnic disproportionality in some areas and not others, a
small authority with small numbers) so the dashboard can be exercised without
real data. Outcomes are written down as a case-management extract would: detailed
ethnic categories on about half the children, local codes (outcome_types.csv) on a few
rows. Published comparator figures are in generate_benchmarks.py, the local-indicator
files (interventions, victims, board attendance, remands, looked-after population) in
generate_local.py. The same arguments always give byte-identical files: every random
draw comes from a `random.Random` seeded with a string derived from the seed
(one stream per purpose and authority), never from global state.
"""
from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from dashboard.etl import generate_local as local
from dashboard.etl.generate_benchmarks import (BENCHMARK_COLUMNS, PUBLISHED_SERVICES,
                                               benchmark_rows)

ETHNIC_GROUPS = ("White", "Mixed", "Asian", "Black", "Other")
AGES = tuple(range(10, 18))
OUTCOME_COLUMNS = ("outcome_id", "child_id", "local_authority", "offence_date", "outcome_date",
                   "outcome_type", "sex", "age", "ethnicity", "looked_after", "offence_group",
                   "gravity")
ENGLISH_REGIONS = ("North East", "North West", "Yorkshire and The Humber", "East Midlands",
                   "West Midlands", "East of England", "London", "South East", "South West")
FAMILIES = ("Family A", "Family B", "Family C", "Family D")
BURN_IN_YEARS = 2

# Outcome levels, lightest to heaviest, with the outcome types (and weights) given at each.
DIVERSION, PRE_COURT, FIRST_TIER, COMMUNITY, CUSTODY = range(5)
OUTCOMES_BY_LEVEL = (
    (("community_resolution", 60), ("youth_restorative_disposal", 10), ("outcome_22", 30)),
    (("youth_caution", 60), ("youth_conditional_caution", 40)),
    (("referral_order", 68), ("conditional_discharge", 12), ("fine", 11),
     ("absolute_discharge", 6), ("reparation_order", 3)),
    (("youth_rehabilitation_order", 85), ("yro_iss", 15)),
    (("detention_training_order", 85), ("section_250", 13), ("extended_or_life", 2)),
)
# Local codes (outcome_types.csv, the contract v2) as a case-management extract has them:
# code, label, tier, substantive, custodial.
LOCAL_OUTCOME_TYPES = (
    ("criminal_behaviour_order", "Criminal behaviour order", "other", "no", "no"),
    ("recall_to_custody", "Recall to custody (licence breach)", "other", "no", "no"),
    ("curfew_order", "Curfew order", "community", "yes", "no"),
    ("yro_iss_band_1", "YRO with ISS (band 1)", "community", "yes", "no"),
    ("yro_iss_band_2", "YRO with ISS (band 2)", "community", "yes", "no"),
    ("yro_iss_band_3", "YRO with ISS (band 3)", "community", "yes", "no"),
)
LOCAL_TYPE_COLUMNS = ("code", "label", "tier", "substantive", "custodial")
ISS_BANDS = (("yro_iss_band_1", 50), ("yro_iss_band_2", 33), ("yro_iss_band_3", 17))
CURFEW_SHARE = 0.07          # of youth rehabilitation orders, recorded as a curfew order
CBO_GROUPS = {"Violence against the person", "Public order", "Drug offences", "Robbery"}
CBO_CHANCE = 0.10            # of court outcomes for those groups with gravity 4 or more
RECALL_CHANCE = 0.15         # of custodial sentences, a recall during the licence
NOT_SUBSTANTIVE = {name for name, _ in OUTCOMES_BY_LEVEL[DIVERSION]} | {
    code for code, _, _, substantive, _ in LOCAL_OUTCOME_TYPES if substantive == "no"}
# 2021 Census categories (CONTRACT §2b) within each group, weighted roughly as among children
# in England and Wales (Gypsy or Irish Traveller and White and Black Caribbean children
# are over-represented in youth justice, so a little more common here).
DETAILED_ETHNICITY = {
    "White": (("English, Welsh, Scottish, Northern Irish or British", 86), ("Irish", 1),
              ("Gypsy or Irish Traveller", 2), ("Roma", 1), ("Other White", 10)),
    "Mixed": (("White and Black Caribbean", 35), ("White and Black African", 15),
              ("White and Asian", 25), ("Other Mixed or Multiple ethnic groups", 25)),
    "Asian": (("Indian", 25), ("Pakistani", 38), ("Bangladeshi", 15), ("Chinese", 5),
              ("Other Asian", 17)),
    "Black": (("African", 55), ("Caribbean", 25), ("Other Black", 20)),
    "Other": (("Arab", 35), ("Any other ethnic group", 65)),
}
DETAILED_SHARE = 0.5         # of children whose record carries the detailed category
# Days from offence to outcome: (minimum, mean extra, cap); courts take longer than diversion.
DELAY_BY_LEVEL = ((3, 18, 90), (7, 30, 120), (25, 55, 180), (30, 65, 200), (20, 60, 200))
# Offence group -> (typical gravity score, relative frequency).
OFFENCE_GROUPS = (
    ("Violence against the person", 3, 30), ("Theft and handling", 2, 17),
    ("Drug offences", 2, 12), ("Criminal damage", 2, 10), ("Public order", 2, 8),
    ("Motoring offences", 2, 6), ("Other", 3, 6), ("Robbery", 6, 5), ("Burglary", 4, 4),
    ("Sexual offences", 6, 2),
)
# Age at first contact with the youth justice system (10..17), peaking at 15-16.
FIRST_CONTACT_AGE_WEIGHTS = (1, 2, 4, 7, 11, 14, 15, 13)
# Offending propensity classes: (share of children, chance of another offence, mean gap in
# days, severity added to every outcome decision).
RISK_CLASSES = ((0.70, 0.25, 250, 0.0), (0.22, 0.55, 150, 0.5), (0.08, 0.86, 75, 1.5))

PLACE_STARTS = ("Ash", "Bram", "Cold", "Dun", "Elm", "Fen", "Gras", "Hol", "Ing", "Kel", "Lang",
                "Mar", "Nor", "Oak", "Pen", "Red", "Stan", "Thorn", "Ulver", "Whit", "Yar")
PLACE_ENDS = ("bridge", "by", "dale", "field", "ford", "ham", "ley", "mere", "moor", "mouth",
              "stead", "ton", "wick", "worth")
WELSH_STARTS = ("Aber", "Llan", "Pont", "Cwm", "Bryn", "Caer", "Tre", "Pen")
WELSH_ENDS = ("afon", "wen", "felin", "ddu", "garth", "hir", "mawr", "nant")
# Only once the two-syllable names are used up (hundreds of services).
PLACE_MIDDLES = ("en", "ing", "ers", "ow", "ley")
WELSH_MIDDLES = ("y", "an", "nant", "glyn")
PLACE_PREFIXES = ("North", "South", "East", "West", "Upper", "Lower", "Great", "Little")


@dataclass(frozen=True)
class Authority:
    """A fictional local authority and the parameters that shape its children's careers."""
    code: str
    name: str
    children: int              # population aged 10-17 in the first year
    mix: tuple[float, ...]     # share of each ETHNIC_GROUPS group in the population
    disparity: float           # 0 = no ethnic disproportionality, 1 = strong


@dataclass(frozen=True)
class Service:
    """A youth justice service: its authorities, where it sits, and its FTE trend."""
    name: str
    region: str
    family: str
    authorities: tuple[Authority, ...]
    rising: bool               # True for the one service whose FTE rate goes up
    iss_bands: bool = False    # its system records a YRO with ISS by band (local codes)


@dataclass(frozen=True)
class Practice:
    """How an area deals with children in a given year."""
    contact_rate: float          # children first in contact with the system per 100,000
    diversion_threshold: float   # severity score below which a case is diverted
    custody_threshold: float     # severity score from which a child is sentenced to custody


@dataclass(frozen=True)
class Child:
    """Per-child attributes fixed across the career (the authority may change)."""
    key: tuple[str, int]
    sex: str
    ethnicity: str             # as recorded: a group, a 2021 Census category or "Unknown"
    birth: date
    looked_after: str
    reoffend_chance: float
    mean_gap: float
    severity_bias: float


class RawOutcome(NamedTuple):
    """An outcome before ids are given; the first four fields are its sort order."""
    outcome_date: date
    offence_date: date
    child: tuple[str, int]     # (authority first seen in, number there): unique per child
    tiebreak: float
    local_authority: str
    outcome_type: str
    sex: str
    age: int
    ethnicity: str
    looked_after: str
    offence_group: str
    gravity: int | str         # "" when not recorded


def generate(outdir: Path, seed: int = 42, services: int = 3, years: int = 10,
             start_year: int = 2015) -> str:
    """Write every file of the import format (CONTRACT §1, v2 files included) plus a README."""
    if services < 1 or years < 1:
        raise ValueError("services and years must both be at least 1")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    catalogue = build_services(seed, services)
    first, last = date(start_year, 1, 1), date(start_year + years - 1, 12, 31)
    outcomes = simulate_outcomes(catalogue, seed, first, last)
    population = population_rows(catalogue, seed, start_year, years)
    files = {
        "local_authorities.csv": (("code", "name", "service", "region", "family"),
                                  authority_rows(catalogue)),
        "population.csv": (("local_authority", "year", "sex", "age", "ethnicity",
                            "population"), population),
        "outcomes.csv": (OUTCOME_COLUMNS, outcomes),
        "benchmarks.csv": (BENCHMARK_COLUMNS,
                           benchmark_rows(seed, first, last, catalogue,
                                          published_field(seed, catalogue))),
        "outcome_types.csv": (LOCAL_TYPE_COLUMNS, list(LOCAL_OUTCOME_TYPES)),
        "looked_after_population.csv": (local.LOOKED_AFTER_COLUMNS,
                                        local.looked_after_rows(catalogue, population, seed)),
        "interventions.csv": (local.INTERVENTION_COLUMNS,
                              local.intervention_rows(seed, catalogue, outcomes, first, last)),
        "victims.csv": (local.VICTIM_COLUMNS,
                        local.victim_rows(seed, catalogue, outcomes, last)),
        "board_attendance.csv": (local.BOARD_COLUMNS,
                                 local.board_rows(seed, catalogue, first, last)),
        "remands.csv": (local.REMAND_COLUMNS,
                        local.remand_rows(seed, catalogue, outcomes, first, last)),
    }
    counts = {name: _write_csv(outdir / name, header, rows)
              for name, (header, rows) in files.items()}
    (outdir / "README.txt").write_text(_readme(seed, services, first, last), encoding="utf-8")
    children = len({row[1] for row in outcomes})
    authorities = sum(len(service.authorities) for service in catalogue)
    return (f"Wrote SYNTHETIC data to {outdir}: {len(catalogue)} services, {authorities} local "
            f"authorities, {counts['population.csv']} population rows, "
            f"{counts['outcomes.csv']} outcomes for {children} children, "
            f"{counts['benchmarks.csv']} benchmarks, {counts['interventions.csv']} "
            f"interventions, {counts['victims.csv']} victims, "
            f"{counts['board_attendance.csv']} board attendance rows, "
            f"{counts['remands.csv']} remands ({first.year}-{last.year}, seed {seed})")


# --- Services and authorities -------------------------------------------------------------

def build_services(seed: int, count: int) -> list[Service]:
    """The three hand-made services first (they show every feature), then generated ones."""
    fixed = _fixed_services()[:count]
    rng = random.Random(f"{seed}:services")
    used = {authority.name for service in fixed for authority in service.authorities}
    extra = [_generated_service(rng, index, used) for index in range(len(fixed), count)]
    return fixed + extra


def published_field(seed: int, catalogue: list[Service]) -> list[Service]:
    """Every youth justice service with published figures: the loaded ones, then fictional
    others (their own stream and names unused by the loaded authorities) up to about 155."""
    rng = random.Random(f"{seed}:published")
    used = {authority.name for service in catalogue for authority in service.authorities}
    return catalogue + [_generated_service(rng, index, used)
                        for index in range(len(catalogue), PUBLISHED_SERVICES)]


def _fixed_services() -> list[Service]:
    """Two English services (one rising, one with a diverse city) and one Welsh service.

    Fenby is the small authority (about 9,000 children) whose figures are small numbers;
    Eastbridge is diverse and shows strong disproportionality; Wales shows little.
    """
    return [
        Service("Kingsmoor and Fenby YJS", "East Midlands", "Family A", (
            Authority("E06900001", "Kingsmoor", 31000, (0.90, 0.04, 0.03, 0.015, 0.015), 0.6),
            Authority("E06900002", "Fenby", 9000, (0.96, 0.02, 0.01, 0.005, 0.005), 0.0),
        ), rising=True),
        Service("Northmoor and Eastbridge YJS", "North West", "Family B", (
            Authority("E06900003", "Northmoor", 27000, (0.88, 0.04, 0.05, 0.02, 0.01), 0.0),
            Authority("E06900004", "Eastbridge", 38000, (0.58, 0.08, 0.17, 0.12, 0.05), 1.0),
        ), rising=False, iss_bands=True),
        Service("Aberwen and Llanfelin YJS", "Wales", "Family C", (
            Authority("W06900001", "Aberwen", 14000, (0.94, 0.02, 0.02, 0.01, 0.01), 0.3),
            Authority("W06900002", "Llanfelin", 11000, (0.95, 0.02, 0.015, 0.01, 0.005), 0.0),
        ), rising=False),
    ]


def _generated_service(rng: random.Random, index: int, used: set[str]) -> Service:
    """A further service of one or two authorities, about one in ten of them Welsh."""
    welsh = rng.random() < 0.1
    region = "Wales" if welsh else rng.choice(ENGLISH_REGIONS)
    authorities = tuple(_generated_authority(rng, welsh, used)
                        for _ in range(2 if rng.random() < 0.35 else 1))
    name = " and ".join(authority.name for authority in authorities) + " YJS"
    return Service(name, region, FAMILIES[index % len(FAMILIES)], authorities, rising=False,
                   iss_bands=index % 3 == 1)


def _generated_authority(rng: random.Random, welsh: bool, used: set[str]) -> Authority:
    """A fictional authority; more diverse places are likelier to show disproportionality."""
    name = _place_name(rng, welsh, used)
    number = len(used)  # `used` holds every authority's name so far, this one's included
    white = rng.uniform(0.55, 0.97)
    rest = [rng.random() + 0.2 for _ in ETHNIC_GROUPS[1:]]
    mix = (white,) + tuple((1 - white) * share / sum(rest) for share in rest)
    disparity = rng.choice((0.0, 0.3, 0.6, 1.0)) if white < 0.85 else rng.choice((0.0, 0.0, 0.3))
    code = f"{'W06' if welsh else 'E06'}9{number:05d}"
    return Authority(code, name, int(rng.uniform(8000, 45000)), mix, disparity)


def _place_name(rng: random.Random, welsh: bool, used: set[str]) -> str:
    """An unused made-up place name (Welsh-sounding in Wales); never runs out.

    Two syllables while a few draws find a free one, then three (a middle syllable), then
    a "North", "Upper"... prefix, then a numbered name, so any number of services works.
    """
    starts, ends = (WELSH_STARTS, WELSH_ENDS) if welsh else (PLACE_STARTS, PLACE_ENDS)
    middles = WELSH_MIDDLES if welsh else PLACE_MIDDLES
    makers = (lambda: rng.choice(starts) + rng.choice(ends),
              lambda: rng.choice(starts) + rng.choice(middles) + rng.choice(ends),
              lambda: f"{rng.choice(PLACE_PREFIXES)} {rng.choice(starts)}{rng.choice(ends)}")
    for make in makers:
        for _ in range(40):
            name = make()
            if name not in used:
                used.add(name)
                return name
    number = len(used)
    while f"{starts[0]}{ends[0]} {number}" in used:
        number += 1
    used.add(name := f"{starts[0]}{ends[0]} {number}")
    return name


def authority_rows(catalogue: list[Service]) -> list[tuple]:
    return [(authority.code, authority.name, service.name, service.region, service.family)
            for service in catalogue for authority in service.authorities]


# --- Population ---------------------------------------------------------------------------

def population_rows(catalogue: list[Service], seed: int, start_year: int,
                    years: int) -> list[tuple]:
    """Mid-year estimates by sex, age and ethnicity, growing about 1% a year with noise."""
    rows = []
    for service in catalogue:
        for authority in service.authorities:
            rng = random.Random(f"{seed}:population:{authority.code}")
            age_share = [rng.uniform(0.95, 1.05) for _ in AGES]
            for offset in range(years):
                total = authority.children * 1.01 ** offset
                for sex, sex_share in (("M", 0.512), ("F", 0.488)):
                    for age, weight in zip(AGES, age_share):
                        for ethnicity, share in zip(ETHNIC_GROUPS, authority.mix):
                            value = total * sex_share * weight / len(AGES) * share
                            rows.append((authority.code, start_year + offset, sex, age,
                                         ethnicity, round(value * rng.uniform(0.97, 1.03))))
    return rows


# --- Outcomes -----------------------------------------------------------------------------

def simulate_outcomes(catalogue: list[Service], seed: int, first: date,
                      last: date) -> list[tuple]:
    """Simulate every authority's children, then number rows and children in date order."""
    codes = [authority.code for service in catalogue for authority in service.authorities]
    banding = {authority.code for service in catalogue if service.iss_bands
               for authority in service.authorities}
    raw = []
    for service in catalogue:
        for authority in service.authorities:
            rng = random.Random(f"{seed}:outcomes:{authority.code}")
            local = Recording(random.Random(f"{seed}:recording:{authority.code}"), banding)
            siblings = [a.code for a in service.authorities if a.code != authority.code]
            raw.extend(_simulate_authority(rng, local, authority, service.rising, siblings,
                                           codes, first, last))
    return _number_rows(_drop_burn_in(raw, first))


class Recording(NamedTuple):
    """How outcomes are written down locally (detailed ethnicity, local codes, civil orders
    and recalls): its own random stream, so the careers are the same draws as without it."""
    rng: random.Random
    banding: set[str]          # authorities whose system records ISS by band

    def ethnicity(self, group: str) -> str:
        """About half the children's records carry the detailed 2021 Census category."""
        if group in DETAILED_ETHNICITY and self.rng.random() < DETAILED_SHARE:
            return _weighted(self.rng, DETAILED_ETHNICITY[group])
        return group

    def code(self, outcome_type: str, authority: str) -> str:
        """Local codes in place of a §2 code: curfew orders, and ISS bands where used."""
        if outcome_type == "yro_iss" and authority in self.banding:
            return _weighted(self.rng, ISS_BANDS)
        if outcome_type == "youth_rehabilitation_order" and self.rng.random() < CURFEW_SHARE:
            return "curfew_order"
        return outcome_type

    def extra_rows(self, child: Child, code: str, offence: date, outcome: date, level: int,
                   group: str, gravity: int | None, last: date) -> list[RawOutcome]:
        """Tier `other` rows: a criminal behaviour order made with some court sentences for
        violence, disorder, drugs or robbery; a recall during some custodial licences."""
        rows = []
        if (level >= FIRST_TIER and group in CBO_GROUPS and (gravity or 0) >= 4
                and self.rng.random() < CBO_CHANCE):
            rows.append(_row(self.rng, child, code, offence, outcome, "criminal_behaviour_order",
                             group, gravity))
        if level == CUSTODY and self.rng.random() < RECALL_CHANCE:
            recall = outcome + timedelta(days=self.rng.randint(100, 300))
            if recall <= last:
                breach = recall - timedelta(days=self.rng.randrange(10))
                rows.append(_row(self.rng, child, code, breach, recall, "recall_to_custody",
                                 "Breach of licence", None))
        return rows


def _simulate_authority(rng: random.Random, local: Recording, authority: Authority,
                        rising: bool,
                        siblings: list[str], codes: list[str], first: date,
                        last: date) -> list[RawOutcome]:
    """New children enter each year (starting before the window so careers are under way)."""
    practices = {year: _practice(year, first.year, last.year, rising)
                 for year in range(first.year - BURN_IN_YEARS, last.year + 1)}
    rows, number = [], 0
    for year, practice in practices.items():
        expected = authority.children * 1.01 ** (year - first.year) * practice.contact_rate / 1e5
        for _ in range(max(0, round(rng.gauss(expected, math.sqrt(expected))))):
            number += 1
            start = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            child = _new_child(rng, local, authority, number, start)
            rows.extend(_career(rng, local, child, authority.code, siblings, codes, start,
                                practices, last))
    return rows


def _practice(year: int, first_year: int, last_year: int, rising: bool) -> Practice:
    """Practice improving over the decade: fewer children drawn in, more diverted, less
    custody. The rising service's prevention and diversion run backwards (its FTE rate goes
    up) while custody follows the national fall everywhere."""
    position = min(1.0, max(0.0, (year - first_year) / max(1, last_year - first_year)))
    prevention = 0.8 * (1.0 - position) if rising else position
    return Practice(contact_rate=605 - 205 * prevention,
                    diversion_threshold=2.8 + 1.1 * prevention,
                    custody_threshold=8.2 + 1.6 * position)


def _new_child(rng: random.Random, local: Recording, authority: Authority, number: int,
               start: date) -> Child:
    """Demographics of a child entering the system: mostly boys, mid-teens, and (where the
    authority shows disproportionality) more Black and Mixed children than the population."""
    lift = (1.0, 1 + 0.8 * authority.disparity, 1.0, 1 + 1.2 * authority.disparity, 1.0)
    ethnicity = rng.choices(ETHNIC_GROUPS, [s * m for s, m in zip(authority.mix, lift)])[0]
    sex = rng.choices(("M", "F", "U"), (80, 19, 1))[0]
    age = rng.choices(AGES, FIRST_CONTACT_AGE_WEIGHTS)[0]
    birth = start - timedelta(days=int(age * 365.25) + rng.randrange(365))
    _, reoffend, gap, severity = rng.choices(RISK_CLASSES, [c[0] for c in RISK_CLASSES])[0]
    bias = 0.9 * authority.disparity if ethnicity in ("Black", "Mixed") else 0.0
    return Child(key=(authority.code, number), sex=sex,
                 ethnicity=local.ethnicity("Unknown" if rng.random() < 0.02 else ethnicity),
                 birth=birth, looked_after="Y" if rng.random() < 0.10 else "N",
                 reoffend_chance=reoffend, mean_gap=gap,
                 severity_bias=severity + bias - (0.4 if sex == "F" else 0.0))


def _career(rng: random.Random, local: Recording, child: Child, code: str,
            siblings: list[str],
            codes: list[str], offence: date, practices: dict[int, Practice],
            last: date) -> list[RawOutcome]:
    """A child's offences in order: each outcome escalates with previous outcomes and the
    offence's gravity; after each, the child may reoffend, desist, or move authority."""
    rows, history = [], [0, 0]          # counts of diversion and substantive outcomes
    while offence <= last and _age(child.birth, offence) <= 20:
        group, gravity = _offence(rng)
        level = _level(rng, child, gravity, history, practices[offence.year])
        outcome = offence + timedelta(days=_delay(rng, level))
        if outcome > last:
            break
        outcome_type = local.code(_weighted(rng, OUTCOMES_BY_LEVEL[level]), code)
        rows.append(_row(rng, child, code, offence, outcome, outcome_type, group, gravity))
        rows.extend(_linked_offences(rng, child, code, offence, outcome, outcome_type, level))
        rows.extend(local.extra_rows(child, code, offence, outcome, level, group, gravity, last))
        history[level > DIVERSION] += 1
        if rng.random() > _reoffend_chance(child, offence):
            break
        code = _maybe_move(rng, code, siblings, codes)
        resume = outcome + timedelta(days=120) if level == CUSTODY else offence
        offence = resume + timedelta(days=1 + int(rng.expovariate(1 / child.mean_gap)))
    return rows


def _offence(rng: random.Random) -> tuple[str, int | None]:
    """An offence group and its gravity score (1..8), about 5% not recorded."""
    group, typical, _ = rng.choices(OFFENCE_GROUPS, [g[2] for g in OFFENCE_GROUPS])[0]
    gravity = min(8, max(1, typical + round(rng.gauss(0, 1.2))))
    return group, None if rng.random() < 0.05 else gravity


def _level(rng: random.Random, child: Child, gravity: int | None, history: list[int],
           practice: Practice) -> int:
    """Outcome level from a severity score: gravity, previous outcomes, bias, chance.

    Children with two or more substantive outcomes are no longer diverted.
    """
    diverted, substantive = history
    score = ((gravity or 3) + 0.7 * min(substantive, 4) + 0.3 * diverted + child.severity_bias
             + rng.gauss(0, 1.0))
    if score < practice.diversion_threshold and substantive < 2:
        return DIVERSION
    thresholds = ((PRE_COURT, 5.6), (FIRST_TIER, 7.4), (COMMUNITY, practice.custody_threshold))
    for level, threshold in thresholds:
        if score < threshold:
            return level
    return CUSTODY


def _delay(rng: random.Random, level: int) -> int:
    minimum, mean, cap = DELAY_BY_LEVEL[level]
    return min(cap, minimum + int(rng.expovariate(1 / mean)))


def _linked_offences(rng: random.Random, child: Child, code: str, offence: date,
                     outcome: date, outcome_type: str, level: int) -> list[RawOutcome]:
    """Courts often deal with several offences at once: extra rows with the same outcome
    (not for custody, where one sentence is counted per occasion)."""
    if level not in (FIRST_TIER, COMMUNITY) or rng.random() > 0.3:
        return []
    rows = []
    for _ in range(rng.choice((1, 1, 2))):
        group, gravity = _offence(rng)
        earlier = offence - timedelta(days=rng.randrange(30))
        rows.append(_row(rng, child, code, earlier, outcome, outcome_type, group, gravity))
    return rows


def _reoffend_chance(child: Child, offence: date) -> float:
    """Children desist as they grow up: lower chance of another offence from 18."""
    return child.reoffend_chance * (0.6 if _age(child.birth, offence) >= 18 else 1.0)


def _maybe_move(rng: random.Random, code: str, siblings: list[str], codes: list[str]) -> str:
    """About 3% of the time the child moves, usually within the same service."""
    if rng.random() > 0.03:
        return code
    if siblings and rng.random() < 0.7:
        return rng.choice(siblings)
    return rng.choice(codes)


def _row(rng: random.Random, child: Child, code: str, offence: date, outcome: date,
         outcome_type: str, group: str, gravity: int | None) -> RawOutcome:
    return RawOutcome(outcome, offence, child.key, rng.random(), code, outcome_type, child.sex,
                      _age(child.birth, outcome), child.ethnicity, child.looked_after, group,
                      "" if gravity is None else gravity)


def _drop_burn_in(raw: list[RawOutcome], first: date) -> list[RawOutcome]:
    """Drop rows before the window, and whole children with a substantive outcome there
    (they would falsely look like first time entrants); diverted-only children stay."""
    seen_before = {row.child for row in raw
                   if row.outcome_date < first and row.outcome_type not in NOT_SUBSTANTIVE}
    return [row for row in raw if row.outcome_date >= first and row.child not in seen_before]


def _number_rows(raw: list[RawOutcome]) -> list[tuple]:
    """Sort by outcome then offence date and give outcome and child ids in that order."""
    children: dict[tuple[str, int], str] = {}
    rows = []
    for number, row in enumerate(sorted(raw, key=lambda row: row[:4]), start=1):
        child_id = children.setdefault(row.child, f"C{len(children) + 1:06d}")
        rows.append((f"O{number:07d}", child_id, row.local_authority,
                     row.offence_date.isoformat(), row.outcome_date.isoformat(),
                     *row[RawOutcome._fields.index("outcome_type"):]))
    return rows


def _age(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in options], [weight for _, weight in options])[0]


# --- Files --------------------------------------------------------------------------------

def _write_csv(path: Path, header: tuple[str, ...], rows: list[tuple]) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def _readme(seed: int, services: int, first: date, last: date) -> str:
    return (
        "SYNTHETIC DATA - NOT REAL CHILDREN, PLACES OR SERVICES\n"
        "\n"
        "Every local authority, service, code and child in this folder is fictional. It was\n"
        "written by `python -m dashboard generate` (dashboard/etl/generate.py) with\n"
        f"seed {seed}, {services} services, outcomes dated {first} to {last}.\n"
        "The same arguments always produce identical files.\n"
        "\n"
        "The figures are shaped to resemble published youth justice statistics (first time\n"
        "entrant, custody and proven reoffending rates of a realistic size and trend) but\n"
        "describe no real place and must not be quoted as evidence of anything.\n"
        "\n"
        "Files follow the import format (every file, version 2 included):\n"
        "- local_authorities.csv, population.csv: the areas and their children aged 10-17;\n"
        "- outcomes.csv: outcomes given to children; about half the rows carry a detailed\n"
        "  2021 Census ethnic category instead of the group, and a few use local codes;\n"
        "- outcome_types.csv: those local codes (criminal behaviour order, recall to\n"
        "  custody, curfew order, ISS bands of a youth rehabilitation order) and their tiers;\n"
        "- benchmarks.csv: national, regional and family figures with their numerators and\n"
        "  denominators, and published figures for about 155 services, the ones above\n"
        "  among them under their own names (the benchmarks are invented too);\n"
        "- looked_after_population.csv: children aged 10-17 looked after on each 31 March;\n"
        "- interventions.csv: the orders and programmes children had with the service\n"
        "  (prevention, diversion, out of court, court orders, custody with licence) and\n"
        "  what was recorded at the end (education, accommodation, needs, wider services);\n"
        "  some are still open at the end of the data;\n"
        "- victims.csv: victims contacted, whether they consented and took part in\n"
        "  restorative justice;\n"
        "- board_attendance.csv: who came to each service's partnership board meeting;\n"
        "- remands.csv: remand episodes, their results and the cost of youth detention.\n"
    )
