"""What followed the demo cases: the committees' reports of this year's meetings, and the
messages of the past, read and e-mailed when they were sent."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from breachdesk.alerts.models import Alert, AlertKind, MailState
from breachdesk.documents.report_services import committee_report_produce
from breachdesk.orgs.models import Controller, Membership, Role


def reports_create(controllers: dict[str, Controller]) -> None:
    """Each committee's report of this year's meetings, by its controller's registrar."""
    today = timezone.localdate()
    for controller in controllers.values():
        registrar = (
            Membership.objects.filter(controller=controller, role=Role.REGISTRAR, unit__isnull=True)
            .select_related("user")
            .first()
        )
        for committee in controller.committees.all():
            meetings = list(committee.meetings.filter(held_on__year=today.year, held_on__lte=today))
            if registrar is not None and meetings:
                committee_report_produce(
                    committee=committee, meetings=meetings, actor=registrar.user
                )


def messages_settle() -> None:
    """The demo's history happened before today: its messages were read and e-mailed then.
    Those of the last two days, and the DPO's supervision alert, stay unread; their e-mails
    wait for the scheduler."""
    past = Alert.objects.filter(created_at__lt=timezone.now() - timedelta(days=2)).exclude(
        kind=AlertKind.SUPERVISION
    )
    past.update(
        seen_at=F("created_at") + timedelta(hours=1),
        mail_state=MailState.SENT,
        mail_sent_at=F("created_at"),
    )
