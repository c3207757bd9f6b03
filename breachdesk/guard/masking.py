"""Replace what the privacy guard found with a neutral marker naming its kind.

A reporter who ticks a finding gets "[personnummer or samordningsnummer removed]" in its place;
a producer of a public document gets the same in the document (never in the case); the register
clean-up prints excerpts masked the same way, so it never repeats the personal data it looks for.
The marker is built from the kind's label in the active language, so a kind added to the guard
is masked without a change here.
"""

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from breachdesk.guard.base import Finding, FindingKind
from breachdesk.guard.scan import guard_scan

__all__ = [
    "FieldFinding",
    "MaskedText",
    "field_findings",
    "finding_token",
    "guard_marker",
    "guard_mask",
    "guard_mask_chosen",
    "guard_mask_spans",
    "guard_mask_tokens",
    "text_digest",
]

# Characters of text shown either side of a finding; cut back to whole words.
AROUND = 40


def guard_marker(kind: str) -> str:
    """The neutral marker that replaces a finding of `kind`, in the active language."""
    return _("[%(kind)s removed]") % {"kind": FindingKind(kind).label}


def guard_mask_spans(
    text: str, findings: Iterable[Finding]
) -> tuple[str, list[tuple[Finding, int, int]]]:
    """`text` with each finding replaced by its marker, and for each finding replaced the
    (finding, start, end) of its marker in the result, in order of position.

    Works right to left so the offsets of the findings not yet replaced stay valid. A finding
    that overlaps one already replaced is skipped (guard_scan never returns overlapping ones);
    a finding whose text is not at its offsets was found in another text: ValueError.
    """
    masked = text
    replaced: list[tuple[Finding, str]] = []  # right to left
    limit = len(text)
    for finding in sorted(findings, key=lambda item: (item.start, item.end), reverse=True):
        if text[finding.start : finding.end] != finding.text:
            raise ValueError(f"finding at {finding.start}:{finding.end} is not in this text")
        if finding.end > limit:
            continue
        marker = guard_marker(finding.kind)
        masked = masked[: finding.start] + marker + masked[finding.end :]
        replaced.append((finding, marker))
        limit = finding.start
    spans: list[tuple[Finding, int, int]] = []
    shift = 0  # how much the markers to the left have lengthened the text
    for finding, marker in reversed(replaced):
        spans.append((finding, finding.start + shift, finding.start + shift + len(marker)))
        shift += len(marker) - (finding.end - finding.start)
    return masked, spans


def guard_mask(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each finding's span replaced by a neutral marker naming its kind."""
    return guard_mask_spans(text, list(findings))[0]


def guard_mask_chosen(text: str, findings: Iterable[Finding], chosen: Collection[str]) -> str:
    """`text` with only the findings whose `finding_token` is in `chosen` masked."""
    return guard_mask(text, [item for item in findings if finding_token(item) in chosen])


def finding_token(finding: Finding) -> str:
    """Names a finding in a form (a checkbox value): its kind and offsets in the scanned text."""
    return f"{finding.kind}:{finding.start}:{finding.end}"


def text_digest(text: str) -> str:
    """A short hash of a scanned text: a mask chosen for it is not applied to another text."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FieldFinding:
    """A finding in one text, with the words around it to show the user.

    `field` names where the text comes from (a form field, a fact of a document, a column of a
    report's row), so that a mask can be applied there; `label` is what the user sees. With a
    `digest` (text_digest of the scanned text) the token holds only for that very text.
    """

    field: str
    label: str
    finding: Finding
    before: str
    after: str
    digest: str = ""

    @property
    def kind_label(self) -> str:
        return str(FindingKind(self.finding.kind).label)

    @property
    def marker(self) -> str:
        return guard_marker(self.finding.kind)

    @property
    def token(self) -> str:
        token = f"{self.field}:{finding_token(self.finding)}"
        return f"{token}:{self.digest}" if self.digest else token


def field_findings(
    field: str,
    label: str,
    text: str,
    *,
    security: bool = False,
    names: Iterable[str] = (),
    digest: str = "",
) -> list[FieldFinding]:
    """What the guard finds in `text`, the value of the field `field` labelled `label`."""
    return [
        _field_finding(field, label, text, finding, digest=digest)
        for finding in guard_scan(text, security=security, names=names)
    ]


def _field_finding(
    field: str,
    label: str,
    shown: str,
    finding: Finding,
    *,
    digest: str,
    span: tuple[int, int] | None = None,
) -> FieldFinding:
    # `shown` is the text the words around come from; `span` where the finding (or its marker)
    # is in it, when that is not at the finding's own offsets.
    start, end = span or (finding.start, finding.end)
    return FieldFinding(
        field=field,
        label=label,
        finding=finding,
        before=_words_before(shown, start),
        after=_words_after(shown, end),
        digest=digest,
    )


@dataclass(frozen=True)
class MaskedText:
    """One text with the masks chosen for it applied: the masked text, what was masked (with
    the marker in the words around), and what the guard still finds in the masked text."""

    text: str
    masked: list[FieldFinding]
    findings: list[FieldFinding]

    @property
    def tokens(self) -> list[str]:
        return [item.token for item in self.masked]


def guard_mask_tokens(
    field: str,
    label: str,
    text: str,
    chosen: Collection[str],
    *,
    security: bool = False,
    names: Iterable[str] = (),
) -> MaskedText:
    """`text` with the findings named in `chosen` (FieldFinding.token with a digest) masked.

    A token holds for its field, the digest of this very text, a kind and offsets inside it: a
    token made for an earlier wording is ignored. The masked text is scanned again; a finding
    left is given with its offsets in `text`, so that its token can be chosen next.
    """
    names = tuple(names)
    digest = text_digest(text)
    ticked = [
        finding
        for token in chosen
        if (finding := _token_finding(token, field=field, text=text, digest=digest)) is not None
    ]
    masked_text, spans = guard_mask_spans(text, ticked)
    masked = [
        _field_finding(field, label, masked_text, finding, digest=digest, span=(start, end))
        for finding, start, end in spans
    ]
    findings = []
    for finding in guard_scan(masked_text, security=security, names=names):
        original = _unmasked(finding, spans)
        findings.append(
            _field_finding(
                field,
                label,
                masked_text,
                original or finding,
                digest=digest if original else "",
                span=(finding.start, finding.end),
            )
        )
    return MaskedText(text=masked_text, masked=masked, findings=findings)


def _token_finding(token: str, *, field: str, text: str, digest: str) -> Finding | None:
    head, sep, tail = token.rpartition(f":{digest}")
    if not sep or tail or not head.startswith(f"{field}:"):
        return None
    kind, _sep, offsets = head.removeprefix(f"{field}:").partition(":")
    start, _sep, end = offsets.partition(":")
    if kind not in FindingKind.values or not (start.isdigit() and end.isdigit()):
        return None
    first, last = int(start), int(end)
    if not 0 <= first < last <= len(text):
        return None
    return Finding(FindingKind(kind), text[first:last], first, last, True)


def _unmasked(finding: Finding, spans: list[tuple[Finding, int, int]]) -> Finding | None:
    """`finding`, found in the masked text, with its offsets in the text before masking; None
    when it overlaps a marker."""
    shift = 0
    for masked, start, end in spans:
        if start < finding.end and finding.start < end:
            return None
        if end <= finding.start:
            shift += (masked.end - masked.start) - (end - start)
    return replace(finding, start=finding.start + shift, end=finding.end + shift)


def _words_before(text: str, start: int) -> str:
    if start <= AROUND:
        return text[:start]
    cut = text[start - AROUND : start]
    space = cut.find(" ")
    return "…" + (cut[space + 1 :] if space >= 0 else cut)


def _words_after(text: str, end: int) -> str:
    if len(text) - end <= AROUND:
        return text[end:]
    cut = text[end : end + AROUND]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut) + "…"
