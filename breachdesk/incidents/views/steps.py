"""The step pages of a case after acknowledgement: investigate, assess, decide, notify, close.

Each page is one form for one service. `step_page` does what they share: find the case in the
person's scope, refuse a step the tables do not offer now, show the form, call the service, and
on a refusal show its message on the field it is about (else above the form) with everything
the person wrote kept."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.accounts.models import User
from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.services import audit_read
from breachdesk.incidents import services
from breachdesk.incidents.access import Need, actions_for, incident_get_for_user
from breachdesk.incidents.forms.assessment import RiskAssessmentForm
from breachdesk.incidents.forms.decisions import (
    CloseForm,
    DecideForm,
    ImyAnswerForm,
    ImyDecisionForm,
    InformForm,
    NotifyForm,
    NotIncidentForm,
    SupplementForm,
)
from breachdesk.incidents.forms.investigation import ContactForm, InvestigationForm, MeasureForm
from breachdesk.incidents.models import Incident, Measure, RiskAssessment
from breachdesk.incidents.selectors import case_people
from breachdesk.incidents.workflow import ACTIONS, Action, pages
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.lib.errors import DomainError, refusal_show

Perform = Callable[[Incident, User, Any], object]


def step_page(
    request: AuthedHttpRequest,
    code: str,
    *,
    action: Action | tuple[Action, ...],
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
    open_now = next(
        (name for name in (action if isinstance(action, tuple) else (action,)) if name in offered),
        None,
    )
    if open_now is None:
        messages.error(request, _("This step is not open to you on this case now."))
        return redirect("incidents:case", code=incident.code)
    if request.method == "POST":
        form = make_form(request.POST, incident=incident)
        if form.is_valid():
            try:
                perform(incident, request.user, form)
            except DomainError as refusal:
                refusal_show(form, refusal)
            else:
                messages.success(request, str(done))
                target = redirect("incidents:case", code=incident.code)
                if anchor:
                    target["Location"] += f"#{anchor}"
                return target
    else:
        audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": open_now})
        form = make_form(initial=initial(incident) if initial else None, incident=incident)
    context = {"incident": incident, "form": form, "title": title, "action": open_now}
    if extra is not None:
        context.update(extra(incident))
    return render(
        request,
        "incidents/step_form.html",
        context,
        # A form sent back to grow (a group of people added) is not a refusal.
        status=400 if request.method == "POST" and not getattr(form, "adding", False) else 200,
    )


def plain(form_class: type[forms.BaseForm]) -> Callable[..., forms.BaseForm]:
    def make(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
        return form_class(*args, **kwargs)

    return make


def now_local() -> str:
    return timezone.now().astimezone(STOCKHOLM).strftime("%Y-%m-%dT%H:%M")


def today() -> str:
    return timezone.now().astimezone(STOCKHOLM).date().isoformat()


def _investigation_form(*args: Any, incident: Incident, **kwargs: Any) -> forms.BaseForm:
    kwargs["instance"] = getattr(incident, "investigation", None)
    if kwargs["instance"] is not None:
        kwargs["initial"] = None
    return InvestigationForm(*args, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def investigation(request: AuthedHttpRequest, code: str) -> HttpResponse:
    def perform(incident: Incident, user: User, form: Any) -> object:
        return services.investigation_record(incident=incident, actor=user, facts=form.facts())

    return step_page(
        request,
        code,
        action=Action.INVESTIGATE,
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
        return ContactForm(*args, **kwargs)

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

    return step_page(
        request,
        code,
        action=Action.CONTACT,
        title=gettext_lazy("Contact"),
        make_form=make,
        perform=perform,
        done=gettext_lazy("The contact is saved."),
        initial=None if pk is not None else (lambda incident: {"contacted_on": today()}),
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
        return MeasureForm(*args, people=case_people(incident=incident), **kwargs)

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

    return step_page(
        request,
        code,
        action=Action.MEASURE,
        title=gettext_lazy("Measure"),
        make_form=make,
        perform=perform,
        done=gettext_lazy("The measure is saved."),
        initial=initial,
        anchor="measures",
    )


def _assessment_initial(incident: Incident) -> dict[str, Any]:
    try:
        assessment = incident.risk_assessment
    except RiskAssessment.DoesNotExist:
        return RiskAssessmentForm.first_initial(incident)
    return RiskAssessmentForm.initial_from(assessment, services.stored_groups(assessment))


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: AuthedHttpRequest, code: str) -> HttpResponse:
    def perform(incident: Incident, user: User, form: Any) -> object:
        return services.risk_assessment_record(incident=incident, actor=user, inputs=form.inputs())

    return step_page(
        request,
        code,
        action=Action.ASSESS_RISK,
        title=gettext_lazy("The risk assessment"),
        make_form=plain(RiskAssessmentForm),
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

    return step_page(
        request,
        code,
        action=(Action.ASSESS, Action.IMY_PENDING),
        title=gettext_lazy("Decide on IMY and the people affected"),
        make_form=plain(ImyDecisionForm),
        perform=perform,
        done=gettext_lazy("The decision is recorded."),
        initial=lambda incident: {
            "imy_decision": incident.imy_decision or None,
            "subjects_decision": incident.subjects_decision or None,
        },
        anchor="decisions",
        extra=_decision_extra,
    )


@dataclass(frozen=True, kw_only=True)
class StepPage:
    """A plain step page: its form's fields are exactly the keyword arguments of its service.

    Its title is the action's label, its URL the registry's page (workflow.ACTIONS).
    """

    form: type[forms.BaseForm]
    service: Callable[..., object]
    done: Promise
    initial: Callable[[Incident], dict[str, Any]] | None = None
    anchor: str = ""
    extra: Callable[[Incident], dict[str, Any]] | None = None


STEP_PAGES: dict[Action, StepPage] = {
    Action.NOTIFY: StepPage(
        form=NotifyForm,
        service=services.imy_notify,
        done=gettext_lazy("The notification to IMY is recorded."),
        initial=lambda incident: {"made_at": now_local(), "complete": True},
        anchor="imy",
    ),
    Action.SUPPLEMENT: StepPage(
        form=SupplementForm,
        service=services.imy_supplement,
        done=gettext_lazy("The supplement is recorded."),
        initial=lambda incident: {
            "made_at": now_local(),
            "imy_case_number": incident.imy_case_number,
        },
        anchor="imy",
    ),
    Action.INFORM: StepPage(
        form=InformForm,
        service=services.subjects_inform_record,
        done=gettext_lazy("Informing the people affected is recorded."),
        initial=lambda incident: {"informed_at": now_local(), "count": incident.affected_count},
        anchor="decisions",
    ),
    Action.DECIDE: StepPage(
        form=DecideForm,
        service=services.incident_decide,
        done=gettext_lazy("The decision is taken. The case officer sends it to the DPO."),
        initial=lambda incident: {"decided_on": today()},
        anchor="decision",
        extra=_decision_extra,
    ),
    Action.SEND_TO_DPO: StepPage(
        form=forms.Form,
        service=services.decision_send_to_dpo,
        done=gettext_lazy("The decision is recorded as sent to the DPO."),
        anchor="decision",
    ),
    Action.IMY_ANSWER: StepPage(
        form=ImyAnswerForm,
        service=services.imy_answer_record,
        done=gettext_lazy("IMY's answer is recorded."),
        initial=lambda incident: {
            "answered_on": incident.imy_answer_on or today(),
            "outcome": incident.imy_answer_outcome or None,
            "imy_case_number": incident.imy_case_number,
            "note": incident.imy_answer_note,
        },
        anchor="imy",
    ),
    Action.CLOSE: StepPage(
        form=CloseForm,
        service=services.incident_close,
        done=gettext_lazy("The case is closed."),
    ),
    Action.CLOSE_NOT_INCIDENT: StepPage(
        form=NotIncidentForm,
        service=services.incident_close_not_incident,
        done=gettext_lazy("The case is closed as not a personal data incident."),
    ),
}
# Every plain step page of the registry has its form here, and nothing else does.
if set(STEP_PAGES) != {action for action, page in pages().items() if page.segment}:
    raise ImproperlyConfigured("STEP_PAGES and the registry's plain step pages differ")


@login_required
@require_http_methods(["GET", "POST"])
def step(request: AuthedHttpRequest, code: str, action: str) -> HttpResponse:
    """One of STEP_PAGES: its form, then its service called with the form's data."""
    spec = STEP_PAGES[Action(action)]

    def perform(incident: Incident, user: User, form: Any) -> object:
        return spec.service(incident=incident, actor=user, **form.cleaned_data)

    return step_page(
        request,
        code,
        action=Action(action),
        title=ACTIONS[Action(action)].label,
        make_form=plain(spec.form),
        perform=perform,
        done=spec.done,
        initial=spec.initial,
        anchor=spec.anchor,
        extra=spec.extra,
    )
