"""Which controllers and units a person may see and act in, by role.

Every scope is expressed in SQL (an EXISTS over the person's memberships), never as a list of
ids loaded into Python, so lists stay fast as the register grows.

A membership covers:
- the whole controller when it has no unit;
- its unit, and the unit's sub-units when `include_subunits` is set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from breachdesk.orgs.models import Controller, Membership, Role, Unit

if TYPE_CHECKING:
    # The person's type, for the type checker only: orgs sits below accounts.
    from breachdesk.accounts.models import User

# Roles that read the incidents of the units they cover (a reporter reads only their own).
CASE_READER_ROLES: frozenset[Role] = frozenset(
    {
        Role.REGISTRAR,
        Role.COORDINATOR,
        Role.DPO,
        Role.DECISION_MAKER,
        Role.RESPONSIBLE_MANAGER,
    }
)


# Roles whose holders over a whole controller produce its reports across cases (committee
# report, incident log): they read every case of it.
CONTROLLER_REPORT_ROLES: frozenset[Role] = frozenset(
    {Role.REGISTRAR, Role.COORDINATOR, Role.DPO, Role.DECISION_MAKER}
)


def memberships_covering(
    *, user: User, roles: Iterable[Role], controller_ref: str, unit_ref: str
) -> QuerySet[Membership]:
    """Memberships of `user` in `roles` that cover the outer row's controller and unit.

    `controller_ref` and `unit_ref` name the outer query's fields, for use inside Exists();
    `unit_ref="pk"` scopes a query of units themselves.
    """
    path_ref = "path" if unit_ref == "pk" else f"{unit_ref}__path"
    target_path = ExpressionWrapper(OuterRef(path_ref), output_field=CharField())
    return (
        Membership.objects.filter(
            user=user, role__in=list(roles), controller=OuterRef(controller_ref)
        )
        .annotate(target_path=target_path)
        .filter(
            Q(unit__isnull=True)
            | Q(unit=OuterRef(unit_ref))
            | Q(include_subunits=True, target_path__startswith=F("unit__path"))
        )
    )


def covers(
    *, user: User, roles: Iterable[Role], controller_ref: str = "controller", unit_ref: str = "unit"
) -> Exists:
    """An EXISTS expression: does `user` hold one of `roles` over the outer row?"""
    return Exists(
        memberships_covering(
            user=user, roles=roles, controller_ref=controller_ref, unit_ref=unit_ref
        )
    )


def memberships_over(*, unit: Unit) -> QuerySet[Membership]:
    """Everyone's memberships that cover `unit` (directly, above it, or controller-wide)."""
    return Membership.objects.filter(controller_id=unit.controller_id).filter(
        Q(unit__isnull=True)
        | Q(unit=unit)
        | Q(include_subunits=True, unit_id__in=_ancestor_ids(unit))
    )


def roles_at(*, user: User, unit: Unit) -> set[Role]:
    """The roles `user` holds over `unit` (directly, above it, or controller-wide)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    found = memberships_over(unit=unit).filter(user=user)
    return {Role(role) for role in found.values_list("role", flat=True)}


def _ancestor_ids(unit: Unit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def controllers_where(*, user: User, roles: Iterable[Role]) -> QuerySet[Controller]:
    """Controllers in which `user` holds one of `roles` anywhere."""
    return Controller.objects.filter(
        Exists(
            Membership.objects.filter(user=user, role__in=list(roles), controller=OuterRef("pk"))
        )
    )


def controllers_wholly_covered(*, user: User, roles: Iterable[Role]) -> QuerySet[Controller]:
    """Controllers in which `user` holds one of `roles` over the whole controller (not one
    unit): those whose reports across all cases they may produce."""
    return Controller.objects.filter(
        Exists(
            Membership.objects.filter(
                user=user, role__in=list(roles), controller=OuterRef("pk"), unit__isnull=True
            )
        )
    )


def units_where(*, user: User, roles: Iterable[Role]) -> QuerySet[Unit]:
    """Units covered by one of `user`'s memberships in `roles`."""
    return Unit.objects.filter(
        covers(user=user, roles=roles, controller_ref="controller", unit_ref="pk")
    )


def reportable_units(*, user: User) -> QuerySet[Unit]:
    """Units a person may report an incident for: every unit of each controller they work in."""
    return Unit.objects.filter(
        Exists(Membership.objects.filter(user=user, controller=OuterRef("controller")))
    ).select_related("controller")


def home_unit(*, user: User) -> Unit | None:
    """The unit a person belongs to: their first unit membership, preferring the reporter role."""
    membership = (
        Membership.objects.filter(user=user, unit__isnull=False)
        .select_related("unit")
        .annotate(rank=Case(When(role=Role.REPORTER, then=Value(0)), default=Value(1)))
        .order_by("rank", "pk")
        .first()
    )
    return membership.unit if membership is not None else None


AUDIT_ROLES: tuple[Role, ...] = (Role.DPO, Role.ADMINISTRATOR)


def audit_controllers(*, user: User) -> QuerySet[Controller]:
    """Controllers whose audit trail `user` reads: DPO or administrator of the whole of it."""
    if not user.is_authenticated or not user.is_active:
        return Controller.objects.none()
    return controllers_wholly_covered(user=user, roles=AUDIT_ROLES).order_by("name", "pk")


def audit_allowed(*, user: User, controller_id: int) -> bool:
    """May `user` read the audit trail of the controller `controller_id`?"""
    return audit_controllers(user=user).filter(pk=controller_id).exists()
