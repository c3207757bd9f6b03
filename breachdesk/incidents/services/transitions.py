"""The only two ways a case changes: a move along an edge, and a step that records facts."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.audit.services import audit_record
from breachdesk.incidents.models import Incident
from breachdesk.incidents.workflow import STEPS, Action, Rule, State, Step, may, rule_for
from breachdesk.lib.errors import DomainError
from breachdesk.orgs.scoping import roles_at


class TransitionRefused(DomainError):
    """A move or step the workflow's tables do not allow now; the message is for the user.

    Only the tables refuse this way (the state, the roles, the fields a move requires, its
    check, or a concurrent move). A service refusing what a person wrote raises DomainError.
    """


def audit_value(value: Any) -> Any:
    """A value as the audit log keeps it: JSON, with rows as their id and text."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "text": str(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_value(item) for item in value]
    return value


def audit_changes(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The {field: {old, new}} of the values in `new` that differ from `old`."""
    found = {}
    for name, value in new.items():
        before, after = audit_value(old.get(name)), audit_value(value)
        if before != after:
            found[f"{prefix}{name}"] = {"old": before, "new": after}
    return found


def _require_atomic(what: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{what} must run inside transaction.atomic()")


def _check_may(rule: Rule | Step, incident: Incident, actor: User) -> None:
    is_assignee = incident.assignee_id is not None and incident.assignee_id == actor.pk
    if not may(rule, roles=roles_at(user=actor, unit=incident.unit), is_assignee=is_assignee):
        raise TransitionRefused(_("You are not allowed to take this step on this case."))


def _not_now(incident: Incident) -> TransitionRefused:
    return TransitionRefused(
        _("This step is not possible while the case is %(state)s.")
        % {"state": State(incident.state).label}
    )


def incident_transition(
    *,
    incident: Incident,
    actor: User,
    action: Action,
    changes: dict[str, Any] | None = None,
    note: str = "",
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Incident:
    """Move `incident` along the edge named `action`, applying `changes`, and audit it.

    The rule's own change (the time of the move …) comes first, then `changes`.

    The only code that changes an incident's state. It checks the rule of the transition table,
    swaps the state only if nobody moved the case meanwhile, and writes the audit event, all in
    one transaction. Call it inside transaction.atomic() with any related writes.
    """
    source = State(incident.state)
    try:
        target, rule = rule_for(action, source)
    except KeyError:
        raise _not_now(incident) from None
    _check_may(rule, incident, actor)
    _require_atomic("incident_transition")
    if rule.change is not None:
        changes = {**rule.change(actor, now or timezone.now()), **(changes or {})}
    changes = changes or {}
    old_values = {name: getattr(incident, name) for name in changes}
    for name, value in changes.items():
        setattr(incident, name, value)
    try:
        if not rule.applies(incident):
            raise _not_now(incident)
        missing = [name for name in rule.requires if getattr(incident, name) in (None, "")]
        if missing:
            raise TransitionRefused(
                _("Fill in before this step: %(fields)s.")
                % {
                    "fields": ", ".join(
                        str(getattr(Incident._meta.get_field(name), "verbose_name", name))
                        for name in missing
                    )
                }
            )
        if rule.note_required and not note.strip():
            raise TransitionRefused(_("Write a note that explains this step."), field="note")
        refusal = rule.check(incident) if rule.check is not None else None
        if refusal:
            raise TransitionRefused(str(refusal))
    except TransitionRefused:
        for name, value in old_values.items():
            setattr(incident, name, value)
        raise
    swapped = Incident.objects.filter(pk=incident.pk, state=source).update(state=target, **changes)
    if swapped != 1:
        for name, value in old_values.items():
            setattr(incident, name, value)
        raise TransitionRefused(
            _("Someone else changed this case a moment ago. Reload the page and try again.")
        )
    incident.state = target
    audit_record(
        kind=f"incident.{action}",
        actor=actor,
        incident=incident,
        data={
            "from": source,
            "to": target,
            "changes": audit_changes(old_values, changes) if changes else {},
            "note": note,
            **(details or {}),
        },
        at=now,
    )
    return incident


def step_check(*, incident: Incident, actor: User, action: Action) -> None:
    """Refuse (TransitionRefused) unless `actor` may take the step `action` on `incident` now."""
    step = STEPS[action]
    if not step.applies(incident):
        raise _not_now(incident)
    _check_may(step, incident, actor)


def incident_step(
    *,
    incident: Incident,
    actor: User,
    action: Action,
    changes: dict[str, Any] | None = None,
    recorded: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Incident:
    """Record facts on `incident` without moving it, by the step named `action`, and audit it.

    The only code that changes a case outside a transition. It checks the step table (state and
    roles), applies `changes` to the incident only if nobody moved the case meanwhile, and
    records them with `recorded` (changes of related rows, as {name: {old, new}}) in the
    timeline, in the caller's transaction.
    """
    step_check(incident=incident, actor=actor, action=action)
    _require_atomic("incident_step")
    changes = changes or {}
    old_values = {name: getattr(incident, name) for name in changes}
    # Updating the state to itself takes the row lock, so a concurrent move waits or loses.
    touched = Incident.objects.filter(pk=incident.pk, state=incident.state).update(
        state=incident.state, **changes
    )
    if touched != 1:
        raise TransitionRefused(
            _("Someone else changed this case a moment ago. Reload the page and try again.")
        )
    for name, value in changes.items():
        setattr(incident, name, value)
    audit_record(
        kind=f"incident.{action}",
        actor=actor,
        incident=incident,
        data={
            "changes": {**audit_changes(old_values, changes), **(recorded or {})},
            **(details or {}),
        },
        at=now,
    )
    return incident


Row = TypeVar("Row", bound=models.Model)


def incident_step_row(
    *,
    incident: Incident,
    actor: User,
    action: Action,
    row: Row,
    values: dict[str, Any],
    prefix: str,
    changes: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Row:
    """Record `values` on a row of `incident` (new or existing) by the step `action`.

    The step is checked and its changes audited first, as `prefix`.field; then the row is
    saved. Call it inside the transaction that locked the row.
    """
    old = {name: getattr(row, name) for name in values} if row.pk else {}
    incident_step(
        incident=incident,
        actor=actor,
        action=action,
        changes=changes,
        recorded=audit_changes(old, values, prefix=prefix),
        details=details,
        now=now,
    )
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row
