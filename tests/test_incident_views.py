"""The pages: report form, receipt, my reports, queue, registration, acknowledgement, case."""

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.audit.models import AuditEvent
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services import incident_register
from breachdesk.incidents.workflow import State
from breachdesk.lib.errors import DomainError
from tests import flow
from tests.conftest import World, login, report_facts

MakeIncident = Callable[..., Incident]


def _report_post(world: World, **overrides: object) -> dict[str, object]:
    return flow.report_post(world, **overrides)


def test_report_form_is_prefilled_from_the_user(client: Client, world: World) -> None:
    response = login(client, world.reporter).get(reverse("incidents:report"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["reporter_name"] == "Rut Anmälarsson"
    assert form.initial["reporter_title"] == "Socialsekreterare"
    assert form.initial["unit"] == world.children.pk
    assert "Skriv inte känsliga personuppgifter" in response.content.decode()


def test_report_in_english_warns_about_sensitive_data(client: Client, world: World) -> None:
    world.reporter.language = "en"
    world.reporter.save()
    response = login(client, world.reporter).get(reverse("incidents:report"))
    assert "Do not write sensitive personal data" in response.content.decode()


def test_submitting_a_report_shows_the_receipt(client: Client, world: World) -> None:
    login(client, world.reporter)
    response = client.post(reverse("incidents:report"), _report_post(world), follow=True)
    incident = Incident.objects.get()
    assert response.redirect_chain[-1][0] == reverse("incidents:receipt", args=[incident.code])
    page = response.content.decode()
    assert incident.reference in page
    assert incident.discovered_approximate is True
    assert sorted(incident.subject_categories) == ["children", "guardians"]
    mine = client.get(reverse("incidents:mine")).content.decode()
    assert incident.reference in mine and "anmäld" in mine


def test_a_validation_error_keeps_everything_typed(client: Client, world: World) -> None:
    login(client, world.reporter)
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data = _report_post(
        world, discovered_at=future, location="processor", processor_name="", affected_count="x"
    )
    response = client.post(reverse("incidents:report"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ett brev till en vårdnadshavare lades i fel kuvert." in page
    assert future in page
    assert 'value="guardians"' in page and "checked" in page
    errors = response.context["form"].errors
    assert set(errors) == {"discovered_at", "processor_name", "affected_count"}
    assert not Incident.objects.exists()


def test_discovered_before_it_happened_is_explained(client: Client, world: World) -> None:
    login(client, world.reporter)
    now = timezone.localtime()
    data = _report_post(
        world,
        occurred_at=(now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        discovered_at=(now - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client.post(reverse("incidents:report"), data)
    assert "kan inte ha upptäckts innan" in response.content.decode()


def test_a_time_that_does_not_exist_in_stockholm_is_explained(client: Client, world: World) -> None:
    # 02:30 on the night summer time starts never happened on a Swedish clock.
    login(client, world.reporter)
    response = client.post(
        reverse("incidents:report"), _report_post(world, occurred_at="2026-03-29T02:30")
    )
    assert response.status_code == 400
    assert "occurred_at" in response.context["form"].errors


def test_registrar_queue_lists_new_reports_of_own_controller_only(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    ours = make_incident()
    theirs = make_incident(reporter=world.school_coordinator, unit=world.primary)
    page = login(client, world.registrar).get(reverse("incidents:queue")).content.decode()
    assert ours.reference in page
    assert theirs.reference not in page


def test_registering_through_the_page(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    login(client, world.registrar)
    url = reverse("incidents:case_register", args=[incident.code])
    form_page = client.get(url)
    assert "Cecilia Samordnarsson" in form_page.content.decode()
    response = client.post(
        url,
        {"series": world.social_series.pk, "unit": world.children.pk, "assignee": ""},
        follow=True,
    )
    incident.refresh_from_db()
    assert incident.state == State.REGISTERED
    assert incident.diary_number is not None
    assert incident.diary_number in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("incidents:case", args=[incident.code])


def test_registering_with_a_foreign_series_is_refused_with_a_message(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    login(client, world.registrar)
    response = client.post(
        reverse("incidents:case_register", args=[incident.code]),
        {"series": world.school_series.pk, "unit": world.children.pk},
    )
    assert response.status_code == 400
    assert "series" in response.context["form"].errors
    incident.refresh_from_db()
    assert incident.state == State.REPORTED


def test_coordinator_confirms_receipt_and_registrar_sees_it(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar)
    login(client, world.coordinator)
    case_url = reverse("incidents:case", args=[incident.code])
    assert "Bekräfta mottagande" in client.get(case_url).content.decode()
    client.post(reverse("incidents:case_acknowledge", args=[incident.code]))
    incident.refresh_from_db()
    assert incident.state == State.ACKNOWLEDGED
    registrar_view = login(Client(), world.registrar).get(case_url).content.decode()
    assert timezone.localtime(incident.acknowledged_at).strftime("%Y-%m-%d %H:%M") in registrar_view
    assert "Mottagande bekräftat" in registrar_view


def test_acknowledging_twice_gives_a_message_not_an_error(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar)
    login(client, world.coordinator)
    url = reverse("incidents:case_acknowledge", args=[incident.code])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "inte möjligt" in response.content.decode()


def test_case_page_shows_facts_timeline_and_clock(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar)
    page = login(client, world.dpo).get(reverse("incidents:case", args=[incident.code]))
    text = page.content.decode()
    assert incident.diary_number is not None
    assert incident.diary_number in text
    assert "Registrerad i diariet" in text and "Anmäld" in text
    assert "kvar" in text  # the 72-hour clock
    assert page.context["actions"] == {}


def test_language_switch_is_remembered_for_the_user(client: Client, world: World) -> None:
    login(client, world.reporter)
    client.post(reverse("set_language"), {"language": "en", "next": "/incidents/mine/"})
    world.reporter.refresh_from_db()
    assert world.reporter.language == "en"
    assert "My reports" in client.get(reverse("incidents:mine")).content.decode()


def test_language_switch_refuses_foreign_redirects(client: Client, world: World) -> None:
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_anyone_signed_in_reports_choosing_the_controller_and_unit(
    client: Client, world: World
) -> None:
    """Single sign-on creates people with no role anywhere yet: they report too."""
    newcomer = User.objects.create_user(username="nyanstalld", password="x", first_name="Ny")
    login(client, newcomer)
    page = client.get(reverse("incidents:report"))
    units = set(page.context["form"].fields["unit"].queryset)
    assert {world.children, world.primary} <= units, "every unit of every controller"
    assert "channel" not in page.context["form"].fields
    post = flow.report_post(world, unit=world.primary.pk, description="Ett papper tappades.")
    response = client.post(reverse("incidents:report"), post)
    assert response.status_code == 302, response.context["form"].errors
    incident = Incident.objects.get(reporter=newcomer)
    assert (incident.controller, incident.unit) == (world.school, world.primary)
    assert incident.channel == "breachdesk"


def test_a_registrar_enters_a_report_that_came_by_telephone(client: Client, world: World) -> None:
    login(client, world.registrar)
    form = client.get(reverse("incidents:report")).context["form"]
    assert next(iter(form.fields)) == "channel"
    post = flow.report_post(world, channel="phone", reporter_name="Sven Ringare")
    assert client.post(reverse("incidents:report"), post).status_code == 302
    incident = Incident.objects.get(reporter_name="Sven Ringare")
    assert (incident.channel, incident.reporter) == ("phone", world.registrar)
    case = client.get(reverse("incidents:receipt", args=[incident.code])).content.decode()
    assert "per telefon, inmatad av en registrator" in case
    reported = AuditEvent.objects.get(incident=incident, kind="incident.reported")
    assert reported.data["channel"] == "phone"


def test_only_a_registrar_enters_a_report_on_someones_behalf(world: World) -> None:
    facts = replace(report_facts(world.children), channel="email")
    with pytest.raises(DomainError, match="registrator"):
        services.incident_report(reporter=world.reporter, facts=facts)
