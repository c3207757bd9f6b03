"""Which controllers and units a person may see and act in, by role.

A membership covers:
- the whole controller when it has no unit;
- its unit, and the unit's sub-units when `include_subunits` is set.

Lists of cases are scoped by `reach()`: the person's handful of memberships are read once and
resolved into a small predicate (the controllers they cover wholly, the units they cover) that
filters the large table by indexed columns, so a list costs the same at a million cases as at
sixty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Exists,
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


@dataclass(frozen=True)
class Reach:
    """Where a person holds some roles: the controllers they cover wholly and the units they
    cover (sub-units resolved). Small: a person holds a handful of memberships."""

    controllers: frozenset[int] = frozenset()
    units: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.controllers or self.units)

    def q(self, *, controller: str = "controller_id", unit: str = "unit_id") -> Q:
        """The rows whose controller or unit this reach covers, as a filter on indexed
        columns (`controller` and `unit` name the row's fields). An empty reach matches no row."""
        found = Q(pk__in=[])
        if self.controllers:
            found |= Q(**{f"{controller}__in": sorted(self.controllers)})
        if self.units:
            found |= Q(**{f"{unit}__in": sorted(self.units)})
        return found


@dataclass(frozen=True)
class Held:
    """One of a person's memberships, as the scope reads it."""

    role: Role
    controller_id: int
    unit_id: int | None
    unit_path: str
    include_subunits: bool

    def covers(self, *, controller_id: int, unit_id: int | None, unit_path: str) -> bool:
        """Whether this membership covers a row of `controller_id` in the unit `unit_id`
        (whose materialised path is `unit_path`)."""
        if controller_id != self.controller_id:
            return False
        if self.unit_id is None or self.unit_id == unit_id:
            return True
        return (
            self.include_subunits and unit_id is not None and unit_path.startswith(self.unit_path)
        )


# Within a request, a person's memberships are read once (memberships_cached()).
_held: ContextVar[dict[int, tuple[Held, ...]] | None] = ContextVar("held", default=None)


@contextmanager
def memberships_cached() -> Iterator[None]:
    """Read each person's memberships at most once inside this block (one request): they do
    not change while a page is made, and every check of the page asks for them."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def memberships_held(*, user: User) -> tuple[Held, ...]:
    """Every membership of `user` (none for an anonymous or inactive person)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cache = _held.get()
    if cache is not None and user.pk in cache:
        return cache[user.pk]
    rows = (
        Membership.objects.filter(user=user)
        .order_by()
        .values_list("role", "controller_id", "unit_id", "unit__path", "include_subunits")
    )
    held = tuple(
        Held(
            role=Role(role),
            controller_id=controller_id,
            unit_id=unit_id,
            unit_path=path or "",
            include_subunits=below,
        )
        for role, controller_id, unit_id, path, below in rows
    )
    if cache is not None:
        cache[user.pk] = held
    return held


def reach(*, user: User, roles: Iterable[Role]) -> Reach:
    """Where `user` holds one of `roles`."""
    return reaches(user=user, groups={"roles": roles})["roles"]


def reaches(*, user: User, groups: dict[str, Iterable[Role]]) -> dict[str, Reach]:
    """Where `user` holds one of the roles of each group, by the group's name: the
    memberships (read once per request), and one query for the units below a unit when a
    membership includes them."""
    wanted = {name: frozenset(roles) for name, roles in groups.items()}
    every_role = set().union(*wanted.values())
    held = [h for h in memberships_held(user=user) if h.role in every_role]
    tops = {h.unit_path for h in held if h.unit_id is not None and h.include_subunits}
    subtree_units: list[tuple[int, int, str]] = []
    if tops:
        under = Q(pk__in=[])
        for path in sorted(tops):
            under |= Q(path__startswith=path)
        subtree_units = list(
            Unit.objects.filter(under).order_by().values_list("pk", "controller_id", "path")
        )
    found: dict[str, Reach] = {}
    for name, roles in wanted.items():
        mine = [h for h in held if h.role in roles]
        controllers = {h.controller_id for h in mine if h.unit_id is None}
        units = {
            h.unit_id for h in mine if h.unit_id is not None and h.controller_id not in controllers
        }
        units.update(
            pk
            for pk, controller_id, path in subtree_units
            if controller_id not in controllers
            and any(h.covers(controller_id=controller_id, unit_id=pk, unit_path=path) for h in mine)
        )
        found[name] = Reach(controllers=frozenset(controllers), units=frozenset(units))
    return found


def memberships_over(*, unit: Unit) -> QuerySet[Membership]:
    """Everyone's memberships that cover `unit` (directly, above it, or controller-wide)."""
    return Membership.objects.filter(controller_id=unit.controller_id).filter(
        Q(unit__isnull=True)
        | Q(unit=unit)
        | Q(include_subunits=True, unit_id__in=_ancestor_ids(unit))
    )


def roles_at(*, user: User, unit: Unit) -> set[Role]:
    """The roles `user` holds over `unit` (directly, above it, or controller-wide)."""
    return {
        h.role
        for h in memberships_held(user=user)
        if h.covers(controller_id=unit.controller_id, unit_id=unit.pk, unit_path=unit.path)
    }


def _ancestor_ids(unit: Unit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def controllers_where(*, user: User, roles: Iterable[Role]) -> QuerySet[Controller]:
    """Controllers in which `user` holds one of `roles` anywhere."""
    wanted = frozenset(roles)
    ids = {h.controller_id for h in memberships_held(user=user) if h.role in wanted}
    return Controller.objects.filter(pk__in=sorted(ids))


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
        reach(user=user, roles=roles).q(controller="controller_id", unit="pk")
    )


def reportable_units(*, user: User) -> QuerySet[Unit]:
    """Units a person may report an incident for: every unit of each controller they work in.
    Anyone signed in may report: a person with no role anywhere yet (single sign-on creates
    such people) chooses among every unit of every controller of the installation."""
    units = Unit.objects.select_related("controller")
    if not Membership.objects.filter(user=user).exists():
        return units
    return units.filter(
        Exists(Membership.objects.filter(user=user, controller=OuterRef("controller")))
    )


def registers_for(*, user: User, controller: Controller) -> bool:
    """Whether `user` is a registrar in `controller` (of all of it or of a unit)."""
    return Membership.objects.filter(user=user, role=Role.REGISTRAR, controller=controller).exists()


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
    return any(
        h.role in AUDIT_ROLES and h.unit_id is None and h.controller_id == controller_id
        for h in memberships_held(user=user)
    )
