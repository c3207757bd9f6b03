"""Reads about people's logins: their authenticator device and what their login still needs."""

from enum import StrEnum
from typing import Any

from django.urls import reverse
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from breachdesk.accounts.models import User
from breachdesk.lib.site import site_link
from breachdesk.orgs.models import Membership, Role

# What each session holds about its login (the session is server-side: nobody can forge it).
AUTH_METHOD_KEY = "auth_method"
EPOCH_KEY = "session_epoch"
PENDING_KEY = "two_factor_pending"


class AuthMethod(StrEnum):
    PASSWORD = "password"  # noqa: S105 (a login method, not a secret)
    OIDC = "oidc"  # verified by the identity provider: no local second factor


class TwoFactorStep(StrEnum):
    VERIFY = "verify"  # type a code from the enrolled app
    ENROL = "enrol"  # two-factor login is required and no app is enrolled yet


def auth_method_of(backend_path: str) -> AuthMethod:
    """The login method of an authentication backend: single sign-on or a local password."""
    try:
        backend = import_string(backend_path)
    except ImportError:
        return AuthMethod.PASSWORD
    if isinstance(backend, type) and issubclass(backend, OIDCAuthenticationBackend):
        return AuthMethod.OIDC
    return AuthMethod.PASSWORD


def totp_device_for(*, user: User) -> Any:
    """The person's confirmed authenticator app (a TOTPDevice), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def two_factor_required_for(*, user: User) -> bool:
    """Whether a controller requires two-factor login of one of the person's roles.

    Every role counts except reporter: reporting an incident stays open to every employee.
    """
    return (
        Membership.objects.filter(user=user, controller__two_factor_required=True)
        .exclude(role=Role.REPORTER)
        .exists()
    )


def two_factor_step_for(*, user: User, method: str) -> TwoFactorStep | None:
    """The step a login by `method` must still pass before any other page, if any."""
    if method == AuthMethod.OIDC:
        return None
    if totp_device_for(user=user) is not None:
        return TwoFactorStep.VERIFY
    if two_factor_required_for(user=user):
        return TwoFactorStep.ENROL
    return None


def calendar_feed_url(key: str) -> str:
    """The full address of the calendar feed with the secret `key`."""
    return site_link(reverse("calendar_feed", kwargs={"key": key}))
