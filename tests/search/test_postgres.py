"""PostgreSQL engine: phrases found through indexed word pairs (migration 0004).

The engine asks the GIN index for adjacent word pairs and checks positions only on those
rows, so the pairs must never miss a section the phrase itself matches. These tests compare
the engine with PostgreSQL's own phrase match on the same rows."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from search import glossary
from search.engines import get_engine, reset_engine_cache
from search.engines.postgres import _pair_terms, pair_filter, render
from search.query import parse
from search.service import make_scope
from tests.support.search import make_document


def test_pair_terms_pair_adjacent_words_and_keep_words_beside_a_gap_alone():
    # "fire and rescue service": to_tsvector numbers fire 1, rescu 3, servic 4.
    assert _pair_terms([(1, "fire"), (3, "rescu"), (4, "servic")]) == ("('rescu servic' & 'fire')")
    assert _pair_terms([(2, "road"), (3, "traffic"), (4, "collis")]) == (
        "('road traffic' & 'traffic collis')"
    )
    assert _pair_terms([(1, "cordon")]) == "('cordon')"
    assert _pair_terms([]) == ""
    assert _pair_terms([(1, "it's")]) == "('it''s')"


@pytest.fixture
def phrases(db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL engine only (DATABASE_URL=postgres://...)")
    settings.ELASTICSEARCH_URL = ""
    reset_engine_cache()
    texts = [
        "Call the fire service at once.",
        "Fire crews and the service desk share a room.",  # both words, not together
        "The fire and rescue service leads at the scene.",  # a stop word inside
        "Service the fire pumps weekly.",  # the words the wrong way round
        "Fire fire service drill: the fire service fire escape.",  # repeated words
        "A road traffic collision on the ring road.",
        "Traffic from the road collision was diverted.",
    ]
    documents = [
        make_document(f"Pairs note {n}", [("h", "1", "Notes"), ("p", text)])
        for n, text in enumerate(texts)
    ]
    # A phrase across the heading and the text that follows it.
    documents.append(
        make_document("Pairs heading", [("h", "1", "Duties of the fire"), ("p", "Service first.")])
    )
    yield documents
    reset_engine_cache()


QUERIES = [
    '"fire service"',
    '"the fire service"',
    '"fire and rescue service"',
    '"road traffic collision"',
    '"fire fire service"',
    '"traffic collision" "ring road"',
    '"fire service" drill',
    "fire service",  # the glossary turns this into phrases and their alternatives
    "RTC",
]
# Words apart (a stop word between them) are asked for alone, and positions checked after.
UNPAIRED = ['"service the fire"', '"collision on the ring"']


@pytest.mark.parametrize("text", QUERIES + UNPAIRED)
def test_word_pairs_find_exactly_what_the_phrase_finds(phrases, users, text):
    query = parse(text, glossary.synonyms())
    with connection.cursor() as cursor:
        pairs = pair_filter(query, cursor)
        asks_for_pairs = bool(re.search(r"'\w+ \w+'", pairs or ""))
        assert asks_for_pairs == (text not in UNPAIRED)
        cursor.execute(
            "SELECT DISTINCT document_id FROM library_search_indexedsection"
            " WHERE search_vector @@ to_tsquery('english', %s)",
            [render(query)],
        )
        expected = {row[0] for row in cursor.fetchall()}
    scope = make_scope(users["planner"], include_old=False)
    found = {doc_id for doc_id, _score in get_engine().match_documents(query, scope, 100)}
    assert found == expected
    assert found, "every query matches something here"


def test_phrase_search_finds_the_phrase_and_not_the_words_apart(phrases, users):
    query = parse('"the fire service"', glossary.synonyms())
    scope = make_scope(users["planner"], include_old=False)
    found = {doc_id for doc_id, _score in get_engine().match_documents(query, scope, 100)}
    titles = {document.title for document in phrases if document.pk in found}
    assert {"Pairs note 0", "Pairs note 4"} <= titles
    assert not {"Pairs note 1", "Pairs note 3"} & titles


def test_queries_without_phrases_need_no_pairs(phrases):
    with connection.cursor() as cursor:
        assert pair_filter(parse("cordon incident"), cursor) is None
