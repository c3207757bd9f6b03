"""What the privacy guard finds in the texts a public document would carry, and the masks the
producer chose for them: which texts of each document are read is the documents' knowledge, the
guard (breachdesk.guard) only scans and masks them.

A notification to IMY becomes a public document at IMY; the letter goes to every person
affected; a committee report is read aloud in a public meeting; the incident log is a public
document of the controller (docs/documents.md). The texts are read from the document's
own context, so the guard sees what the document would say, in its language. The person
producing it sees each finding with where it is, may mask it (a neutral marker in the
document; the case keeps its text, the case officer needs it), and produces only after
confirming what is left; the guard advises, it never blocks.
"""

import copy
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from breachdesk.documents.models import DocumentKind
from breachdesk.guard.masking import FieldFinding, MaskedText, guard_mask_tokens

# A place in a context: the keys and list indexes that lead to a text.
Path = tuple[str | int, ...]

# What a mask never changes elsewhere in a document: the controller's own details and the
# document's header, which the notification and the letter need as they are.
_KEPT = frozenset({"controller", "document"})


@dataclass(frozen=True)
class DocumentText:
    """One text of a document the guard reads: `field` names it in a mask's token, `label` is
    where the user finds it, `path` where it is in the document's context."""

    field: str
    label: str
    path: Path
    text: str
    security: bool


def _facts(sections: list[dict[str, Any]], at: Path) -> Iterator[DocumentText]:
    # The controller's own contact details are not checked: IMY needs them.
    for i, section in enumerate(sections):
        if section["key"] == "controller":
            continue
        for j, fact in enumerate(section["facts"]):
            yield DocumentText(
                field=f"fact.{fact['key']}",
                label=str(fact["label"]),
                path=(*at, i, "facts", j, "value"),
                text=str(fact["value"]),
                security=True,
            )


def _texts(kind: str, context: Mapping[str, Any]) -> Iterator[DocumentText]:
    if kind == DocumentKind.IMY_NOTIFICATION:
        yield from _facts(context["imy_sections"], ("imy_sections",))
        for key, label in (
            ("delay_reason", _("Reasons for the delay")),
            ("other", _("Other information")),
        ):
            yield DocumentText(
                f"notification.{key}",
                label,
                ("notification", key),
                str(context["notification"][key]),
                True,
            )
    elif kind == DocumentKind.IMY_SUPPLEMENT:
        yield from _facts(context["supplement"]["sections"], ("supplement", "sections"))
        content = str(context["supplement"]["content"])
        yield DocumentText(
            "supplement.content",
            _("What this supplement adds"),
            ("supplement", "content"),
            content,
            True,
        )
    elif kind == DocumentKind.SUBJECTS_LETTER:
        # The texts every letter carries, from the case; the contact details are the case
        # officer's and the DPO's, given on purpose.
        for key, label in (
            ("what_happened", _("What happened, and why")),
            ("consequences", _("What it may lead to")),
            ("measures", _("What we have done and will do")),
            ("advice", _("What you can do yourself")),
        ):
            yield DocumentText(
                f"letter.{key}", label, ("letter", key), str(context["letter"][key]), True
            )
    elif kind == DocumentKind.COMMITTEE_REPORT:
        for i, section in enumerate(context["sections"]):
            for j, row in enumerate(section["rows"]):
                for key, label in (
                    ("incident", pgettext("committee report column", "Incident")),
                    ("measures", pgettext("committee report column", "Measure")),
                ):
                    yield DocumentText(
                        f"{row['dnr']}:{key}",
                        f"{row['dnr']}: {label}",
                        ("sections", i, "rows", j, key),
                        str(row[key]),
                        False,
                    )
    elif kind == DocumentKind.INCIDENT_LOG:
        for j, row in enumerate(context["rows"]):
            for key, label in (
                ("description", pgettext("incident log column", "Description of the incident")),
                ("measures", pgettext("incident log column", "Measures")),
                ("assessment", pgettext("incident log column", "Assessment")),
            ):
                yield DocumentText(
                    f"{row['dnr']}:{key}",
                    f"{row['dnr']}: {label}",
                    ("rows", j, key),
                    str(row[key]),
                    False,
                )


def document_texts(kind: str, context: Mapping[str, Any]) -> list[DocumentText]:
    """The texts of a document of `kind` the guard reads, from its context."""
    return [text for text in _texts(kind, context) if text.text.strip()]


CHECKED_KINDS = frozenset(
    {
        DocumentKind.IMY_NOTIFICATION,
        DocumentKind.IMY_SUPPLEMENT,
        DocumentKind.SUBJECTS_LETTER,
        DocumentKind.COMMITTEE_REPORT,
        DocumentKind.INCIDENT_LOG,
    }
)


@dataclass(frozen=True)
class DocumentCheck:
    """A document's context with the chosen masks applied, what they masked, and what the
    guard still finds in it."""

    context: dict[str, Any]
    masked: list[FieldFinding]
    findings: list[FieldFinding]

    @property
    def masks(self) -> list[str]:
        """The tokens of the masks applied, to be carried by the form and kept with the
        document."""
        return [item.token for item in self.masked]


def document_check(
    kind: str,
    context: Mapping[str, Any],
    chosen: Collection[str] = (),
    *,
    names: Iterable[str] = (),
) -> DocumentCheck:
    """Check the texts of a document of `kind` after masking the findings named in `chosen`.

    A text masked is masked wherever the context repeats it (a fact is also a placeholder of
    its own: {{ incident.description }}), and a masked finding wherever a part of that text is
    repeated ({{ measures }}), but never in the controller's details or the header.
    """
    names = tuple(names)
    results: list[tuple[DocumentText, MaskedText]] = [
        (
            text,
            guard_mask_tokens(
                text.field, text.label, text.text, chosen, security=text.security, names=names
            ),
        )
        for text in document_texts(kind, context)
    ]
    masked_context = copy.deepcopy(dict(context))
    changed = [(text, result) for text, result in results if result.masked]
    if changed:
        at = {text.path: result.text for text, result in changed}
        wholes = [(text.text, result.text) for text, result in changed]
        pieces = sorted(
            {
                (item.finding.text, item.marker)
                for _text, result in changed
                for item in result.masked
            },
            key=lambda piece: -len(piece[0]),
        )
        for key in masked_context:
            if key not in _KEPT:
                masked_context[key] = _masked_value(
                    masked_context[key], (key,), at=at, wholes=wholes, pieces=pieces
                )
    return DocumentCheck(
        context=masked_context,
        masked=[item for _text, result in results for item in result.masked],
        findings=[item for _text, result in results for item in result.findings],
    )


def _masked_value(
    value: Any,
    path: Path,
    *,
    at: Mapping[Path, str],
    wholes: list[tuple[str, str]],
    pieces: list[tuple[str, str]],
) -> Any:
    if path in at:
        return at[path]
    if isinstance(value, dict):
        return {
            key: _masked_value(item, (*path, key), at=at, wholes=wholes, pieces=pieces)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [
            _masked_value(item, (*path, index), at=at, wholes=wholes, pieces=pieces)
            for index, item in enumerate(value)
        ]
    if not isinstance(value, str) or not value:
        return value
    text = value
    for whole, masked in wholes:
        if whole in text:
            text = text.replace(whole, masked)
    if text == value and any(value in whole for whole, _masked in wholes):
        # A part of a masked text, repeated on its own: mask what was masked in it.
        for found, marker in pieces:
            text = text.replace(found, marker)
    return text
