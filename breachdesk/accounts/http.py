"""Typing help for views behind login."""

from django.http import HttpRequest

from breachdesk.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    user: User
