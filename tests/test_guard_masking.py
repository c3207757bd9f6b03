"""guard_mask: what the guard found is replaced by a neutral marker naming its kind."""

import pytest
from django.utils import translation

from breachdesk.guard.base import Finding, FindingKind
from breachdesk.guard.masking import (
    field_findings,
    finding_token,
    guard_marker,
    guard_mask,
    guard_mask_chosen,
    guard_mask_spans,
)
from breachdesk.guard.scan import guard_scan

NUMBER = "19121212-1212"  # Skatteverket's well-known test number
TEXT = f"Eleven {NUMBER} fick brev, mejla anna@example.se eller ring 070-123 45 67 i dag."


def _at(text: str, part: str, kind: FindingKind) -> Finding:
    start = text.index(part)
    return Finding(kind, part, start, start + len(part), True)


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


def test_each_finding_is_replaced_at_its_offsets() -> None:
    findings = guard_scan(TEXT)
    assert [finding.kind for finding in findings] == ["personnummer", "email", "phone"]
    assert guard_mask(TEXT, findings) == (
        "Eleven [personnummer or samordningsnummer removed] fick brev, mejla "
        "[e-mail address removed] eller ring [phone number removed] i dag."
    )


def test_the_order_of_the_findings_does_not_matter() -> None:
    findings = guard_scan(TEXT)
    assert guard_mask(TEXT, reversed(findings)) == guard_mask(TEXT, findings)


def test_adjacent_findings_are_both_replaced() -> None:
    text = "ab12"
    findings = [
        Finding(FindingKind.NAME, "ab", 0, 2, True),
        Finding(FindingKind.PHONE, "12", 2, 4, False),
    ]
    assert guard_mask(text, findings) == "[name of a person removed][phone number removed]"


def test_findings_at_the_ends_of_the_text() -> None:
    text = f"{NUMBER} och {NUMBER}"
    findings = [_at(text, NUMBER, FindingKind.PERSONNUMMER)]
    findings.append(
        Finding(FindingKind.PERSONNUMMER, NUMBER, len(text) - len(NUMBER), len(text), True)
    )
    marker = "[personnummer or samordningsnummer removed]"
    assert guard_mask(text, findings) == f"{marker} och {marker}"


def test_no_findings_leave_the_text_as_it_is() -> None:
    assert guard_mask(TEXT, []) == TEXT


def test_a_finding_of_another_text_is_refused() -> None:
    with pytest.raises(ValueError):
        guard_mask("något helt annat", guard_scan(TEXT))


def test_an_overlapping_finding_is_skipped() -> None:
    text = "abcdef"
    findings = [
        Finding(FindingKind.NAME, "abcd", 0, 4, True),
        Finding(FindingKind.PHONE, "cdef", 2, 6, True),
    ]
    assert guard_mask(text, findings) == "ab[phone number removed]"


@pytest.mark.parametrize("kind", list(FindingKind))
def test_every_kind_has_a_marker_from_its_label(kind: FindingKind) -> None:
    text = "x secret y"
    masked = guard_mask(text, [Finding(kind, "secret", 2, 8, True)])
    assert masked == f"x [{kind.label} removed] y"
    assert guard_marker(kind.value) == f"[{kind.label} removed]"


@pytest.mark.parametrize("kind", list(FindingKind))
def test_a_marker_is_not_itself_found(kind: FindingKind) -> None:
    for language in ("en", "sv"):
        with translation.override(language):
            marker = guard_marker(kind)
            assert guard_scan(f"Det stod {marker} i texten.", security=True) == []


def test_the_marker_is_in_the_active_language() -> None:
    with translation.override("sv"):
        assert "personnummer eller samordningsnummer" in guard_marker(FindingKind.PERSONNUMMER)


def test_masking_is_idempotent() -> None:
    masked = guard_mask(TEXT, guard_scan(TEXT))
    assert guard_scan(masked) == []
    assert guard_mask(masked, guard_scan(masked)) == masked


def test_only_the_chosen_findings_are_masked() -> None:
    findings = guard_scan(TEXT)
    email = next(finding for finding in findings if finding.kind == FindingKind.EMAIL)
    masked = guard_mask_chosen(TEXT, findings, {finding_token(email)})
    assert "[e-mail address removed]" in masked
    assert NUMBER in masked and "070-123 45 67" in masked
    assert [finding.kind for finding in guard_scan(masked)] == ["personnummer", "phone"]


def test_the_spans_point_at_the_markers() -> None:
    masked, spans = guard_mask_spans(TEXT, guard_scan(TEXT))
    assert [masked[start:end] for _, start, end in spans] == [
        "[personnummer or samordningsnummer removed]",
        "[e-mail address removed]",
        "[phone number removed]",
    ]


def test_field_findings_show_whole_words_around_the_finding() -> None:
    text = "Detta är en ganska lång inledning utan något känsligt innan " + TEXT
    (first, *_rest) = field_findings("description", "Description", text)
    assert first.token == f"description:personnummer:{first.finding.start}:{first.finding.end}"
    shown = first.before.removeprefix("…")
    assert first.before.startswith("…") and shown.endswith("innan Eleven ")
    assert len(shown) <= 40 and text[text.index(shown) - 1] == " "  # whole words
    assert first.after.startswith(" fick brev") and first.after.endswith("…")
    assert first.kind_label == "personnummer or samordningsnummer"
