"""PostgreSQL: a small tsvector of each section's heading, with its own GIN index.

For a query so common that ranking every match would be slow, the engine ranks the sections
whose heading matches first (see `search.engines.postgres`); this index finds them without
reading every matching row. SQLite needs nothing: FTS5 filters by column itself."""

from django.db import migrations

FORWARD = [
    """ALTER TABLE library_search_indexedsection ADD COLUMN IF NOT EXISTS heading_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, ''))) STORED""",
    """CREATE INDEX IF NOT EXISTS library_search_section_heading
        ON library_search_indexedsection USING GIN (heading_vector)""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS library_search_section_heading",
    "ALTER TABLE library_search_indexedsection DROP COLUMN IF EXISTS heading_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library_search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
