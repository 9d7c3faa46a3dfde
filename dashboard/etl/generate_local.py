"""The local-indicator files of the synthetic import folder (CONTRACT §1 v2, §4c, §4d).

Built from the simulated outcomes, so the same children appear everywhere:
- looked_after_population.csv: children aged 10-17 looked after on each 31 March, about
  0.6% of the population (more in Wales), rising a little each year;
- interventions.csv: one row per order or programme: court orders from court outcomes,
  out-of-court programmes from cautions, diversion programmes from diversion outcomes, a
  custodial sentence with its licence, and prevention programmes (some for children who
  later offend, most for children with no outcome at all). Orders overtaken by a new
  sentence are revoked; some are breached, transferred or end otherwise; those still
  running at the end of the data are open. At the end: suitable education, training or
  employment for about two in three (fewer after custody), suitable accommodation for about
  nine in ten, special educational needs for about 30% (a plan for half of them), a mental
  health intervention for about three in four children with a need, a few fields unrecorded;
- victims.csv: victims of offences against a person or property contacted after the
  outcome; about 60% consent, of whom 50-70% take part in restorative justice;
- board_attendance.csv: a board meeting each quarter per service with the five statutory
  partners (and sometimes others), now and then an extra meeting; education rarely comes to
  the first service's board;
- remands.csv: remands to youth detention or local authority accommodation before some
  sentences, some ending in acquittal (`other`), some still open or awaiting a result at
  the end; youth detention costs £600-£1,200 a night, not always recorded; one service has
  a remand-heavy year.
Every random draw comes from a stream seeded per file (and per authority where it matters).
"""
from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple, Protocol, Sequence

from dashboard.etl.generate_benchmarks import poisson_draw

LOOKED_AFTER_COLUMNS = ("local_authority", "year", "population")
INTERVENTION_COLUMNS = (
    "intervention_id", "child_id", "local_authority", "kind", "start_date", "end_date",
    "end_reason", "accommodation_end", "ete_end", "ete_status_end", "send_identified",
    "send_plan", "mental_health_need", "mental_health_intervention", "substance_need",
    "substance_intervention", "looked_after_end", "child_in_need_end", "child_protection_end")
VICTIM_COLUMNS = ("victim_id", "local_authority", "contact_date", "consented", "engaged")
BOARD_COLUMNS = ("meeting_date", "service", "partner", "attended")
REMAND_COLUMNS = ("remand_id", "child_id", "local_authority", "start_date", "end_date", "type",
                  "result", "cost_per_night")

KINDS = ("prevention", "diversion", "out_of_court", "court_community", "custody")
# Outcome type -> (intervention kind, shortest and longest planned length in days).
# Fines, discharges and tier `other` rows (civil orders, recalls) start no intervention.
INTERVENTION_BY_TYPE = {
    "community_resolution": ("diversion", 42, 112),
    "youth_restorative_disposal": ("diversion", 28, 84),
    "outcome_22": ("diversion", 56, 140),
    "youth_caution": ("out_of_court", 28, 84),
    "youth_conditional_caution": ("out_of_court", 56, 112),
    "referral_order": ("court_community", 91, 365),
    "reparation_order": ("court_community", 30, 91),
    "youth_rehabilitation_order": ("court_community", 182, 548),
    "curfew_order": ("court_community", 60, 182),
    "yro_iss": ("court_community", 182, 365),
    "yro_iss_band_1": ("court_community", 182, 365),
    "yro_iss_band_2": ("court_community", 182, 365),
    "yro_iss_band_3": ("court_community", 182, 365),
    "detention_training_order": ("custody", 122, 730),
    "section_250": ("custody", 365, 1826),
    "extended_or_life": ("custody", 1095, 2922),
}
PREVENTION_LENGTH = (90, 180)
PREVENTION_PER_100K = 150      # prevention-only children starting a year per 100,000
PREVENTION_BEFORE_OUTCOME = 0.12  # of children first diverted or cautioned
# kind -> end reasons and weights when the order is not overtaken by a new sentence
END_REASONS = {
    "prevention": (("completed", 80), ("other", 15), ("transferred", 5)),
    "diversion": (("completed", 85), ("other", 11), ("transferred", 4)),
    "out_of_court": (("completed", 85), ("breached", 7), ("other", 5), ("transferred", 3)),
    "court_community": (("completed", 78), ("breached", 10), ("revoked", 5),
                        ("transferred", 4), ("other", 3)),
    "custody": (("completed", 88), ("breached", 6), ("transferred", 3), ("other", 3)),
}
# kind -> chance at the end of: suitable ETE, suitable accommodation
ETE_SUITABLE = {"prevention": 0.72, "diversion": 0.70, "out_of_court": 0.66,
                "court_community": 0.58, "custody": 0.38}
ACCOMMODATION_SUITABLE = {"prevention": 0.95, "diversion": 0.94, "out_of_court": 0.93,
                          "court_community": 0.88, "custody": 0.78}
# heaviest kind a child reaches -> chance of: SEND, mental health need, substance need
NEEDS = {"prevention": (0.25, 0.25, 0.10), "diversion": (0.27, 0.28, 0.15),
         "out_of_court": (0.30, 0.32, 0.22), "court_community": (0.35, 0.45, 0.35),
         "custody": (0.40, 0.60, 0.45)}
ETE_TREND = 0.01               # a year: education improves a little over the decade
NOT_RECORDED = 0.04            # chance a field at the end is left empty
ETE_STATUS = {  # (suitable, aged 16 or more) -> statuses and weights
    (True, False): (("school", 80), ("alternative_provision", 20)),
    (True, True): (("further_education", 50), ("training", 25), ("employment", 25)),
    (False, False): (("neet", 35), ("alternative_provision", 30), ("school", 20),
                     ("re_engagement", 15)),
    (False, True): (("neet", 65), ("re_engagement", 25), ("further_education", 10)),
}

VICTIM_GROUPS = {"Violence against the person", "Theft and handling", "Criminal damage",
                 "Robbery", "Burglary", "Sexual offences"}
VICTIM_CONTACT = 0.45          # of offences against a victim, the victim is contacted
ANCILLARY = {"criminal_behaviour_order", "recall_to_custody"}  # no offence of their own
PARTNERS = ("police", "probation", "health", "education", "childrens_social_care")
ATTENDANCE = {"police": 0.92, "probation": 0.85, "health": 0.80, "education": 0.86,
              "childrens_social_care": 0.94}
POOR_EDUCATION = 0.40          # education's attendance at the first service's board

CUSTODIAL = {"detention_training_order", "section_250", "extended_or_life"}
FIRST_TIER = {"absolute_discharge", "conditional_discharge", "fine", "referral_order",
              "reparation_order"}
COMMUNITY_SENTENCES = {"referral_order", "reparation_order", "youth_rehabilitation_order",
                       "curfew_order", "yro_iss", "yro_iss_band_1", "yro_iss_band_2",
                       "yro_iss_band_3"}
# remand before a sentence: outcome kind -> chance of youth detention, of LA accommodation
REMAND_CHANCE = {"custody": (0.30, 0.05), "community": (0.05, 0.06), "first_tier": (0.02, 0.03)}
UNLINKED_REMANDS_PER_100K = 10 # a year, ending in acquittal or discontinuance (`other`)
HEAVY_REMAND_FACTOR = 2.5


class _Authority(Protocol):
    code: str
    children: int


class _Service(Protocol):
    name: str
    region: str
    authorities: Sequence[_Authority]


class Occasion(NamedTuple):
    """One sentence or disposal of a child: the first of its outcome rows on that date."""
    outcome_id: str
    child_id: str
    local_authority: str
    offence_date: date
    outcome_date: date
    outcome_type: str
    age: int
    looked_after: str
    offence_group: str
    gravity: int | str


def occasions(outcomes: list[tuple]) -> list[Occasion]:
    """Outcome rows (outcomes.csv order) merged per child, date and type, in date order."""
    seen, result = set(), []
    for row in outcomes:
        (outcome_id, child_id, authority, offence, outcome, outcome_type, _, age, _,
         looked_after, group, gravity) = row
        if (child_id, outcome, outcome_type) not in seen:
            seen.add((child_id, outcome, outcome_type))
            result.append(Occasion(outcome_id, child_id, authority, date.fromisoformat(offence),
                                   date.fromisoformat(outcome), outcome_type, age,
                                   looked_after, group, gravity))
    return result


# --- Looked-after population --------------------------------------------------------------

def looked_after_rows(catalogue: Sequence[_Service], population: list[tuple],
                      seed: int) -> list[tuple]:
    """Per authority and 31 March: a share of that year's children aged 10-17."""
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for authority, year, _, _, _, count in population:
        totals[authority, year] += count
    years = sorted({year for _, year in totals})
    rows = []
    for service in catalogue:
        welsh = service.region == "Wales"
        for authority in service.authorities:
            rng = random.Random(f"{seed}:looked-after:{authority.code}")
            share = rng.uniform(0.007, 0.0095) if welsh else rng.uniform(0.0042, 0.0068)
            for offset, year in enumerate(years):
                value = totals[authority.code, year] * share * 1.02 ** offset
                rows.append((authority.code, year, round(value * rng.uniform(0.95, 1.05))))
    return rows


# --- Interventions ------------------------------------------------------------------------

class Plan(NamedTuple):
    child_id: str
    local_authority: str
    kind: str
    start: date
    end: date                  # planned, or earlier when ended early
    reason: str
    age: int                   # at the start
    looked_after: str
    custody_next: bool = False  # ended by a custodial sentence


def intervention_rows(seed: int, catalogue: Sequence[_Service], outcomes: list[tuple],
                      first: date, last: date) -> list[tuple]:
    """interventions.csv rows in start date order. A child's needs (SEND, mental health,
    substance use) are fixed for the child, likelier the heavier their heaviest
    intervention; what is recorded at the end depends on the kind and how it ended."""
    rng = random.Random(f"{seed}:interventions")
    events = occasions(outcomes)
    plans = _outcome_plans(rng, events)
    plans += _prevention_plans(rng, catalogue, events, outcomes, first, last)
    plans.sort(key=lambda plan: (plan.start, plan.child_id, KINDS.index(plan.kind)))
    heaviest: dict[str, int] = defaultdict(int)
    for plan in plans:
        heaviest[plan.child_id] = max(heaviest[plan.child_id], KINDS.index(plan.kind))
    traits: dict[str, tuple[bool, bool, bool]] = {}
    shift = {authority.code: random.Random(f"{seed}:ete:{authority.code}").uniform(-0.06, 0.06)
             for service in catalogue for authority in service.authorities}
    rows = []
    for number, plan in enumerate(plans, start=1):
        needs = NEEDS[KINDS[heaviest[plan.child_id]]]
        trait = traits.setdefault(plan.child_id, tuple(rng.random() < p for p in needs))
        rows.append((f"I{number:07d}", plan.child_id, plan.local_authority, plan.kind,
                     plan.start.isoformat(),
                     *_at_end(rng, plan, trait, shift[plan.local_authority], first, last)))
    return rows


def _outcome_plans(rng: random.Random, events: list[Occasion]) -> list[Plan]:
    """An intervention per occasion that starts one. A court order still running when a
    youth rehabilitation order or custodial sentence is made is usually revoked that day
    (otherwise the orders run side by side)."""
    plans: dict[str, list[Plan]] = defaultdict(list)
    for event in events:
        if event.outcome_type not in INTERVENTION_BY_TYPE:
            continue
        kind, shortest, longest = INTERVENTION_BY_TYPE[event.outcome_type]
        start = event.outcome_date
        earlier = plans[event.child_id]
        if kind == "custody" or event.outcome_type in COMMUNITY_SENTENCES - FIRST_TIER:
            for index, plan in enumerate(earlier):
                if (plan.kind == "court_community" and plan.start < start < plan.end
                        and rng.random() < 0.7):
                    earlier[index] = plan._replace(end=start, reason="revoked",
                                                   custody_next=kind == "custody")
        length, reason = _length_and_reason(rng, kind, shortest, longest)
        earlier.append(Plan(event.child_id, event.local_authority, kind, start,
                            start + timedelta(days=length), reason, event.age,
                            event.looked_after))
    return [plan for child in plans.values() for plan in child]


def _prevention_plans(rng: random.Random, catalogue: Sequence[_Service], events: list[Occasion],
                      outcomes: list[tuple], first: date, last: date) -> list[Plan]:
    """Prevention before some children's first diversion or caution, and prevention-only
    children (new ids after the last child in outcomes.csv)."""
    plans, firsts = [], {}
    for event in events:
        firsts.setdefault(event.child_id, event)
    for event in firsts.values():
        kind = INTERVENTION_BY_TYPE.get(event.outcome_type, ("",))[0]
        if kind in ("diversion", "out_of_court") and rng.random() < PREVENTION_BEFORE_OUTCOME:
            length, reason = _length_and_reason(rng, "prevention", *PREVENTION_LENGTH)
            start = event.outcome_date - timedelta(days=length + rng.randint(10, 200))
            if start >= first:
                plans.append(Plan(event.child_id, event.local_authority, "prevention", start,
                                  start + timedelta(days=length), reason,
                                  max(10, event.age - 1), event.looked_after))
    number = max((int(row[1][1:]) for row in outcomes), default=0)
    for service in catalogue:
        for authority in service.authorities:
            for year in range(first.year, last.year + 1):
                grown = authority.children * 1.01 ** (year - first.year)
                for _ in range(poisson_draw(rng, grown * PREVENTION_PER_100K / 1e5)):
                    number += 1
                    start = date(year, 1, 1) + timedelta(days=rng.randrange(365))
                    length, reason = _length_and_reason(rng, "prevention", *PREVENTION_LENGTH)
                    plans.append(Plan(f"C{number:06d}", authority.code, "prevention", start,
                                      start + timedelta(days=length), reason,
                                      rng.choices(range(10, 18), (3, 5, 8, 10, 10, 9, 7, 5))[0],
                                      "Y" if rng.random() < 0.06 else "N"))
    return plans


def _length_and_reason(rng: random.Random, kind: str, shortest: int,
                       longest: int) -> tuple[int, str]:
    """Planned length in days and how it ends; an order not completed ends early."""
    length = rng.randint(shortest, longest)
    reason = _weighted(rng, END_REASONS[kind])
    if reason != "completed":
        length = max(1, round(length * rng.uniform(0.3, 0.9)))
    return length, reason


def _at_end(rng: random.Random, plan: Plan, trait: tuple[bool, bool, bool], shift: float,
            first: date, last: date) -> tuple:
    """end_date .. child_protection_end. Needs are assessed at the start, so an open
    intervention has them; what is measured at the end is empty until it ends."""
    send, mental, substance = (_flag(rng, value) for value in trait)
    if plan.end > last:
        return ("", "", "", "", "", send, "", mental, "", substance, "", "", "", "")
    age = plan.age + (plan.end - plan.start).days // 365
    ete, status = _ete(rng, plan, age, shift + ETE_TREND * (plan.end.year - first.year))
    accommodation = ACCOMMODATION_SUITABLE[plan.kind] - (0.05 if plan.looked_after == "Y" else 0)
    looked_after = plan.looked_after if rng.random() > 0.05 else "NY"[plan.looked_after == "N"]
    cared_for = looked_after == "Y"
    heavy = plan.kind in ("court_community", "custody")
    return (plan.end.isoformat(), plan.reason,
            _choice(rng, "suitable", "unsuitable", accommodation), ete, status,
            send, _follow(rng, send, 0.5), mental,
            _follow(rng, mental, 0.85 if plan.kind == "custody" else 0.75),
            substance, _follow(rng, substance, 0.65), _blank(rng, looked_after),
            _blank(rng, "N" if cared_for else "YN"[rng.random() > (0.25 if heavy else 0.2)]),
            _blank(rng, "N" if cared_for else "YN"[rng.random() > 0.06]))


def _ete(rng: random.Random, plan: Plan, age: int, shift: float) -> tuple[str, str]:
    """Suitability of education, training or employment at the end, and the status it
    agrees with (a child sent to custody is in education there)."""
    if plan.custody_next:
        return "suitable", "custody"
    chance = ETE_SUITABLE[plan.kind] + shift - (0.15 if plan.reason != "completed" else 0)
    suitable = rng.random() < chance
    status = _weighted(rng, ETE_STATUS[suitable, age >= 16])
    if rng.random() < NOT_RECORDED:
        return "", status if rng.random() < 0.3 else ""
    return ("suitable" if suitable else "unsuitable"), status


def _flag(rng: random.Random, value: bool) -> str:
    return "" if rng.random() < NOT_RECORDED else "YN"[not value]


def _follow(rng: random.Random, need: str, chance: float) -> str:
    """A plan or intervention given a need: Y with `chance`; N (or unrecorded) without."""
    if need == "":
        return ""
    if need == "N":
        return "" if rng.random() < 0.1 else "N"
    return _blank(rng, "Y" if rng.random() < chance else "N")


def _choice(rng: random.Random, yes: str, no: str, chance: float) -> str:
    return _blank(rng, yes if rng.random() < chance else no)


def _blank(rng: random.Random, value: str) -> str:
    return "" if rng.random() < NOT_RECORDED else value


# --- Victims ------------------------------------------------------------------------------

def victim_rows(seed: int, catalogue: Sequence[_Service], outcomes: list[tuple],
                last: date) -> list[tuple]:
    """A victim contacted after some offences against a person or property."""
    rng = random.Random(f"{seed}:victims")
    rates = {}
    for service in catalogue:
        for authority in service.authorities:
            local = random.Random(f"{seed}:victims:{authority.code}")
            rates[authority.code] = (local.uniform(0.52, 0.68), local.uniform(0.5, 0.7))
    contacts = []
    for row in outcomes:
        authority, outcome, outcome_type, group = row[2], row[4], row[5], row[10]
        if (group in VICTIM_GROUPS and outcome_type not in ANCILLARY
                and rng.random() < VICTIM_CONTACT):
            contact = date.fromisoformat(outcome) + timedelta(days=rng.randint(3, 40))
            consent, engage = rates[authority]
            consented = rng.random() < consent
            engaged = consented and rng.random() < engage
            if contact <= last:
                contacts.append((contact.isoformat(), authority, "YN"[not consented],
                                 "YN"[not engaged]))
    contacts.sort(key=lambda contact: contact[:2])
    return [(f"V{number:06d}", authority, contact, consented, engaged)
            for number, (contact, authority, consented, engaged) in enumerate(contacts, 1)]


# --- Board attendance ---------------------------------------------------------------------

def board_rows(seed: int, catalogue: Sequence[_Service], first: date,
               last: date) -> list[tuple]:
    """A meeting in the middle month of each quarter on the service's usual weekday, and now
    and then an extra one in the last month; one row per partner present on the list."""
    rows = []
    for number, service in enumerate(catalogue):
        rng = random.Random(f"{seed}:board:{service.name}")
        weekday, week = rng.randrange(5), rng.randint(1, 3)
        attendance = {partner: min(0.98, chance + rng.uniform(-0.05, 0.05))
                      for partner, chance in ATTENDANCE.items()}
        if number == 0:
            attendance["education"] = POOR_EDUCATION
        for year in range(first.year, last.year + 1):
            for month in (2, 5, 8, 11):
                meetings = [_nth_weekday(year, month, weekday, week)]
                if rng.random() < 0.1:
                    meetings.append(_nth_weekday(year, month + 1, weekday, 1))
                for meeting in meetings:
                    if not first <= meeting <= last:
                        continue
                    for partner in PARTNERS:
                        rows.append((meeting.isoformat(), service.name, partner,
                                     "YN"[rng.random() >= attendance[partner]]))
                    if rng.random() < 0.4:
                        rows.append((meeting.isoformat(), service.name, "other",
                                     "YN"[rng.random() >= 0.9]))
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7 + 7 * (week - 1))


# --- Remands ------------------------------------------------------------------------------

def remand_rows(seed: int, catalogue: Sequence[_Service], outcomes: list[tuple], first: date,
                last: date) -> list[tuple]:
    """Remands before some sentences (the result is that sentence), remands ending in
    acquittal, and children still remanded or awaiting a result at the end."""
    rng = random.Random(f"{seed}:remands")
    heavy_service = catalogue[min(1, len(catalogue) - 1)]
    heavy = ({authority.code for authority in heavy_service.authorities},
             first.year + (last.year - first.year) // 2)
    episodes = []
    for event in occasions(outcomes):
        level = _remand_level(event)
        if level is None:
            continue
        factor = _factor(heavy, event.local_authority, event.outcome_date.year)
        detention, accommodation = (min(0.9, chance * factor) for chance in REMAND_CHANCE[level])
        draw = rng.random()
        if draw >= detention + accommodation:
            continue
        start = event.offence_date + timedelta(days=rng.randint(0, 3))
        span = (event.outcome_date - start).days
        if span < 2:
            continue
        end = event.outcome_date
        if rng.random() < 0.25:                       # bailed before the sentence
            end = start + timedelta(days=rng.randint(1, span - 1))
        result = ("custodial_sentence" if level == "custody" else
                  "community_sentence" if event.outcome_type in COMMUNITY_SENTENCES else "other")
        episodes.append(_episode(rng, event.child_id, event.local_authority, start, end,
                                 draw < detention, result))
    episodes += _unlinked_remands(rng, catalogue, outcomes, heavy, first, last)
    episodes.sort(key=lambda episode: (episode[2], episode[0], episode[1]))
    return [(f"R{number:06d}", *episode) for number, episode in enumerate(episodes, 1)]


def _remand_level(event: Occasion) -> str | None:
    """Which remand chances apply: custody, a community order, or a serious offence dealt
    with by a first-tier sentence; None for the rest (no remand)."""
    if event.outcome_type in CUSTODIAL:
        return "custody"
    if event.outcome_type in COMMUNITY_SENTENCES - FIRST_TIER:
        return "community"
    if event.outcome_type in FIRST_TIER and (event.gravity or 0) >= 5:
        return "first_tier"
    return None


def _unlinked_remands(rng: random.Random, catalogue: Sequence[_Service], outcomes: list[tuple],
                      heavy: tuple[set[str], int], first: date, last: date) -> list[tuple]:
    """Remands with no sentence: acquitted or discontinued (`other`), still remanded at the
    end (open), or bailed with the trial pending (no result yet). The child is one known to
    the service that year."""
    known: dict[tuple[str, int], dict[str, None]] = defaultdict(dict)
    for row in outcomes:
        known[row[2], int(row[4][:4])][row[1]] = None
    episodes = []
    for service in catalogue:
        for authority in service.authorities:
            for year in range(first.year, last.year + 1):
                children = list(known[authority.code, year])
                mean = (authority.children / 1e5 * UNLINKED_REMANDS_PER_100K
                        * _factor(heavy, authority.code, year))
                if year == last.year:
                    mean += 1.2                       # awaiting trial at the end of the data
                for _ in range(poisson_draw(rng, mean) if children else 0):
                    start = date(year, 1, 1) + timedelta(days=rng.randrange(365))
                    end = start + timedelta(days=rng.randint(14, 120))
                    if year == last.year and rng.random() < 0.5:
                        start = last - timedelta(days=rng.randrange(100))
                        end = last + timedelta(days=1)
                    result = "other" if (last - end).days > 90 or rng.random() < 0.5 else ""
                    episodes.append(_episode(rng, rng.choice(children), authority.code, start,
                                             None if end > last else end,
                                             rng.random() < 0.7, result))
    return episodes


def _episode(rng: random.Random, child_id: str, authority: str, start: date, end: date | None,
             detention: bool, result: str) -> tuple:
    """remands.csv columns after remand_id; a youth detention night costs £600-£1,200 (a
    young offender institution at the low end, a secure home or centre at the high end),
    sometimes not recorded; local authority accommodation has no cost here."""
    cost = ""
    if detention and rng.random() >= 0.15:
        cost = f"{rng.uniform(600, 720) if rng.random() < 0.5 else rng.uniform(900, 1200):.2f}"
    return (child_id, authority, start.isoformat(), "" if end is None else end.isoformat(),
            "youth_detention_accommodation" if detention else "local_authority_accommodation",
            "" if end is None else result, cost)


def _factor(heavy: tuple[set[str], int], authority: str, year: int) -> float:
    codes, heavy_year = heavy
    return HEAVY_REMAND_FACTOR if authority in codes and year == heavy_year else 1.0


# --- Helpers ------------------------------------------------------------------------------

def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in options], [weight for _, weight in options])[0]

