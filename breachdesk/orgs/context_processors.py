"""Navigation: which parts of the application the person's roles open."""

from django.http import HttpRequest

from breachdesk.orgs.models import Role
from breachdesk.orgs.scoping import CONTROLLER_REPORT_ROLES


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset()}
    memberships = list(user.memberships.values_list("role", "unit_id").distinct())
    held = frozenset(role for role, _unit in memberships)
    # Reports span every case of a controller: only controller-wide readers produce them.
    wide = frozenset(role for role, unit in memberships if unit is None)
    return {
        "nav_roles": held,
        "nav_is_registrar": Role.REGISTRAR in held,
        "nav_reads_register": bool(held - {Role.REPORTER, Role.ADMINISTRATOR}),
        "nav_reports": bool(wide & CONTROLLER_REPORT_ROLES),
        "nav_templates": Role.ADMINISTRATOR in held,
        "nav_audit": bool(wide & {Role.DPO, Role.ADMINISTRATOR}),
    }
