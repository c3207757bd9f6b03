"""Per-person settings: the interface language."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from breachdesk.accounts.models import Language
from breachdesk.accounts.services import user_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: stored on the person, and in a cookie before login."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in Language.values:
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=Language(language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response
