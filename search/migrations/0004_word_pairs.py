"""PostgreSQL: index adjacent word pairs, so a phrase of common words is found fast.

A phrase query ("the fire service") asks the GIN index for sections holding every word and
then rechecks each one's positions; where the words are common that meant rechecking most of
the library (70 ms at 100,000 sections) to keep a few. Each section's tsvector now also
holds its adjacent lexeme pairs as single lexemes ('fire servic'), derived from the same
positions, so the engine can ask the index for the pair first (see `search.engines.postgres`).
A pair holds a space, which no query word can, so pairs never match a plain word; ts_rank
only weighs the query's own lexemes, so ranks are unchanged. SQLite needs nothing: FTS5
stores positions in its index.
"""

from django.db import migrations

# ruff: noqa: S608 - fixed identifiers, no input

WEIGHTED_VECTOR = """
    setweight(to_tsvector('english', coalesce(reference, '') || ' ' || coalesce(doc_title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(title, '')), 'B')
    || setweight(to_tsvector('english', coalesce(text, '')), 'D')
"""

FORWARD = [
    # Pairs of lexemes at adjacent positions of `vector`, as a tsvector of 'first second'.
    """CREATE OR REPLACE FUNCTION library_search_word_pairs(vector tsvector) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)),
                        ''::tsvector)
        FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS a
        JOIN (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS b
          ON b.position = a.position + 1
        $$""",
    f"""CREATE OR REPLACE FUNCTION library_search_section_vector(
            reference text, doc_title text, title text, text text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT v || library_search_word_pairs(v) FROM (SELECT {WEIGHTED_VECTOR} AS v) AS words
        $$""",
    "DROP INDEX IF EXISTS library_search_section_vector",
    "ALTER TABLE library_search_indexedsection DROP COLUMN IF EXISTS search_vector",
    """ALTER TABLE library_search_indexedsection ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            library_search_section_vector(reference, doc_title, title, text)
        ) STORED""",
    """CREATE INDEX library_search_section_vector
        ON library_search_indexedsection USING GIN (search_vector)""",
    "ANALYZE library_search_indexedsection",
]
BACKWARD = [
    "DROP INDEX IF EXISTS library_search_section_vector",
    "ALTER TABLE library_search_indexedsection DROP COLUMN IF EXISTS search_vector",
    f"""ALTER TABLE library_search_indexedsection ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS ({WEIGHTED_VECTOR}) STORED""",
    """CREATE INDEX library_search_section_vector
        ON library_search_indexedsection USING GIN (search_vector)""",
    "DROP FUNCTION IF EXISTS library_search_section_vector(text, text, text, text)",
    "DROP FUNCTION IF EXISTS library_search_word_pairs(tsvector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library_search", "0003_heading_vector")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
