"""The kinds of audit events that are not changes of a case, and their labels."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CASE_VIEWED = "case.viewed"
DOCUMENT_DOWNLOADED = "document.downloaded"
REGISTER_EXPORTED = "register.exported"
AUDIT_VIEWED = "audit.viewed"
AUDIT_EXPORTED = "audit.exported"
GUARD_REGISTER_SCANNED = "guard.register_scanned"

# Reads: recorded in the audit trail, never shown in a case's timeline.
READ_KINDS: tuple[str, ...] = (
    CASE_VIEWED,
    DOCUMENT_DOWNLOADED,
    REGISTER_EXPORTED,
    AUDIT_VIEWED,
    AUDIT_EXPORTED,
    GUARD_REGISTER_SCANNED,
)

# Labels of the kinds written outside the case workflow (its own are in incidents.selectors).
KIND_LABELS: dict[str, Promise] = {
    CASE_VIEWED: _("Case read"),
    DOCUMENT_DOWNLOADED: _("Document downloaded"),
    REGISTER_EXPORTED: _("Register exported"),
    GUARD_REGISTER_SCANNED: _("Register scanned for personal data"),
    AUDIT_VIEWED: _("Audit trail read"),
    AUDIT_EXPORTED: _("Audit trail exported"),
    "auth.login": _("Logged in"),
    "auth.logout": _("Logged out"),
    "auth.login_failed": _("Login failed"),
    "auth.locked_out": _("Locked out after failed logins"),
    "auth.logout_everywhere": _("Logged out everywhere"),
    "auth.sessions_ended": _("Sessions ended"),
    "auth.2fa_enrolled": _("Two-factor login set up"),
    "auth.2fa_verified": _("Two-factor code accepted"),
    "auth.2fa_failed": _("Two-factor code refused"),
    "auth.2fa_removed": _("Two-factor login removed"),
    "auth.sso_login": _("Logged in through single sign-on"),
    "auth.sso_refused": _("Single sign-on refused"),
    "auth.sso_user_created": _("Account created through single sign-on"),
    "user.language_changed": _("Language changed"),
    "user.email_language_changed": _("E-mail language changed"),
    "auth.calendar_key_issued": _("Calendar address created"),
    "auth.calendar_key_revoked": _("Calendar feed stopped"),
    "document.produced": _("Report produced"),
    "document.registered": _("Document registered in the case"),
    "document.template_uploaded": _("Document template uploaded"),
    "document.template_retired": _("Document template taken out of use"),
}
