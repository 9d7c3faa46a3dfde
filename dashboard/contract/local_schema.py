"""Tables of the optional local-indicator files (CONTRACT §1 v2: interventions, victims, board
attendance, remands) and their vocabularies. Same declarative Base as schema.py, so a load
replaces them with everything else in one transaction.

`Y`/`N` fields are booleans; an empty (not recorded) field is NULL. Each row also carries
the calendar quarter its indicator counts it in (the last day of that quarter), worked out
at load, so queries group on a column instead of date functions that differ by database.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.contract.schema import Base

INTERVENTION_KINDS = ("prevention", "diversion", "out_of_court", "court_community", "custody")
OUT_OF_COURT_KINDS = ("diversion", "out_of_court")
END_REASONS = ("completed", "breached", "revoked", "transferred", "other")
SUITABILITY = ("suitable", "unsuitable")
ETE_STATUSES = ("school", "alternative_provision", "further_education", "training",
                "employment", "re_engagement", "custody", "neet")
# Interventions' Y/N/empty columns, in the file's order.
INTERVENTION_FLAGS = ("send_identified", "send_plan", "mental_health_need",
                      "mental_health_intervention", "substance_need", "substance_intervention",
                      "looked_after_end", "child_in_need_end", "child_protection_end")
PARTNERS = ("police", "probation", "health", "education", "childrens_social_care", "other")
OTHER_PARTNER = "other"
REMAND_TYPES = ("youth_detention_accommodation", "local_authority_accommodation")
YOUTH_DETENTION = "youth_detention_accommodation"
REMAND_RESULTS = ("custodial_sentence", "community_sentence", "other")
CUSTODIAL_SENTENCE = "custodial_sentence"
# The key performance indicators counted on ended interventions (CONTRACT §4c), in order.
INTERVENTION_KPIS = ("accommodation_suitable", "ete_suitable", "send_plan",
                     "mental_health_intervention", "substance_intervention",
                     "out_of_court_completed", "wider_looked_after", "wider_child_in_need",
                     "wider_child_protection")


class Intervention(Base):
    __tablename__ = "intervention"
    intervention_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    child_id: Mapped[str] = mapped_column(String(64))
    local_authority: Mapped[str] = mapped_column(ForeignKey("local_authority.code"))
    kind: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)          # NULL while open
    end_reason: Mapped[str | None] = mapped_column(String(20))   # NULL while open
    accommodation_end: Mapped[str | None] = mapped_column(String(20))
    ete_end: Mapped[str | None] = mapped_column(String(20))
    ete_status_end: Mapped[str | None] = mapped_column(String(30))
    send_identified: Mapped[bool | None] = mapped_column(Boolean)
    send_plan: Mapped[bool | None] = mapped_column(Boolean)
    mental_health_need: Mapped[bool | None] = mapped_column(Boolean)
    mental_health_intervention: Mapped[bool | None] = mapped_column(Boolean)
    substance_need: Mapped[bool | None] = mapped_column(Boolean)
    substance_intervention: Mapped[bool | None] = mapped_column(Boolean)
    looked_after_end: Mapped[bool | None] = mapped_column(Boolean)
    child_in_need_end: Mapped[bool | None] = mapped_column(Boolean)
    child_protection_end: Mapped[bool | None] = mapped_column(Boolean)
    end_quarter: Mapped[date | None] = mapped_column(Date)  # last day of end_date's quarter

    __table_args__ = (Index("ix_intervention_area_quarter", "local_authority", "end_quarter"),)


class Victim(Base):
    __tablename__ = "victim"
    victim_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    local_authority: Mapped[str] = mapped_column(ForeignKey("local_authority.code"))
    contact_date: Mapped[date] = mapped_column(Date)
    consented: Mapped[bool] = mapped_column(Boolean)
    engaged: Mapped[bool] = mapped_column(Boolean)
    quarter_end: Mapped[date] = mapped_column(Date)  # last day of contact_date's quarter

    __table_args__ = (Index("ix_victim_area_quarter", "local_authority", "quarter_end"),)


class BoardAttendance(Base):
    """One partner at one board meeting of a service (the key is unique, CONTRACT §1)."""
    __tablename__ = "board_attendance"
    meeting_date: Mapped[date] = mapped_column(Date, primary_key=True)
    service: Mapped[str] = mapped_column(String(120), primary_key=True)
    partner: Mapped[str] = mapped_column(String(30), primary_key=True)
    attended: Mapped[bool] = mapped_column(Boolean)
    quarter_end: Mapped[date] = mapped_column(Date)  # last day of meeting_date's quarter


class Remand(Base):
    __tablename__ = "remand"
    remand_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    child_id: Mapped[str] = mapped_column(String(64))
    local_authority: Mapped[str] = mapped_column(ForeignKey("local_authority.code"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)     # NULL while still remanded
    type: Mapped[str] = mapped_column(String(40))
    result: Mapped[str | None] = mapped_column(String(30))  # NULL while pending
    cost_per_night: Mapped[float | None] = mapped_column(Float)
    # date.toordinal() of start_date / end_date: nights are then integer subtraction in
    # SQL, the same on SQLite and PostgreSQL.
    start_day: Mapped[int] = mapped_column(Integer)
    end_day: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_remand_area_start", "local_authority", "start_day"),)




# --- Summaries built at load (dashboard/etl/local_summary.py) ------------------------------

class InterventionSummary(Base):
    """Ended interventions per calendar quarter of their end, area and kind (derived at
    load): `interventions`, and each intervention KPI's numerator and denominator
    (INTERVENTION_KPIS), what the KPIs read instead of the intervention rows.

    level   local_authority | service | all (area_code: authority code, service, "all");
            exact sums (an intervention has one authority). Only cells with an intervention."""
    __tablename__ = "intervention_summary"
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    quarter_end: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    interventions: Mapped[int] = mapped_column(Integer)
    accommodation_suitable_numerator: Mapped[int] = mapped_column(Integer)
    accommodation_suitable_denominator: Mapped[int] = mapped_column(Integer)
    ete_suitable_numerator: Mapped[int] = mapped_column(Integer)
    ete_suitable_denominator: Mapped[int] = mapped_column(Integer)
    send_plan_numerator: Mapped[int] = mapped_column(Integer)
    send_plan_denominator: Mapped[int] = mapped_column(Integer)
    mental_health_intervention_numerator: Mapped[int] = mapped_column(Integer)
    mental_health_intervention_denominator: Mapped[int] = mapped_column(Integer)
    substance_intervention_numerator: Mapped[int] = mapped_column(Integer)
    substance_intervention_denominator: Mapped[int] = mapped_column(Integer)
    out_of_court_completed_numerator: Mapped[int] = mapped_column(Integer)
    out_of_court_completed_denominator: Mapped[int] = mapped_column(Integer)
    wider_looked_after_numerator: Mapped[int] = mapped_column(Integer)
    wider_looked_after_denominator: Mapped[int] = mapped_column(Integer)
    wider_child_in_need_numerator: Mapped[int] = mapped_column(Integer)
    wider_child_in_need_denominator: Mapped[int] = mapped_column(Integer)
    wider_child_protection_numerator: Mapped[int] = mapped_column(Integer)
    wider_child_protection_denominator: Mapped[int] = mapped_column(Integer)


class LocalQuarterSummary(Base):
    """Counts of the other local indicators per calendar quarter and area (derived at load).

    measure   victims_engaged: rows victims contacted, numerator those consenting and taking
              part, denominator those consenting; board_attendance (services and all areas
              only): rows partners' places at meetings, numerator attended and denominator
              places of a statutory partner (not `other`); serious_violence: rows (and
              numerator) substantive outcomes aged 10-17 of gravity 5 or more in the serious
              violence offence groups, denominator 0 (the population is read at request).
    level     local_authority | service | all, as intervention_summary."""
    __tablename__ = "local_quarter_summary"
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    quarter_end: Mapped[date] = mapped_column(Date, primary_key=True)
    measure: Mapped[str] = mapped_column(String(40), primary_key=True)
    rows: Mapped[int] = mapped_column(Integer)
    numerator: Mapped[int] = mapped_column(Integer)
    denominator: Mapped[int] = mapped_column(Integer)
