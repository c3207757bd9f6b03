from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "breachdesk.accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        # The login signals' receivers (audit events, session bookkeeping).
        from breachdesk.accounts import receivers  # noqa: F401
