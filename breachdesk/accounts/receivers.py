"""Audit and session bookkeeping on Django's login signals and django-axes' lockout signal.

Signals, because every way in passes through them: this site's login page, the admin's, single
sign-on and the test client's force_login alike. Each receiver hands over to a service.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest


@receiver(user_logged_in, dispatch_uid="breachdesk.accounts.logged_in")
def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    from breachdesk.accounts.selectors import (
        AUTH_METHOD_KEY,
        EPOCH_KEY,
        PENDING_KEY,
        auth_method_of,
        two_factor_step_for,
    )
    from breachdesk.accounts.services import auth_login_record

    method = auth_method_of(getattr(user, "backend", "") or "")
    if request is not None and hasattr(request, "session"):
        # A session is only valid while its epoch is the person's ("log out everywhere").
        request.session[EPOCH_KEY] = user.session_epoch
        request.session[AUTH_METHOD_KEY] = str(method)
        step = two_factor_step_for(user=user, method=method)
        if step is None:
            request.session.pop(PENDING_KEY, None)
        else:
            request.session[PENDING_KEY] = str(step)
            # A code typed in an earlier login of this session does not carry over.
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
    auth_login_record(user=user, method=str(method))


@receiver(user_logged_out, dispatch_uid="breachdesk.accounts.logged_out")
def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from breachdesk.accounts.services import auth_logout_record

    if user is not None and user.is_authenticated:
        auth_logout_record(user=user)


@receiver(user_login_failed, dispatch_uid="breachdesk.accounts.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    from breachdesk.accounts.services import auth_login_failed_record

    username = credentials.get("username")
    auth_login_failed_record(
        username=username if isinstance(username, str) else None,
        locked_out=bool(getattr(request, "axes_locked_out", False)),
    )


@receiver(user_locked_out, dispatch_uid="breachdesk.accounts.locked_out")
def on_locked_out(sender: Any, request: HttpRequest | None, username: Any, **kwargs: Any) -> None:
    from breachdesk.accounts.services import auth_locked_out_record

    auth_locked_out_record(username=username if isinstance(username, str) else None)
