"""Period summaries for national scale: `period_summary` (every count the unfiltered views
read, per rolling year, level, area and breakdown), `area_period` (where each authority
has data) and `cohort_summary` (reoffending cohorts per authority). All are derived: the
load that runs this upgrade fills them.

Data loaded before this revision have no summaries, and the queries would read the new,
empty tables as zeros: the load's record (`load_info`) is emptied, so the dashboard says
nothing is loaded (and `make run`'s `load --if-empty` loads) until the next load.

Revision ID: 0003_period_summary
Revises: 0002_v2
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_period_summary"
down_revision = "0002_v2"
branch_labels = None
depends_on = None

MEASURES = ("outcome_rows", "custodial_sentences", "fte_count", "children",
            "custodial_children", "substantive_children", "pre_court_children",
            "court_children", "looked_after_children")


def upgrade() -> None:
    tables = sa.inspect(op.get_bind())
    if not tables.has_table("period_summary"):
        op.create_table(
            "period_summary",
            sa.Column("level", sa.String(length=16), nullable=False),
            sa.Column("dim", sa.String(length=16), nullable=False),
            sa.Column("area_code", sa.String(length=120), nullable=False),
            sa.Column("period_end", sa.Date(), nullable=False),
            sa.Column("grp", sa.String(length=120), nullable=False),
            *[sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES],
            sa.PrimaryKeyConstraint("level", "dim", "area_code", "period_end", "grp"))
        op.create_index("ix_period_summary_period", "period_summary",
                        ["level", "dim", "period_end"], unique=False)
    if not tables.has_table("cohort_summary"):
        op.create_table(
            "cohort_summary",
            sa.Column("basis", sa.String(length=20), nullable=False),
            sa.Column("local_authority", sa.String(length=16), nullable=False),
            sa.Column("cohort_start", sa.Date(), nullable=False),
            sa.Column("cohort_end", sa.Date(), nullable=False),
            sa.Column("cohort_size", sa.Integer(), nullable=False),
            sa.Column("reoffenders", sa.Integer(), nullable=False),
            sa.Column("reoffences", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("basis", "local_authority", "cohort_start"))
    if tables.has_table("load_info"):
        op.execute("DELETE FROM load_info")
    if not tables.has_table("area_period"):
        op.create_table(
            "area_period",
            sa.Column("local_authority", sa.String(length=16), nullable=False),
            sa.Column("period_end", sa.Date(), nullable=False),
            sa.Column("rows", sa.Integer(), nullable=False),
            sa.Column("indicator_rows", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("local_authority", "period_end"))


def downgrade() -> None:
    op.drop_table("cohort_summary")
    op.drop_table("area_period")
    op.drop_index("ix_period_summary_period", table_name="period_summary")
    op.drop_table("period_summary")
