"""The readable name of every key an audit event records, for the case's timeline and the
audit trail: the one place such names are made.

A key is a field of the case ("state"), a field of one of its rows named "row.field" (as the
services record them, "investigation.cause_detail"), or a detail an event keeps beside its
changes ("note", "page", "filters"). A field is named by its model's verbose name; the
details by DETAIL_LABELS; any other key is humanised ("some_key" becomes "Some key"), never
shown as it is stored.
"""

import re
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.models import (
    Contact,
    Incident,
    Investigation,
    Measure,
    RiskAssessment,
)
from breachdesk.orgs.diary import series_text_shown

# The rows of a case whose fields the audit log names "row.field".
ROW_MODELS: dict[str, type[models.Model]] = {
    "investigation": Investigation,
    "contact": Contact,
    "measure": Measure,
    "risk_assessment": RiskAssessment,
}

# What events record beside the fields they change: the moves, the reads, the documents, the
# logins and the messages.
DETAIL_LABELS: dict[str, Promise] = {
    "about": _("about"),
    "as": _("as"),
    "assignment": _("how the case officer was chosen"),
    "changes": _("changes"),
    "claim": _("claim"),
    "complete": _("complete"),
    "delay_reason": _("reasons for the delay"),
    "document": _("document"),
    "document_kind": _("kind of document"),
    "direction": _("direction"),
    "kind": _("kind"),
    "number": _("document number"),
    "due_on": _("due"),
    "failures": _("failed attempts"),
    "filename": _("file name"),
    "filters": _("filters"),
    "follows": _("follows the recommendation"),
    "format": _("file format"),
    "from": _("from state"),
    "hours": _("hours"),
    "inputs": _("choices"),
    "language": _("language"),
    "late": _("late"),
    "locked_out": _("locked out"),
    "made_at": _("sent"),
    "method": _("login method"),
    "new": _("new value"),
    "note": _("note"),
    "old": _("previous value"),
    "page": _("page"),
    "people": _("people"),
    "reader": _("reader"),
    "reason": _("reason"),
    "reasons": _("reasons"),
    "replaced": _("replaced"),
    "rows": _("rows"),
    "score": _("severity (SE)"),
    "sha256": _("checksum"),
    "stand_in": _("stand-in"),
    "template": _("template"),
    "to": _("to state"),
    "unknown": _("not known yet"),
    "username": _("user name"),
    "value": _("value"),
    "version": _("version"),
}


def model_field(name: str) -> Any:
    """The model field a key names, or None: "row.field" on one of ROW_MODELS, else a field
    of the case."""
    row, _dot, field_name = name.rpartition(".")
    model = ROW_MODELS.get(row) if row else Incident
    if model is None:
        return None
    try:
        return model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None


def humanised(name: str) -> str:
    """`name` as words: its last part, underscores as spaces, the first letter capital."""
    last = re.split(r"[.:/]", str(name))[-1]
    words = " ".join(last.replace("_", " ").replace("-", " ").split())
    return capfirst(words) or "–"


def field_label(name: str) -> str:
    """The readable name of the key `name` of an event, in the active language."""
    field = model_field(name)
    label = getattr(field, "verbose_name", None) if field is not None else None
    if label is None and "." not in name:
        label = DETAIL_LABELS.get(name)
    if label is None:
        return humanised(name)
    return str(capfirst(str(label)))


def value_text(name: str, text: str) -> str:
    """A stored text value of the key `name` as it is shown: a diary series by an example of
    its numbers, not by its number format."""
    if name == "diary_series":
        return series_text_shown(text, on=timezone.localdate())
    return text
