"""Pages of protection (OSL): marking a case, lifting the marking, and its named readers."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.accounts.models import User
from breachdesk.incidents import services
from breachdesk.incidents.access import (
    Need,
    actions_for,
    incident_get_for_user,
    incidents_visible_to,
)
from breachdesk.incidents.forms.protection import ProtectForm, ReaderForm, UnprotectForm
from breachdesk.incidents.models import Incident
from breachdesk.incidents.selectors import protection_of
from breachdesk.incidents.views.steps import step_page
from breachdesk.incidents.workflow import Action
from breachdesk.lib.errors import DomainError


def _protection_extra(incident: Incident) -> dict[str, Any]:
    return {"protection": protection_of(incident=incident), "managing_protection": True}


@login_required
@require_http_methods(["GET", "POST"])
def protection(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """Mark the case as protected (OSL), or lift the marking, whichever is open."""

    def make(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
        if incident.protected:
            return UnprotectForm(*args, **kwargs)
        return ProtectForm(*args, **kwargs)

    def perform(incident: Incident, user: User, form: Any) -> object:
        if incident.protected:
            return services.incident_unprotect(
                incident=incident, actor=user, note=form.cleaned_data["note"]
            )
        return services.incident_protect(
            incident=incident, actor=user, reason=form.cleaned_data["reason"]
        )

    return step_page(
        request,
        code,
        action=(Action.PROTECTED, Action.UNPROTECTED),
        title=gettext_lazy("Protected identity or secret information (OSL)"),
        make_form=make,
        perform=perform,
        done=gettext_lazy("The protection (OSL) of the case is saved."),
        anchor="protection",
        extra=_protection_extra,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reader_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """Name a person who may read the protected case."""

    def make(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
        people = services.reader_candidates(incident=incident)
        return ReaderForm(*args, people=people, **kwargs)

    def perform(incident: Incident, user: User, form: Any) -> object:
        return services.protected_reader_add(
            incident=incident, actor=user, reader=form.cleaned_data["reader"]
        )

    return step_page(
        request,
        code,
        action=Action.READER_ADDED,
        title=gettext_lazy("Add a named reader"),
        make_form=make,
        perform=perform,
        done=gettext_lazy("The named reader is added and can see the case."),
        anchor="protection",
        extra=_protection_extra,
    )


@login_required
@require_POST
def reader_remove(request: AuthedHttpRequest, code: str, pk: int) -> HttpResponse:
    """Remove a named reader of the protected case."""
    incident = incident_get_for_user(request.user, code, Need.CASE)
    reader = incident.protected_readers.select_related("user").filter(pk=pk).first()
    if reader is None:
        raise Http404
    if Action.READER_REMOVED not in dict(actions_for(request.user, incident)):
        messages.error(request, _("This step is not open to you on this case now."))
        return redirect("incidents:case", code=incident.code)
    try:
        services.protected_reader_remove(incident=incident, actor=request.user, reader=reader)
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(person)s is no longer a named reader of the case.") % {"person": reader.user},
        )
    if not incidents_visible_to(request.user).filter(pk=incident.pk).exists():
        return redirect("incidents:register")  # they removed themselves
    target = redirect("incidents:case", code=incident.code)
    target["Location"] += "#protection"
    return target
