"""Summaries that leave no request reading a fact table: `loaded_choice` (the offence
groups the filter bar offers), `intervention_summary` and `local_quarter_summary` (the
local indicators per quarter and area) and `cohort_group_summary` (reoffending cohorts per
group of members: breakdowns, tracker, concentration), all built at load.

Data loaded before this revision have no such rows, and the queries would read the new,
empty tables as no data: the load's record (`load_info`) is emptied, so the dashboard says
nothing is loaded (and `make run`'s `load --if-empty` loads) until the next load.

Revision ID: 0006_request_summaries
Revises: 0005_area_level_summaries
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_request_summaries"
down_revision = "0005_area_level_summaries"
branch_labels = None
depends_on = None

INTERVENTION_KPIS = ("accommodation_suitable", "ete_suitable", "send_plan",
                     "mental_health_intervention", "substance_intervention",
                     "out_of_court_completed", "wider_looked_after", "wider_child_in_need",
                     "wider_child_protection")


def upgrade() -> None:
    tables = sa.inspect(op.get_bind())
    if not tables.has_table("loaded_choice"):
        op.create_table(
            "loaded_choice",
            sa.Column("dim", sa.String(length=16), nullable=False),
            sa.Column("value", sa.String(length=120), nullable=False),
            sa.PrimaryKeyConstraint("dim", "value"))
    if not tables.has_table("cohort_group_summary"):
        op.create_table(
            "cohort_group_summary",
            sa.Column("basis", sa.String(length=20), nullable=False),
            sa.Column("level", sa.String(length=16), nullable=False),
            sa.Column("dim", sa.String(length=16), nullable=False),
            sa.Column("area_code", sa.String(length=120), nullable=False),
            sa.Column("cohort_start", sa.Date(), nullable=False),
            sa.Column("grp", sa.String(length=120), nullable=False),
            sa.Column("cohort_end", sa.Date(), nullable=False),
            sa.Column("cohort_size", sa.Integer(), nullable=False),
            sa.Column("reoffenders", sa.Integer(), nullable=False),
            sa.Column("reoffences", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("basis", "level", "dim", "area_code", "cohort_start",
                                    "grp"))
    if not tables.has_table("intervention_summary"):
        op.create_table(
            "intervention_summary",
            sa.Column("level", sa.String(length=16), nullable=False),
            sa.Column("area_code", sa.String(length=120), nullable=False),
            sa.Column("quarter_end", sa.Date(), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("interventions", sa.Integer(), nullable=False),
            *[sa.Column(f"{kpi}_{part}", sa.Integer(), nullable=False)
              for kpi in INTERVENTION_KPIS for part in ("numerator", "denominator")],
            sa.PrimaryKeyConstraint("level", "area_code", "quarter_end", "kind"))
    if not tables.has_table("local_quarter_summary"):
        op.create_table(
            "local_quarter_summary",
            sa.Column("level", sa.String(length=16), nullable=False),
            sa.Column("area_code", sa.String(length=120), nullable=False),
            sa.Column("quarter_end", sa.Date(), nullable=False),
            sa.Column("measure", sa.String(length=40), nullable=False),
            sa.Column("rows", sa.Integer(), nullable=False),
            sa.Column("numerator", sa.Integer(), nullable=False),
            sa.Column("denominator", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("level", "area_code", "quarter_end", "measure"))
    if tables.has_table("load_info"):
        op.execute("DELETE FROM load_info")


def downgrade() -> None:
    op.drop_table("local_quarter_summary")
    op.drop_table("intervention_summary")
    op.drop_table("cohort_group_summary")
    op.drop_table("loaded_choice")
