"""Writes on people."""

from django.db import transaction

from breachdesk.accounts.models import Language, User
from breachdesk.audit.services import audit_record


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
