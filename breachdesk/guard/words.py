"""The word-list machinery of the privacy guard: data files, word-list rules and needles.

Word lists are data files under ``data/`` (one entry a line, ``#`` starts a comment) so an
administrator can extend them; each is read once per process. An entry is a word or phrase: a
space matches spaces or a hyphen, and a ``*`` at either end lets the word be part of a longer
word (the finding is then widened to the whole word). Word-list findings are uncertain: the word
only signals what the text may be about.

Speed: every word-list rule is skipped unless its needle, the longest word of its entry, occurs
in the lower-cased text. A text mentions few of the entries, so the needles of one kind are found
in one regex pass (``needle_index``) when that kind is first asked for, not by a substring test
each; a scan without ``security=True`` never builds the security index. The rules of each list
are built by the ``*_rules`` modules; ``scan`` holds the rule table.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from breachdesk.guard.base import (
    FindingKind,
    Rule,
    SensitiveCategory,
    Verdict,
    ends_word,
    is_word_char,
    starts_word,
)

__all__ = [
    "NeedleIndex",
    "Needles",
    "WordJudge",
    "data_lines",
    "needle_index",
    "phrase_pattern",
    "word_rules",
]

# The needles of the data-file rules of a kind and one pattern that finds any of them.
NeedleIndex = tuple[frozenset[str], re.Pattern[str]]


@cache
def data_lines(filename: str) -> tuple[str, ...]:
    """The entries of a data file: one per line, '#' starts a comment, blank lines skipped."""
    data = resources.files("breachdesk.guard").joinpath("data", filename)
    entries = (line.split("#", 1)[0].strip() for line in data.read_text("utf-8").splitlines())
    return tuple(entry for entry in entries if entry)


def phrase_pattern(phrase: str) -> tuple[str, str]:
    """A lower-case pattern for a phrase from a data file (a space matches spaces or a hyphen),
    and its longest word: the phrase cannot occur where that word does not, and a long word is
    rarer than a short one ("patchad" rather than "inte")."""
    words = phrase.lower().split()
    return r"[\s\-]+".join(map(re.escape, words)), max(words, key=len)


@dataclass(frozen=True)
class WordJudge:
    """Judges a hit of one word-list entry: a "*" lets the word be part of a longer word, and the
    finding is widened to the whole word."""

    open_start: bool
    open_end: bool

    def __call__(self, match: re.Match[str], text: str) -> Verdict | None:
        start, end = match.span()
        if self.open_start:
            while start > 0 and is_word_char(text[start - 1]):
                start -= 1
        elif not starts_word(text, start):
            return None
        if self.open_end:
            while end < len(text) and is_word_char(text[end]):
                end += 1
        elif not ends_word(text, end):
            return None
        return start, end, False


def word_rules(
    entries: Iterable[tuple[str, SensitiveCategory | None]], kind: FindingKind
) -> tuple[Rule, ...]:
    """One rule per word-list entry, skipped unless its longest word occurs: a text mentions few
    of them."""
    rules = []
    for entry, category in entries:
        if not entry.strip("*").strip():
            continue
        pattern, needle = phrase_pattern(entry.strip("*"))
        judge = WordJudge(open_start=entry.startswith("*"), open_end=entry.endswith("*"))
        security_only = kind == FindingKind.SECURITY
        rules.append(
            Rule(kind, re.compile(pattern), judge, security_only, True, (needle,), True, category)
        )
    return tuple(rules)


def needle_index(rules: Iterable[Rule]) -> NeedleIndex:
    """The needles of `rules` and one pattern that finds any of them. Grouped by first
    character, so the engine tries one group per position, not every needle."""
    needles = frozenset(n for rule in rules for n in rule.needles)
    groups: dict[str, list[str]] = {}
    for needle in sorted(needles, key=len, reverse=True):
        groups.setdefault(needle[0], []).append(re.escape(needle[1:]))
    alternatives = (f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return needles, re.compile("|".join(alternatives))


class Needles:
    """Which needles occur in the lower-cased text. The many needles of the data-file rules are
    found in one regex pass per kind when first asked for (a substring test each would scan the
    text some hundred times; the security index is not built when only personal data is looked
    for); the few of the other rules by a substring test."""

    def __init__(self, lowered: str, index: Callable[[FindingKind], NeedleIndex]) -> None:
        self._lowered = lowered
        self._index = index  # the needle index of a kind, built once per process
        self._found: dict[FindingKind, frozenset[str]] = {}

    def any_of(self, needles: tuple[str, ...], *, index: FindingKind | None) -> bool:
        if index is None:
            return any(needle in self._lowered for needle in needles)
        if (found := self._found.get(index)) is None:
            all_needles, pattern = self._index(index)
            hits = set()
            position = 0
            # Searching again from the next character finds needles that overlap a hit.
            while (match := pattern.search(self._lowered, position)) is not None:
                hits.add(match.group())
                position = match.start() + 1
            found = frozenset(
                needle for needle in all_needles if any(hit.startswith(needle) for hit in hits)
            )
            self._found[index] = found
        return not found.isdisjoint(needles)
