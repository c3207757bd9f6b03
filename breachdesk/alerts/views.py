"""The person's alerts."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from breachdesk.alerts.models import Alert
from breachdesk.alerts.selectors import alerts_for
from breachdesk.alerts.services import alert_mark_seen
from breachdesk.lib.http import AuthedHttpRequest


@login_required
@require_GET
def alert_list(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(alerts_for(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "alerts/list.html", {"page": page})


@login_required
@require_POST
def alert_seen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        alert = alerts_for(user=request.user).get(pk=pk)
    except Alert.DoesNotExist:
        raise Http404 from None
    alert_mark_seen(alert=alert, user=request.user)
    return redirect("alerts:list")
