"""Pages of the case after acknowledgement: investigate, assess, decide, notify, close.

Each page is one form for one service. `_step_page` does what they share: find the case in the
person's scope, refuse a step the tables do not offer now, show the form, call the service, and
on a refusal show its message above the form with everything the person wrote kept.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from breachdesk.accounts.models import User
from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.services import audit_read
from breachdesk.incidents import case_forms, services
from breachdesk.incidents.access import (
    Need,
    actions_for,
    incident_get_for_user,
    incidents_visible_to,
)
from breachdesk.incidents.models import Incident, Measure, RiskAssessment
from breachdesk.incidents.selectors import case_people, protection_of
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.lib.http import AuthedHttpRequest

Perform = Callable[[Incident, User, Any], object]


def _step_page(
    request: AuthedHttpRequest,
    code: str,
    *,
    action: str | tuple[str, ...],
    title: Promise,
    make_form: Callable[..., forms.BaseForm],
    perform: Perform,
    done: Promise,
    initial: Callable[[Incident], dict[str, Any]] | None = None,
    anchor: str = "",
    extra: Callable[[Incident], dict[str, Any]] | None = None,
) -> HttpResponse:
    incident = incident_get_for_user(request.user, code, Need.CASE)
    offered = dict(actions_for(request.user, incident))
    # A page may serve several actions (the IMY decision, or "still under investigation").
    action = next(
        (name for name in (action if isinstance(action, tuple) else (action,)) if name in offered),
        "",
    )
    if not action:
        messages.error(request, _("This step is not open to you on this case now."))
        return redirect("incidents:case", code=incident.code)
    if request.method == "POST":
        form = make_form(request.POST, incident=incident)
        if form.is_valid():
            try:
                perform(incident, request.user, form)
            except services.TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, str(done))
                target = redirect("incidents:case", code=incident.code)
                if anchor:
                    target["Location"] += f"#{anchor}"
                return target
    else:
        audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": action})
        form = make_form(initial=initial(incident) if initial else None, incident=incident)
    context = {"incident": incident, "form": form, "title": title, "action": action}
    if extra is not None:
        context.update(extra(incident))
    return render(
        request,
        "incidents/step_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _plain(form_class: type[forms.BaseForm]) -> Callable[..., forms.BaseForm]:
    def make(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
        return form_class(*args, **kwargs)

    return make


def _now_local() -> str:
    return timezone.now().astimezone(STOCKHOLM).strftime("%Y-%m-%dT%H:%M")


def _today() -> str:
    return timezone.now().astimezone(STOCKHOLM).date().isoformat()


# The investigation -------------------------------------------------------------------------


def _investigation_form(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
    kwargs["instance"] = getattr(incident, "investigation", None)
    if kwargs["instance"] is not None:
        kwargs["initial"] = None
    return case_forms.InvestigationForm(*args, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def investigation(request: AuthedHttpRequest, code: str) -> HttpResponse:
    def perform(incident: Incident, user: User, form: Any) -> object:
        return services.investigation_record(incident=incident, actor=user, facts=form.facts())

    return _step_page(
        request,
        code,
        action="investigate",
        title=gettext_lazy("The investigation"),
        make_form=_investigation_form,
        perform=perform,
        done=gettext_lazy("The investigation is saved."),
        initial=lambda incident: {"processors": incident.processor_name},
        anchor="investigation",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: AuthedHttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    def make(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
        kwargs["instance"] = incident.contacts.filter(pk=pk).first() if pk is not None else None
        if pk is not None and kwargs["instance"] is None:
            raise Http404
        return case_forms.ContactForm(*args, **kwargs)

    def perform(incident: Incident, user: User, form: Any) -> object:
        data = form.cleaned_data
        return services.contact_record(
            incident=incident,
            actor=user,
            contact=form.instance if form.instance.pk else None,
            party=data["party"],
            name=data["name"].strip(),
            contacted_on=data["contacted_on"],
            outcome=data["outcome"].strip(),
        )

    return _step_page(
        request,
        code,
        action="contact",
        title=gettext_lazy("Contact"),
        make_form=make,
        perform=perform,
        done=gettext_lazy("The contact is saved."),
        initial=None if pk is not None else (lambda incident: {"contacted_on": _today()}),
        anchor="contacts",
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure(request: AuthedHttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    def existing(incident: Incident) -> Measure | None:
        if pk is None:
            return None
        found = incident.measures.filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    def make(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
        return case_forms.MeasureForm(*args, people=case_people(incident=incident), **kwargs)

    def initial(incident: Incident) -> dict[str, Any]:
        found = existing(incident)
        if found is None:
            return {}
        return {
            "description": found.description,
            "responsible": found.responsible_id,
            "due_on": found.due_on,
            "done_on": found.done_on,
        }

    def perform(incident: Incident, user: User, form: Any) -> object:
        data = form.cleaned_data
        return services.measure_record(
            incident=incident,
            actor=user,
            measure=existing(incident),
            description=data["description"].strip(),
            responsible=data["responsible"],
            due_on=data["due_on"],
            done_on=data["done_on"],
        )

    return _step_page(
        request,
        code,
        action="measure",
        title=gettext_lazy("Measure"),
        make_form=make,
        perform=perform,
        done=gettext_lazy("The measure is saved."),
        initial=initial,
        anchor="measures",
    )


# The risk assessment and the decisions -----------------------------------------------------


def _assessment_initial(incident: Incident) -> dict[str, Any]:
    try:
        assessment = incident.risk_assessment
    except RiskAssessment.DoesNotExist:
        return case_forms.RiskAssessmentForm.first_initial(incident)
    inputs = services.risk_inputs_of(assessment)
    return {
        **{name: getattr(inputs, name) for name in case_forms.RiskAssessmentForm.base_fields},
        "data_types": sorted(inputs.data_types),
        "consequences": sorted(inputs.consequences),
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: AuthedHttpRequest, code: str) -> HttpResponse:
    def perform(incident: Incident, user: User, form: Any) -> object:
        return services.risk_assessment_record(incident=incident, actor=user, inputs=form.inputs())

    return _step_page(
        request,
        code,
        action="assess_risk",
        title=gettext_lazy("The risk assessment"),
        make_form=_plain(case_forms.RiskAssessmentForm),
        perform=perform,
        done=gettext_lazy("The risk assessment is saved. Its recommendation is shown below."),
        initial=_assessment_initial,
        anchor="assessment",
    )


def _decision_extra(incident: Incident) -> dict[str, Any]:
    return {"assessment": getattr(incident, "risk_assessment", None)}


@login_required
@require_http_methods(["GET", "POST"])
def imy_decision(request: AuthedHttpRequest, code: str) -> HttpResponse:
    def perform(incident: Incident, user: User, form: Any) -> object:
        return services.imy_decide(incident=incident, actor=user, facts=form.facts())

    return _step_page(
        request,
        code,
        action=("assess", "imy_pending"),
        title=gettext_lazy("Decide on IMY and the people affected"),
        make_form=_plain(case_forms.ImyDecisionForm),
        perform=perform,
        done=gettext_lazy("The decision is recorded."),
        initial=lambda incident: {
            "imy_decision": incident.imy_decision or None,
            "subjects_decision": incident.subjects_decision or None,
        },
        anchor="decisions",
        extra=_decision_extra,
    )


@dataclass(frozen=True)
class StepPage:
    """A page whose form's fields are exactly the keyword arguments of its service."""

    action: str
    title: Promise
    form: type[forms.BaseForm]
    service: Callable[..., object]
    done: Promise
    initial: Callable[[Incident], dict[str, Any]] | None = None
    anchor: str = ""
    extra: Callable[[Incident], dict[str, Any]] | None = None


STEP_PAGES: dict[str, StepPage] = {
    "notify": StepPage(
        "notify",
        gettext_lazy("Record the notification to IMY"),
        case_forms.NotifyForm,
        services.imy_notify,
        gettext_lazy("The notification to IMY is recorded."),
        lambda incident: {"made_at": _now_local(), "complete": True},
        "imy",
    ),
    "supplement": StepPage(
        "supplement",
        gettext_lazy("Record a supplement to IMY"),
        case_forms.SupplementForm,
        services.imy_supplement,
        gettext_lazy("The supplement is recorded."),
        lambda incident: {"made_at": _now_local()},
        "imy",
    ),
    "inform": StepPage(
        "inform",
        gettext_lazy("Record informing the people affected"),
        case_forms.InformForm,
        services.subjects_inform_record,
        gettext_lazy("Informing the people affected is recorded."),
        lambda incident: {"informed_at": _now_local(), "count": incident.affected_count},
        "decisions",
    ),
    "decide": StepPage(
        "decide",
        gettext_lazy("Take the internal decision"),
        case_forms.DecideForm,
        services.incident_decide,
        gettext_lazy("The decision is taken. The case officer sends it to the DPO."),
        lambda incident: {"decided_on": _today()},
        "decision",
        _decision_extra,
    ),
    "send_to_dpo": StepPage(
        "send_to_dpo",
        gettext_lazy("Record the decision as sent to the DPO"),
        forms.Form,
        services.decision_send_to_dpo,
        gettext_lazy("The decision is recorded as sent to the DPO."),
        anchor="decision",
    ),
    "imy_answer": StepPage(
        "imy_answer",
        gettext_lazy("Record IMY's answer"),
        case_forms.ImyAnswerForm,
        services.imy_answer_record,
        gettext_lazy("IMY's answer is recorded."),
        lambda incident: {
            "answered_on": incident.imy_answer_on or _today(),
            "outcome": incident.imy_answer_outcome or None,
            "imy_case_number": incident.imy_case_number,
            "note": incident.imy_answer_note,
        },
        "imy",
    ),
    "close": StepPage(
        "close",
        gettext_lazy("Close the case"),
        case_forms.CloseForm,
        services.incident_close,
        gettext_lazy("The case is closed."),
    ),
    "close_not_incident": StepPage(
        "close_not_incident",
        gettext_lazy("Close as not a personal data incident"),
        case_forms.NotIncidentForm,
        services.incident_close_not_incident,
        gettext_lazy("The case is closed as not a personal data incident."),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def step(request: AuthedHttpRequest, code: str, page: str) -> HttpResponse:
    """One of STEP_PAGES: its form, then its service called with the form's data."""
    spec = STEP_PAGES[page]

    def perform(incident: Incident, user: User, form: Any) -> object:
        return spec.service(incident=incident, actor=user, **form.cleaned_data)

    return _step_page(
        request,
        code,
        action=spec.action,
        title=spec.title,
        make_form=_plain(spec.form),
        perform=perform,
        done=spec.done,
        initial=spec.initial,
        anchor=spec.anchor,
        extra=spec.extra,
    )


# Protection (OSL) ---------------------------------------------------------------------------


def _protection_extra(incident: Incident) -> dict[str, Any]:
    return {"protection": protection_of(incident=incident), "managing_protection": True}


@login_required
@require_http_methods(["GET", "POST"])
def protection(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """Mark the case as protected (OSL), or lift the marking, whichever is open."""

    def make(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
        if incident.protected:
            return case_forms.UnprotectForm(*args, **kwargs)
        return case_forms.ProtectForm(*args, **kwargs)

    def perform(incident: Incident, user: User, form: Any) -> object:
        if incident.protected:
            return services.incident_unprotect(
                incident=incident, actor=user, note=form.cleaned_data["note"]
            )
        return services.incident_protect(
            incident=incident, actor=user, reason=form.cleaned_data["reason"]
        )

    return _step_page(
        request,
        code,
        action=("protected", "unprotected"),
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
        return case_forms.ReaderForm(*args, people=people, **kwargs)

    def perform(incident: Incident, user: User, form: Any) -> object:
        return services.protected_reader_add(
            incident=incident, actor=user, reader=form.cleaned_data["reader"]
        )

    return _step_page(
        request,
        code,
        action="reader_added",
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
    if "reader_removed" not in dict(actions_for(request.user, incident)):
        messages.error(request, _("This step is not open to you on this case now."))
        return redirect("incidents:case", code=incident.code)
    try:
        services.protected_reader_remove(incident=incident, actor=request.user, reader=reader)
    except services.TransitionRefused as refusal:
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
