"""What the privacy guard finds in the texts a public document would carry, before it is made.

A notification to IMY becomes a public document at IMY; a committee report is read aloud in a
public meeting (seed 004 §3.4.1, seed 000). The person producing either sees each finding with
the field it is in, and produces only after confirming; the guard advises, it never blocks.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from breachdesk.documents.guard import Finding, guard_scan
from breachdesk.documents.models import DocumentKind
from breachdesk.documents.reports import CommitteeSection
from breachdesk.incidents.models import Incident
from breachdesk.incidents.notification import FactSection

# Text around a finding shown to the user, so they can find it in the field.
_AROUND = 40


@dataclass(frozen=True)
class TextFinding:
    where: str
    finding: Finding
    before: str
    after: str


def _scan(where: str, text: str, *, security: bool, names: Iterable[str] = ()) -> list[TextFinding]:
    return [
        TextFinding(
            where=where,
            finding=finding,
            before=text[max(0, finding.start - _AROUND) : finding.start],
            after=text[finding.end : finding.end + _AROUND],
        )
        for finding in guard_scan(text, security=security, names=names)
    ]


def notification_findings(
    incident: Incident, sections: list[FactSection], inputs: Mapping[str, Any]
) -> list[TextFinding]:
    """Findings in what a draft to IMY would say: its facts (not the controller's own contact
    details, which IMY needs) and the texts written on the draft's form."""
    names = [incident.reporter_name]
    found = [
        item
        for section in sections
        if section.key != "controller"
        for fact in section.facts
        for item in _scan(fact.label, fact.value, security=True, names=names)
    ]
    for key, label in (
        ("delay_reason", _("Reasons for the delay")),
        ("other", _("Other information")),
        ("content", _("What this supplement adds")),
    ):
        found += _scan(label, str(inputs.get(key, "")), security=True, names=names)
    return found


def committee_findings(sections: list[CommitteeSection]) -> list[TextFinding]:
    """Findings in the texts of a committee report, which is read in a public meeting."""
    return [
        item
        for section in sections
        for row in section.rows
        for label, text in ((_("Incident"), row.incident), (_("Measures"), row.measures))
        for item in _scan(f"{row.dnr}: {label}", text, security=False)
    ]


CHECKED_KINDS = frozenset({DocumentKind.IMY_NOTIFICATION, DocumentKind.IMY_SUPPLEMENT})
