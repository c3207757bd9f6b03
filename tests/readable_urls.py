"""The project's URLs, with views that fail, for the tests of the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from breachdesk.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault for the test")


def refuses(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a request for the test")


urlpatterns = [
    *urlpatterns,
    path("test-fails/", fails),
    path("test-refuses/", refuses),
    path("test-suspicious/", suspicious),
]
