"""Writes on people: language, logins, sessions, two-factor devices and calendar feeds."""

import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from breachdesk.accounts.models import Language, User
from breachdesk.audit.services import audit_record
from breachdesk.orgs.models import Controller, Membership, Role


def user_set_language(*, user: User, language: Language) -> None:
    """Store the person's interface and e-mail language."""
    if user.language == language:
        return
    with transaction.atomic():
        old = user.language
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            kind="user.language_changed", actor=user, data={"old": old, "new": str(language)}
        )


def user_set_email_language(*, user: User, language: Language | None) -> None:
    """Store the language of the person's e-mails (None: the same as the interface)."""
    new = str(language) if language else ""
    if user.email_language == new:
        return
    with transaction.atomic():
        old = user.email_language
        user.email_language = new
        user.save(update_fields=["email_language"])
        audit_record(kind="user.email_language_changed", actor=user, data={"old": old, "new": new})


def _calendar_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def calendar_key_issue(*, user: User) -> str:
    """Give the person a new secret for their calendar feed address, replacing any earlier one
    (whose address stops working), and return it: only its SHA-256 is kept."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced = bool(user.calendar_key_hash)
        user.calendar_key_hash = _calendar_key_hash(key)
        user.save(update_fields=["calendar_key_hash"])
        audit_record(kind="auth.calendar_key_issued", actor=user, data={"replaced": replaced})
    return key


def calendar_key_revoke(*, user: User) -> None:
    """Stop the person's calendar feed: its address no longer works."""
    if not user.calendar_key_hash:
        return
    with transaction.atomic():
        user.calendar_key_hash = ""
        user.save(update_fields=["calendar_key_hash"])
        audit_record(kind="auth.calendar_key_revoked", actor=user, data={})


# secrets.token_urlsafe(32) gives 43 characters; anything much longer is not a key of ours.
_CALENDAR_KEY_MAX = 64


def user_for_calendar_key(key: str) -> User | None:
    """The active person whose calendar feed address holds `key`, or None."""
    if not key or len(key) > _CALENDAR_KEY_MAX:
        return None
    # Looked up by the hash: timing reveals nothing about a secret that is not stored.
    return User.objects.filter(calendar_key_hash=_calendar_key_hash(key), is_active=True).first()


def _person_named(username: str | None) -> User | None:
    if not username:
        return None
    found = get_user_model().objects.filter(username=username).first()
    return found if isinstance(found, User) else None


def auth_login_record(*, user: User, method: str) -> None:
    """Record a login and the way the person proved who they are."""
    with transaction.atomic():
        audit_record(kind="auth.login", actor=user, data={"method": method})


def auth_login_failed_record(*, username: str | None, locked_out: bool) -> None:
    """Record a refused login with the user name typed (the actor when it names a person)."""
    with transaction.atomic():
        audit_record(
            kind="auth.login_failed",
            actor=_person_named(username),
            data={"username": username or "", "locked_out": locked_out},
        )


def auth_locked_out_record(*, username: str | None) -> None:
    """Record that a user name is locked out after too many failed logins."""
    with transaction.atomic():
        audit_record(
            kind="auth.locked_out", actor=_person_named(username), data={"username": username or ""}
        )


def auth_logout_record(*, user: User) -> None:
    """Record a logout."""
    with transaction.atomic():
        audit_record(kind="auth.logout", actor=user, data={})


def _epoch_raise(user: User) -> int:
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    return user.session_epoch


def user_logout_everywhere(*, user: User, actor: User) -> int:
    """End every session of the person (on every device); return the new session epoch."""
    with transaction.atomic():
        epoch = _epoch_raise(user)
        data = {} if actor.pk == user.pk else {"person": user.username}
        audit_record(kind="auth.logout_everywhere", actor=actor, data=data)
    return epoch


def controller_two_factor_sessions_end(*, controller: Controller, actor: User) -> int:
    """End the sessions of the people whom the controller's new two-factor requirement concerns.

    Those without an authenticator app must enrol one at their next login; ending their sessions
    now makes the requirement apply at once. Returns how many people it concerned.
    """
    with transaction.atomic():
        people = list(
            User.objects.filter(
                Exists(
                    Membership.objects.filter(user=OuterRef("pk"), controller=controller).exclude(
                        role=Role.REPORTER
                    )
                )
            )
            .exclude(Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
            .order_by("pk")
            .values_list("pk", "username")
        )
        User.objects.filter(pk__in=[pk for pk, _name in people]).update(
            session_epoch=F("session_epoch") + 1
        )
        audit_record(
            kind="auth.sessions_ended",
            actor=actor,
            controller=controller,
            data={"reason": "two_factor_required", "people": [name for _pk, name in people]},
        )
    return len(people)


def _totp_matches(*, key: str, token: str) -> int | None:
    """The time step at which `token` is a valid code of `key` (one step of drift), or None."""
    if not token.isdigit():
        return None
    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if totp.verify(int(token), tolerance=1):
        step: int = totp.t()
        return step
    return None


def two_factor_enrol(*, user: User, key: str, token: str) -> Any:
    """Enrol an authenticator app: confirm `token` against the new key, replace any earlier app
    and end the person's other sessions. Returns the TOTPDevice, or None when the code is wrong.
    """
    step = _totp_matches(key=key, token=token)
    if step is None:
        return None
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).delete()[0]
        # last_t: the code used to confirm cannot be used again to log in.
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator", key=key, confirmed=True, last_t=step
        )
        _epoch_raise(user)
        audit_record(kind="auth.2fa_enrolled", actor=user, data={"replaced": replaced > 0})
    return device


class CodeCheck(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    THROTTLED = "throttled"  # too many wrong codes: wait before the next try
    NO_DEVICE = "no_device"


@dataclass(frozen=True)
class CodeOutcome:
    check: CodeCheck
    device: Any = None
    wait_seconds: int = 0


def _code_check(*, user: User, token: str) -> CodeOutcome:
    # Locked, so that two tries at once cannot both pass the throttle.
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=True)
        .order_by("pk")
        .first()
    )
    if device is None:
        return CodeOutcome(CodeCheck.NO_DEVICE)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = (info or {}).get("locked_until", timezone.now()) - timezone.now()
        return CodeOutcome(CodeCheck.THROTTLED, device, max(1, math.ceil(wait.total_seconds())))
    # django-otp counts a wrong code and makes the next try wait 1, 2, 4, 8 … seconds.
    if device.verify_token(token):
        return CodeOutcome(CodeCheck.ACCEPTED, device)
    audit_record(
        kind="auth.2fa_failed",
        actor=user,
        data={"failures": device.throttling_failure_count},
    )
    return CodeOutcome(CodeCheck.WRONG, device)


def two_factor_verify(*, user: User, token: str) -> CodeOutcome:
    """Check a code from the person's authenticator app after their password."""
    with transaction.atomic():
        outcome = _code_check(user=user, token=token)
        if outcome.check is CodeCheck.ACCEPTED:
            audit_record(kind="auth.2fa_verified", actor=user, data={})
    return outcome


def two_factor_remove(*, user: User, actor: User, token: str | None = None) -> CodeOutcome:
    """Remove the person's authenticator app: by themselves with a current code, or by an
    administrator (`token` None) when the phone is lost."""
    with transaction.atomic():
        if token is not None:
            outcome = _code_check(user=user, token=token)
            if outcome.check is not CodeCheck.ACCEPTED:
                return outcome
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        if not removed:
            return CodeOutcome(CodeCheck.NO_DEVICE)
        data = {} if actor.pk == user.pk else {"person": user.username}
        audit_record(kind="auth.2fa_removed", actor=actor, data=data)
    return CodeOutcome(CodeCheck.ACCEPTED)
