"""The responsible manager of each unit, as the committee report names it (its "Ansvarig
chef")."""

from breachdesk.orgs.models import Membership, Role


class ManagerNames:
    """The responsible manager (the report's "Ansvarig chef") of each unit of one controller.

    The same rule as orgs.services.nearest_role_holder (the unit, then each parent with
    memberships that include sub-units, then controller-wide; active people only; the first
    membership at the nearest level), but from one query of the controller's responsible
    managers, and cached per unit: a report of thousands of rows costs one query, not one
    per row or per unit.
    """

    def __init__(self, controller_id: int) -> None:
        self._controller_id = controller_id
        self._by_unit: dict[int | None, list[Membership]] | None = None
        self._names: dict[int, str] = {}

    def _memberships(self) -> dict[int | None, list[Membership]]:
        if self._by_unit is None:
            self._by_unit = {}
            memberships = (
                Membership.objects.filter(
                    controller_id=self._controller_id,
                    role=Role.RESPONSIBLE_MANAGER,
                    user__is_active=True,
                )
                .select_related("user")
                .order_by("pk")
            )
            for membership in memberships:
                self._by_unit.setdefault(membership.unit_id, []).append(membership)
        return self._by_unit

    def name(self, unit_id: int, path: str) -> str:
        """The manager of the unit `unit_id`, whose Unit.path is `path`."""
        if unit_id not in self._names:
            self._names[unit_id] = self._resolve(unit_id, path)
        return self._names[unit_id]

    def _resolve(self, unit_id: int, path: str) -> str:
        by_unit = self._memberships()
        ancestor_ids = [int(part) for part in path.strip("/").split("/") if part]
        levels: list[int | None] = [*reversed(ancestor_ids), None]
        for level in levels:
            for membership in by_unit.get(level, []):
                if level == unit_id or level is None or membership.include_subunits:
                    return str(membership.user)
        return ""
