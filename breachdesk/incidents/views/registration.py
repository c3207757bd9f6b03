"""Registration: the registrar's queue, registering a report, and confirming receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.incidents import services
from breachdesk.incidents.access import Need, actions_for, incident_get_for_user
from breachdesk.incidents.forms.registration import RegisterForm
from breachdesk.incidents.selectors import registration_queue
from breachdesk.incidents.views.report import report_context
from breachdesk.incidents.workflow import Action
from breachdesk.lib.errors import DomainError, refusal_show
from breachdesk.lib.http import uuid_or_none
from breachdesk.orgs.models import DiarySeries, Role, Unit
from breachdesk.orgs.scoping import controllers_where, controllers_wholly_covered
from breachdesk.orgs.services import coordinator_suggest


@login_required
@require_GET
def queue(request: AuthedHttpRequest) -> HttpResponse:
    controllers = controllers_where(user=request.user, roles=[Role.REGISTRAR])
    chosen = None
    code = uuid_or_none(request.GET.get("controller", ""))
    if code is not None:
        chosen = controllers.filter(code=code).first()
    incidents = registration_queue(user=request.user, controller=chosen)
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "incidents/queue.html",
        {
            "page": page,
            "controllers": controllers,
            "chosen": chosen,
            "now": timezone.now(),
            # The public diary is produced for a whole controller (docs/case-file.md).
            "public_diary": controllers_wholly_covered(
                user=request.user, roles=[Role.REGISTRAR]
            ).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = incident_get_for_user(request.user, code, Need.CASE)
    if Action.REGISTER not in dict(actions_for(request.user, incident)):
        messages.error(request, _("This case cannot be registered by you now."))
        return redirect("incidents:case", code=incident.code)
    series = DiarySeries.objects.filter(controller=incident.controller)
    units = Unit.objects.filter(controller=incident.controller).select_related("controller")
    people = services.assignee_candidates(incident=incident)
    if request.method == "POST":
        form = RegisterForm(
            request.POST, series=series, units=units, people=people, protected=incident.protected
        )
        if form.is_valid():
            try:
                services.incident_register(
                    incident=incident,
                    actor=request.user,
                    series=form.cleaned_data["series"],
                    unit=form.cleaned_data["unit"],
                    assignee=form.cleaned_data["assignee"],
                    protected=form.cleaned_data["protected"],
                    protected_reason=form.cleaned_data["protected_reason"],
                )
            except DomainError as refusal:
                refusal_show(form, refusal)
            else:
                if incident.protected:
                    # A registered protected case is no longer the registrar's to read.
                    messages.success(
                        request,
                        _(
                            "Registered as %(number)s and assigned to %(person)s. The case is "
                            "protected (OSL): only the case officer, the DPO and the people "
                            "the case officer names can see it."
                        )
                        % {"number": incident.diary_number, "person": incident.assignee},
                    )
                    return redirect("incidents:queue")
                messages.success(
                    request,
                    _("Registered as %(number)s and assigned to %(person)s.")
                    % {"number": incident.diary_number, "person": incident.assignee},
                )
                return redirect("incidents:case", code=incident.code)
    else:
        default_series = series.filter(is_default=True).first()
        form = RegisterForm(
            series=series,
            units=units,
            people=people,
            protected=incident.protected,
            initial={"series": default_series, "unit": incident.unit},
        )
    suggestion = coordinator_suggest(unit=incident.unit, on=timezone.localdate())
    context = report_context(incident)
    context.update({"form": form, "suggestion": suggestion})
    return render(
        request,
        "incidents/register_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def case_acknowledge(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = incident_get_for_user(request.user, code, Need.CASE)
    try:
        with transaction.atomic():
            services.incident_acknowledge(incident=incident, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Receipt confirmed. The registrar can see it."))
    return HttpResponseRedirect(reverse("incidents:case", kwargs={"code": incident.code}))
