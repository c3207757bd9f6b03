"""Tell audit_record() from where each request comes."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from breachdesk.audit.context import request_context


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context(request):
            return self.get_response(request)
