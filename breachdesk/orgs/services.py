"""Writes and decisions on the organisation: diary numbers and who handles a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from breachdesk.orgs.diary import counter_year, render_number
from breachdesk.orgs.models import DiaryCounter, DiarySeries, Membership, Role, Unit

if TYPE_CHECKING:
    # The person's type, for the type checker only: orgs sits below accounts.
    from breachdesk.accounts.models import User


@dataclass(frozen=True)
class DiaryNumber:
    series: DiarySeries
    year: int
    number: int
    text: str


def diary_number_take(*, series: DiarySeries, on: date) -> DiaryNumber:
    """Take the next number of `series` for a registration on day `on`.

    Must run inside the registering transaction: if that transaction rolls back, so does the
    counter, which keeps the series gapless. The counter row is incremented with an UPDATE
    before it is read, so concurrent registrations queue on its row lock (PostgreSQL) or on
    the database write lock (SQLite) and each reads its own number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("diary_number_take must run inside transaction.atomic()")
    year = counter_year(series.number_format, on)
    counters = DiaryCounter.objects.filter(series=series, year=year)
    if not counters.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                DiaryCounter.objects.create(series=series, year=year, last_number=1)
        except IntegrityError:
            # Another registration created this year's counter first: take the next number.
            counters.update(last_number=F("last_number") + 1)
    number = counters.values_list("last_number", flat=True).get()
    text = render_number(series.number_format, number=number, on=on)
    return DiaryNumber(series=series, year=year, number=number, text=text)


class AssignmentReason:
    COORDINATOR = "coordinator"
    STAND_IN = "stand_in"
    NONE = "none"
    CHOSEN = "chosen"


ASSIGNMENT_REASON_LABELS = {
    AssignmentReason.COORDINATOR: _("the unit's GDPR coordinator"),
    AssignmentReason.STAND_IN: _("the coordinator's manager, as the coordinator is absent"),
    AssignmentReason.NONE: _("no coordinator is present for this unit"),
    AssignmentReason.CHOSEN: _("chosen by the registrar"),
}


@dataclass(frozen=True)
class Assignment:
    user: User | None
    reason: str
    absent_coordinator: User | None = None

    @property
    def reason_label(self) -> str:
        return str(ASSIGNMENT_REASON_LABELS[self.reason])


def role_holders_by_level(*, unit: Unit, role: Role) -> list[list[Membership]]:
    """Active holders of `role` over `unit`, grouped by level, nearest first.

    The levels are the unit itself, each parent upwards (only memberships that include
    sub-units count there), then controller-wide memberships; levels with nobody are left out.
    """
    ancestor_ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    memberships = list(
        Membership.objects.filter(controller_id=unit.controller_id, role=role, user__is_active=True)
        .filter(Q(unit_id__in=ancestor_ids) | Q(unit__isnull=True))
        .select_related("user", "user__manager")
        .order_by("pk")
    )
    levels: list[int | None] = [*reversed(ancestor_ids), None]
    found = []
    for level in levels:
        here = [
            m
            for m in memberships
            if m.unit_id == level and (level == unit.pk or level is None or m.include_subunits)
        ]
        if here:
            found.append(here)
    return found


def nearest_role_holder(*, unit: Unit, role: Role) -> User | None:
    """The first active holder of `role` at the level nearest `unit`, or None."""
    levels = role_holders_by_level(unit=unit, role=role)
    return levels[0][0].user if levels else None


def coordinator_suggest(*, unit: Unit, on: date) -> Assignment:
    """Return who should handle a case of `unit` registered on day `on`.

    The coordinators closest to the unit are asked first (the unit itself, then each parent,
    then controller-wide ones). A present coordinator at that level is chosen; when all are
    absent, the first coordinator's manager stands in, if present.
    """
    for here in role_holders_by_level(unit=unit, role=Role.COORDINATOR):
        for membership in here:
            if not membership.user.is_absent_on(on):
                return Assignment(user=membership.user, reason=AssignmentReason.COORDINATOR)
        absent = here[0].user
        manager = absent.manager
        if manager is not None and manager.is_active and not manager.is_absent_on(on):
            return Assignment(
                user=manager, reason=AssignmentReason.STAND_IN, absent_coordinator=absent
            )
        return Assignment(user=None, reason=AssignmentReason.NONE, absent_coordinator=absent)
    return Assignment(user=None, reason=AssignmentReason.NONE)
