"""Each person's memberships are read once per request (orgs.scoping.memberships_cached)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from breachdesk.orgs.scoping import memberships_cached


class MembershipsPerRequest:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with memberships_cached():
            return self.get_response(request)
