from django.urls import path

from breachdesk.documents import views

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
    path("reports/", views.reports, name="reports"),
    path("reports/committee/", views.committee_report, name="committee_report"),
    path("reports/log/", views.incident_log, name="incident_log"),
    path("<uuid:code>/<str:fmt>/", views.download, name="download"),
    path("templates/", views.templates, name="templates"),
    path("templates/placeholders/", views.placeholders, name="placeholders"),
    path(
        "templates/builtin/<str:kind>/<str:language>/",
        views.builtin_template,
        name="builtin_template",
    ),
    path("templates/<uuid:code>/", views.template_download, name="template_download"),
    path("templates/<uuid:code>/retire/", views.template_retire, name="template_retire"),
]
