"""The case file (docs/case-file.md): registered documents, numbered in each case.

The cases so far get their case file from what they recorded, in the order it happened: the
report (when registered), each notification and supplement to IMY, the information to the
people affected, the internal decision, IMY's answer; each linked to the newest version
produced of its document. The titles are written in Swedish, the diary's language.
"""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_STOCKHOLM = ZoneInfo("Europe/Stockholm")
_IMY = "Integritetsskyddsmyndigheten (IMY)"


def _day(moment: datetime) -> date:
    return moment.astimezone(_STOCKHOLM).date()


def _backfill(apps: Any, schema_editor: Any) -> None:
    incidents = apps.get_model("incidents", "Incident").objects
    notifications = apps.get_model("incidents", "ImyNotification").objects
    documents = apps.get_model("documents", "Document").objects
    registered = apps.get_model("documents", "RegisteredDocument").objects

    def latest(incident: Any, kind: str) -> Any:
        return documents.filter(incident=incident, kind=kind).order_by("-version").first()

    for incident in incidents.exclude(registered_at=None).order_by("pk").iterator():
        found: list[tuple[datetime, dict[str, Any]]] = [
            (
                incident.registered_at,
                dict(
                    kind="report",
                    direction="in",
                    dated=_day(incident.reported_at),
                    title="Anmälan av personuppgiftsincident",
                    counterpart=incident.reporter_name,
                    registered_by_id=incident.registered_by_id,
                ),
            )
        ]
        for made in notifications.filter(incident=incident).order_by("made_at", "pk"):
            supplement = made.kind == "supplement"
            found.append(
                (
                    made.made_at,
                    dict(
                        kind="imy_supplement" if supplement else "imy_notification",
                        direction="out",
                        dated=_day(made.made_at),
                        title="Komplettering av anmälan av personuppgiftsincident"
                        if supplement
                        else "Anmälan av personuppgiftsincident",
                        counterpart=_IMY,
                        registered_by_id=made.recorded_by_id,
                        document=latest(
                            incident, "imy_supplement" if supplement else "imy_notification"
                        ),
                    ),
                )
            )
        officer = incident.assignee_id or incident.registered_by_id
        if incident.subjects_informed_at:
            found.append(
                (
                    incident.subjects_informed_at,
                    dict(
                        kind="subjects_letter",
                        direction="out",
                        dated=_day(incident.subjects_informed_at),
                        title="Information till de berörda om en personuppgiftsincident",
                        counterpart="De berörda",
                        registered_by_id=officer,
                        document=latest(incident, "subjects_letter"),
                    ),
                )
            )
        if incident.decided_on:
            found.append(
                (
                    datetime.combine(incident.decided_on, datetime.max.time(), _STOCKHOLM),
                    dict(
                        kind="decision",
                        direction="internal",
                        dated=incident.decided_on,
                        title="Beslut om personuppgiftsincident",
                        counterpart="",
                        registered_by_id=incident.decision_maker_id or officer,
                        document=latest(incident, "decision"),
                    ),
                )
            )
        if incident.imy_answer_on:
            found.append(
                (
                    datetime.combine(incident.imy_answer_on, datetime.max.time(), _STOCKHOLM),
                    dict(
                        kind="imy_answer",
                        direction="in",
                        dated=incident.imy_answer_on,
                        title="Svar från IMY",
                        counterpart=_IMY,
                        registered_by_id=officer,
                    ),
                )
            )
        # The report is always the first document; the others in the order they happened.
        report, rest = found[0], sorted(found[1:], key=lambda item: item[0])
        for number, (moment, values) in enumerate([report, *rest], start=1):
            registered.create(incident=incident, number=number, registered_at=moment, **values)


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
        ('incidents', '0009_assessment_method_2'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RegisteredDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='document number')),
                ('kind', models.CharField(choices=[('report', 'the report of the incident'), ('imy_notification', 'notification to IMY'), ('imy_supplement', 'supplement to IMY'), ('subjects_letter', 'information to the people affected'), ('decision', 'internal decision'), ('imy_answer', 'letter or decision from IMY'), ('incoming', 'incoming document')], max_length=20, verbose_name='kind')),
                ('direction', models.CharField(choices=[('in', 'incoming'), ('out', 'outgoing'), ('internal', 'internal')], max_length=8, verbose_name='direction')),
                ('dated', models.DateField(verbose_name='date')),
                ('counterpart', models.CharField(blank=True, max_length=200, verbose_name='sender or recipient')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('filename', models.CharField(blank=True, max_length=200, verbose_name='file name')),
                ('media_type', models.CharField(blank=True, max_length=100, verbose_name='file type')),
                ('content', models.BinaryField(blank=True, null=True, verbose_name='content')),
                ('size', models.PositiveIntegerField(blank=True, null=True, verbose_name='size (bytes)')),
                ('sha256', models.CharField(blank=True, max_length=64, verbose_name='checksum (SHA-256)')),
                ('guard_findings', models.JSONField(blank=True, default=list, verbose_name='personal data found')),
                ('registered_at', models.DateTimeField(verbose_name='registered')),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='registrations', to='documents.document', verbose_name='produced document')),
                ('incident', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='registered_documents', to='incidents.incident', verbose_name='incident')),
                ('registered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by')),
            ],
            options={
                'verbose_name': 'registered document',
                'verbose_name_plural': 'registered documents',
                'ordering': ('incident', 'number'),
                'constraints': [models.UniqueConstraint(fields=('incident', 'number'), name='registered_document_number_unique')],
            },
        ),
        migrations.RunPython(_backfill, migrations.RunPython.noop),
    ]
