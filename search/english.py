"""Ordinary English words, from pyspellchecker's English word-frequency list (built from large
text corpora, it leaves out common misspellings such as "recieve" or "seperate"; it ships in
the package, so nothing is downloaded at run time).

Spelling correction leaves these words alone: a real word the library does not hold ("stab",
"shopping", "roof") is not a typo, and "correcting" it to the nearest library word ("stay",
"showing", "room") changes the question and shows unrelated documents. The words the library
itself stems differently ("decontaminate" for its "decontamination") are found as typed."""

from __future__ import annotations

from functools import cache

from spellchecker import SpellChecker


@cache
def _words() -> frozenset[str]:
    # The words alone, kept once per process (about 160,000); the checker itself is dropped.
    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def is_english_word(word: str) -> bool:
    return word.lower() in _words()
