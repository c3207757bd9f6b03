"""Parsing what a user posts, and the security headers middleware."""

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def uuid_or_none(value: str) -> str | None:
    """The canonical form of a UUID typed or posted by a user, or None when it is not one."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, TypeError, AttributeError):
        return None


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: what the browser may use, and no caching of pages
    that show case data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            # Pages for a signed-in person hold case data: never kept in a shared cache.
            response.headers["Cache-Control"] = "private, no-store"
        return response
