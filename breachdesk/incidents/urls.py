from django.urls import path

from breachdesk.incidents.views import case, protection, register, registration, report, steps
from breachdesk.incidents.workflow import pages

app_name = "incidents"

# The plain step pages come from the registry (workflow.ACTIONS): "<code>/<segment>/", named
# as the action's page, served by steps.step with the action's form.
_step_pages = [
    path(
        f"<uuid:code>/{page.segment}/",
        steps.step,
        {"action": action},
        name=page.name.removeprefix(f"{app_name}:"),
    )
    for action, page in pages().items()
    if page.segment
]

urlpatterns = [
    path("", register.register, name="register"),
    path("export/<str:fmt>/", register.register_export, name="register_export"),
    path("report/", report.report_new, name="report"),
    path("mine/", report.mine, name="mine"),
    path("queue/", registration.queue, name="queue"),
    path("<uuid:code>/", case.case, name="case"),
    path("<uuid:code>/receipt/", report.report_receipt, name="receipt"),
    path("<uuid:code>/register/", registration.case_register, name="case_register"),
    path("<uuid:code>/acknowledge/", registration.case_acknowledge, name="case_acknowledge"),
    path("<uuid:code>/investigation/", steps.investigation, name="investigation"),
    path("<uuid:code>/contacts/new/", steps.contact, name="contact_new"),
    path("<uuid:code>/contacts/<int:pk>/", steps.contact, name="contact_edit"),
    path("<uuid:code>/measures/new/", steps.measure, name="measure_new"),
    path("<uuid:code>/measures/<int:pk>/", steps.measure, name="measure_edit"),
    path("<uuid:code>/assessment/", steps.assessment, name="assessment"),
    path("<uuid:code>/imy-decision/", steps.imy_decision, name="imy_decision"),
    *_step_pages,
    path("<uuid:code>/protection/", protection.protection, name="protection"),
    path("<uuid:code>/readers/new/", protection.reader_add, name="reader_add"),
    path("<uuid:code>/readers/<int:pk>/remove/", protection.reader_remove, name="reader_remove"),
]
