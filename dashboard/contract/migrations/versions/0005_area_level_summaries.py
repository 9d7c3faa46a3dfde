"""Area-level summaries for national scale: `cohort_area_summary` (reoffending cohorts per
service and for all areas) and `area_level_period` (where each service has data), derived
at load from `cohort_summary` and `area_period`, so a service's page reads its rows
instead of grouping the authorities' rows on every request; and an index of `benchmark`
by indicator and period (the published figures of one period, read tens of times a page).

Data loaded before this revision have no such rows, and the queries would read the new,
empty tables as no data: the load's record (`load_info`) is emptied, so the dashboard says
nothing is loaded (and `make run`'s `load --if-empty` loads) until the next load.

Revision ID: 0005_area_level_summaries
Revises: 0004_population_summary
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_area_level_summaries"
down_revision = "0004_population_summary"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = sa.inspect(op.get_bind())
    if not tables.has_table("cohort_area_summary"):
        op.create_table(
            "cohort_area_summary",
            sa.Column("basis", sa.String(length=20), nullable=False),
            sa.Column("level", sa.String(length=16), nullable=False),
            sa.Column("area_code", sa.String(length=120), nullable=False),
            sa.Column("cohort_start", sa.Date(), nullable=False),
            sa.Column("cohort_end", sa.Date(), nullable=False),
            sa.Column("cohort_size", sa.Integer(), nullable=False),
            sa.Column("reoffenders", sa.Integer(), nullable=False),
            sa.Column("reoffences", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("basis", "level", "area_code", "cohort_start"))
    if not tables.has_table("area_level_period"):
        op.create_table(
            "area_level_period",
            sa.Column("level", sa.String(length=16), nullable=False),
            sa.Column("area_code", sa.String(length=120), nullable=False),
            sa.Column("period_end", sa.Date(), nullable=False),
            sa.Column("rows", sa.Integer(), nullable=False),
            sa.Column("indicator_rows", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("level", "area_code", "period_end"))
    if tables.has_table("benchmark") and "ix_benchmark_indicator_period" not in {
            index["name"] for index in tables.get_indexes("benchmark")}:
        op.create_index("ix_benchmark_indicator_period", "benchmark",
                        ["indicator", "period_end"], unique=False)
    if tables.has_table("load_info"):
        op.execute("DELETE FROM load_info")


def downgrade() -> None:
    op.drop_index("ix_benchmark_indicator_period", table_name="benchmark")
    op.drop_table("area_level_period")
    op.drop_table("cohort_area_summary")
