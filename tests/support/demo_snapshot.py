"""A snapshot of the test database right after the session's demo build, and its restore.

Transactional tests (browser, single sign-on, races) start from a flushed database. Building the
demo library again from an empty database cost 35 s a test on a loaded machine. Restoring the
rows the session build wrote copies them inside the database instead of running the builder,
and gives every such test the very same library, ids included.

Files are not part of the snapshot: the session's media folder outlives every test, and the rows
restored point at the files the session build wrote.
"""

from __future__ import annotations

import sqlite3

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management.color import no_style
from django.db import connection, transaction

SNAPSHOT_SCHEMA = "demo_snapshot"

_sqlite_copy: sqlite3.Connection | None = None
# Each table with its columns as the snapshot holds them: named, because a test that migrates
# backwards and forwards may leave a table's columns in another order.
_postgres_tables: dict[str, str] = {}


def take_snapshot() -> None:
    """Called once, by the session fixture, after the demo library is built and committed."""
    global _sqlite_copy
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        _sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_sqlite_copy)
    elif connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            for table in flushed_tables():
                _postgres_tables[table] = ", ".join(quote(c) for c in stored_columns(cursor, table))
                copy = f"{SNAPSHOT_SCHEMA}.{quote(table)}"
                cursor.execute(f"CREATE TABLE {copy} AS TABLE {quote(table)}")
    else:  # pragma: no cover - the suite runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)


def restore_snapshot() -> None:
    """Put the database back exactly as the session's demo build left it."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        if _sqlite_copy is None:
            raise RuntimeError("No demo snapshot: the session fixture did not take one.")
        _sqlite_copy.backup(connection.connection)
    else:
        if not _postgres_tables:
            raise RuntimeError("No demo snapshot: the session fixture did not take one.")
        quote = connection.ops.quote_name
        # Django declares foreign keys DEFERRABLE INITIALLY DEFERRED, so inside one transaction
        # the tables can be refilled in any order and are checked together at commit.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in _postgres_tables)}")
            for table, columns in _postgres_tables.items():
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({columns}) OVERRIDING SYSTEM VALUE "
                    f"SELECT {columns} FROM {SNAPSHOT_SCHEMA}.{quote(table)}"
                )
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    # Ids cached by the flush's re-created content types, and anything cached about pages, no
    # longer match the rows restored.
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


def flushed_tables() -> list[str]:
    """The tables a transactional test's flush empties: the ones the snapshot must refill."""
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def stored_columns(cursor, table: str) -> list[str]:
    """A table's columns that hold data: generated ones (the search index's tsvectors) are
    computed again by PostgreSQL and refuse an inserted value."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s AND is_generated = 'NEVER' "
        "ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]
