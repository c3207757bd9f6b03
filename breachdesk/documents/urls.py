from django.urls import path

from breachdesk.documents import casefile_views, report_views, template_views, views

app_name = "documents"

CASE_PAGES = {
    "imy_notification": "imy-notification",
    "imy_supplement": "imy-supplement",
    "subjects_letter": "letter",
    "decision": "decision",
}

urlpatterns = [
    *(
        path(f"case/<uuid:code>/{slug}/", views.case_document, {"kind": kind}, name=kind)
        for kind, slug in CASE_PAGES.items()
    ),
    path("case/<uuid:code>/diary-sheet/", casefile_views.diary_sheet, name="diary_sheet"),
    path(
        "case/<uuid:code>/registered/<int:number>/",
        casefile_views.registered_file,
        name="registered_file",
    ),
    path("case/<uuid:code>/incoming/", casefile_views.incoming, name="incoming"),
    path("public-diary/", casefile_views.public_diary, name="public_diary"),
    path("reports/", report_views.reports, name="reports"),
    path("reports/committee/", report_views.committee_report, name="committee_report"),
    path("reports/log/", report_views.incident_log, name="incident_log"),
    path("<uuid:code>/<str:fmt>/", views.download, name="download"),
    path("templates/", template_views.templates, name="templates"),
    path("templates/placeholders/", template_views.placeholders, name="placeholders"),
    path(
        "templates/builtin/<str:kind>/<str:language>/",
        template_views.builtin_template,
        name="builtin_template",
    ),
    path("templates/<uuid:code>/", template_views.template_download, name="template_download"),
    path("templates/<uuid:code>/retire/", template_views.template_retire, name="template_retire"),
]
