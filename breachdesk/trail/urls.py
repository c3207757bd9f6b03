from django.urls import path

from breachdesk.trail import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("export/", views.events_export, name="events_export"),
    path("case/<uuid:code>/", views.case, name="case"),
    path("case/<uuid:code>/export/", views.case_export, name="case_export"),
]
