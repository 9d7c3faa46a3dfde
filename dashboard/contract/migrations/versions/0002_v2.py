"""Data contract v2, local indicators and sign-in.

The data tables (everything a load replaces) are dropped and made again in their v2 shape:
their contents are rebuilt by every load anyway, and the loader runs this upgrade just
before it loads. The user and audit tables are created when missing and never dropped.

Revision ID: 0002_v2
Revises: 0001_v1
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_v2"
down_revision = "0001_v1"
branch_labels = None
depends_on = None

# Every data table of v1 (and of a database made by a pre-migration v2 build), dependants
# first.
DATA_TABLES = ('victim', 'remand', 'population', 'outcome', 'looked_after_population', 'intervention', 'reporting_period', 'quarter_summary', 'outcome_type', 'local_file_loaded', 'local_authority', 'loaded_file', 'load_info', 'first_entry', 'cohort_reoffence', 'cohort_member', 'board_attendance', 'benchmark')


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    for table in DATA_TABLES:
        if not _missing(table):
            op.drop_table(table)
    op.create_table('benchmark',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('area_type', sa.String(length=40), nullable=False),
    sa.Column('area_name', sa.String(length=120), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('numerator', sa.Integer(), nullable=True),
    sa.Column('denominator', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_benchmark_indicator'), 'benchmark', ['indicator'], unique=False)
    op.create_table('board_attendance',
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('service', sa.String(length=120), nullable=False),
    sa.Column('partner', sa.String(length=30), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('quarter_end', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('meeting_date', 'service', 'partner')
    )
    op.create_table('cohort_member',
    sa.Column('basis', sa.String(length=20), nullable=False),
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
    sa.Column('ethnicity_detail', sa.String(length=60), nullable=True),
    sa.Column('looked_after', sa.Boolean(), nullable=False),
    sa.Column('index_outcome_type', sa.String(length=40), nullable=False),
    sa.Column('index_tier', sa.String(length=20), nullable=False),
    sa.Column('offence_group', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('basis', 'cohort_start', 'child_id')
    )
    op.create_index('ix_cohort_member_area', 'cohort_member', ['basis', 'local_authority', 'cohort_start'], unique=False)
    op.create_table('cohort_reoffence',
    sa.Column('basis', sa.String(length=20), nullable=False),
    sa.Column('cohort_start', sa.Date(), nullable=False),
    sa.Column('child_id', sa.String(length=64), nullable=False),
    sa.Column('outcome_id', sa.String(length=64), nullable=False),
    sa.Column('offence_date', sa.Date(), nullable=False),
    sa.Column('outcome_date', sa.Date(), nullable=False),
    sa.Column('months_after_index', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('basis', 'cohort_start', 'child_id', 'outcome_id')
    )
    op.create_index('ix_cohort_reoffence_member', 'cohort_reoffence', ['basis', 'cohort_start', 'child_id'], unique=False)
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
    sa.Column('ethnicity_detail', sa.String(length=60), nullable=True),
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
    op.create_table('loaded_file',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
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
    sa.Column('local', sa.Boolean(), nullable=False),
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
    sa.Column('indicators', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('period_end')
    )
    op.create_table('intervention',
    sa.Column('intervention_id', sa.String(length=64), nullable=False),
    sa.Column('child_id', sa.String(length=64), nullable=False),
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.Column('accommodation_end', sa.String(length=20), nullable=True),
    sa.Column('ete_end', sa.String(length=20), nullable=True),
    sa.Column('ete_status_end', sa.String(length=30), nullable=True),
    sa.Column('send_identified', sa.Boolean(), nullable=True),
    sa.Column('send_plan', sa.Boolean(), nullable=True),
    sa.Column('mental_health_need', sa.Boolean(), nullable=True),
    sa.Column('mental_health_intervention', sa.Boolean(), nullable=True),
    sa.Column('substance_need', sa.Boolean(), nullable=True),
    sa.Column('substance_intervention', sa.Boolean(), nullable=True),
    sa.Column('looked_after_end', sa.Boolean(), nullable=True),
    sa.Column('child_in_need_end', sa.Boolean(), nullable=True),
    sa.Column('child_protection_end', sa.Boolean(), nullable=True),
    sa.Column('end_quarter', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['local_authority'], ['local_authority.code'], ),
    sa.PrimaryKeyConstraint('intervention_id')
    )
    op.create_index('ix_intervention_area_quarter', 'intervention', ['local_authority', 'end_quarter'], unique=False)
    op.create_table('looked_after_population',
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['local_authority'], ['local_authority.code'], ),
    sa.PrimaryKeyConstraint('local_authority', 'year')
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
    sa.Column('ethnicity_detail', sa.String(length=60), nullable=True),
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
    op.create_table('remand',
    sa.Column('remand_id', sa.String(length=64), nullable=False),
    sa.Column('child_id', sa.String(length=64), nullable=False),
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('result', sa.String(length=30), nullable=True),
    sa.Column('cost_per_night', sa.Float(), nullable=True),
    sa.Column('start_day', sa.Integer(), nullable=False),
    sa.Column('end_day', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['local_authority'], ['local_authority.code'], ),
    sa.PrimaryKeyConstraint('remand_id')
    )
    op.create_index('ix_remand_area_start', 'remand', ['local_authority', 'start_day'], unique=False)
    op.create_table('victim',
    sa.Column('victim_id', sa.String(length=64), nullable=False),
    sa.Column('local_authority', sa.String(length=16), nullable=False),
    sa.Column('contact_date', sa.Date(), nullable=False),
    sa.Column('consented', sa.Boolean(), nullable=False),
    sa.Column('engaged', sa.Boolean(), nullable=False),
    sa.Column('quarter_end', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['local_authority'], ['local_authority.code'], ),
    sa.PrimaryKeyConstraint('victim_id')
    )
    op.create_index('ix_victim_area_quarter', 'victim', ['local_authority', 'quarter_end'], unique=False)
    if _missing('app_user'):
        op.create_table('app_user',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('username', sa.String(length=120), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('scope', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('disabled', sa.Boolean(), nullable=False),
        sa.Column('session_epoch', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('username'),
        info={'survives_load': True}
        )
    if _missing('audit_event'):
        op.create_table('audit_event',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('username', sa.String(length=120), nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('ip', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        info={'survives_load': True}
        )
        op.create_index('ix_audit_event_action_at', 'audit_event', ['action', 'at'], unique=False)
        op.create_index(op.f('ix_audit_event_at'), 'audit_event', ['at'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("v2 data cannot be turned back into v1: load a v1 folder into a new database")
