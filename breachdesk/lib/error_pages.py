"""The pages of a request that fails: 400, 403 (a CSRF failure too), 404 and 500.

Each is Breachdesk's own page in the person's language (LocaleMiddleware has chosen it before
the view ran), rendered from templates/<status>.html on templates/error_base.html without a
request context: no context processor runs, so the page reads neither the person nor the
database. The 500 page must show even when what failed was the database or a template: if it
cannot be rendered, a plain page written here is sent instead, never Django's bare English one.
"""

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def _page(template_name: str, status: int) -> HttpResponse:
    html = loader.get_template(template_name).render({"status": status})
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page("400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page("403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page("404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from an expired or foreign page."""
    return _page("403_csrf.html", 403)


def server_error(request: HttpRequest | None = None) -> HttpResponse:
    try:
        return _page("500.html", 500)
    except Exception:  # whatever broke, the person gets a page
        return HttpResponse(_plain_server_error(), status=500)


def _plain_server_error() -> str:
    title = escape(_("Sorry, something went wrong"))
    text = escape(
        _(
            "Breachdesk could not finish what you asked. What you saved before is kept. "
            "Try again in a few minutes; if it happens again, tell your administrator when it "
            "happened."
        )
    )
    return (
        f'<!DOCTYPE html><html lang="{escape(get_language() or "sv")}"><head>'
        f'<meta charset="utf-8"><title>{title} – Breachdesk</title></head>'
        f"<body><main><h1>{title}</h1><p>{text}</p>"
        f'<p><a href="/">Breachdesk</a></p></main></body></html>'
    )
