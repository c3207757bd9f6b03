from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "breachdesk.documents"
    verbose_name = _("documents")

    def ready(self) -> None:
        from breachdesk.documents.casefile import casefile_subscribe

        casefile_subscribe()
