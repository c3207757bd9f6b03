"""A person's tasks ("Mina uppgifter") and messages, in English (the msgids)."""

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from breachdesk.accounts.models import User
from breachdesk.alerts.models import Alert, AlertKind, MailState
from breachdesk.alerts.selectors import alerts_for
from breachdesk.alerts.services import alert_mark_seen, alert_new
from breachdesk.alerts.tasks import tasks_for
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident, Measure
from tests import flow
from tests.conftest import World, at, login

NOW = at("2026-03-10 12:00")


@pytest.fixture(autouse=True)
def english(world: World) -> None:
    User.objects.update(language="en")


@pytest.fixture
def pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _measure(world: World, incident: Incident, text: str, due_on: date | None) -> Measure:
    return services.measure_record(
        incident=incident,
        actor=world.coordinator,
        description=text,
        responsible=world.coordinator,
        due_on=due_on,
        done_on=None,
    )


def _coordinators_week(world: World) -> tuple[Incident, Incident]:
    """Two cases of the coordinator's and three measures, made on 10 March 2026 at noon:
    the late case was discovered on 6 March (due 9 March 09:00), the fresh one this morning
    (due 13 March 10:00); the measures are due on 8 and 20 March, and one has no due day."""
    late = flow.acknowledged(
        world, occurred_at=at("2026-03-06 08:00"), discovered_at=at("2026-03-06 09:00")
    )
    fresh = flow.acknowledged(
        world, occurred_at=at("2026-03-10 09:00"), discovered_at=at("2026-03-10 10:00")
    )
    _measure(world, fresh, "Byt lösenord på funktionsbrevlådan.", date(2026, 3, 8))
    _measure(world, fresh, "Påminn om rutinen för e-post.", date(2026, 3, 20))
    _measure(world, fresh, "Se över behörigheterna.", None)
    return late, fresh


@pytest.mark.usefixtures("pinned")
def test_tasks_are_soonest_first_with_the_overdue_first_and_the_undated_last(
    world: World,
) -> None:
    late, fresh = _coordinators_week(world)
    tasks = tasks_for(user=world.coordinator, now=NOW)
    assert [(task.kind, task.incident, task.due_at, task.due_on) for task in tasks] == [
        ("measure", fresh, None, date(2026, 3, 8)),
        ("case", late, at("2026-03-09 09:00"), None),
        ("case", fresh, at("2026-03-13 10:00"), None),
        ("measure", fresh, None, date(2026, 3, 20)),
        ("measure", fresh, None, None),
    ]
    assert [task.overdue(NOW) for task in tasks] == [True, True, False, False, False]


def test_the_registrar_is_given_the_report_to_register(world: World) -> None:
    incident = flow.reported(world)
    [task] = tasks_for(user=world.registrar)
    assert (task.kind, task.incident, task.due_at) == ("register", incident, incident.imy_due_at)
    assert task.path == reverse("incidents:case_register", args=[incident.code])
    assert tasks_for(user=world.school_registrar) == [], "another controller's registrar"
    assert tasks_for(user=world.coordinator) == [], "not assigned before registration"


def test_the_coordinator_is_given_their_case_with_its_deadline(world: World) -> None:
    incident = flow.registered(world)
    [task] = tasks_for(user=world.coordinator)
    assert (task.kind, task.incident, task.due_at) == ("case", incident, incident.imy_due_at)
    with translation.override("sv"):
        assert str(task.what) == "Bekräfta mottagandet och påbörja utredningen"
    assert tasks_for(user=world.registrar) == [], "registered: no longer in the queue"
    assert tasks_for(user=world.elderly_coordinator) == []


def test_the_responsible_person_is_given_their_measure(world: World) -> None:
    incident = flow.acknowledged(world)
    due = timezone.localdate() + timedelta(days=7)
    measure = services.measure_record(
        incident=incident,
        actor=world.coordinator,
        description="Påminn enheten om säker e-post.",
        responsible=world.manager,
        due_on=due,
        done_on=None,
    )
    [task] = tasks_for(user=world.manager)
    assert (task.kind, task.measure, task.due_on) == ("measure", measure, due)
    assert [task.kind for task in tasks_for(user=world.coordinator)] == ["case"]


def test_the_decision_maker_is_given_the_decision_to_take(world: World) -> None:
    incident = flow.notified(world)
    [task] = tasks_for(user=world.decision_maker)
    assert (task.kind, task.incident) == ("decide", incident)
    assert task.path == reverse("incidents:decide", args=[incident.code])
    assert task.due_at is None, "IMY is notified: the 72 hours no longer run"


def test_a_done_measure_and_a_closed_case_are_no_longer_tasks(world: World) -> None:
    incident = flow.decided(world)
    services.decision_send_to_dpo(incident=incident, actor=world.coordinator)

    def record(text: str, done_on: date | None = None, measure: Measure | None = None) -> Measure:
        return flow.measure(world, incident, description=text, done_on=done_on, amend=measure)

    kept = record("Utbilda personalen.")
    done = record("Byt mottagarlista.")
    assert {task.measure for task in tasks_for(user=world.manager)} == {kept, done}
    record("Byt mottagarlista.", done_on=timezone.localdate(), measure=done)
    assert [task.measure for task in tasks_for(user=world.manager)] == [kept]
    assert [task.kind for task in tasks_for(user=world.coordinator)] == ["case"]
    services.incident_close(
        incident=incident, actor=world.coordinator, note="Utbildningen följs upp i planen."
    )
    assert tasks_for(user=world.manager) == []
    assert tasks_for(user=world.coordinator) == []


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row task .*?</tr>', html, flags=re.S)


@pytest.mark.usefixtures("pinned")
def test_the_page_lists_the_tasks_soonest_first_and_says_which_are_overdue(
    client: Client, world: World
) -> None:
    late, _fresh = _coordinators_week(world)
    response = login(client, world.coordinator).get(reverse("alerts:tasks"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">My tasks</h1>' in html
    rows = _rows(html)
    assert len(rows) == 5
    assert "Byt lösenord på funktionsbrevlådan." in rows[0]
    assert '<time datetime="2026-03-08">2026-03-08</time>' in rows[0]
    assert late.display_number in rows[1]
    assert f'href="{reverse("incidents:case", args=[late.code])}"' in rows[1]
    assert '<time datetime="2026-03-09T09:00:00+01:00">2026-03-09 09:00</time>' in rows[1]
    assert "Investigate, assess the risk and decide on IMY" in rows[1]
    assert world.social.name in rows[1]
    assert '<time datetime="2026-03-13T10:00:00+01:00">2026-03-13 10:00</time>' in rows[2]
    assert "Påminn om rutinen för e-post." in rows[3]
    assert "Se över behörigheterna." in rows[4] and "No due time" in rows[4]
    # Overdue in words, not by colour alone.
    assert ["Overdue" in row for row in rows] == [True, True, False, False, False]


def test_the_page_never_shows_another_persons_tasks_or_messages(
    client: Client, world: World
) -> None:
    incident = flow.registered(world)
    assert Alert.objects.filter(recipient=world.coordinator).exists()
    html = login(client, world.elderly_coordinator).get(reverse("alerts:tasks")).content.decode()
    assert incident.display_number not in html
    assert "You have nothing to do right now." in html
    assert "You have no unseen messages." in html
    assert _rows(html) == []


def test_the_page_shows_the_unseen_messages_with_their_subjects(
    client: Client, world: World
) -> None:
    incident = flow.registered(world)
    html = login(client, world.coordinator).get(reverse("alerts:tasks")).content.decode()
    assert f"You are the case officer of {incident.display_number}" in html
    assert f'href="{reverse("incidents:case", args=[incident.code])}"' in html
    Alert.objects.filter(recipient=world.coordinator).update(seen_at=timezone.now())
    html = client.get(reverse("alerts:tasks")).content.decode()
    assert f"You are the case officer of {incident.display_number}" not in html
    assert "You have no unseen messages." in html


def test_the_page_shows_the_newest_twenty_unseen_messages(client: Client, world: World) -> None:
    incident = flow.registered(world)
    Alert.objects.all().delete()
    start = timezone.now() - timedelta(days=1)
    Alert.objects.bulk_create(
        alert_new(
            kind=AlertKind.ASSIGNED,
            incident=incident,
            recipient=world.coordinator,
            now=start + timedelta(minutes=minute),
        )
        for minute in range(25)
    )
    response = login(client, world.coordinator).get(reverse("alerts:tasks"))
    shown = [alert for alert, _message in response.context["unseen"]]
    newest = list(Alert.objects.order_by("-created_at")[:20])
    assert shown == newest
    assert "The newest 20 of 25 unseen messages." in response.content.decode()


def test_mark_all_as_seen_marks_only_ones_own_messages(client: Client, world: World) -> None:
    flow.registered(world)
    mine = Alert.objects.filter(recipient=world.coordinator)
    others = Alert.objects.exclude(recipient=world.coordinator)
    assert mine.exists() and others.exists()
    login(client, world.coordinator)
    assert client.get(reverse("alerts:seen_all")).status_code == 405
    response = client.post(reverse("alerts:seen_all"), follow=True)
    assert response.redirect_chain == [(reverse("alerts:tasks"), 302)]
    assert not mine.filter(seen_at__isnull=True).exists()
    assert not others.filter(seen_at__isnull=False).exists()
    assert "Marked 1 message as seen." in response.content.decode()


@pytest.mark.parametrize(
    ("target", "lands_on"),
    [
        ("/alerts/tasks/", "/alerts/tasks/"),
        ("https://evil.example/alerts/", "/alerts/"),
        ("//evil.example/alerts/", "/alerts/"),
        ("/\\evil.example/alerts/", "/alerts/"),
        ("", "/alerts/"),
    ],
)
def test_marking_a_message_seen_returns_only_to_a_local_page(
    client: Client, world: World, target: str, lands_on: str
) -> None:
    flow.registered(world)
    alert = Alert.objects.get(recipient=world.coordinator)
    response = login(client, world.coordinator).post(
        reverse("alerts:seen", args=[alert.pk]), {"next": target}
    )
    assert (response.status_code, response["Location"]) == (302, lands_on)
    alert.refresh_from_db()
    assert alert.seen_at is not None


def test_someone_elses_message_cannot_be_marked_seen(client: Client, world: World) -> None:
    flow.registered(world)
    alert = Alert.objects.get(recipient=world.coordinator)
    response = login(client, world.elderly_coordinator).post(
        reverse("alerts:seen", args=[alert.pk]), {"next": "/alerts/tasks/"}
    )
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.seen_at is None


def test_the_message_list_shows_subjects_and_whether_the_email_was_sent(
    client: Client, world: World
) -> None:
    incident = flow.registered(world)
    alert = Alert.objects.get(recipient=world.coordinator)
    html = login(client, world.coordinator).get(reverse("alerts:list")).content.decode()
    assert '<h1 class="govuk-heading-l">Messages</h1>' in html
    assert f"You are the case officer of {incident.display_number}" in html
    assert "to be sent" in html
    Alert.objects.filter(pk=alert.pk).update(mail_state=MailState.SENT, mail_sent_at=timezone.now())
    html = client.get(reverse("alerts:list")).content.decode()
    assert "to be sent" not in html
    assert ">sent <time datetime=" in html


def test_the_nav_leads_to_my_tasks_with_the_unseen_count(client: Client, world: World) -> None:
    flow.registered(world)
    html = login(client, world.coordinator).get(reverse("alerts:list")).content.decode()
    link = re.search(
        r'<a class="govuk-service-navigation__link" href="/alerts/tasks/">My tasks.*?</a>', html
    )
    assert link is not None
    assert (
        '<span class="bd-badge">1<span class="govuk-visually-hidden"> unseen messages</span>'
        in link.group()
    )


def test_the_admin_shows_messages_but_changes_none(client: Client, world: World) -> None:
    incident = flow.registered(world)
    alert = Alert.objects.get(recipient=world.coordinator)
    client.force_login(User.objects.create_superuser("root", "root@testby.example", "x"))
    assert incident.diary_number is not None
    found = client.get(reverse("admin:alerts_alert_changelist"), {"q": incident.diary_number})
    assert found.status_code == 200
    assert list(found.context["cl"].result_list) == list(Alert.objects.filter(incident=incident))
    missed = client.get(reverse("admin:alerts_alert_changelist"), {"q": "no-such-number"})
    assert list(missed.context["cl"].result_list) == []
    assert client.get(reverse("admin:alerts_alert_add")).status_code == 403
    change = client.get(reverse("admin:alerts_alert_change", args=[alert.pk]))
    assert change.status_code == 200
    assert 'name="kind"' not in change.content.decode()
    client.post(reverse("admin:alerts_alert_change", args=[alert.pk]), {"kind": AlertKind.DECISION})
    alert.refresh_from_db()
    assert alert.kind == AlertKind.ASSIGNED


def test_messages_are_listed_unseen_first_then_newest(world: World) -> None:
    """PostgreSQL sorts NULLs last and SQLite first: the list must not depend on it."""
    older, newer = flow.registered(world), flow.registered(world)
    first, second = (
        Alert.objects.get(recipient=world.coordinator, incident=incident)
        for incident in (older, newer)
    )
    alert_mark_seen(alert=second, user=world.coordinator)
    assert list(alerts_for(user=world.coordinator)) == [first, second]
