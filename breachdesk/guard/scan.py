"""Find what must not appear in a public text, so the user sees it before the text goes out.

A notification to IMY becomes a public document, committee reports are read aloud in public
meetings, and a report to the registrar should not carry more personal data than it needs. The
guard scans a text for personal data (personnummer, e-mail addresses, phone numbers, names, IP
addresses, postal addresses, bank account numbers, IBANs, payment card numbers, vehicle
registration numbers), for words revealing sensitive facts about a person and, on request, for
details of security weaknesses. It only reports: it never blocks and never changes the text.

Detection is a table of rules (``_rules``, here): a precompiled pattern finds candidates in one
pass over the text and a judge accepts, rejects or widens each one and says how sure it is. Word
lists are data files under ``data/`` so an administrator can extend them. When findings overlap,
findings of one kind are merged and, between kinds, the certain one wins, then the longer one.

The modules: this one holds the public API, the rule table and the overlap resolution;
``personal_rules`` the rules for e-mail addresses, phone numbers, IP addresses, names and
sensitive words; ``security_rules`` those for secrets and details of security weaknesses;
``number_rules`` the number-shaped rules (personnummer, postal addresses, bank accounts, IBANs,
payment cards, vehicle registration numbers); ``words`` the word-list machinery (data files,
word-list rules, needles); ``base`` the shared types and text helpers. ``masking`` replaces
findings by neutral markers. The guard knows nothing of cases or documents: its users say which
texts to scan.

Speed (bench/guard_scan.py): every pattern starts with a literal or a character class (word
boundaries are checked after the first character or by the judge), so the regex engine skips
ahead in C instead of trying each position; case-insensitive rules run on a lower-cased copy of
the text with the same offsets; a rule is skipped when a string it cannot match without ("@",
"://", "konto", the longest word of a word-list entry) is absent. The word-list needles are found
in one pass per kind, so a scan without ``security=True`` never builds the security index.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

from breachdesk.guard.base import (
    Finding,
    FindingKind,
    Rule,
    certain_word,
    lower_text,
    security_rule,
)
from breachdesk.guard.number_rules import (
    BANK_LABELS,
    BANK_NUMBER,
    CARD,
    IBAN,
    PERSONNUMMER,
    POSTCODE_PLACE,
    REGISTRATION,
    judge_bank,
    judge_card,
    judge_iban,
    judge_personnummer,
    judge_postcode_place,
    judge_registration,
)
from breachdesk.guard.personal_rules import (
    EMAIL_AT,
    FIRST_NAME_PAIR,
    FOREIGN_PHONE,
    IPV4,
    IPV6_COLON,
    PHONE,
    judge_email,
    judge_first_name_pair,
    judge_foreign_phone,
    judge_ipv4,
    judge_ipv6,
    judge_phone,
    known_name_rules,
    normalise_names,
    sensitive_word_rules,
)
from breachdesk.guard.security_rules import (
    CVE,
    HOST_DOT,
    PORT,
    PORT_PROTOCOL,
    SECRET,
    UNC_PATH,
    URL,
    VERSION,
    judge_host,
    judge_port,
    judge_secret,
    judge_unc_path,
    judge_url,
    judge_version,
    product_rules,
    security_word_rules,
)
from breachdesk.guard.words import NeedleIndex, Needles, needle_index

__all__ = ["guard_scan"]


def guard_scan(text: str, *, security: bool = False, names: Iterable[str] = ()) -> list[Finding]:
    """Findings in `text`, in order of position; security=True also looks for details of security
    weaknesses (IMY drafts); `names` are names of persons known to the case, found in any case."""
    lowered = lower_text(text)
    needles = Needles(lowered, _needle_index)
    candidates: list[Finding] = []
    for rule in _rules() + known_name_rules(normalise_names(names)):
        if rule.security_only and not security:
            continue
        if rule.needles and not needles.any_of(
            rule.needles, index=rule.kind if rule.indexed else None
        ):
            continue
        for match in rule.pattern.finditer(lowered if rule.lowered else text):
            verdict = rule.judge(match, text)
            if verdict is not None:
                start, end, certain = verdict
                finding = Finding(rule.kind, text[start:end], start, end, certain, rule.category)
                candidates.append(finding)
    return _resolve(text, candidates)


@cache
def _rules() -> tuple[Rule, ...]:
    """Every rule; built on first use (reads the data files once per process)."""
    kind = FindingKind
    secret_labels = ("lösenord", "pass", "pwd", "pin", "api", "token")
    return (
        Rule(kind.PERSONNUMMER, PERSONNUMMER, judge_personnummer),
        Rule(kind.EMAIL, EMAIL_AT, judge_email, needles=("@", "(at)", "[at]", "snabel-a")),
        Rule(kind.PHONE, PHONE, judge_phone),
        Rule(kind.PHONE, FOREIGN_PHONE, judge_foreign_phone, needles=("+",)),
        Rule(kind.IP, IPV4, judge_ipv4, needles=(".",)),
        Rule(kind.IP, IPV6_COLON, judge_ipv6, needles=(":",)),
        Rule(kind.NAME, FIRST_NAME_PAIR, judge_first_name_pair),
        Rule(kind.ADDRESS, POSTCODE_PLACE, judge_postcode_place),
        *(
            Rule(
                kind.BANK_ACCOUNT,
                re.compile(label + BANK_NUMBER),
                judge_bank,
                lowered=True,
                needles=(needle,),
            )
            for needle, label in BANK_LABELS.items()
        ),
        Rule(kind.IBAN, IBAN, judge_iban, lowered=True),
        Rule(kind.CARD, CARD, judge_card),
        Rule(kind.VEHICLE, REGISTRATION, judge_registration),
        *sensitive_word_rules(),
        Rule(kind.SECURITY, SECRET, judge_secret, lowered=True, needles=secret_labels),
        *security_word_rules(),
        *product_rules(),
        security_rule(CVE, certain_word, needles=("cve-",)),
        security_rule(VERSION, judge_version),
        security_rule(URL, judge_url, needles=("://",)),
        security_rule(UNC_PATH, judge_unc_path, lowered=False, needles=("\\\\",)),
        security_rule(HOST_DOT, judge_host, lowered=False),
        security_rule(PORT, judge_port),
        security_rule(PORT_PROTOCOL, judge_port, needles=("/tcp", "/udp")),
    )


@cache
def _needle_index(kind: FindingKind) -> NeedleIndex:
    """The needle index of the data-file rules of a kind, built once per process."""
    if kind == FindingKind.SENSITIVE:
        return needle_index(sensitive_word_rules())
    return needle_index(security_word_rules() + product_rules())


# --- Overlaps -----------------------------------------------------------------------------------

_PRIORITY = {
    FindingKind.PERSONNUMMER: 0,
    FindingKind.IBAN: 1,
    FindingKind.CARD: 2,
    FindingKind.BANK_ACCOUNT: 3,
    FindingKind.EMAIL: 4,
    FindingKind.IP: 5,
    FindingKind.PHONE: 6,
    FindingKind.ADDRESS: 7,
    FindingKind.VEHICLE: 8,
    FindingKind.NAME: 9,
    FindingKind.SENSITIVE: 10,
    FindingKind.SECURITY: 11,
}


def _merge_same_kind(text: str, candidates: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for finding in sorted(candidates, key=lambda f: (f.kind, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last is not None and last.kind == finding.kind and finding.start < last.end:
            end = max(last.end, finding.end)
            certain = last.certain or finding.certain
            merged[-1] = Finding(
                last.kind, text[last.start : end], last.start, end, certain, last.category
            )
        else:
            merged.append(finding)
    return merged


def _resolve(text: str, candidates: list[Finding]) -> list[Finding]:
    """Non-overlapping findings in order of position: overlapping findings of one kind are
    merged; between kinds the certain one wins, then the longer, then by kind."""
    ranked = sorted(
        _merge_same_kind(text, candidates),
        key=lambda f: (not f.certain, f.start - f.end, _PRIORITY[f.kind], f.start),
    )
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in ranked:
        index = bisect_right(starts, finding.start)
        if index > 0 and kept[index - 1].end > finding.start:
            continue
        if index < len(kept) and kept[index].start < finding.end:
            continue
        starts.insert(index, finding.start)
        kept.insert(index, finding)
    return kept
