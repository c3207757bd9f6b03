"""Navigation: which parts of the application the person's roles open."""

from django.http import HttpRequest

from breachdesk.orgs.models import Role


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset()}
    held = frozenset(user.memberships.values_list("role", flat=True).distinct())
    from breachdesk.alerts.selectors import unseen_count

    return {
        "nav_alerts": unseen_count(user=user),
        "nav_roles": held,
        "nav_is_registrar": Role.REGISTRAR in held,
        "nav_reads_register": bool(held - {Role.REPORTER, Role.ADMINISTRATOR}),
    }
