"""Move a test store's schema to a given migration with Alembic, as an older or newer formkit left it."""

from __future__ import annotations

from typing import Any


def migrate(url: str, step: str, revision: str) -> Any:
    """Run Alembic's ``step`` ("upgrade" or "downgrade") to ``revision`` on the database at ``url`` (an
    SQLAlchemy URL, or a plain SQLite path); returns the engine, disposed (for inspecting it afterwards)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from formkit.store.engine import MIGRATIONS

    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, step)(config, revision)
    finally:
        engine.dispose()
    return engine
