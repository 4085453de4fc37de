"""Alembic migrations of the answer store; run on open by formkit.store.engine (upgrade to head)."""
