from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from breachdesk.accounts.views import set_language
from breachdesk.incidents.views import home

urlpatterns = [
    path("", home, name="home"),
    path("incidents/", include("breachdesk.incidents.urls")),
    path("alerts/", include("breachdesk.alerts.urls")),
    path("documents/", include("breachdesk.documents.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
