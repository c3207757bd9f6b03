"""Per request: the person's language; the session's epoch and two-factor step; the session's
idle expiry, renewed at most once a minute."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from breachdesk.accounts.selectors import (
    AUTH_METHOD_KEY,
    EPOCH_KEY,
    PENDING_KEY,
    AuthMethod,
    TwoFactorStep,
)


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        return response


# When the session's expiry was last renewed (seconds since the epoch), kept in the session.
REFRESHED_KEY = "session_refreshed"
# A request renews the expiry when the last renewal is older than this.
REFRESH_SECONDS = 60


class SessionRefreshMiddleware:
    """Renew the session's idle expiry (SESSION_COOKIE_AGE) without writing the session on
    every request: a request marks the session modified, so that SessionMiddleware saves it
    with a new expiry, only when its last renewal is more than a minute old. A session is
    written at most once a minute and ends SESSION_COOKIE_AGE after its last renewal, which
    is at most a minute before its last request: up to a minute early when idle, never late.

    Only a session that holds something is renewed: an expired or unknown session cookie
    does not make a new session. Runs on the way out, after the view (a login, a logout).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session, or one already ended (logout)
        refreshed = session.get(REFRESHED_KEY)
        if session.is_empty():
            return response  # the cookie named no live session
        now = int(time.time())
        stale = not isinstance(refreshed, int) or not 0 <= now - refreshed <= REFRESH_SECONDS
        if stale or session.modified:
            # Saved now (a login, say, or the minute is over): the minute starts again.
            session[REFRESHED_KEY] = now
        return response


class SessionGuardMiddleware:
    """End sessions from before "log out everywhere", and hold a login at its two-factor step.

    A session carries the person's session epoch from its login; when the person's epoch has
    moved on, the session is over. A password login of a person with an authenticator app (or
    who must enrol one) reaches only that step, logout and the language switch until done.
    Everything is read from the session and the user row already loaded: no extra query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            if session.get(EPOCH_KEY, 0) != user.session_epoch:
                # Not logout(): this is the end of a session, not a person logging out.
                session.flush()
                request.user = AnonymousUser()
            else:
                pending = session.get(PENDING_KEY)
                if pending and session.get(AUTH_METHOD_KEY) != AuthMethod.OIDC:
                    step_url = reverse(_STEP_URLS.get(pending, _STEP_URLS[TwoFactorStep.VERIFY]))
                    if not self._open(request.path_info, step_url):
                        return _to_step(request, step_url)
        return self.get_response(request)

    @staticmethod
    def _open(path: str, step_url: str) -> bool:
        return path.startswith(settings.STATIC_URL or "/static/") or path in {
            step_url,
            reverse("logout"),
            reverse("set_language"),
        }


_STEP_URLS = {
    TwoFactorStep.VERIFY: "accounts:two_factor_verify",
    TwoFactorStep.ENROL: "accounts:two_factor_enrol",
}


def _to_step(request: HttpRequest, step_url: str) -> HttpResponse:
    if request.method == "GET":
        step_url = f"{step_url}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(step_url)
