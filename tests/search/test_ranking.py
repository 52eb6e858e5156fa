"""Ranking rules on every database engine: question words dropped, partial matches ranked by
the rare words they cover (IDF from search.terms, PostgreSQL included), the explaining
section before the summary, glossary alternatives scored by their best match, references
typed loosely, and spelling correction within a defensible distance and vocabulary."""

from __future__ import annotations

import dataclasses
import random
import string
import time

import pytest
from django.contrib.auth.models import Group

from search import glossary, spelling, terms
from search.engines import get_engine
from search.engines.elasticsearch_query import FIELDS, build_query
from search.english import is_english_word
from search.models import GlossaryTerm, TermCount
from search.query import Synonyms, normalise_reference, parse
from search.service import run_search
from search.spelling import max_edits, nearest_word
from tests.search.test_engines import refresh  # noqa: F401 - engine selection fixture
from tests.support.search import make_document


def refs(results) -> list[str]:
    return [result.page.reference for result in results.results]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ABC 7", "ABC-007"),
        ("abc-07", "ABC-007"),
        ("abc007", "ABC-007"),
        ("ABC-0007", "ABC-007"),
        ("abc7", "ABC-007"),
        ("jop 14", "JOP-014"),
        ("JOP-014a", "JOP-014A"),
        ("cordon 7", "CORDON-007"),
        ("fire", None),
        ("abc 12345", None),
    ],
)
def test_references_are_normalised_in_every_typed_form(typed, expected):
    assert normalise_reference(typed) == expected


def test_a_reference_inside_a_query_is_written_as_the_index_holds_it():
    assert parse("abc07 cordons").clauses[0] == (("abc", "007"),)
    # Short joined forms stay words: CO2 and P1 are not references.
    assert parse("CO2 P1").clauses == ((("co2",),), (("p1",),))


def test_question_words_are_dropped_but_a_query_of_only_them_is_kept():
    assert parse("what do we do if my car has a puncture after dark").words == [
        "car",
        "puncture",
        "dark",
    ]
    assert parse("who decides").words == ["decides"]
    assert parse("after").words == ["after"]


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("brething", "breathing"),  # one letter left out
        ("aparatus", "apparatus"),
        ("colision", "collision"),
        ("trafic", "traffic"),
        ("cordno", "cordon"),  # two letters swapped: one edit
        ("decontaminaton", "decontamination"),
    ],
)
def test_typos_within_the_edit_limit_are_corrected(typo, expected):
    vocabulary = {"b": ["breathing", "briefing"], "a": ["apparatus", "apparent"]}
    vocabulary |= {"c": ["collision", "cordon", "collusion"], "t": ["traffic", "tragic"]}
    vocabulary |= {"d": ["decontamination"]}
    assert nearest_word(typo, vocabulary) == expected


def test_the_edit_limit_is_one_up_to_seven_letters_and_two_beyond():
    assert max_edits("gold") == 1
    assert max_edits("payroll") == 1
    assert max_edits("breathing") == 2
    vocabulary = {"g": ["gold"], "c": ["cordon", "casualty"], "p": ["patrols", "police"]}
    assert nearest_word("gild", vocabulary) == "gold"  # one edit
    assert nearest_word("gxlx", vocabulary) is None  # two edits on a four-letter word
    assert nearest_word("payroll", vocabulary) is None  # two edits on seven letters
    assert nearest_word("casxxlty", vocabulary) == "casualty"  # two edits on eight letters
    assert nearest_word("pxlxxe", vocabulary) is None  # three edits: unrelated words


def test_real_words_the_library_lacks_are_not_corrected(refresh, users):  # noqa: F811
    refresh()
    for query in ("giraffe", "lasagne recipes", "payroll"):
        results = run_search(users["firefighter"], query)
        assert not results.corrected_query, (query, results.corrected_query)


@pytest.mark.parametrize(
    "query",
    [
        "stab vest and body armour",  # was "stay vest and body armour"
        "gunman in shopping centre",  # was "gunman in showing centre"
        "who pays for fixing the station roof",  # was "firing the station room"
        "how do we decontaminate people after a chemical attack",  # was "decontaminated"
    ],
)
def test_a_real_word_in_a_question_is_never_corrected_to_a_library_word(
    refresh,  # noqa: F811
    users,
    query,
):
    """Each of these words is one edit from a library word; the library lacks them but they
    are real words, so the question is searched as asked."""
    refresh()
    results = run_search(users["police.officer"], query)
    assert not results.corrected_query, results.corrected_query


def test_the_stemmed_form_of_a_library_word_finds_it_as_typed(refresh, users):  # noqa: F811
    refresh()
    results = run_search(
        users["firefighter"], "how do we decontaminate people after a chemical attack"
    )
    assert not results.corrected_query and refs(results)[0] == "JOP-004"


@pytest.mark.parametrize(
    ("word", "english"),
    [("stab", True), ("shopping", True), ("roof", True), ("decontaminate", True),
     ("payroll", True), ("armour", True),
     # typos the relevance and ranking tests expect corrected
     ("brething", False), ("aparatus", False), ("colision", False), ("trafic", False),
     ("cordno", False), ("decontaminaton", False), ("evacuaton", False), ("lighthuose", False),
     ("zanzibrite", False), ("recieve", False), ("seperate", False)],
)  # fmt: skip
def test_ordinary_english_words_are_told_from_typos(word, english):
    assert is_english_word(word) is english


def test_typos_are_corrected_and_shown(refresh, users):  # noqa: F811
    refresh()
    results = run_search(users["firefighter"], "decontaminaton")
    assert results.corrected_query == "decontamination"
    assert refs(results)[0] == "JOP-004"


def test_correction_uses_only_words_the_searcher_may_see(refresh, users, library):  # noqa: F811
    refresh()
    make_document(
        "Zanzibarite handling",
        [("h", "1", "Zanzibarite"), ("p", "Zanzibarite is a restricted codeword.")],
        sensitive_for=["Football intelligence"],
    )
    staff, cleared = users["firefighter"], users["planner"]
    assert not run_search(staff, "zanzibrite").corrected_query
    assert run_search(cleared, "zanzibrite").corrected_query == "zanzibarite"
    keys = terms.visible_keys(staff)
    assert "zanzibarite" not in {w for ws in terms.vocabulary(keys).values() for w in ws}


def test_word_counts_move_when_a_document_is_restricted(refresh, users, library):  # noqa: F811
    refresh()
    page = make_document("Quokka patrols", [("h", "1", "Quokka"), ("p", "Quokka patrol routes.")])
    staff = users["firefighter"]
    assert "quokka" in terms.known_words(["quokka"], terms.visible_keys(staff))
    page.protective_marking = "official-sensitive"
    page.save_revision().publish()
    page.refresh_from_db()
    page.access_groups.set([Group.objects.get(name="Football intelligence")])
    page.save_revision().publish()
    assert "quokka" not in terms.known_words(["quokka"], terms.visible_keys(staff))
    assert "quokka" in terms.known_words(["quokka"], terms.visible_keys(users["planner"]))
    assert TermCount.objects.filter(word="quokka", access="", sections__gt=0).count() == 0


def test_correction_cost_is_bounded_by_the_words_looked_up(users, monkeypatch):
    looked_up = []
    monkeypatch.setattr(spelling, "nearest_word", lambda w, v: looked_up.append(w))
    query = parse(" ".join(f"qzxw{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(5)))
    spelling.correct(query, glossary.synonyms(), ("",))
    assert len(looked_up) == spelling.MAX_CORRECTED_WORDS


def test_a_rare_word_outranks_a_common_heading_word(refresh, users):  # noqa: F811
    """IDF on every engine: the section holding the question's rare word wins over one whose
    heading holds its common words (PostgreSQL's ts_rank alone has no IDF)."""
    refresh()
    for n in range(6):
        make_document(
            f"Station duties {n}",
            [("h", "1", "Police station people"), ("p", "Police and people at the station.")],
        )
    target = make_document(
        "Ferret handling",
        [("h", "1", "Handling"), ("p", "A ferret found at the station goes to the kennels.")],
    )
    results = run_search(
        users["firefighter"], "what do police people do with a ferret at the station"
    )
    assert refs(results)[0] == target.reference
    assert results.partial


def test_relaxation_is_gradual_the_answer_missing_one_incidental_word_is_found(
    refresh,  # noqa: F811
    users,
):
    refresh()
    answer = make_document(
        "Heron rescue",
        [("h", "1", "Herons"), ("p", "Lift a tangled heron with a towel and call the warden.")],
    )
    # Holds every word of the question, rare ones only in passing among common ones.
    make_document(
        "Weekly notes",
        [("h", "1", "Notes"), ("p", "Notes about the towel rota, the warden and a heron.")],
    )
    make_document("Riverbank", [("h", "1", "Riverbank"), ("p", "The riverbank path.")])
    results = run_search(users["firefighter"], "how do I lift a tangled heron off the riverbank")
    assert refs(results)[0] == answer.reference


def test_the_explaining_section_comes_before_the_summary(refresh, users):  # noqa: F811
    refresh()
    page = make_document(
        "Otter holts",
        [
            ("h", "1", "Purpose"),
            ("p", "General purpose of this procedure."),
            ("h", "2", "Otter holts"),
            ("p", "An otter holt is a den in a riverbank; keep crews and vehicles away from it."),
        ],
        summary="Otter holts (OH): what an otter holt is.",
    )
    results = run_search(users["firefighter"], "otter holt")
    top = results.results[0]
    assert top.page.reference == page.reference
    assert top.sections[0].anchor == "section-2-otter-holts"


def test_a_how_long_often_or_far_question_asks_for_that_kind_of_answer():
    assert ("days",) in parse("how long can a banning order last").answer
    assert ("every",) in parse("how often are wearers assessed").answer
    assert ("metres",) in parse("how far apart should tents be").answer
    # Only after "how", and only the kinds a section can state in words.
    assert parse("a long day at the station").answer == ()
    assert parse("how many appliances go to a wildfire").answer == ()


def test_the_section_stating_the_answer_asked_for_comes_first(refresh, users):  # noqa: F811
    """Within a document, of the sections covering most of a "how long" question, the one
    giving a duration comes first, though another covers more of the question's words."""
    refresh()
    page = make_document(
        "Kestrel permits",
        [
            ("h", "1", "Kestrel permit appeals"),
            ("p", "The holder may appeal a kestrel permit refusal to the licensing panel."),
            ("h", "2", "Time limits"),
            ("p", "A kestrel permit appeal must be lodged within 14 days."),
        ],
    )
    results = run_search(
        users["firefighter"], "how long does the holder have to appeal a kestrel permit refusal"
    )
    top = results.results[0]
    assert top.page.reference == page.reference
    if get_engine().name in ("elasticsearch", "opensearch") and (
        top.sections[0].anchor != "section-2-time-limits"
    ):
        pytest.xfail("the kind of answer asked for orders sections on the database engines only")
    assert top.sections[0].anchor == "section-2-time-limits"
    # The same words without "how long": the section covering more of them comes first.
    results = run_search(users["firefighter"], "holder appeal kestrel permit refusal")
    assert results.results[0].sections[0].anchor == "section-1-kestrel-permit-appeals"


def test_synonym_alternatives_are_scored_by_the_best_match(refresh, users):  # noqa: F811
    """Within a document, a section holding the aliases and the expansion once each does not
    outrank the section that explains the term (the expansion twice): alternatives do not
    add up."""
    refresh()
    GlossaryTerm.objects.create(term="WXQ", expansion="wide crest query", aliases="wexq")
    for n in range(4):
        make_document(f"Crest log {n}", [("h", "1", "Log"), ("p", "WXQ and wexq log entries.")])
    page = make_document(
        "Crest procedures",
        [
            ("h", "1", "Names"),
            ("p", "Names: WXQ, wexq or wide crest query, for the team."),
            ("h", "2", "Raising one"),
            ("p", "Raise a wide crest query; each wide crest query goes to control."),
        ],
    )
    results = run_search(users["firefighter"], "wide crest query")
    top = results.results[0]
    assert top.page.reference == page.reference
    assert top.sections[0].anchor == "section-2-raising-one"


def test_more_than_n_counts_only_documents_the_searcher_may_see(refresh, users, settings):  # noqa: F811
    """A query matching more sections than are ranked one by one says "More than N", but not
    to someone for whom every match is hidden: for them nothing was left out."""
    refresh()
    settings.SEARCH_MAX_SCORED_SECTIONS = 3
    body = [("h", "1", "Quillet"), ("p", "Quillet notes.")]
    for n in range(5):
        make_document(f"Quillet {n}", body, sensitive_for=["Football intelligence"])
    staff = run_search(users["firefighter"], "quillet")
    assert (staff.total, staff.capped) == (0, False)
    assert run_search(users["planner"], "quillet").capped


def test_api_scores_are_positions_among_what_the_searcher_may_see(client_for, library):
    data = client_for("firefighter").get("/search/api/", {"q": "cordon"}).json()
    scores = [result["score"] for result in data["results"]]
    assert scores[:3] == [1.0, 0.5, 0.3333]


def test_elasticsearch_ranks_a_coverage_query_by_any_clause():
    query = parse("ferret station kennels")
    assert "must" in build_query(query)["bool"]
    relaxed = build_query(dataclasses.replace(query, match_any=True))["bool"]
    assert relaxed["minimum_should_match"] == 1
    assert len(relaxed["should"]) == 3


def test_elasticsearch_scores_glossary_alternatives_by_the_best_one():
    """Each alternative is analysed without the synonyms filter (no second expansion) and
    the clause takes the best one's score (dis_max with no tie-breaker), never their sum."""
    query = parse("wxq log", Synonyms([["WXQ", "wide crest query", "wexq"]]))
    first, second = build_query(query)["bool"]["must"]
    assert first["dis_max"]["tie_breaker"] == 0.0
    alternatives = [q["multi_match"] for q in first["dis_max"]["queries"]]
    assert [a["query"] for a in alternatives] == ["wxq", "wexq", "wide crest query"]
    assert {a["analyzer"] for a in alternatives} == {"library_text"}
    assert alternatives[2]["type"] == "phrase"
    assert second == {"multi_match": {"query": "log", "fields": FIELDS, "operator": "and"}}


def test_correcting_a_long_query_against_a_large_vocabulary_is_quick(monkeypatch):
    """The #11 finding: a crafted 29-word query took 3.4 s of CPU against 150,000 words."""
    rng = random.Random(15)
    vocabulary: dict[str, list[str]] = {}
    for _ in range(150_000):
        word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 12)))
        vocabulary.setdefault(word[0], []).append(word)
    monkeypatch.setattr(terms, "vocabulary", lambda keys: vocabulary)
    monkeypatch.setattr(terms, "known_words", lambda words, keys: set())
    query = parse(" ".join(rng.choice(vocabulary["e"])[:-1] + "q" for _ in range(29)))
    started = time.process_time()
    spelling.correct(query, Synonyms(), ("",))
    assert time.process_time() - started < 0.5
