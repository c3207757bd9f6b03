"""Single sign-on through OpenID Connect: who the provider's claims name in Breachdesk.

mozilla-django-oidc runs the authorisation code flow; this backend takes over from the moment
the provider has answered. It matches the person to one account by the configured claim
(OIDC_MATCH_CLAIM), creates the account without roles when OIDC_CREATE_USER allows, and
refuses everything else, each decision in the audit log. SSO is on when OIDC_RP_CLIENT_ID
is set; roles are always given in Breachdesk.
"""

import logging
from enum import StrEnum
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from breachdesk.accounts.models import User
from breachdesk.audit.services import audit_record

logger = logging.getLogger(__name__)

CALLBACK_URL_NAME = "sso_callback"
# Where the reason for a refused sign-in waits for the callback view, in the request's WSGI
# environment (the conventional place for a request's extension data).
REFUSAL_KEY = "breachdesk.sso_refusal"
USERNAME_MAX_LENGTH = 150


class Refusal(StrEnum):
    INVALID_CLAIM = "invalid_claim"
    EMAIL_UNVERIFIED = "email_unverified"
    NO_ACCOUNT = "no_account"
    SEVERAL_ACCOUNTS = "several_accounts"
    INACTIVE = "inactive"
    USERNAME_TAKEN = "username_taken"
    PROVIDER_ERROR = "provider_error"
    EXCHANGE_FAILED = "exchange_failed"
    STATE_MISMATCH = "state_mismatch"


REFUSAL_MESSAGES: dict[Refusal, StrPromise] = {
    Refusal.INVALID_CLAIM: _(
        "The sign-in service did not say who you are in a way Breachdesk can use. "
        "Ask the administrator of Breachdesk."
    ),
    Refusal.EMAIL_UNVERIFIED: _(
        "The sign-in service has not verified your e-mail address, so Breachdesk cannot "
        "use it to find your account."
    ),
    Refusal.NO_ACCOUNT: _(
        "You have no account in Breachdesk. Ask the administrator of Breachdesk to create one."
    ),
    Refusal.SEVERAL_ACCOUNTS: _(
        "More than one account in Breachdesk matches your sign-in. "
        "Ask the administrator of Breachdesk to correct this."
    ),
    Refusal.INACTIVE: _("Your account in Breachdesk is closed."),
    Refusal.USERNAME_TAKEN: _(
        "Breachdesk could not create your account because its user name is taken. "
        "Ask the administrator of Breachdesk."
    ),
    Refusal.PROVIDER_ERROR: _("The sign-in was cancelled or refused by the sign-in service."),
    Refusal.EXCHANGE_FAILED: _("The sign-in could not be completed. Try again."),
    Refusal.STATE_MISMATCH: _("The sign-in had expired or was already used. Try again."),
}

# What the provider's side of the exchange may raise: the token or user info request failed
# or gave no JSON, or the ID token is missing, badly signed, expired or for someone else.
PROVIDER_FAILURES = (
    requests.RequestException,
    SuspiciousOperation,
    jwt.PyJWTError,
    KeyError,
    TypeError,
    ValueError,
)


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def sso_provider_name() -> str:
    """The provider's name for the login page, or "" when SSO is off."""
    return (settings.OIDC_PROVIDER_NAME or "SSO") if sso_enabled() else ""


# Breachdesk's defaults for mozilla-django-oidc settings that settings.py leaves unset: the
# callback's URL name, and a timeout for the calls to the provider (the library's default is
# to wait for ever, holding a worker while the provider hangs).
OIDC_DEFAULTS: dict[str, Any] = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
    "OIDC_TIMEOUT": 10,
}


def oidc_setting(attr: str, *default: Any) -> Any:
    """mozilla-django-oidc's settings lookup, with Breachdesk's defaults (OIDC_DEFAULTS)."""
    if attr in OIDC_DEFAULTS:
        return getattr(settings, attr, OIDC_DEFAULTS[attr])
    return import_from_settings(attr, *default)


def sso_refusal_record(
    *, request: HttpRequest, reason: Refusal, actor: User | None = None, **data: str
) -> None:
    """Record a refused sign-in and keep its reason for the message on the login page."""
    request.META[REFUSAL_KEY] = reason
    with transaction.atomic():
        audit_record(kind="auth.sso_refused", actor=actor, data={"reason": str(reason), **data})


def sso_refusal_of(request: HttpRequest) -> Refusal | None:
    reason = request.META.get(REFUSAL_KEY)
    return reason if isinstance(reason, Refusal) else None


def _claim_text(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def _matching(claim: str, value: str) -> list[User]:
    lookup = {"email__iexact": value} if claim == "email" else {"username__iexact": value}
    return list(User.objects.filter(**lookup).order_by("pk")[:2])


def sso_user_for_claims(*, request: HttpRequest, claims: dict[str, Any]) -> User | None:
    """Find, or create without roles, the one account the provider's claims name.

    Match on OIDC_MATCH_CLAIM: "email" against the e-mail address, any other claim against
    the user name, both ignoring case. Refuse a missing claim, an e-mail address the provider
    says is unverified, several matches, a closed account, and an unknown person unless
    OIDC_CREATE_USER. Every outcome is audited.
    """
    claim = settings.OIDC_MATCH_CLAIM
    value = _claim_text(claims, claim)
    if not value or len(value) > USERNAME_MAX_LENGTH:
        sso_refusal_record(request=request, reason=Refusal.INVALID_CLAIM, claim=claim, value="")
        return None
    if claim == "email" and claims.get("email_verified") in (False, "false"):
        # Matching an unverified address would hand its owner's account to whoever typed it.
        sso_refusal_record(
            request=request, reason=Refusal.EMAIL_UNVERIFIED, claim=claim, value=value
        )
        return None

    users = _matching(claim, value)
    if not users and settings.OIDC_CREATE_USER:
        if claim == "email" and User.objects.filter(username__iexact=value).exists():
            # The new account's user name would be the address, but another account has it.
            sso_refusal_record(
                request=request, reason=Refusal.USERNAME_TAKEN, claim=claim, value=value
            )
            return None
        created = _sso_user_create(claims=claims, claim=claim, value=value)
        if created is not None:
            return created
        users = _matching(claim, value)  # someone else's first sign-in created it meanwhile
    if len(users) > 1:
        logger.warning("SSO sign-in refused: several accounts match %s=%r", claim, value)
        sso_refusal_record(
            request=request, reason=Refusal.SEVERAL_ACCOUNTS, claim=claim, value=value
        )
        return None
    if not users:
        sso_refusal_record(request=request, reason=Refusal.NO_ACCOUNT, claim=claim, value=value)
        return None
    user = users[0]
    if not user.is_active:
        sso_refusal_record(
            request=request, reason=Refusal.INACTIVE, actor=user, claim=claim, value=value
        )
        return None
    with transaction.atomic():
        audit_record(kind="auth.sso_login", actor=user, data={"claim": claim, "value": value})
    return user


def _sso_user_create(*, claims: dict[str, Any], claim: str, value: str) -> User | None:
    """Create the account of a person signing in for the first time, without any role.

    Returns None when a concurrent first sign-in of the same person created it first.
    """
    user = User(
        username=value,
        email=_claim_text(claims, "email")[:254],
        first_name=_claim_text(claims, "given_name")[:150],
        last_name=_claim_text(claims, "family_name")[:150],
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            audit_record(
                kind="auth.sso_user_created",
                actor=user,
                data={"claim": claim, "value": value, "username": user.username},
            )
            audit_record(kind="auth.sso_login", actor=user, data={"claim": claim, "value": value})
    except IntegrityError:
        return None
    return user


class OidcBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """The code flow's last leg: redeem the code, check the ID token, then match the person.

    Only the SSO callback reaches it (it passes the nonce); a password login passes a user
    name and password and is left to the ModelBackend.
    """

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or not sso_enabled() or set(kwargs) != {"nonce", "code_verifier"}:
            return None
        code = request.GET.get("code")
        if not code or not request.GET.get("state"):
            return None
        self.request = request
        try:
            claims = self._provider_claims(
                request, code=code, nonce=kwargs["nonce"], code_verifier=kwargs["code_verifier"]
            )
        except PROVIDER_FAILURES as exc:
            logger.warning("SSO sign-in failed in the exchange with the provider: %s", exc)
            sso_refusal_record(request=request, reason=Refusal.EXCHANGE_FAILED)
            return None
        return sso_user_for_claims(request=request, claims=claims)

    def _provider_claims(
        self, request: HttpRequest, *, code: str, nonce: str | None, code_verifier: str | None
    ) -> dict[str, Any]:
        payload = {
            "client_id": self.OIDC_RP_CLIENT_ID,
            "client_secret": self.OIDC_RP_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": request.build_absolute_uri(
                reverse(oidc_setting("OIDC_AUTHENTICATION_CALLBACK_URL"))
            ),
        }
        if code_verifier is not None:
            payload["code_verifier"] = code_verifier
        token_info = self.get_token(payload)
        id_token, access_token = token_info["id_token"], token_info["access_token"]
        # Checks the signature against the provider's keys, the expiry and the nonce.
        id_claims: dict[str, Any] = self.verify_token(id_token, nonce=nonce)
        audience = id_claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        self.store_tokens(access_token, id_token)
        userinfo: dict[str, Any] = self.get_userinfo(access_token, id_token, id_claims)
        # OpenID Connect Core 5.3.2: the user info must be about the ID token's subject.
        if userinfo.get("sub") != id_claims.get("sub"):
            raise SuspiciousOperation("The user info is about another subject than the ID token.")
        # Some claims come only in the ID token (Entra ID: preferred_username, upn).
        return {**id_claims, **userinfo}

    def get_user(self, user_id: int) -> User | None:
        # mozilla-django-oidc's get_user skips is_active: a closed account would keep its
        # session. ModelBackend's ends it on the next request.
        user = ModelBackend.get_user(self, user_id)
        return user if isinstance(user, User) else None
