"""Navigation: the number of the person's unread messages, for the badge on *Mina uppgifter*."""

from django.http import HttpRequest

from breachdesk.alerts.selectors import unseen_count


def unseen(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_alerts": unseen_count(user=user)}
