from django.urls import path

from breachdesk.incidents import case_views, export_views, views

app_name = "incidents"

urlpatterns = [
    path("", views.register, name="register"),
    path("export/<str:fmt>/", export_views.register_export, name="register_export"),
    path("report/", views.report_new, name="report"),
    path("mine/", views.mine, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("<uuid:code>/", views.case, name="case"),
    path("<uuid:code>/receipt/", views.report_receipt, name="receipt"),
    path("<uuid:code>/register/", views.case_register, name="case_register"),
    path("<uuid:code>/acknowledge/", views.case_acknowledge, name="case_acknowledge"),
    path("<uuid:code>/investigation/", case_views.investigation, name="investigation"),
    path("<uuid:code>/contacts/new/", case_views.contact, name="contact_new"),
    path("<uuid:code>/contacts/<int:pk>/", case_views.contact, name="contact_edit"),
    path("<uuid:code>/measures/new/", case_views.measure, name="measure_new"),
    path("<uuid:code>/measures/<int:pk>/", case_views.measure, name="measure_edit"),
    path("<uuid:code>/assessment/", case_views.assessment, name="assessment"),
    path("<uuid:code>/imy-decision/", case_views.imy_decision, name="imy_decision"),
    path("<uuid:code>/notify/", case_views.step, {"page": "notify"}, name="notify"),
    path("<uuid:code>/supplement/", case_views.step, {"page": "supplement"}, name="supplement"),
    path("<uuid:code>/inform/", case_views.step, {"page": "inform"}, name="inform"),
    path("<uuid:code>/decide/", case_views.step, {"page": "decide"}, name="decide"),
    path("<uuid:code>/send-to-dpo/", case_views.step, {"page": "send_to_dpo"}, name="send_to_dpo"),
    path("<uuid:code>/imy-answer/", case_views.step, {"page": "imy_answer"}, name="imy_answer"),
    path("<uuid:code>/close/", case_views.step, {"page": "close"}, name="close"),
    path("<uuid:code>/protection/", case_views.protection, name="protection"),
    path("<uuid:code>/readers/new/", case_views.reader_add, name="reader_add"),
    path("<uuid:code>/readers/<int:pk>/remove/", case_views.reader_remove, name="reader_remove"),
    path(
        "<uuid:code>/not-an-incident/",
        case_views.step,
        {"page": "close_not_incident"},
        name="close_not_incident",
    ),
]
