from django.urls import path

from breachdesk.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:pk>/seen/", views.alert_seen, name="seen"),
]
