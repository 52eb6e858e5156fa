"""Spelling correction for search: a word nobody may find is replaced by the nearest word the
searcher may find.

A word is corrected only if no document the searcher may see holds it (nor the glossary), and
it is not an ordinary English word (`english`: a real word the library lacks is no typo), to
the nearest word they may see within this many edits (insert, delete, change or swap two
letters): one for words of up to seven letters, two beyond, so at most a quarter of a word
changes. Two edits in a shorter word turned real words into unrelated ones ("payroll" ->
"patrols"); see tests/search/test_ranking.py."""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from . import english, terms
from .query import ParsedQuery, Synonyms, words

SHORT_WORD = 7
MIN_CORRECTED_LENGTH = 4
# Correction cost is bounded whatever the vocabulary: at most this many words of a query
# are looked up, each against the words sharing its first letter (rapidfuzz, in C).
MAX_CORRECTED_WORDS = 4


def max_edits(word: str) -> int:
    return 1 if len(word) <= SHORT_WORD else 2


def nearest_word(word: str, vocabulary: dict[str, list[str]]) -> str | None:
    """The closest word of `vocabulary` within `max_edits(word)`, or None."""
    limit = max_edits(word)
    pool = vocabulary.get(word[:1], [])
    found = process.extract(
        word, pool, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=20
    )
    if not found:
        return None
    # A left-out letter is the commonest typo: on a tie, prefer the longer word.
    best = min(found, key=lambda m: (m[1], -len(m[0]), m[0]))
    return best[0]


def unknown_words(query: ParsedQuery, synonyms: Synonyms, keys: tuple[str, ...]) -> list[str]:
    """Words of `query` that neither a visible document nor the glossary holds, and that are
    not ordinary English words."""
    glossary_words = {w for name in synonyms.by_name for w in name}
    candidates = [
        w
        for w in dict.fromkeys(query.words)
        if len(w) >= MIN_CORRECTED_LENGTH
        and w.isalpha()
        and w not in glossary_words
        and not english.is_english_word(w)
    ]
    known = terms.known_words(candidates, keys)
    return [w for w in candidates if w not in known]


def correct(query: ParsedQuery, synonyms: Synonyms, keys: tuple[str, ...]) -> str | None:
    """The query with its unknown words corrected, or None if there is nothing to correct."""
    unknown = unknown_words(query, synonyms, keys)[:MAX_CORRECTED_WORDS]
    if not unknown:
        return None
    vocabulary = terms.vocabulary(keys)
    replacements = {}
    for word in unknown:
        better = nearest_word(word, vocabulary)
        if better:
            replacements[word] = better
    if not replacements:
        return None
    return " ".join(replacements.get(word, word) for word in words(query.raw))


def changed_words(query: ParsedQuery, better: str) -> str:
    """The corrected words alone (a question's corrections must at least occur together)."""
    typed = set(words(query.raw))
    return " ".join(w for w in words(better) if w not in typed)
