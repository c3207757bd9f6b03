"""Who may see which incident: applies orgs.scoping to incidents.

Every list starts from incidents_visible_to(); every page of one case goes through
incident_get_for_user(). A case out of scope is a 404, exactly like a missing case.

A case marked as protected (identity or secret information, OSL) is read only by its case
officer, a DPO covering it and the people named as its readers; while it waits for
registration, also by the registrars covering it (they must register it). docs/protected-cases.md
gives the reasons.
"""

import enum
import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Incident, ProtectedReader
from breachdesk.incidents.workflow import (
    ACTIONS,
    STEPS,
    TRANSITIONS,
    Action,
    Rule,
    State,
    Step,
    may,
    sources_of,
)
from breachdesk.lib.keyset import either
from breachdesk.orgs.models import Role
from breachdesk.orgs.scoping import CASE_READER_ROLES, reaches, roles_at


class Need(enum.Enum):
    REPORT = "report"  # the report as filed, and its state: reporters see their own
    CASE = "case"  # the whole case: case readers of the unit, and the assignee


def case_scope_arms(user: User) -> list[Q]:
    """The cases `user` may read, as the arms of one OR, each a filter on literal ids that an
    index of the incident table reads in the register's order.

    The person's memberships (read once per request) and the protected cases they are named
    on are read first; then: the case officer reads their cases; the case readers of a unit
    read its ordinary cases (an arm per controller covered wholly and per unit covered); a
    protected case is read by a DPO covering it, its named readers, and, until it is
    registered, the registrars covering it.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    found = reaches(
        user=user,
        groups={"read": CASE_READER_ROLES, "dpo": [Role.DPO], "register": [Role.REGISTRAR]},
    )
    read = found["read"]
    # `protected__in=[…]`, not `protected=…`: SQL's `NOT protected` is no equality to an
    # index's planner, `protected IN (false)` is, so the arm reads its index in order.
    ordinary, marked = Q(protected__in=[False]), Q(protected__in=[True])
    arms = [Q(assignee_id=user.pk)]
    arms += [Q(controller_id=c) & ordinary for c in sorted(read.controllers)]
    arms += [Q(unit_id=u) & ordinary for u in sorted(read.units)]
    # Protected cases are few: one arm for each way to read them.
    if found["dpo"]:
        arms.append(marked & found["dpo"].q())
    if found["register"]:
        arms.append(marked & Q(state=State.REPORTED) & found["register"].q())
    named = list(
        ProtectedReader.objects.filter(user=user).order_by().values_list("incident_id", flat=True)
    )
    if named:
        arms.append(marked & Q(pk__in=named))
    return arms


def registered_arms(user: User) -> list[Q]:
    """The protected cases `user` registered, while they still register in its controller:
    the register lists them (it shows no facts of a report), though the case itself stays
    out of their scope."""
    if not user.is_authenticated or not user.is_active:
        return []
    found = reaches(user=user, groups={"register": [Role.REGISTRAR]})["register"]
    if not found:
        return []
    return [Q(protected__in=[True]) & Q(registered_by_id=user.pk) & found.q()]


def case_scope(user: User) -> Q:
    """The cases `user` may read, as one filter (the OR of case_scope_arms()). The register,
    search, the export, *Mina uppgifter* and every later list across cases start from it."""
    return either(case_scope_arms(user))


def incidents_visible_to(user: User) -> QuerySet[Incident]:
    """Incidents whose case `user` may read (not counting their own reports as reporter)."""
    if not user.is_authenticated or not user.is_active:
        return Incident.objects.none()
    return Incident.objects.filter(case_scope(user))


def reports_of(user: User) -> QuerySet[Incident]:
    """The incidents `user` reported."""
    if not user.is_authenticated or not user.is_active:
        return Incident.objects.none()
    return Incident.objects.filter(reporter=user)


# Everything the case page names of the incident itself, read with it in one query.
CASE_RELATED = (
    "controller",
    "unit",
    "diary_series",
    "reporter",
    "registered_by",
    "assignee",
    "acknowledged_by",
    "imy_decided_by",
    "decision_maker",
    "protected_by",
)


def incident_get_for_user(user: User, code: uuid.UUID | str, need: Need) -> Incident:
    """Return the incident with `code` if `user` may see it for `need`, else raise Http404."""
    scope = incidents_visible_to(user)
    if need is Need.REPORT:
        scope = scope | reports_of(user)
    try:
        return scope.select_related(*CASE_RELATED).get(code=code)
    except (Incident.DoesNotExist, ValueError):
        raise Http404 from None


def actions_for(user: User, incident: Incident) -> list[tuple[Action, Rule | Step]]:
    """The moves and steps `user` may take on `incident` now, as (action, rule)."""
    roles: set[Role] = roles_at(user=user, unit=incident.unit)
    is_assignee = incident.assignee_id is not None and incident.assignee_id == user.pk
    found: list[tuple[Action, Rule | Step]] = []
    for (source, _target), rule in TRANSITIONS.items():
        if (
            State(incident.state) == source
            and rule.applies(incident)
            and may(rule, roles=roles, is_assignee=is_assignee)
        ):
            found.append((rule.action, rule))
    for step in STEPS.values():
        if step.applies(incident) and may(step, roles=roles, is_assignee=is_assignee):
            found.append((step.action, step))
    return found


def incidents_open_to(user: User, action: Action, *, among: QuerySet[Incident]) -> list[Incident]:
    """The incidents of `among` on which `user` may take `action` now (what waits for them)."""
    entry = ACTIONS[action]
    if not entry.assignee_may and not user.memberships.filter(role__in=entry.roles).exists():
        return []
    candidates = among.filter(state__in=sources_of(action))
    return [
        incident
        for incident in candidates
        if any(found == action for found, _rule in actions_for(user, incident))
    ]
