"""Alembic environment: the project's migrations run on the connection they are given
(dashboard/etl/migrate.py passes it), or on DATABASE_URL from the command line."""
from alembic import context
from sqlalchemy import engine_from_config, pool

from dashboard.contract import accounts, local_schema  # noqa: F401 - register their tables
from dashboard.contract.schema import Base
from dashboard.core.config import database_url

target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = engine_from_config({"sqlalchemy.url": database_url()}, prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as conn:
        run(conn)
