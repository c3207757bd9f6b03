from django.urls import path

from breachdesk.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("tasks/", views.task_list, name="tasks"),
    path("seen-all/", views.alert_seen_all, name="seen_all"),
    path("<int:pk>/seen/", views.alert_seen, name="seen"),
]
