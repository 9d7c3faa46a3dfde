"""SQLAlchemy schema: reference tables, imported facts, and tables derived at load time."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ETHNIC_GROUPS = ("White", "Mixed", "Asian", "Black", "Other")
WHITE = "White"
UNKNOWN_ETHNICITY = "Unknown"
AGES = tuple(range(10, 18))

# CONTRACT §2: code -> (label, tier, substantive, custodial)
OUTCOME_TYPES: dict[str, tuple[str, str, bool, bool]] = {
    "community_resolution": ("Community resolution", "diversion", False, False),
    "youth_restorative_disposal": ("Youth restorative disposal", "diversion", False, False),
    "outcome_22": ("Outcome 22 (deferred prosecution)", "diversion", False, False),
    "youth_caution": ("Youth caution", "pre_court", True, False),
    "youth_conditional_caution": ("Youth conditional caution", "pre_court", True, False),
    "absolute_discharge": ("Absolute discharge", "first_tier", True, False),
    "conditional_discharge": ("Conditional discharge", "first_tier", True, False),
    "fine": ("Fine", "first_tier", True, False),
    "referral_order": ("Referral order", "first_tier", True, False),
    "reparation_order": ("Reparation order", "first_tier", True, False),
    "youth_rehabilitation_order": ("Youth rehabilitation order", "community", True, False),
    "yro_iss": ("YRO with intensive supervision and surveillance", "community", True, False),
    "detention_training_order": ("Detention and training order", "custody", True, True),
    "section_250": ("Section 250 detention (formerly s91)", "custody", True, True),
    "extended_or_life": ("Extended sentence or detention for life", "custody", True, True),
}
TIERS = ("diversion", "pre_court", "first_tier", "community", "custody")
TIER_LABELS = {
    "diversion": "Diversion",
    "pre_court": "Pre-court (cautions)",
    "first_tier": "First-tier court",
    "community": "Community sentence",
    "custody": "Custody",
}
COURT_TIERS = ("first_tier", "community", "custody")

# --- v2 vocabularies ------------------------------------------------------------------
# Tier `other` (local codes only: civil orders, recalls) is neither out of court nor a
# sentence: it counts in disposals only. TIERS stays the five tiers of CONTRACT §2, which every
# indicator and tier breakdown uses; ALL_TIERS is what a disposal (and the tier filter) may be.
OTHER_TIER = "other"
ALL_TIERS = TIERS + (OTHER_TIER,)
TIER_LABELS[OTHER_TIER] = "Other (not a disposal or sentence)"
# Reoffending bases: CONTRACT §4 (substantive outcomes) and "on every outcome" (the five tiers).
NATIONAL_BASIS = "national"
ALL_OUTCOMES_BASIS = "all_outcomes"
BASES = (NATIONAL_BASIS, ALL_OUTCOMES_BASIS)
MINORITY_ETHNIC = "Minority ethnic"
MINORITY_GROUPS = ("Mixed", "Asian", "Black", "Other")
# CONTRACT §2b: the 2021 Census categories and their groups (matched case-insensitively).
DETAILED_ETHNICITIES: dict[str, str] = {
    **{c: "White" for c in ("English, Welsh, Scottish, Northern Irish or British", "Irish",
                            "Gypsy or Irish Traveller", "Roma", "Other White")},
    **{c: "Mixed" for c in ("White and Black Caribbean", "White and Black African",
                            "White and Asian", "Other Mixed or Multiple ethnic groups")},
    **{c: "Asian" for c in ("Indian", "Pakistani", "Bangladeshi", "Chinese", "Other Asian")},
    **{c: "Black" for c in ("African", "Caribbean", "Other Black")},
    **{c: "Other" for c in ("Arab", "Any other ethnic group")},
}


class Base(DeclarativeBase):
    pass


class LocalAuthority(Base):
    __tablename__ = "local_authority"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    service: Mapped[str] = mapped_column(String(120), index=True)
    region: Mapped[str] = mapped_column(String(80))
    family: Mapped[str | None] = mapped_column(String(120))


class OutcomeType(Base):
    __tablename__ = "outcome_type"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    tier: Mapped[str] = mapped_column(String(20))
    substantive: Mapped[bool] = mapped_column(Boolean)
    custodial: Mapped[bool] = mapped_column(Boolean)
    sort_order: Mapped[int] = mapped_column(Integer)   # §2 codes first, then local ones
    local: Mapped[bool] = mapped_column(Boolean, default=False)  # v2: from outcome_types.csv


class Population(Base):
    __tablename__ = "population"
    local_authority: Mapped[str] = mapped_column(ForeignKey("local_authority.code"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    sex: Mapped[str] = mapped_column(String(1), primary_key=True)
    age: Mapped[int] = mapped_column(Integer, primary_key=True)
    ethnicity: Mapped[str] = mapped_column(String(10), primary_key=True)
    population: Mapped[int] = mapped_column(Integer)


class Outcome(Base):
    __tablename__ = "outcome"
    outcome_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    child_id: Mapped[str] = mapped_column(String(64), index=True)
    local_authority: Mapped[str] = mapped_column(ForeignKey("local_authority.code"))
    offence_date: Mapped[date] = mapped_column(Date)
    outcome_date: Mapped[date] = mapped_column(Date)
    outcome_type: Mapped[str] = mapped_column(ForeignKey("outcome_type.code"))
    sex: Mapped[str] = mapped_column(String(1))
    age: Mapped[int] = mapped_column(Integer)
    ethnicity: Mapped[str] = mapped_column(String(10))     # the group
    ethnicity_detail: Mapped[str | None] = mapped_column(String(60))  # v2: §2b category
    looked_after: Mapped[bool] = mapped_column(Boolean)
    offence_group: Mapped[str] = mapped_column(String(120))
    gravity: Mapped[int | None] = mapped_column(Integer)
    # Denormalised from outcome_type so stage filters need no join.
    tier: Mapped[str] = mapped_column(String(20))
    substantive: Mapped[bool] = mapped_column(Boolean)
    custodial: Mapped[bool] = mapped_column(Boolean)
    in_age: Mapped[bool] = mapped_column(Boolean)  # age 10..17: counts in indicators

    __table_args__ = (
        Index("ix_outcome_area_date", "local_authority", "outcome_date"),
        Index("ix_outcome_date", "outcome_date"),
    )


class Benchmark(Base):
    __tablename__ = "benchmark"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator: Mapped[str] = mapped_column(String(40), index=True)
    period_end: Mapped[date] = mapped_column(Date)
    area_type: Mapped[str] = mapped_column(String(40))
    area_name: Mapped[str] = mapped_column(String(120))
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[int | None] = mapped_column(Integer)     # v2, optional
    denominator: Mapped[int | None] = mapped_column(Integer)   # v2, optional

    # One indicator's published figures for one period (ranks, funnels, comparators: tens
    # of look-ups a page) without reading every period of the indicator.
    __table_args__ = (Index("ix_benchmark_indicator_period", "indicator", "period_end"),)


class ReportingPeriod(Base):
    """Rolling 12-month periods ending at each quarter end covering the data (derived)."""
    __tablename__ = "reporting_period"
    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    population_year: Mapped[int] = mapped_column(Integer)
    # False for periods that only outcomes of tier `other` reach (reported in disposals only).
    indicators: Mapped[bool] = mapped_column(Boolean, default=True)


class FirstEntry(Base):
    """Each child's first substantive outcome among all loaded rows, any age (derived)."""
    __tablename__ = "first_entry"
    child_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    outcome_id: Mapped[str] = mapped_column(String(64))
    entry_date: Mapped[date] = mapped_column(Date)
    local_authority: Mapped[str] = mapped_column(String(16))
    outcome_type: Mapped[str] = mapped_column(String(40))
    tier: Mapped[str] = mapped_column(String(20))
    sex: Mapped[str] = mapped_column(String(1))
    age: Mapped[int] = mapped_column(Integer)
    ethnicity: Mapped[str] = mapped_column(String(10))
    ethnicity_detail: Mapped[str | None] = mapped_column(String(60))
    looked_after: Mapped[bool] = mapped_column(Boolean)
    offence_group: Mapped[str] = mapped_column(String(120))
    in_age: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_first_entry_area_date", "local_authority", "entry_date"),)


class CohortMember(Base):
    """A child in a quarterly reoffending cohort with its index outcome (derived).

    `basis` is `national` (CONTRACT §4: substantive outcomes) or `all_outcomes` (v2: outcomes of
    the five tiers of §2, diversion included); every query picks one."""
    __tablename__ = "cohort_member"
    basis: Mapped[str] = mapped_column(String(20), primary_key=True)
    cohort_start: Mapped[date] = mapped_column(Date, primary_key=True)
    child_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    cohort_end: Mapped[date] = mapped_column(Date)
    index_outcome_id: Mapped[str] = mapped_column(String(64))
    index_date: Mapped[date] = mapped_column(Date)
    follow_up_end: Mapped[date] = mapped_column(Date)   # index_date + 12 months
    proven_by: Mapped[date] = mapped_column(Date)       # index_date + 18 months
    local_authority: Mapped[str] = mapped_column(String(16))
    sex: Mapped[str] = mapped_column(String(1))
    age: Mapped[int] = mapped_column(Integer)
    ethnicity: Mapped[str] = mapped_column(String(10))
    ethnicity_detail: Mapped[str | None] = mapped_column(String(60))
    looked_after: Mapped[bool] = mapped_column(Boolean)
    index_outcome_type: Mapped[str] = mapped_column(String(40))
    index_tier: Mapped[str] = mapped_column(String(20))
    offence_group: Mapped[str] = mapped_column(String(120))

    __table_args__ = (
        Index("ix_cohort_member_area", "basis", "local_authority", "cohort_start"),)


class CohortReoffence(Base):
    """One proven reoffence of a cohort member (derived); filter outcome_date <= as_of."""
    __tablename__ = "cohort_reoffence"
    basis: Mapped[str] = mapped_column(String(20), primary_key=True)
    cohort_start: Mapped[date] = mapped_column(Date, primary_key=True)
    child_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    outcome_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    offence_date: Mapped[date] = mapped_column(Date)
    outcome_date: Mapped[date] = mapped_column(Date)
    # Smallest m in 1..12 with offence_date <= index_date + m months (tracker curve).
    months_after_index: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_cohort_reoffence_member", "basis", "cohort_start", "child_id"),)


class QuarterSummary(Base):
    """Outcome rows (ages 10-17) per quarter and cohort attributes: pre-aggregated counts."""
    __tablename__ = "quarter_summary"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    quarter_end: Mapped[date] = mapped_column(Date)
    local_authority: Mapped[str] = mapped_column(String(16))
    outcome_type: Mapped[str] = mapped_column(String(40))
    tier: Mapped[str] = mapped_column(String(20))
    custodial: Mapped[bool] = mapped_column(Boolean)
    sex: Mapped[str] = mapped_column(String(1))
    age: Mapped[int] = mapped_column(Integer)
    ethnicity: Mapped[str] = mapped_column(String(10))
    looked_after: Mapped[bool] = mapped_column(Boolean)
    offence_group: Mapped[str] = mapped_column(String(120))
    rows: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_quarter_summary_area", "local_authority", "quarter_end"),)


class PeriodSummary(Base):
    """Counts per rolling year, level, area and breakdown group, built at load (derived):
    what every unfiltered view reads instead of range-joining `outcome` with the periods.

    level       local_authority | service | all (area_code: authority code, service, "all")
    dim, grp    the breakdown and its group: ("", "") for the whole area; sex, age_band,
                ethnicity, looked_after ("true"/"false"), tier, offence_group, outcome_type;
                "minority" holds Minority ethnic (Mixed, Asian, Black, Other together)
    Sums (outcome rows, custodial sentences, first time entrants) and distinct children
    aged 10-17 at an outcome (any, custodial, substantive, pre-court, court, substantive
    while looked after), counted at each level: a child in two authorities of a service
    counts once for the service, so service rows are not sums of authority rows."""
    __tablename__ = "period_summary"
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    grp: Mapped[str] = mapped_column(String(120), primary_key=True)
    outcome_rows: Mapped[int] = mapped_column(Integer)
    custodial_sentences: Mapped[int] = mapped_column(Integer)
    fte_count: Mapped[int] = mapped_column(Integer)
    children: Mapped[int] = mapped_column(Integer)
    custodial_children: Mapped[int] = mapped_column(Integer)
    substantive_children: Mapped[int] = mapped_column(Integer)
    pre_court_children: Mapped[int] = mapped_column(Integer)
    court_children: Mapped[int] = mapped_column(Integer)
    looked_after_children: Mapped[int] = mapped_column(Integer)

    # The key serves one area's series; this serves every area of a level in one period.
    __table_args__ = (Index("ix_period_summary_period", "level", "dim", "period_end"),)


class CohortSummary(Base):
    """Each quarterly reoffending cohort per authority, as of the load's as-of date
    (derived): members, members with a proven reoffence and reoffences. A child is in one
    authority's row of a cohort, so services and all areas are sums of these rows."""
    __tablename__ = "cohort_summary"
    basis: Mapped[str] = mapped_column(String(20), primary_key=True)
    local_authority: Mapped[str] = mapped_column(String(16), primary_key=True)
    cohort_start: Mapped[date] = mapped_column(Date, primary_key=True)
    cohort_end: Mapped[date] = mapped_column(Date)
    cohort_size: Mapped[int] = mapped_column(Integer)
    reoffenders: Mapped[int] = mapped_column(Integer)
    reoffences: Mapped[int] = mapped_column(Integer)


class AreaPeriod(Base):
    """Outcome rows aged 10-17 per local authority and rolling year (derived): where an
    area has figures (`rows`, every tier; `indicator_rows`, tiers other than `other`)."""
    __tablename__ = "area_period"
    local_authority: Mapped[str] = mapped_column(String(16), primary_key=True)
    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    rows: Mapped[int] = mapped_column(Integer)
    indicator_rows: Mapped[int] = mapped_column(Integer)


class CohortAreaSummary(Base):
    """cohort_summary summed to each service and to all areas (derived at load): what a
    service's or every service's cohorts read instead of grouping the authorities' rows
    on every request. Exact sums (a child is in one authority's row of a cohort).

    level       service | all (area_code: the service, or "all"); authorities read
                cohort_summary, and a scope holding part of a service sums its rows."""
    __tablename__ = "cohort_area_summary"
    basis: Mapped[str] = mapped_column(String(20), primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    cohort_start: Mapped[date] = mapped_column(Date, primary_key=True)
    cohort_end: Mapped[date] = mapped_column(Date)
    cohort_size: Mapped[int] = mapped_column(Integer)
    reoffenders: Mapped[int] = mapped_column(Integer)
    reoffences: Mapped[int] = mapped_column(Integer)


class AreaLevelPeriod(Base):
    """area_period summed to each service and to all areas (derived at load): where a
    service (or any area) has figures, read by `data_presence` without grouping the
    authorities' rows. level: service | all (area_code: the service, or "all")."""
    __tablename__ = "area_level_period"
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    rows: Mapped[int] = mapped_column(Integer)
    indicator_rows: Mapped[int] = mapped_column(Integer)


class PopulationSummary(Base):
    """Children aged 10-17 per local authority and year, whole and by one breakdown
    (derived at load from `population`): what unfiltered views read instead of summing
    the population table's rows (sex x age x ethnicity) on every request.

    dim, grp    ("", "") for every child of the authority; sex (M, F), age_band (10-14,
                15-17) or ethnicity (the population's groups). Per authority, not per
                service: a population's year is chosen per authority (CONTRACT §3)."""
    __tablename__ = "population_summary"
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    local_authority: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    grp: Mapped[str] = mapped_column(String(16), primary_key=True)
    population: Mapped[int] = mapped_column(Integer)


class LoadedChoice(Base):
    """What the filter bar offers, recorded at load (derived): `dim` offence_group holds
    every offence group among the loaded outcomes (any age), read instead of a DISTINCT
    over the million outcome rows."""
    __tablename__ = "loaded_choice"
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(120), primary_key=True)


class CohortGroupSummary(Base):
    """Each quarterly reoffending cohort per area and group of its members, as of the
    load's as-of date (derived): what breakdowns, the tracker and the concentration chart
    read instead of pairing `cohort_member` with `cohort_reoffence` on every request.

    level       local_authority | service | all (area_code: authority code, service, "all");
                exact sums (a child is in one authority's row of a cohort)
    dim, grp    the members' group: sex, age_band, ethnicity, looked_after ("true" /
                "false"), tier (the index outcome's), first_month (the month after the index
                outcome of the first proven reoffence, "1".."12"; "" none) or reoffences
                (proven reoffences, "0", "1", ...)
    cohort_size members of the group, reoffenders those with a reoffence, reoffences theirs"""
    __tablename__ = "cohort_group_summary"
    basis: Mapped[str] = mapped_column(String(20), primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    cohort_start: Mapped[date] = mapped_column(Date, primary_key=True)
    grp: Mapped[str] = mapped_column(String(120), primary_key=True)
    cohort_end: Mapped[date] = mapped_column(Date)
    cohort_size: Mapped[int] = mapped_column(Integer)
    reoffenders: Mapped[int] = mapped_column(Integer)
    reoffences: Mapped[int] = mapped_column(Integer)


class LoadInfo(Base):
    __tablename__ = "load_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(500))
    as_of: Mapped[date | None] = mapped_column(Date)
    first_outcome_date: Mapped[date | None] = mapped_column(Date)
    outcome_rows: Mapped[int] = mapped_column(Integer)
    children: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Float)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


# --- v2 imported tables --------------------------------------------------------------

class LookedAfterPopulation(Base):
    """looked_after_population.csv: children aged 10-17 looked after on 31 March of `year`."""
    __tablename__ = "looked_after_population"
    local_authority: Mapped[str] = mapped_column(ForeignKey("local_authority.code"),
                                                 primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    population: Mapped[int] = mapped_column(Integer)


class LoadedFile(Base):
    """Each file of the last load with its data rows: optional files decide optional exports."""
    __tablename__ = "loaded_file"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    rows: Mapped[int] = mapped_column(Integer)


# The optional local-indicator tables share Base: import them so every create_all and every
# "replace everything" delete includes them (at the bottom: they import Base from here).
from dashboard.contract import local_schema  # noqa: E402,F401
