"""Term statistics kept with the section index: how many sections hold each word, per access
key. They give every engine the same inverse document frequency (IDF) for ranking partial
matches, and spelling correction its vocabulary.

Counted when a document's sections are written (`record`, called by indexing), so a search
reads a handful of rows instead of asking the engine how common each word is. A searcher's
statistics and vocabulary come only from documents they may see: words of an
OFFICIAL-SENSITIVE document are counted under its access key, "groups:<ids>", and read only
by members of those groups (need-to-know: a suggested word must not reveal a hidden one).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

from procedures.access import clearance_of, groups_needed
from procedures.models import DocumentPage

from .models import IndexedSection, TermCount, TermSource
from .query import STOP_WORDS, ParsedQuery, words

VERSION_KEY = "library_search:terms-version"
MAX_WORD_LENGTH = 64
# A clause held by more sections than this is "common": it weighs nothing when ranking
# partial matches and does not bring in candidates (it would bring in most of the library,
# and its IDF is close to nothing anyway); it still breaks ties through the engine's own rank.
COMMON_SECTIONS = 1000
# A clause the glossary recognised (it has alternatives) names what the question is about;
# the other words of a question are more often incidental, however rare.
GLOSSARY_CLAUSE_WEIGHT = 2.0
PUBLIC = ""
T = TypeVar("T")

_memo: dict[tuple, Any] = {}


def access_key(page) -> str:
    """Whose vocabulary `page`'s words belong to: everyone's, or the cleared groups'
    (`procedures.access.groups_needed`)."""
    needed = groups_needed(page.protective_marking, (g.pk for g in page.access_groups.all()))
    if needed is None:
        return PUBLIC
    return "groups:" + ",".join(str(pk) for pk in needed)


def _needed(key: str) -> tuple[int, ...] | None:
    """The groups an access key stands for (None: everyone's)."""
    if key == PUBLIC:
        return None
    return tuple(int(pk) for pk in key.removeprefix("groups:").split(",") if pk)


def section_words(texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found.update(w for w in words(text or "") if len(w) <= MAX_WORD_LENGTH)
    return found


def _counts(sections: Iterable[Iterable[str]]) -> Counter:
    counts: Counter = Counter()
    for texts in sections:
        counts.update(section_words(texts))
    return counts


def version() -> int:
    return cache.get(VERSION_KEY, 0)


def changed() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def record(
    page, old_sections: Sequence[Sequence[str]], new_sections: Sequence[Sequence[str]]
) -> None:
    """Move `page`'s word counts from what was indexed (`old_sections`, each a section's
    texts, counted under the key recorded last time) to what is indexed now (under the
    page's current access key). One statement, whatever the number of words."""
    source = TermSource.objects.filter(document_id=page.pk).first()
    old_key = source.access if source else None
    new_key = access_key(page) if new_sections else None
    if old_key == new_key and list(map(list, old_sections)) == list(map(list, new_sections)):
        return
    delta: Counter = Counter()
    if old_key is not None:
        for word, n in _counts(old_sections).items():
            delta[(word, old_key)] -= n
    if new_key is not None:
        for word, n in _counts(new_sections).items():
            delta[(word, new_key)] += n
    rows = [(word, key, n) for (word, key), n in delta.items() if n]
    table = TermCount._meta.db_table
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"""INSERT INTO {table} (word, access, sections) VALUES (%s, %s, %s)
                    ON CONFLICT (word, access)
                    DO UPDATE SET sections = {table}.sections + excluded.sections""",  # noqa: S608
                rows,
            )
    if new_key is None:
        TermSource.objects.filter(document_id=page.pk).delete()
    else:
        TermSource.objects.update_or_create(document_id=page.pk, defaults={"access": new_key})
    changed()


def recount() -> int:
    """Count every word again from the section table (after a rebuild, or to undo drift from
    documents deleted outright). Returns the number of (word, access) rows."""
    counts: Counter = Counter()
    keys: dict[int, str] = {}
    pages = DocumentPage.objects.filter(
        pk__in=IndexedSection.objects.values("document_id")
    ).prefetch_related("access_groups")
    for page in pages.iterator(chunk_size=500):
        keys[page.pk] = access_key(page)
    sections = IndexedSection.objects.values_list("document_id", "doc_title", "title", "text")
    for document_id, *texts in sections.iterator(chunk_size=2000):
        key = keys.get(document_id, PUBLIC)
        for word in section_words(texts):
            counts[(word, key)] += 1
    TermCount.objects.all().delete()
    TermCount.objects.bulk_create(
        [TermCount(word=w, access=k, sections=n) for (w, k), n in counts.items()],
        batch_size=2000,
    )
    TermSource.objects.all().delete()
    TermSource.objects.bulk_create(
        [TermSource(document_id=pk, access=key) for pk, key in keys.items()], batch_size=2000
    )
    changed()
    return len(counts)


# -- what a searcher may read ---------------------------------------------------------------


def _memoised(key: tuple, make: Callable[[], T]) -> T:
    key = (version(), *key)
    if key not in _memo:
        if len(_memo) > 32:
            _memo.clear()
        _memo[key] = make()
    return _memo[key]


def visible_keys(user) -> tuple[str, ...]:
    """The access keys whose words `user` may see."""
    clearance = clearance_of(user)

    def keys() -> list[str]:
        return sorted(set(TermSource.objects.values_list("access", flat=True)) | {PUBLIC})

    found = _memoised(("keys",), keys)
    return tuple(key for key in found if clearance.opens(_needed(key)))


def total_sections(keys: tuple[str, ...]) -> int:
    def count() -> int:
        return max(1, IndexedSection.objects.count())

    return _memoised(("total",), count)


def _variants(word: str) -> set[str]:
    """The word and its plain plural or singular, so statistics follow the engines' stemming
    closely enough for weighting ("cordons" and "cordon" are one term to the engines)."""
    found = {word, word + "s", word + "es"}
    if word.endswith("es"):
        found.add(word[:-2])
    if word.endswith("s"):
        found.add(word[:-1])
    return found


def frequencies(query_words: Iterable[str], keys: tuple[str, ...]) -> dict[str, int]:
    """Sections holding each word (or its plural/singular) among documents under `keys`."""
    wanted = {w: _variants(w) for w in set(query_words)}
    every = sorted(set().union(*wanted.values())) if wanted else []
    if not every:
        return {}
    rows: Counter[str] = Counter()
    for word, n in TermCount.objects.filter(
        word__in=every, access__in=keys, sections__gt=0
    ).values_list("word", "sections"):
        rows[word] += n
    return {w: sum(rows[v] for v in variants) for w, variants in wanted.items()}


def known_words(query_words: Iterable[str], keys: tuple[str, ...]) -> set[str]:
    return {w for w, n in frequencies(query_words, keys).items() if n}


def idf(df: int, total: int) -> float:
    """BM25's inverse document frequency, kept positive."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def weights(query: ParsedQuery, keys: tuple[str, ...]) -> tuple[float, ...]:
    """Each clause's IDF. A clause's sections are those of its most common alternative
    (alternatives are one thing), a phrase's those of its rarest word. A common clause
    (COMMON_SECTIONS) weighs 0, and so does one no visible section holds (it can only
    scale every score alike). A glossary clause weighs GLOSSARY_CLAUSE_WEIGHT times more."""
    query_words = [w for clause in query.clauses for phrase in clause for w in phrase]
    df = frequencies(query_words, keys)
    total = total_sections(keys)
    result = []
    for clause in query.clauses:
        sections = max(min(df.get(w, 0) for w in phrase) for phrase in clause)
        if sections > COMMON_SECTIONS or sections == 0:
            result.append(0.0)
        else:
            boost = GLOSSARY_CLAUSE_WEIGHT if len(clause) > 1 else 1.0
            result.append(round(boost * idf(sections, total), 4))
    return tuple(result)


def vocabulary(keys: tuple[str, ...]) -> dict[str, list[str]]:
    """Words a searcher with `keys` may be offered as corrections, by first letter."""

    def load() -> dict[str, list[str]]:
        by_letter: dict[str, list[str]] = {}
        rows = (
            TermCount.objects.filter(access__in=keys, sections__gt=0)
            .values_list("word", flat=True)
            .distinct()
        )
        for word in rows.iterator(chunk_size=5000):
            if len(word) >= 3 and word.isalpha() and word not in STOP_WORDS:
                by_letter.setdefault(word[0], []).append(word)
        return by_letter

    return _memoised(("vocabulary", keys), load)
