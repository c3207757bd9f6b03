from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from breachdesk.accounts.sso_views import SsoCallbackView, SsoLoginView, SsoLogoutView
from breachdesk.accounts.views import LoginView, set_language
from breachdesk.alerts.calendar import calendar_feed
from breachdesk.incidents.views.register import home

urlpatterns = [
    path("", home, name="home"),
    path("incidents/", include("breachdesk.incidents.urls")),
    path("alerts/", include("breachdesk.alerts.urls")),
    path("documents/", include("breachdesk.documents.urls")),
    path("audit/", include("breachdesk.trail.urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("sso/login/", SsoLoginView.as_view(), name="sso_login"),
    path("sso/callback/", SsoCallbackView.as_view(), name="sso_callback"),
    path("sso/logout/", SsoLogoutView.as_view(), name="sso_logout"),
    path("language/", set_language, name="set_language"),
    path("account/", include("breachdesk.accounts.urls")),
    # No login: calendar programs cannot log in; the secret key in the address stands for it.
    path("calendar/<str:key>.ics", calendar_feed, name="calendar_feed"),
    path("admin/", admin.site.urls),
]

# Breachdesk's own error pages, in the person's language (lib/error_pages.py).
handler400 = "breachdesk.lib.error_pages.bad_request"
handler403 = "breachdesk.lib.error_pages.permission_denied"
handler404 = "breachdesk.lib.error_pages.page_not_found"
handler500 = "breachdesk.lib.error_pages.server_error"
