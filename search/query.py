"""Parsing what staff type into an engine-neutral query.

A query is a list of clauses that must all match. A clause is a set of alternatives, each a
phrase (a tuple of one or more words). Glossary expansion turns the clause for "RTC" into
("rtc") OR ("road", "traffic", "collision") OR ("rta"); quoted phrases are kept exact.
Each engine renders this structure in its own syntax, so all engines agree on meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 12
# See ParsedQuery.answer.
ANSWER_SHARE = 0.5
# A reference as people type it: "JOP-014", "jop 14", "jop14", "JOP-0014". The number is
# padded to three digits (the library's form); a trailing letter marks a variant.
REFERENCE_RE = re.compile(r"^\s*([A-Za-z]{2,6})\s*[-\s]?\s*(\d{1,4})([A-Za-z]?)\s*$")
REFERENCE_DIGITS = 3
# A reference inside a longer query ("JOP-14 cordons", "frs010"): kept together as one phrase.
# Joined forms need three letters and two digits, so words like "CO2" or "P1" stay words.
REFERENCE_TOKEN_RE = re.compile(r"^(?:([A-Za-z]{2,6})-(\d{1,4})|([A-Za-z]{3,6})(\d{2,4}))$")
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
PHRASE_RE = re.compile(r'"([^"]*)"')
# Dropped from unquoted queries so "what to do at an RTC" means "RTC": function words, and
# the question words of a sentence typed as a question ("how long can I ...", "what do we
# do if my ..."). Left in, they decided the ranking of partial matches, being in every
# document. A query made only of these keeps them (someone searching "who decides").
_STOP_WORDS_TEXT = (
    "a about after again also am an and any are as at be because been before being both but "
    "by can could did do does doing during each else for from get gets got had has have "
    "having he her here him his how i if in into is it its just let may me might more most "
    "much must my need needs no nor not now of off on once only or other our ours out over "
    "please same she should so some such than that the their them then there these they "
    "this those through to too under until up upon us very want wants was we were what "
    "whats when where whether which while who whom whose why will with within without "
    "would you your yours happen happens happened many"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# After "how" these ask for an amount ("how long", "how often", "how far"): the question's
# form, not its subject.
HOW_WORDS = frozenset(["long", "often", "far", "soon", "big", "old", "quickly", "early", "late"])
# What a "how long / how often / how far" question asks for, as the words that state it: the
# section that answers gives a duration, a frequency or a distance ("within 21 days",
# "Yearly", "at least 6 metres"). Within a document, a section holding one comes first
# among those that cover most of the question (see ParsedQuery.answer). Engines stem these
# as they stem the text ("days" also finds "day").
ANSWER_WORDS: dict[str, tuple[str, ...]] = {
    "long": ("minutes", "hours", "days", "weeks", "months", "years"),
    "soon": ("minutes", "hours", "days", "weeks", "immediately"),
    # Not "weekly", "monthly" or "yearly": PostgreSQL stems them to "week", "month" and
    # "year", which would count "within eight weeks" as a frequency.
    "often": ("every", "daily", "annually", "twice"),
    "far": ("metres", "metre", "kilometres", "km", "miles", "yards"),
}

Phrase = tuple[str, ...]
Clause = tuple[Phrase, ...]


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD_RE.findall(text)]


def _reference(letters: str, digits: str, variant: str = "") -> str | None:
    number = digits.lstrip("0").zfill(REFERENCE_DIGITS)
    if len(number) > REFERENCE_DIGITS:
        return None
    return f"{letters.upper()}-{number}{variant.upper()}"


def normalise_reference(text: str) -> str | None:
    """A reference typed in any common form, in the library's form: 'jop 14', 'JOP14',
    'jop-014' and 'JOP-0014' -> 'JOP-014'; 'abc 7' -> 'ABC-007'; anything else -> None."""
    match = REFERENCE_RE.match(text)
    if not match:
        return None
    return _reference(*match.groups())


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    clauses: tuple[Clause, ...] = ()
    # The same query without glossary expansion (for engines that expand with analyzers).
    plain_clauses: tuple[Clause, ...] = ()
    reference: str | None = None
    expansions: dict[str, list[str]] = field(default_factory=dict)
    # True when any clause may match: sections are then ranked by how much of the query's
    # weight they cover (all clauses first, then all but the least informative one, ...).
    match_any: bool = False
    # Each clause's weight (inverse document frequency, see search.terms); 0 for a clause so
    # common that it only breaks ties. Empty: every clause weighs the same.
    weights: tuple[float, ...] = ()
    # For a question asking how long, how often or how far: words that state such an
    # answer (ANSWER_WORDS). They find nothing and rank no document; they only order a
    # document's sections (a section holding one comes first among those covering at least
    # ANSWER_SHARE of what its best section covers).
    answer: Clause = ()

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def words(self) -> list[str]:
        return [word for clause in self.plain_clauses for phrase in clause for word in phrase]

    def clause_weights(self) -> tuple[float, ...]:
        if len(self.weights) == len(self.clauses):
            return self.weights
        return (1.0,) * len(self.clauses)

    def describe(self) -> str:
        return " ".join(
            '"' + " ".join(clause[0]) + '"' if len(clause[0]) > 1 else clause[0][0]
            for clause in self.plain_clauses
        )


class Synonyms:
    """Glossary names indexed by their first word, for greedy longest-match expansion."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self.by_name: dict[Phrase, set[Phrase]] = {}
        for group in groups:
            phrases = {tuple(words(name)) for name in group}
            phrases.discard(())
            for phrase in phrases:
                self.by_name.setdefault(phrase, set()).update(phrases)
        self.max_length = max((len(name) for name in self.by_name), default=0)

    def match(self, tokens: list[str], start: int) -> tuple[int, Clause] | None:
        for length in range(min(self.max_length, len(tokens) - start), 0, -1):
            name = tuple(tokens[start : start + length])
            if name in self.by_name:
                alternatives = sorted(self.by_name[name], key=lambda p: (p != name, len(p), p))
                return length, tuple(alternatives)
        return None


def _token(chunk: str) -> Phrase:
    match = REFERENCE_TOKEN_RE.match(chunk.strip(".,;:!?()"))
    if match:
        letters, digits = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        reference = _reference(letters, digits)
        if reference:
            return tuple(words(reference))
    return tuple(words(chunk))


def parse(raw: str, synonyms: Synonyms | None = None) -> ParsedQuery:
    raw = " ".join(raw.split())[:MAX_QUERY_LENGTH]
    synonyms = synonyms or Synonyms()
    clauses: list[Clause] = []
    plain: list[Clause] = []
    expansions: dict[str, list[str]] = {}
    answer: list[Phrase] = []

    def add_loose(text: str) -> None:
        # Hyphenated or dotted tokens (JOP-014, M/ETHANE) stay together as a phrase, and a
        # reference is written as the index holds it ("jop14" -> "jop 014").
        tokens: list[Phrase] = [_token(chunk) for chunk in text.split()]
        tokens = [token for token in tokens if token]
        flat = [token[0] if len(token) == 1 else None for token in tokens]
        meaningful = [t for t in tokens if len(t) > 1 or t[0] not in STOP_WORDS]
        keep_stop_words = not meaningful
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if len(token) > 1:
                match = synonyms.match(list(token), 0)
                if match and match[0] == len(token):
                    clauses.append(match[1])
                    expansions[" ".join(token)] = [" ".join(p) for p in match[1]]
                else:
                    clauses.append((token,))
                plain.append((token,))
                index += 1
                continue
            run: list[str] = []
            probe = index
            while probe < len(tokens) and (single := flat[probe]) is not None:
                run.append(single)
                probe += 1
            match = synonyms.match(run, 0)
            if match:
                length, alternatives = match
                clauses.append(alternatives)
                plain.append((tuple(run[:length]),))
                expansions[" ".join(run[:length])] = [" ".join(p) for p in alternatives]
                index += length
                continue
            word = token[0]
            asks_amount = word in HOW_WORDS and index > 0 and flat[index - 1] == "how"
            if asks_amount and word in ANSWER_WORDS and not answer:
                answer.extend((w,) for w in ANSWER_WORDS[word])
            if keep_stop_words or (word not in STOP_WORDS and not asks_amount):
                clauses.append(((word,),))
                plain.append(((word,),))
            index += 1

    position = 0
    for match in PHRASE_RE.finditer(raw):
        add_loose(raw[position : match.start()])
        phrase = tuple(words(match.group(1)))
        if phrase:
            clauses.append((phrase,))
            plain.append((phrase,))
        position = match.end()
    add_loose(raw[position:].replace('"', " "))

    return ParsedQuery(
        raw=raw,
        clauses=tuple(clauses[:MAX_CLAUSES]),
        plain_clauses=tuple(plain[:MAX_CLAUSES]),
        reference=normalise_reference(raw),
        expansions=expansions,
        answer=tuple(answer),
    )
