"""Login, its two-factor step, the security page, and per-person settings (the languages,
the calendar feed)."""

import secrets
from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from breachdesk.accounts.forms import CodeForm, EmailLanguageForm
from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.accounts.models import Language
from breachdesk.accounts.selectors import (
    AUTH_METHOD_KEY,
    EPOCH_KEY,
    PENDING_KEY,
    AuthMethod,
    TwoFactorStep,
    calendar_feed_url,
    totp_device_for,
    two_factor_required_for,
    two_factor_step_for,
)
from breachdesk.accounts.services import (
    CodeCheck,
    CodeOutcome,
    calendar_key_issue,
    calendar_key_revoke,
    two_factor_enrol,
    two_factor_remove,
    two_factor_verify,
    user_logout_everywhere,
    user_set_email_language,
    user_set_language,
)

# The secret of an app being enrolled, kept until it is confirmed with a code.
ENROL_KEY = "two_factor_enrol_key"


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: stored on the person, and in a cookie before login."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in Language.values:
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=Language(language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _step_url(step: str, target: str) -> str:
    name = (
        "accounts:two_factor_enrol" if step == TwoFactorStep.ENROL else "accounts:two_factor_verify"
    )
    return f"{reverse(name)}?{urlencode({'next': target})}"


class LoginView(auth_views.LoginView):
    """Password login (django-axes refuses a locked-out user name), then the two-factor step."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The login signal derived the method from the backend already; a form login says so.
        self.request.session[AUTH_METHOD_KEY] = str(AuthMethod.PASSWORD)
        step = self.request.session.get(PENDING_KEY)
        if step:
            return HttpResponseRedirect(_step_url(step, self.get_success_url()))
        return response


def _throttled_message(outcome: CodeOutcome) -> str:
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second, then type the code the app shows.",
        "Too many wrong codes. Wait %(seconds)d seconds, then type the code the app shows.",
        outcome.wait_seconds,
    ) % {"seconds": outcome.wait_seconds}


def _code_error(form: Form, outcome: CodeOutcome) -> None:
    if outcome.check is CodeCheck.THROTTLED:
        form.add_error("code", _throttled_message(outcome))
    else:
        form.add_error(
            "code",
            _(
                "The code is wrong. Type the code the app shows now; if it keeps failing, "
                "check that the phone's clock is right."
            ),
        )


@login_required
def two_factor_verify_view(request: AuthedHttpRequest) -> HttpResponse:
    """After the password: a code from the person's authenticator app."""
    target = _safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if request.session.get(PENDING_KEY) != TwoFactorStep.VERIFY:
        return redirect(target)
    if totp_device_for(user=request.user) is None:
        # The app was removed meanwhile (a lost phone): what does this login need now?
        step = two_factor_step_for(
            user=request.user, method=request.session.get(AUTH_METHOD_KEY, "")
        )
        if step is None:
            request.session.pop(PENDING_KEY, None)
            return redirect(target)
        request.session[PENDING_KEY] = str(step)
        return HttpResponseRedirect(_step_url(step, target))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor_verify(user=request.user, token=form.cleaned_data["code"])
        if outcome.check is CodeCheck.ACCEPTED:
            otp_login(request, outcome.device)
            request.session.pop(PENDING_KEY, None)
            request.session.cycle_key()
            return redirect(target)
        _code_error(form, outcome)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": target},
        status=400 if request.method == "POST" else 200,
    )


def _enrol_key(request: HttpRequest) -> str:
    key = request.session.get(ENROL_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = secrets.token_hex(20)
        request.session[ENROL_KEY] = key
    return key


@login_required
def two_factor_enrol_view(request: AuthedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    target = _safe_next(request, reverse("accounts:security"))
    key = _enrol_key(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_enrol(user=user, key=key, token=form.cleaned_data["code"])
        if device is not None:
            # Enrolling ended the person's other sessions; this one carries on, verified.
            user.refresh_from_db(fields=["session_epoch"])
            request.session[EPOCH_KEY] = user.session_epoch
            otp_login(request, device)
            request.session.pop(PENDING_KEY, None)
            request.session.pop(ENROL_KEY, None)
            request.session.cycle_key()
            messages.success(
                request,
                _(
                    "Two-factor login is on. From now on, a password login asks for a code "
                    "from the app. Your other sessions were logged out."
                ),
            )
            return redirect(target)
        form.add_error(
            "code",
            _(
                "The code does not match. Type the code the app shows now; if it keeps "
                "failing, check that the phone's clock is right."
            ),
        )
    config_url = TOTPDevice(user=user, key=key).config_url
    secret = b32encode(bytes.fromhex(key)).decode()
    context = {
        "form": form,
        "next": target,
        "qr_data_uri": segno.make(config_url, error="m").svg_data_uri(scale=5, border=4),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "replacing": totp_device_for(user=user) is not None,
        "required": request.session.get(PENDING_KEY) == TwoFactorStep.ENROL,
    }
    return render(
        request,
        "accounts/two_factor_enrol.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _required_here(request: AuthedHttpRequest) -> bool:
    return request.session.get(AUTH_METHOD_KEY) != AuthMethod.OIDC and two_factor_required_for(
        user=request.user
    )


def _security_page(
    request: AuthedHttpRequest, remove_form: CodeForm | None = None, status: int = 200
) -> HttpResponse:
    device = totp_device_for(user=request.user)
    context = {
        "device": device,
        "required": _required_here(request),
        "sso": request.session.get(AUTH_METHOD_KEY) == AuthMethod.OIDC,
        "remove_form": remove_form or CodeForm(),
    }
    return render(request, "accounts/security.html", context, status=status)


@login_required
def security(request: AuthedHttpRequest) -> HttpResponse:
    """The person's two-factor status, enrolment and removal, and "log out everywhere"."""
    return _security_page(request)


@login_required
@require_POST
def two_factor_remove_view(request: AuthedHttpRequest) -> HttpResponse:
    """Remove one's own authenticator app, confirmed by a current code."""
    if _required_here(request):
        messages.error(
            request,
            _(
                "Two-factor login is required for your roles, so it cannot be turned off. "
                "To move it to a new phone, set up the app again."
            ),
        )
        return redirect("accounts:security")
    form = CodeForm(request.POST)
    if form.is_valid():
        outcome = two_factor_remove(
            user=request.user, actor=request.user, token=form.cleaned_data["code"]
        )
        if outcome.check is CodeCheck.ACCEPTED:
            messages.success(request, _("Two-factor login is off."))
            return redirect("accounts:security")
        if outcome.check is CodeCheck.NO_DEVICE:
            messages.error(request, _("Two-factor login was not on."))
            return redirect("accounts:security")
        _code_error(form, outcome)
    return _security_page(request, remove_form=form, status=400)


@login_required
@require_POST
def logout_everywhere(request: AuthedHttpRequest) -> HttpResponse:
    """End every session of the person, this one included."""
    user_logout_everywhere(user=request.user, actor=request.user)
    logout(request)
    messages.success(
        request,
        _("You are logged out everywhere: on this computer and on every other one."),
    )
    return redirect(settings.LOGIN_URL)


def _mail_settings_page(
    request: AuthedHttpRequest,
    *,
    form: EmailLanguageForm | None = None,
    feed_url: str = "",
    replaced: bool = False,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    context = {
        "form": form or EmailLanguageForm(initial={"email_language": user.email_language}),
        "interface_language": user.get_language_display(),
        "feed_on": bool(user.calendar_key_hash),
        # Only in the answer to the POST that made it: the secret is not kept anywhere.
        "feed_url": feed_url,
        "replaced": replaced,
    }
    return render(request, "accounts/mail_settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mail_settings(request: AuthedHttpRequest) -> HttpResponse:
    """The language of the person's e-mails and their calendar feed of deadlines."""
    if request.method != "POST":
        return _mail_settings_page(request)
    form = EmailLanguageForm(request.POST)
    if not form.is_valid():
        return _mail_settings_page(request, form=form, status=400)
    user_set_email_language(user=request.user, language=form.cleaned_data["email_language"])
    messages.success(request, _("Your choice of e-mail language is saved."))
    return redirect("accounts:mail_settings")


@login_required
@require_POST
def calendar_key_create(request: AuthedHttpRequest) -> HttpResponse:
    """Issue a new calendar feed address (replacing any earlier one) and show it once."""
    replaced = bool(request.user.calendar_key_hash)
    key = calendar_key_issue(user=request.user)
    return _mail_settings_page(request, feed_url=calendar_feed_url(key), replaced=replaced)


@login_required
@require_POST
def calendar_key_remove(request: AuthedHttpRequest) -> HttpResponse:
    """Stop the calendar feed: its address no longer works."""
    if request.user.calendar_key_hash:
        calendar_key_revoke(user=request.user)
        messages.success(request, _("The calendar feed is stopped: its address no longer works."))
    else:
        messages.info(request, _("There was no calendar feed to stop."))
    return redirect("accounts:mail_settings")
