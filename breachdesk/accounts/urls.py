from django.urls import path

from breachdesk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("security/", views.security, name="security"),
    path("two-factor/verify/", views.two_factor_verify_view, name="two_factor_verify"),
    path("two-factor/enrol/", views.two_factor_enrol_view, name="two_factor_enrol"),
    path("two-factor/remove/", views.two_factor_remove_view, name="two_factor_remove"),
    path("notifications/", views.mail_settings, name="mail_settings"),
    path("notifications/calendar/", views.calendar_key_create, name="calendar_key"),
    path("notifications/calendar/remove/", views.calendar_key_remove, name="calendar_key_remove"),
    path("logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
]
