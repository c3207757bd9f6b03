"""The case page: its clock, its steps as a task list with the person's next step, the case
file and its timeline."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.services import audit_read
from breachdesk.incidents.access import Need, actions_for, incident_get_for_user
from breachdesk.incidents.clock import case_clock
from breachdesk.incidents.selectors import case_file, incident_timeline, protection_of
from breachdesk.incidents.tasks import case_tasks_for
from breachdesk.incidents.views.report import report_context
from breachdesk.incidents.workflow import Action, Page, Shown, pages
from breachdesk.orgs.scoping import audit_allowed

# The pages the case page links to, by action, each in its step of the task list; receipt is
# confirmed by a button on the page itself, and protection (OSL) is managed in its panel.
ACTION_PAGES: dict[Action, Page] = pages(Shown.LINK, Shown.DOCUMENT)


@login_required
@require_GET
def case(request: AuthedHttpRequest, code: str) -> HttpResponse:
    user = request.user
    incident = incident_get_for_user(user, code, Need.CASE)
    audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": "case"})
    actions = dict(actions_for(user, incident))
    file = case_file(incident=incident)
    tasks = case_tasks_for(user, incident, file, actions)
    context = report_context(incident)
    context.update(
        {
            "clock": case_clock(incident=incident),
            "timeline": incident_timeline(incident=incident),
            "actions": actions,
            "tasks": tasks,
            "file": file,
            "protection": protection_of(incident=incident),
            "may_audit": audit_allowed(user=user, controller_id=incident.controller_id),
        }
    )
    return render(request, "incidents/case.html", context)
