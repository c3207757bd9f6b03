from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "breachdesk.alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from breachdesk.alerts.reactions import reactions_subscribe

        reactions_subscribe()
