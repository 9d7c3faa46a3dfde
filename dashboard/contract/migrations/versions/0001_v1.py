"""The data contract v1 schema: the tables `create_all` made before migrations existed.

Revision ID: 0001_v1
Revises: (none)
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('benchmark',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('area_type', sa.String(length=40), nullable=False),
    sa.Column('area_name', sa.String(length=120), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_benchmark_indicator'), 'benchmark', ['indicator'], unique=False)
    op.create_table('cohort_member',
    sa.Column('cohort_start', sa.Date(), nullable=False),
    sa.Column('child_id', sa.String(length=64), nullable=False),
    sa.Column('cohort_end', sa.Date(), nullable=False),
    sa.Column('index_outcome_id', sa.String(length=64), nullable=False),
    sa.Column('index_date', sa.Date(), nullable=False),
    sa.Column('follow_up_end', sa.Date(), nullable=False),
    sa.Column('proven_by', sa.Date(), nullable=False),
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('age', sa.Integer(), nullable=False),
    sa.Column('ethnicity', sa.String(length=10), nullable=False),
    sa.Column('looked_after', sa.Boolean(), nullable=False),
    sa.Column('index_outcome_type', sa.String(length=40), nullable=False),
    sa.Column('index_tier', sa.String(length=20), nullable=False),
    sa.Column('offence_group', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('cohort_start', 'child_id')
    )
    op.create_index('ix_cohort_member_area', 'cohort_member', ['local_authority', 'cohort_start'], unique=False)
    op.create_table('cohort_reoffence',
    sa.Column('cohort_start', sa.Date(), nullable=False),
    sa.Column('child_id', sa.String(length=64), nullable=False),
    sa.Column('outcome_id', sa.String(length=64), nullable=False),
    sa.Column('offence_date', sa.Date(), nullable=False),
    sa.Column('outcome_date', sa.Date(), nullable=False),
    sa.Column('months_after_index', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('cohort_start', 'child_id', 'outcome_id')
    )
    op.create_index('ix_cohort_reoffence_member', 'cohort_reoffence', ['cohort_start', 'child_id'], unique=False)
    op.create_table('first_entry',
    sa.Column('child_id', sa.String(length=64), nullable=False),
    sa.Column('outcome_id', sa.String(length=64), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('outcome_type', sa.String(length=40), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('age', sa.Integer(), nullable=False),
    sa.Column('ethnicity', sa.String(length=10), nullable=False),
    sa.Column('looked_after', sa.Boolean(), nullable=False),
    sa.Column('offence_group', sa.String(length=120), nullable=False),
    sa.Column('in_age', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('child_id')
    )
    op.create_index('ix_first_entry_area_date', 'first_entry', ['local_authority', 'entry_date'], unique=False)
    op.create_table('load_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('first_outcome_date', sa.Date(), nullable=True),
    sa.Column('outcome_rows', sa.Integer(), nullable=False),
    sa.Column('children', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('local_authority',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('service', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=80), nullable=False),
    sa.Column('family', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index(op.f('ix_local_authority_service'), 'local_authority', ['service'], unique=False)
    op.create_table('outcome_type',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('substantive', sa.Boolean(), nullable=False),
    sa.Column('custodial', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('quarter_summary',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('quarter_end', sa.Date(), nullable=False),
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('outcome_type', sa.String(length=40), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('custodial', sa.Boolean(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('age', sa.Integer(), nullable=False),
    sa.Column('ethnicity', sa.String(length=10), nullable=False),
    sa.Column('looked_after', sa.Boolean(), nullable=False),
    sa.Column('offence_group', sa.String(length=120), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_quarter_summary_area', 'quarter_summary', ['local_authority', 'quarter_end'], unique=False)
    op.create_table('reporting_period',
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('population_year', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('period_end')
    )
    op.create_table('outcome',
    sa.Column('outcome_id', sa.String(length=64), nullable=False),
    sa.Column('child_id', sa.String(length=64), nullable=False),
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('offence_date', sa.Date(), nullable=False),
    sa.Column('outcome_date', sa.Date(), nullable=False),
    sa.Column('outcome_type', sa.String(length=40), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('age', sa.Integer(), nullable=False),
    sa.Column('ethnicity', sa.String(length=10), nullable=False),
    sa.Column('looked_after', sa.Boolean(), nullable=False),
    sa.Column('offence_group', sa.String(length=120), nullable=False),
    sa.Column('gravity', sa.Integer(), nullable=True),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('substantive', sa.Boolean(), nullable=False),
    sa.Column('custodial', sa.Boolean(), nullable=False),
    sa.Column('in_age', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['local_authority'], ['local_authority.code'], ),
    sa.ForeignKeyConstraint(['outcome_type'], ['outcome_type.code'], ),
    sa.PrimaryKeyConstraint('outcome_id')
    )
    op.create_index('ix_outcome_area_date', 'outcome', ['local_authority', 'outcome_date'], unique=False)
    op.create_index(op.f('ix_outcome_child_id'), 'outcome', ['child_id'], unique=False)
    op.create_index('ix_outcome_date', 'outcome', ['outcome_date'], unique=False)
    op.create_table('population',
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('age', sa.Integer(), nullable=False),
    sa.Column('ethnicity', sa.String(length=10), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['local_authority'], ['local_authority.code'], ),
    sa.PrimaryKeyConstraint('local_authority', 'year', 'sex', 'age', 'ethnicity')
    )


def downgrade() -> None:
    op.drop_table('population')
    op.drop_table('outcome')
    op.drop_table('reporting_period')
    op.drop_table('quarter_summary')
    op.drop_table('outcome_type')
    op.drop_table('local_authority')
    op.drop_table('load_info')
    op.drop_table('first_entry')
    op.drop_table('cohort_reoffence')
    op.drop_table('cohort_member')
    op.drop_table('benchmark')
