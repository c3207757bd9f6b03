"""The person's tasks and messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.alerts.messages import describe
from breachdesk.alerts.models import Alert
from breachdesk.alerts.selectors import alerts_for, alerts_unseen_for, unseen_count
from breachdesk.alerts.services import alert_mark_all_seen, alert_mark_seen
from breachdesk.alerts.tasks import tasks_for

# "My tasks" shows the newest unseen messages; the list of messages shows them all.
TASK_PAGE_MESSAGES = 20


@login_required
@require_GET
def task_list(request: AuthedHttpRequest) -> HttpResponse:
    now = timezone.now()
    tasks = [(task, task.overdue(now)) for task in tasks_for(user=request.user, now=now)]
    unseen = [
        (alert, describe(alert))
        for alert in alerts_unseen_for(user=request.user)[:TASK_PAGE_MESSAGES]
    ]
    return render(
        request,
        "alerts/tasks.html",
        {"tasks": tasks, "unseen": unseen, "unseen_total": unseen_count(user=request.user)},
    )


@login_required
@require_GET
def alert_list(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(alerts_for(user=request.user), 50).get_page(request.GET.get("page"))
    rows = [(alert, describe(alert)) for alert in page]
    return render(request, "alerts/list.html", {"page": page, "rows": rows})


def _local_path(request: AuthedHttpRequest, target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: never a way off-site."""
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts=set(), require_https=request.is_secure()
        )
    ):
        return target
    return None


@login_required
@require_POST
def alert_seen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        alert = alerts_for(user=request.user).get(pk=pk)
    except Alert.DoesNotExist:
        raise Http404 from None
    alert_mark_seen(alert=alert, user=request.user)
    return redirect(_local_path(request, request.POST.get("next")) or "alerts:list")


@login_required
@require_POST
def alert_seen_all(request: AuthedHttpRequest) -> HttpResponse:
    count = alert_mark_all_seen(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "Marked %(count)d message as seen.",
                "Marked %(count)d messages as seen.",
                count,
            )
            % {"count": count},
        )
    return redirect("alerts:tasks")
