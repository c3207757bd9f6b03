"""The pages of the case after acknowledgement, in Swedish (the default) unless said."""

from datetime import datetime, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breachdesk.alerts.models import Alert
from breachdesk.incidents import services
from breachdesk.incidents.models import ImyOutcome, Investigation, RiskAssessment
from breachdesk.incidents.workflow import State
from tests import flow
from tests.conftest import World, login


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _assessment_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "group0_data_types": ["name", "health"],
        "group0_vulnerable_people": "yes",
        "group0_people_count": "30",
        "group0_insight": "usual",
        "group0_identification": "maximum",
        "exposure": "no_evidence",
        "encryption": "none",
        "integrity": "none",
        "availability": "none",
        "malicious": "no",
        "consequences": ["distress"],
    }
    data.update(overrides)
    return data


def test_investigation_form_keeps_input_and_explains_a_missing_end_time(
    client: Client, world: World
) -> None:
    incident = flow.acknowledged(world, location="processor", processor_name="Skolplattform AB")
    url = reverse("incidents:investigation", args=[incident.code])
    page = login(client, world.coordinator).get(url)
    assert page.context["form"].initial["processors"] == "Skolplattform AB"
    response = client.post(
        url,
        {
            "confidentiality": "on",
            "cause": "unauthorised_access",
            "cause_detail": "En elevs inloggning användes av någon annan.",
            "has_ended": "true",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ange när incidenten upphörde." in text
    assert "En elevs inloggning användes av någon annan." in text
    assert not Investigation.objects.exists()


def test_assessment_page_shows_the_recommendation_and_its_reasons(
    client: Client, world: World
) -> None:
    incident = flow.acknowledged(world)
    services.investigation_record(
        incident=incident, actor=world.coordinator, facts=flow.INVESTIGATION
    )
    login(client, world.coordinator)
    url = reverse("incidents:assessment", args=[incident.code])
    initial = client.get(url).context["form"].initial
    assert initial["group0_people_count"] == incident.affected_count
    assert "exposure" not in initial, "no answer is chosen for the coordinator"
    response = client.post(url, _assessment_post())
    assert response.status_code == 302
    assert response["Location"].endswith("#assessment")
    assessment = RiskAssessment.objects.get(incident=incident)
    case = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
    assert "Rekommendation" in case
    assert assessment.get_recommendation_display() in case
    for reason in assessment.reason_list():
        assert reason.text() in case
    assert "Särskilt skyddsvärt:</strong> hälsa (art. 9), barn eller andra sårbara personer" in case


def test_assessment_contradicting_the_investigation_keeps_the_form(
    client: Client, world: World
) -> None:
    incident = flow.acknowledged(world)
    services.investigation_record(
        incident=incident, actor=world.coordinator, facts=flow.INVESTIGATION
    )
    response = login(client, world.coordinator).post(
        reverse("incidents:assessment", args=[incident.code]), _assessment_post(exposure="none")
    )
    assert response.status_code == 400
    assert "Utredningen anger förlust av konfidentialitet" in response.content.decode()
    assert response.context["form"]["group0_people_count"].value() == "30"


def test_decision_against_the_recommendation_asks_for_a_reason_and_keeps_the_text(
    client: Client, world: World
) -> None:
    incident = flow.investigated(world)  # recommended: notify IMY
    url = reverse("incidents:imy_decision", args=[incident.code])
    login(client, world.coordinator)
    assert "Rekommendation" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "imy_decision": "not_notify",
            "imy_decision_reason": "Mottagaren har raderat meddelandet.",
            "subjects_decision": "not_required",
            "subjects_reason": "Ingen hög risk.",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ditt beslut avviker från rekommendationen" in text
    assert "Mottagaren har raderat meddelandet." in text
    incident.refresh_from_db()
    assert incident.state == State.ACKNOWLEDGED


def test_a_step_not_open_now_sends_back_to_the_case_with_a_message(
    client: Client, world: World
) -> None:
    incident = flow.acknowledged(world)
    response = login(client, world.coordinator).get(
        reverse("incidents:notify", args=[incident.code]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("incidents:case", args=[incident.code])
    assert "Det här steget är inte öppet för dig i ärendet just nu." in response.content.decode()


def test_late_notification_form_asks_for_the_delay_in_english(client: Client, world: World) -> None:
    world.coordinator.language = "en"
    world.coordinator.save()
    discovered = timezone.now() - timedelta(days=4)
    incident = flow.assessed(
        world, occurred_at=discovered - timedelta(hours=2), discovered_at=discovered
    )
    response = login(client, world.coordinator).post(
        reverse("incidents:notify", args=[incident.code]),
        {"made_at": _local(timezone.now() - timedelta(minutes=1)), "complete": "on"},
    )
    assert response.status_code == 400
    assert "give the reasons for the delay" in response.content.decode()


def test_case_page_lists_what_the_decision_maker_can_do(client: Client, world: World) -> None:
    incident = flow.notified(world)
    page = login(client, world.decision_maker).get(reverse("incidents:case", args=[incident.code]))
    tasks = page.context["tasks"]
    assert tasks.next.label == "Fatta det interna beslutet"
    labels = [offer.label for task in tasks.tasks for offer in task.offers]
    assert labels == ["Fatta det interna beslutet", "Skriv det interna beslutet"]
    page = login(client, world.coordinator).get(reverse("incidents:case", args=[incident.code]))
    labels = [offer.label for task in page.context["tasks"].tasks for offer in task.offers]
    assert "Dokumentera en komplettering till IMY" in labels
    assert "Fatta det interna beslutet" not in labels
    assert page.context["tasks"].next is None, "the decision is the decision-maker's"


def test_dpo_sees_and_marks_the_supervision_alert(client: Client, world: World) -> None:
    incident = flow.notified(world)
    services.imy_answer_record(
        incident=incident,
        actor=world.coordinator,
        answered_on=timezone.localdate(),
        outcome=ImyOutcome.SUPERVISION,
        imy_case_number="IMY-2026-1234",
        note="",
    )
    login(client, world.dpo)
    home = client.get(reverse("incidents:register")).content.decode()
    assert 'class="bd-badge">1' in home
    page = client.get(reverse("alerts:list")).content.decode()
    assert "IMY har inlett tillsyn" in page
    assert incident.display_number in page
    alert = Alert.objects.get(recipient=world.dpo)
    client.post(reverse("alerts:seen", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.seen_at is not None
    assert 'class="bd-badge"' not in client.get(reverse("alerts:list")).content.decode()


def test_timeline_shows_decision_labels_in_the_readers_language(
    client: Client, world: World
) -> None:
    incident = flow.assessed(world)
    sv = login(client, world.coordinator).get(reverse("incidents:case", args=[incident.code]))
    assert "Beslut om IMY och de berörda" in sv.content.decode()
    assert "anmäl till IMY" in sv.content.decode()
    world.coordinator.language = "en"
    world.coordinator.save()
    en = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
    assert "Decided on IMY and the people affected" in en


def test_a_measure_done_tomorrow_is_refused_and_the_text_kept(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(client, world.coordinator).post(
        reverse("incidents:measure_new", args=[incident.code]),
        {"description": "Byt portkoderna.", "done_on": tomorrow},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Datumet kan inte ligga i framtiden." in text
    assert "Byt portkoderna." in text
    assert not incident.measures.exists()


def test_closing_as_not_an_incident_through_the_page(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    url = reverse("incidents:close_not_incident", args=[incident.code])
    response = login(client, world.coordinator).post(url, {"reason": "Endast ett namn, internt."})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.state, incident.closing_note) == (State.CLOSED, "Endast ett namn, internt.")


def test_a_notification_time_in_the_future_is_refused(client: Client, world: World) -> None:
    incident = flow.assessed(world)
    response = login(client, world.coordinator).post(
        reverse("incidents:notify", args=[incident.code]),
        {"made_at": _local(timezone.now() + timedelta(hours=2)), "complete": "on"},
    )
    assert response.status_code == 400
    assert "Tiden kan inte ligga i framtiden." in response.content.decode()


def test_register_shows_the_imy_column_as_the_committee_list_does(
    client: Client, world: World
) -> None:
    pending = flow.acknowledged(world)
    notified = flow.notified(world)
    not_notified = flow.assessed(world, notify=False)
    not_incident = services.incident_close_not_incident(
        incident=flow.acknowledged(world), actor=world.coordinator, reason="Inga personuppgifter."
    )
    page = login(client, world.dpo).get(reverse("incidents:register"))
    cells = {incident.pk: str(incident.imy_status) for incident, _clock in page.context["rows"]}
    assert cells == {
        pending.pk: "Utredning pågår",
        notified.pk: "Ja",
        not_notified.pk: "Nej",
        not_incident.pk: "Nej",
    }
    assert "Anmäld till IMY" in page.content.decode()
