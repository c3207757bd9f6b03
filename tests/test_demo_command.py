"""manage.py demo: the fictional demo world and the bulk benchmark incidents."""

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from breachdesk.accounts.models import User
from breachdesk.alerts.models import Alert, AlertKind
from breachdesk.audit.models import AuditEvent
from breachdesk.demo.cases import DemoCase
from breachdesk.demo.specs import HANDLINGS, STORIES
from breachdesk.incidents.models import (
    Contact,
    ImyNotification,
    ImyOutcome,
    Incident,
    Investigation,
    Measure,
    NotificationKind,
    RiskAssessment,
)
from breachdesk.incidents.services import decision_follows
from breachdesk.incidents.workflow import ImyDecision, State, SubjectsDecision
from breachdesk.orgs.models import Controller, DiarySeries, Membership, Role, Unit
from breachdesk.orgs.scoping import roles_at
from breachdesk.orgs.validators import validate_organisation_number

SOCIAL = "Socialnämnden i Exempelby"
SCHOOL = "Bildningsnämnden i Exempelby"
UNIVERSITY = "Högskolan i Exempelstad"
NUMBER_PATTERNS = {
    SOCIAL: re.compile(r"^(\d{2})AFN(\d+)$"),
    SCHOOL: re.compile(r"^\d{6}-PERSINC-[0-9A-Z]{4}$"),
    UNIVERSITY: re.compile(r"^(\d+)-1\.1\.2-(\d{4})$"),
}
PERSONAS = [
    "reporter",
    "registrar",
    "coordinator",
    "coordinator2",
    "manager",
    "dpo",
    "uni_registrar",
    "uni_coordinator",
    "uni_dpo",
    "teacher",
    "school_director",
    "uni_director",
    "admin",
]


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def demo_world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The demo, built once for the tests of a class (its output): in a transaction that is
    rolled back after them, so later tests start on an empty database. Each test's own changes
    are rolled back to a savepoint by its `db` fixture."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = run_demo()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield output
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def demo_incidents() -> list[Incident]:
    return list(
        Incident.objects.exclude(reference__startswith="PUI-B-").select_related(
            "controller", "diary_series", "assignee", "unit"
        )
    )


def _row_counts() -> tuple[int, ...]:
    models = (
        Controller,
        User,
        Membership,
        Unit,
        Incident,
        AuditEvent,
        Investigation,
        Contact,
        Measure,
        RiskAssessment,
        ImyNotification,
        Alert,
    )
    return tuple(model.objects.count() for model in models)


def test_every_story_has_a_handling_that_decides_for_any_count() -> None:
    """Counts are drawn at random: at either end of a story's range its handling must have
    the texts its decision needs (DemoCase refuses otherwise)."""
    assert len(HANDLINGS) == len(STORIES)
    for story, handling in zip(STORIES, HANDLINGS, strict=True):
        assert handling.unit == story.unit
        for count in (story.low, story.high):
            incident = Incident(
                unit=Unit(name=story.unit), data_types=list(story.data), affected_count=count
            )
            case = DemoCase(incident, timezone.now(), handling)
            if case.decision == ImyDecision.NOT_NOTIFY:
                assert handling.assessment.startswith("Vid en sammanvägning bedöms")
            if handling.not_incident:
                assert handling.not_incident[1].startswith("Bedöms inte vara en")


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_world")
class TestTheDemoWorld:
    """The tests that read the demo world, or change it within their own transaction."""

    def test_demo_builds_controllers_people_and_incidents(self, demo_world: str) -> None:
        output = demo_world

        controllers = {c.name: c for c in Controller.objects.all()}
        assert set(controllers) == {SOCIAL, SCHOOL, UNIVERSITY}
        for controller in controllers.values():
            validate_organisation_number(controller.organisation_number)
            assert controller.dpo_name and controller.dpo_email and controller.address
            assert DiarySeries.objects.filter(controller=controller, is_default=True).count() == 1
            assert controller.committees.get().meetings.filter(held_on__year=2026).count() == 6
        units = {(u.controller.name, u.name): u for u in Unit.objects.select_related("parent")}
        assert units[SOCIAL, "Hemtjänst Norr"].parent == units[SOCIAL, "Äldreomsorgen"]
        assert units[SCHOOL, "Tallåsens skola"].parent == units[SCHOOL, "Grundskolan"]
        assert units[SCHOOL, "Vuxenutbildningen"].parent is None
        assert (UNIVERSITY, "Biblioteket") in units

        users = {u.username: u for u in User.objects.all()}
        assert set(PERSONAS) <= set(users)
        assert users["reporter"].check_password("demo")
        assert users["admin"].is_superuser and users["admin"].is_staff
        assert users["coordinator"].manager == users["manager"]
        assert not users["coordinator"].is_absent_on(timezone.localdate())
        ifo = units[SOCIAL, "Individ- och familjeomsorgen"]
        assert Membership.objects.filter(
            user=users["coordinator"], unit=ifo, role=Role.COORDINATOR, include_subunits=True
        ).exists()
        assert (
            Membership.objects.filter(
                user=users["registrar"], unit__isnull=True, role=Role.REGISTRAR
            ).count()
            == 2
        )
        assert (
            Membership.objects.filter(user=users["dpo"], unit__isnull=True, role=Role.DPO).count()
            == 2
        )
        assert Membership.objects.filter(
            user=users["reporter"], unit__controller__name=SOCIAL, role=Role.REPORTER
        ).exists()

        incidents = demo_incidents()
        assert len(incidents) == 60
        states = Counter(i.state for i in incidents)
        assert states[State.REPORTED] == 12
        assert states[State.REGISTERED] == 15
        # The 33 acknowledged cases: the fresh ones and a few of the old ones stay acknowledged,
        # the others are carried on; every state of the life occurs.
        assert set(states) == set(State)
        assert sum(states[s] for s in State if s not in (State.REPORTED, State.REGISTERED)) == 33
        assert 6 <= states[State.ACKNOWLEDGED] <= 10
        assert states[State.CLOSED] >= 12
        assert {i.controller.name for i in incidents} == set(controllers)
        assert all("PUI-B-" not in i.reference for i in incidents)

        assert "http://127.0.0.1:8000/" in output
        for username in PERSONAS:
            assert re.search(rf"^\s+{username}\s+demo\s+\S", output, re.MULTILINE), username

    def test_registered_incidents_have_gapless_numbers_in_their_series_format(self) -> None:
        numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
        for incident in demo_incidents():
            if incident.state == State.REPORTED:
                assert incident.diary_number is None
                continue
            assert incident.diary_series is not None
            assert incident.diary_series.controller_id == incident.controller_id
            assert incident.diary_number is not None
            match = NUMBER_PATTERNS[incident.controller.name].match(incident.diary_number)
            assert match, incident.diary_number
            assert incident.registered_at is not None
            local = timezone.localtime(incident.registered_at)
            if incident.controller.name == SOCIAL:
                assert match.group(1) == f"{local.year % 100:02d}"
                numbers[SOCIAL, match.group(1)].append(int(match.group(2)))
            elif incident.controller.name == SCHOOL:
                assert incident.diary_number.startswith(local.strftime("%y%m%d"))
            else:
                assert match.group(2) == str(local.year)
                numbers[UNIVERSITY, match.group(2)].append(int(match.group(1)))
        for year_numbers in numbers.values():
            assert sorted(year_numbers) == list(range(1, len(year_numbers) + 1))

    def test_demo_cases_have_real_clocks_officers_and_audit_trails(self) -> None:
        now = timezone.now()
        incidents = demo_incidents()
        open_with_time_left = [i for i in incidents if i.imy_due_at > now]
        overdue = [i for i in incidents if i.imy_due_at <= now]
        assert len(open_with_time_left) >= 5
        assert len(overdue) >= 20
        assert min(i.reported_at for i in incidents) < now - timedelta(days=150)

        for incident in incidents:
            assert incident.occurred_at <= incident.discovered_at <= incident.reported_at <= now
            kinds = set(incident.audit_events.values_list("kind", flat=True))
            assert "incident.reported" in kinds
            if incident.state != State.REPORTED:
                assert incident.assignee is not None
                assert incident.registered_at is not None
                assert incident.reported_at <= incident.registered_at <= now
                assert "incident.register" in kinds
            if incident.state not in (State.REPORTED, State.REGISTERED):
                assert incident.acknowledged_by_id == incident.assignee_id
                assert "incident.acknowledge" in kinds

        # The elder-care coordinator is away, so their manager stood in for a recent case.
        stand_in = [i for i in incidents if i.assignee and i.assignee.username == "elder_manager"]
        assert stand_in
        assert AuditEvent.objects.filter(
            incident__in=stand_in, kind="incident.register", data__assignment="stand_in"
        ).exists()

    def test_old_cases_are_carried_through_the_later_states(self) -> None:
        incidents = demo_incidents()
        acknowledged = [i for i in incidents if i.state == State.ACKNOWLEDGED]
        pending = [i for i in acknowledged if i.imy_decision == ImyDecision.INVESTIGATING]
        assert len(pending) >= 3
        assert all(Investigation.objects.filter(incident=i).exists() for i in pending)
        investigated = [
            i
            for i in acknowledged
            if Investigation.objects.filter(incident=i).exists() and i.imy_decision == ""
        ]
        assert len(investigated) >= 2
        assert not RiskAssessment.objects.filter(incident__in=investigated).exists()

        decided = [i for i in incidents if i.state == State.DECIDED]
        assert any(i.sent_to_dpo_at for i in decided) and any(not i.sent_to_dpo_at for i in decided)
        assert Contact.objects.filter(incident__in=incidents).count() >= 15
        assert Measure.objects.filter(incident__in=incidents, done_on__isnull=True).exists()

        not_incidents = [i for i in incidents if i.not_an_incident]
        assert len(not_incidents) == 3
        for incident in not_incidents:
            assert incident.state == State.CLOSED
            assert incident.closing_note.startswith("Bedöms inte vara en personuppgiftsincident")
            assert incident.investigation.dpo_consulted

        closed = [i for i in incidents if i.state == State.CLOSED and not i.not_an_incident]
        assert len(closed) >= 10
        for incident in closed:
            assert incident.decision_maker is not None and incident.decided_on is not None
            roles = roles_at(user=incident.decision_maker, unit=incident.unit)
            assert Role.DECISION_MAKER in roles, incident
            assert incident.sent_to_dpo_at is not None
            assert incident.closed_at is not None and incident.sent_to_dpo_at <= incident.closed_at
            open_measures = incident.measures.filter(done_on__isnull=True).exists()
            assert not open_measures or incident.closing_note, incident
            if incident.subjects_decision == SubjectsDecision.INFORM:
                assert incident.subjects_informed_at is not None

        # Every decision on IMY follows from an assessment; not notifying has its written reason.
        decided_on_imy = [
            i for i in incidents if i.imy_decision in (ImyDecision.NOTIFY, ImyDecision.NOT_NOTIFY)
        ]
        assert {i.state for i in decided_on_imy} == {
            State.ASSESSED,
            State.NOTIFIED,
            State.DECIDED,
            State.CLOSED,
        }
        not_notified = [i for i in decided_on_imy if i.imy_decision == ImyDecision.NOT_NOTIFY]
        assert len(not_notified) >= 5
        for incident in not_notified:
            assert incident.imy_decision_reason.startswith("Vid en sammanvägning bedöms")
            assert incident.imy_notified_at is None
        for incident in decided_on_imy:
            assert incident.risk_assessment.recommendation == incident.recommendation
            follows = decision_follows(
                recommendation=incident.recommendation,
                imy_decision=incident.imy_decision,
                subjects_decision=incident.subjects_decision,
            )
            assert follows == (not incident.deviation_reason), incident
        assert any(i.deviation_reason for i in decided_on_imy)

    def test_notifications_to_imy_answers_and_the_supervision_alert(self) -> None:
        incidents = demo_incidents()
        notified = [i for i in incidents if i.imy_notified_at is not None]
        assert len(notified) >= 8
        initial = ImyNotification.objects.filter(
            incident__in=notified, kind=NotificationKind.INITIAL
        ).select_related("incident")
        assert initial.count() == len(notified)
        late = [n for n in initial if n.made_at > n.incident.imy_due_at]
        assert len(late) >= 2
        assert all(n.delay_reason.strip() for n in late)
        assert all(not n.delay_reason for n in initial if n not in late)
        assert ImyNotification.objects.filter(
            incident__in=notified, kind=NotificationKind.SUPPLEMENT
        ).exists()

        still_notified = [i for i in incidents if i.state == State.NOTIFIED]
        outcomes = {i.imy_answer_outcome for i in still_notified}
        assert {ImyOutcome.QUESTIONS, ImyOutcome.SUPERVISION} <= outcomes

        supervised = [i for i in incidents if i.imy_answer_outcome == ImyOutcome.SUPERVISION]
        alerts = Alert.objects.filter(kind=AlertKind.SUPERVISION, incident__in=supervised)
        assert alerts.exists()
        for alert in alerts.select_related("recipient", "incident__unit"):
            assert Role.DPO in roles_at(user=alert.recipient, unit=alert.incident.unit)

    def test_demo_timelines_are_in_order_and_in_the_past(self) -> None:
        now = timezone.now()
        incidents = demo_incidents()
        moments: dict[int, list[datetime]] = defaultdict(list)
        events = AuditEvent.objects.filter(incident__in=incidents).order_by("pk")
        for incident_id, at in events.values_list("incident_id", "at"):
            moments[incident_id].append(at)
        assert len(moments) == 60
        for incident in incidents:
            times = moments[incident.pk]
            assert times == sorted(times), incident
            assert times[0] == incident.reported_at
            assert max(times) <= now
            if incident.state not in (State.REPORTED, State.REGISTERED):
                assert incident.acknowledged_at is not None
                assert all(at >= incident.acknowledged_at for at in times[3:])

    def test_running_demo_twice_does_not_duplicate(self) -> None:
        counts = _row_counts()
        output = run_demo()
        assert "already exists" in output
        assert "http://127.0.0.1:8000/" in output and "coordinator2" in output
        assert counts == _row_counts()

    def test_bulk_adds_benchmark_incidents_without_audit_events(self) -> None:
        before, events = Incident.objects.count(), AuditEvent.objects.count()

        run_demo("--incidents", "500")
        assert Incident.objects.count() == before + 500
        assert AuditEvent.objects.count() == events
        run_demo("--incidents", "20")
        assert Incident.objects.count() == before + 520

        bulk = Incident.objects.filter(reference__startswith="PUI-B-")
        assert bulk.count() == 520
        assert {row.state for row in bulk} == {State.REPORTED, State.REGISTERED, State.ACKNOWLEDGED}
        for row in bulk.select_related("diary_series"):
            assert len(row.reference) <= 16
            assert row.aware_at == row.discovered_at
            assert row.imy_due_at - row.aware_at == timedelta(hours=72)
            if row.state != State.REPORTED:
                assert row.diary_series is not None
                assert row.diary_series.controller_id == row.controller_id
                assert row.assignee_id is not None and row.registered_by_id is not None
        numbers = list(bulk.exclude(diary_number=None).values_list("diary_series", "diary_number"))
        assert len(numbers) == len(set(numbers))


@pytest.mark.django_db
def test_bulk_on_an_empty_database_builds_the_world_first() -> None:
    output = run_demo("--incidents", "50")
    assert Controller.objects.count() == 3
    assert Incident.objects.count() == 60 + 50
    assert "Added 50 benchmark incidents" in output
