"""The case page: the case, what the person can do on it now, its documents and timeline."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.services import audit_read
from breachdesk.incidents.access import Need, actions_for, incident_get_for_user
from breachdesk.incidents.models import Incident
from breachdesk.incidents.selectors import (
    case_file,
    incident_clock,
    incident_timeline,
    protection_of,
)
from breachdesk.incidents.views.report import report_context
from breachdesk.incidents.workflow import Action, Page, Rule, Shown, Step, pages
from breachdesk.orgs.scoping import audit_allowed

# The pages the case page links to, by action: the documents' under "Documents", the others
# under "What you can do now". Receipt is confirmed by a button on the page itself, and
# protection (OSL) is managed in its panel.
ACTION_PAGES: dict[Action, Page] = pages(Shown.LINK, Shown.DOCUMENT)


def _action_links(
    actions: dict[Action, Rule | Step], incident: Incident, *, documents: bool = False
) -> list[tuple[str, str]]:
    """Links to the pages of `actions`: the documents' own, or all the others."""
    shown = Shown.DOCUMENT if documents else Shown.LINK
    links: dict[str, str] = {}
    for action, rule in actions.items():
        page = ACTION_PAGES.get(action)
        if page is not None and page.shown == shown:
            url = reverse(page.name, kwargs={"code": incident.code})
            links.setdefault(url, str(rule.label))
    return [(label, url) for url, label in links.items()]


@login_required
@require_GET
def case(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = incident_get_for_user(request.user, code, Need.CASE)
    audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": "case"})
    actions = dict(actions_for(request.user, incident))
    context = report_context(incident)
    context.update(
        {
            "clock": incident_clock(incident=incident),
            "timeline": incident_timeline(incident=incident),
            "actions": actions,
            "action_links": _action_links(actions, incident),
            "document_links": _action_links(actions, incident, documents=True),
            "file": case_file(incident=incident),
            "protection": protection_of(incident=incident),
            "may_audit": audit_allowed(user=request.user, controller_id=incident.controller_id),
        }
    )
    return render(request, "incidents/case.html", context)
