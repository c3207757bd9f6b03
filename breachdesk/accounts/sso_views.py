"""The single sign-on pages: mozilla-django-oidc's views, 404 while SSO is off.

A failed sign-in lands on the login page with a message saying why, never on an error page.
"""

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from breachdesk.accounts.oidc import (
    REFUSAL_MESSAGES,
    Refusal,
    oidc_setting,
    sso_enabled,
    sso_refusal_of,
    sso_refusal_record,
)
from breachdesk.accounts.selectors import AUTH_METHOD_KEY, AuthMethod

logger = logging.getLogger(__name__)


class SsoOnlyMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response


class SsoLoginView(SsoOnlyMixin, OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Send the person to the provider, remembering where they were going (`next`)."""

    get_settings = staticmethod(oidc_setting)


class SsoCallbackView(SsoOnlyMixin, OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider's answer: sign the person in, or back to the login page saying why."""

    get_settings = staticmethod(oidc_setting)

    @property
    def failure_url(self) -> str:
        return reverse("login")

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state")
        states = request.session.get("oidc_states")
        known = isinstance(states, dict) and state in states
        if "error" in request.GET:
            # The provider's own description is not shown: anyone can put text in this URL.
            logger.info(
                "SSO sign-in refused by the provider: %.100s %.200s",
                request.GET["error"],
                request.GET.get("error_description", ""),
            )
            if known:
                sso_refusal_record(
                    request=request,
                    reason=Refusal.PROVIDER_ERROR,
                    error=request.GET["error"][:100],
                )
        elif "code" in request.GET and not known:
            # Forged, replayed or from a session that has since ended: not a sign-in attempt
            # of anyone we know, so it is logged but not audited.
            logger.warning("SSO callback with a state this session did not start")
            return self.refused(Refusal.STATE_MISMATCH)
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponse:
        return self.refused(sso_refusal_of(self.request) or Refusal.EXCHANGE_FAILED)

    def refused(self, reason: Refusal) -> HttpResponse:
        messages.error(self.request, REFUSAL_MESSAGES[reason])
        return HttpResponseRedirect(self.failure_url)

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        # The login receiver sets it from the backend too; the two-factor step trusts the
        # provider for such sessions, so this view says it outright.
        self.request.session[AUTH_METHOD_KEY] = str(AuthMethod.OIDC)
        self.request.session.pop("oidc_login_next", None)
        return response


class SsoLogoutView(SsoOnlyMixin, OIDCLogoutView):  # type: ignore[misc]
    """Log out of Breachdesk and, after an SSO sign-in, of the provider (when it says how)."""

    http_method_names = ["post"]
    get_settings = staticmethod(oidc_setting)

    def post(self, request: HttpRequest) -> HttpResponse:
        target = resolve_url(settings.LOGOUT_REDIRECT_URL)
        via_sso = request.session.get(AUTH_METHOD_KEY) == AuthMethod.OIDC
        id_token = request.session.get("oidc_id_token")
        auth.logout(request)
        endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
        if via_sso and endpoint:
            params = {
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(target),
            }
            if isinstance(id_token, str):
                params["id_token_hint"] = id_token
            joiner = "&" if "?" in endpoint else "?"
            target = f"{endpoint}{joiner}{urlencode(params)}"
        return HttpResponseRedirect(target)
