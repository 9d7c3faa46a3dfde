"""Population summary for national scale: `population_summary`, children aged 10-17 per
local authority and year, whole and by sex, age band or ethnicity, derived at load so
unfiltered views need not sum the population table's rows on every request.

Data loaded before this revision have no summary, and the queries would read the new,
empty table as no population: the load's record (`load_info`) is emptied, so the dashboard
says nothing is loaded (and `make run`'s `load --if-empty` loads) until the next load.

Revision ID: 0004_population_summary
Revises: 0003_period_summary
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_population_summary"
down_revision = "0003_period_summary"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = sa.inspect(op.get_bind())
    if not tables.has_table("population_summary"):
        op.create_table(
            "population_summary",
            sa.Column("dim", sa.String(length=16), nullable=False),
            sa.Column("local_authority", sa.String(length=16), nullable=False),
            sa.Column("year", sa.Integer(), nullable=False),
            sa.Column("grp", sa.String(length=16), nullable=False),
            sa.Column("population", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("dim", "local_authority", "year", "grp"))
    if tables.has_table("load_info"):
        op.execute("DELETE FROM load_info")


def downgrade() -> None:
    op.drop_table("population_summary")
