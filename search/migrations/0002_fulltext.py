"""Engine-specific full-text structures on the section table.

SQLite: an external-content FTS5 table (porter stemming over unicode61 tokens) kept in step
by triggers. PostgreSQL: a generated tsvector column (english configuration, weighted:
reference and document title A, section title B, text D) with a GIN index.

Note: Django rebuilds SQLite tables on some ALTERs, dropping triggers; a later migration that
alters `library_search_indexedsection` must re-run `FORWARD_SQLITE` (or `rebuild_section_index`).
"""

from django.db import migrations

# ruff: noqa: S608 - fixed identifiers, no input

FTS_COLUMNS = "reference, doc_title, title, text"

FORWARD_SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS library_search_fts USING fts5(
        {FTS_COLUMNS}, content='library_search_indexedsection', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS library_search_fts_ai
        AFTER INSERT ON library_search_indexedsection BEGIN
        INSERT INTO library_search_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.reference, new.doc_title, new.title, new.text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS library_search_fts_ad
        AFTER DELETE ON library_search_indexedsection BEGIN
        INSERT INTO library_search_fts(library_search_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.reference, old.doc_title, old.title, old.text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS library_search_fts_au
        AFTER UPDATE ON library_search_indexedsection BEGIN
        INSERT INTO library_search_fts(library_search_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.reference, old.doc_title, old.title, old.text);
        INSERT INTO library_search_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.reference, new.doc_title, new.title, new.text); END""",
    "INSERT INTO library_search_fts(library_search_fts) VALUES ('rebuild')",
]
BACKWARD_SQLITE = [
    "DROP TRIGGER IF EXISTS library_search_fts_ai",
    "DROP TRIGGER IF EXISTS library_search_fts_ad",
    "DROP TRIGGER IF EXISTS library_search_fts_au",
    "DROP TABLE IF EXISTS library_search_fts",
]
FORWARD_POSTGRES = [
    """ALTER TABLE library_search_indexedsection ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(reference, '') || ' ' || coalesce(doc_title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(title, '')), 'B')
            || setweight(to_tsvector('english', coalesce(text, '')), 'D')
        ) STORED""",
    """CREATE INDEX IF NOT EXISTS library_search_section_vector
        ON library_search_indexedsection USING GIN (search_vector)""",
]
BACKWARD_POSTGRES = [
    "DROP INDEX IF EXISTS library_search_section_vector",
    "ALTER TABLE library_search_indexedsection DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": FORWARD_SQLITE, "postgresql": FORWARD_POSTGRES}),
            _run({"sqlite": BACKWARD_SQLITE, "postgresql": BACKWARD_POSTGRES}),
        )
    ]
