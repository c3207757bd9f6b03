"""Navigation: which parts of the application the person's roles open."""

from django.http import HttpRequest

from breachdesk.orgs.models import Role
from breachdesk.orgs.scoping import CONTROLLER_REPORT_ROLES, memberships_held


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset()}
    memberships = memberships_held(user=user)
    held = frozenset(h.role for h in memberships)
    # Reports span every case of a controller: only controller-wide readers produce them.
    wide = frozenset(h.role for h in memberships if h.unit_id is None)
    return {
        "nav_roles": held,
        "nav_is_registrar": Role.REGISTRAR in held,
        "nav_reads_register": bool(held - {Role.REPORTER, Role.ADMINISTRATOR}),
        "nav_reports": bool(wide & CONTROLLER_REPORT_ROLES),
        "nav_templates": Role.ADMINISTRATOR in held,
        "nav_audit": bool(wide & {Role.DPO, Role.ADMINISTRATOR}),
    }
