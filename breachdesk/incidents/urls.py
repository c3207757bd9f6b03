from django.urls import path

from breachdesk.incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.register, name="register"),
    path("report/", views.report_new, name="report"),
    path("mine/", views.mine, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("<uuid:code>/", views.case, name="case"),
    path("<uuid:code>/receipt/", views.report_receipt, name="receipt"),
    path("<uuid:code>/register/", views.case_register, name="case_register"),
    path("<uuid:code>/acknowledge/", views.case_acknowledge, name="case_acknowledge"),
]
