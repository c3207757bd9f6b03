"""The risk assessment page asks every question with no answer chosen for the coordinator: the
recommendation comes only from a form where each question is answered, "Don't know" included."""

import re
from dataclasses import replace
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from breachdesk.incidents import services
from breachdesk.incidents.forms.assessment import RiskAssessmentForm
from breachdesk.incidents.models import Incident, RiskAssessment, SubjectCategory
from breachdesk.incidents.risk.inputs import TriState
from breachdesk.incidents.risk.scales import Recommendation
from tests import flow
from tests.conftest import World, login

QUESTIONS = (
    "vulnerable_people",
    "insight",
    "identification",
    "exposure",
    "encryption",
    "integrity",
    "availability",
    "malicious",
)
SWEDISH_ERRORS = {
    "vulnerable_people": "Svara på om barn eller andra sårbara personer finns bland de berörda.",
    "insight": "Svara på vad uppgifterna avslöjar om personerna.",
    "identification": "Svara på hur lätt personerna kan identifieras.",
    "exposure": "Svara på hur långt uppgifterna spreds.",
    "encryption": "Svara på om uppgifterna var krypterade.",
    "integrity": "Svara på om uppgifterna ändrades.",
    "availability": "Svara på om uppgifterna var otillgängliga.",
    "malicious": "Svara på om det fanns ett uppsåt att skada.",
}
# A known answer to every question: the misaddressed e-mail of tests.flow, to a known recipient.
ANSWERED = {
    "data_types": ["name", "social"],
    "vulnerable_people": "no",
    "people_count": "1",
    "insight": "limited",
    "identification": "maximum",
    "exposure": "known",
    "encryption": "none",
    "integrity": "none",
    "availability": "none",
    "malicious": "no",
    "consequences": ["distress"],
}
# "Don't know" wherever the form offers it.
NOT_KNOWN = {**ANSWERED, **dict.fromkeys(QUESTIONS, "unknown")}


def _investigated(world: World) -> Incident:
    """Acknowledged and investigated (a loss of confidentiality), not yet assessed. The report
    names clients of the social services, affected: 1, name and social circumstances."""
    incident = flow.acknowledged(world)
    services.investigation_record(
        incident=incident, actor=world.coordinator, facts=flow.INVESTIGATION
    )
    return incident


def _url(incident: Incident) -> str:
    return reverse("incidents:assessment", args=[incident.code])


def _boxes(html: str, name: str, kind: str = "radio") -> list[tuple[str, bool]]:
    """The boxes named `name`: each one's value ("on" for a box without one), and whether it
    is checked."""
    found = []
    for tag in re.findall(r"<input\b[^>]*>", html):
        if f'type="{kind}"' in tag and f'name="{name}"' in tag:
            value = re.search(r'value="([^"]*)"', tag)
            checked = bool(re.search(r"\schecked\b", tag))
            found.append((value.group(1) if value else "on", checked))
    return found


def _checked(html: str, name: str, kind: str = "radio") -> list[str]:
    """The values of the checked boxes named `name`."""
    return [value for value, checked in _boxes(html, name, kind) if checked]


def _field_errors(response: Any) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_the_first_assessment_opens_with_no_answer_chosen(client: Client, world: World) -> None:
    incident = _investigated(world)
    assert SubjectCategory.CLIENTS in incident.subject_categories, "a vulnerable group reported"
    page = login(client, world.coordinator).get(_url(incident))
    assert page.status_code == 200
    html = page.content.decode()
    for name in QUESTIONS:
        boxes = _boxes(html, name)
        assert len(boxes) >= 3, name
        assert boxes[-1][0] == "unknown", f"{name}: Don't know comes last"
        assert not any(checked for _value, checked in boxes), f"{name}: no answer chosen"
    assert not re.search(r'<input[^>]*type="radio"[^>]*\schecked\b', html), "no radio chosen"
    assert html.count(">vet inte</label>") == len(QUESTIONS)
    # Only what the reporter stated starts filled in: the data types ticked, the count.
    assert sorted(_checked(html, "data_types", "checkbox")) == ["name", "social"]
    assert _checked(html, "consequences", "checkbox") == []
    assert _checked(html, "restored_from_backup", "checkbox") == []
    assert page.context["form"]["people_count"].value() == incident.affected_count
    assert page.context["form"]["record_count"].value() is None


def test_vulnerable_people_is_a_yes_no_dont_know_question(client: Client, world: World) -> None:
    field = RiskAssessmentForm.base_fields["vulnerable_people"]
    assert [value for value, _label in field.choices] == ["yes", "no", "unknown"]  # type: ignore[attr-defined]
    html = login(client, world.coordinator).get(_url(_investigated(world))).content.decode()
    assert "Finns barn eller andra sårbara personer bland de berörda?" in html
    assert [value for value, _checked in _boxes(html, "vulnerable_people")] == [
        "yes",
        "no",
        "unknown",
    ]
    assert _boxes(html, "vulnerable_people", "checkbox") == []


def test_saving_nothing_asks_every_question_and_saves_no_recommendation(
    client: Client, world: World
) -> None:
    incident = _investigated(world)
    response = login(client, world.coordinator).post(_url(incident), {})
    assert response.status_code == 400
    assert _field_errors(response) == {name: [SWEDISH_ERRORS[name]] for name in QUESTIONS}
    html = response.content.decode()
    for name in QUESTIONS:
        assert f'id="id_{name}_error"' in html, f"{name}: the error sits at its question"
        assert SWEDISH_ERRORS[name] in html
    assert not RiskAssessment.objects.exists()
    incident.refresh_from_db()
    assert incident.recommendation == ""
    assert "Rekommendation:" not in html


def test_a_half_answered_form_keeps_everything_typed(client: Client, world: World) -> None:
    incident = _investigated(world)
    partial = {
        "data_types": ["name", "health"],
        "people_count": "12",
        "record_count": "40",
        "insight": "extensive",
        "exposure": "unknown",
        "availability": "temporary",
        "unavailable_hours": "30",
        "restored_from_backup": "on",
        "consequences": ["distress", "reputation"],
    }
    response = login(client, world.coordinator).post(_url(incident), partial)
    assert response.status_code == 400
    assert set(_field_errors(response)) == {
        "vulnerable_people",
        "identification",
        "encryption",
        "integrity",
        "malicious",
    }
    html = response.content.decode()
    assert _checked(html, "insight") == ["extensive"]
    assert _checked(html, "exposure") == ["unknown"]
    assert _checked(html, "availability") == ["temporary"]
    assert _checked(html, "vulnerable_people") == []
    assert sorted(_checked(html, "data_types", "checkbox")) == ["health", "name"]
    assert sorted(_checked(html, "consequences", "checkbox")) == ["distress", "reputation"]
    assert _checked(html, "restored_from_backup", "checkbox") == ["on"]
    form = response.context["form"]
    assert (form["people_count"].value(), form["record_count"].value()) == ("12", "40")
    assert form["unavailable_hours"].value() == "30"
    assert not RiskAssessment.objects.exists()


def test_an_unanswered_question_is_explained_in_english(client: Client, world: World) -> None:
    world.coordinator.language = "en"
    world.coordinator.save()
    incident = _investigated(world)
    data = {key: value for key, value in ANSWERED.items() if key != "malicious"}
    response = login(client, world.coordinator).post(_url(incident), data)
    assert response.status_code == 400
    assert _field_errors(response) == {"malicious": ["Answer whether there was malicious intent."]}
    assert ">Don&#x27;t know</label>" in response.content.decode()


def test_a_full_answer_gives_the_recommendation(client: Client, world: World) -> None:
    incident = _investigated(world)
    response = login(client, world.coordinator).post(_url(incident), ANSWERED)
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get(incident=incident)
    assert assessment.recommendation == Recommendation.NOTIFY  # as flow.RISKY: SE 2.25, medium
    assert assessment.vulnerable_people == "no"
    assert assessment.unknown == []
    case = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
    assert f"Rekommendation: {assessment.get_recommendation_display()}" in case
    assert "Bedömningen är ofullständig" not in case


def test_dont_know_everywhere_recommends_notifying_and_says_it_is_incomplete(
    client: Client, world: World
) -> None:
    incident = _investigated(world)
    response = login(client, world.coordinator).post(_url(incident), NOT_KNOWN)
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get(incident=incident)
    assert assessment.recommendation in (
        Recommendation.NOTIFY,
        Recommendation.NOTIFY_AND_INFORM,
    )
    assert set(QUESTIONS) <= set(assessment.unknown)
    assert assessment.vulnerable_people == "unknown"
    incident.refresh_from_db()
    assert incident.recommendation == assessment.recommendation
    case = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
    assert "Bedömningen är ofullständig" in case
    not_known = re.search(r"<li>Inte känt ännu: ([^<]*)\.</li>", case)
    assert not_known is not None
    assert "om barn eller andra sårbara personer berörs" in not_known.group(1)
    assert "vad uppgifterna avslöjar om personerna" in not_known.group(1)
    assert "Särskilt skyddsvärt" not in case, "only a yes calls out vulnerable people"


@pytest.mark.parametrize(
    ("question", "worst"),
    [
        ("vulnerable_people", "yes"),
        ("insight", "extensive"),
        ("identification", "maximum"),
        ("exposure", "wide"),
        ("encryption", "none"),
    ],
)
def test_dont_know_recommends_at_least_what_the_worst_answer_does(
    client: Client, world: World, question: str, worst: str
) -> None:
    strength = [str(choice) for choice in Recommendation]
    low = {**ANSWERED, "data_types": ["name"], "insight": "none", "identification": "limited"}
    recommended = {}
    for answer in (worst, "unknown"):
        incident = _investigated(world)
        response = login(client, world.coordinator).post(_url(incident), {**low, question: answer})
        assert response.status_code == 302, _field_errors(response)
        recommended[answer] = RiskAssessment.objects.get(incident=incident).recommendation
    assert strength.index(recommended["unknown"]) >= strength.index(recommended[worst])
    assert recommended["unknown"] != Recommendation.DOCUMENT


def test_a_second_assessment_starts_from_the_first_ones_answers(
    client: Client, world: World
) -> None:
    incident = _investigated(world)
    login(client, world.coordinator)
    first = {**ANSWERED, "vulnerable_people": "unknown", "insight": "unknown"}
    assert client.post(_url(incident), first).status_code == 302
    html = client.get(_url(incident)).content.decode()
    for name in QUESTIONS:
        assert _checked(html, name) == [first[name]], name
    assert sorted(_checked(html, "consequences", "checkbox")) == ["distress"]
    changed = {**first, "vulnerable_people": "yes", "insight": "limited"}
    assert client.post(_url(incident), changed).status_code == 302
    assessment = RiskAssessment.objects.get(incident=incident)
    assert (assessment.vulnerable_people, assessment.insight) == ("yes", "limited")
    assert "vulnerable_people" not in assessment.unknown


def test_hours_and_backups_count_only_while_the_data_was_temporarily_unavailable() -> None:
    data = {
        **NOT_KNOWN,
        "availability": "permanent",
        "unavailable_hours": "5",
        "restored_from_backup": "on",
    }
    form = RiskAssessmentForm(data)
    assert form.is_valid(), form.errors
    inputs = form.inputs()
    assert (inputs.unavailable_hours, inputs.restored_from_backup) == (None, False)
    form = RiskAssessmentForm({**data, "availability": "temporary"})
    assert form.is_valid(), form.errors
    assert (form.inputs().unavailable_hours, form.inputs().restored_from_backup) == (5, True)


def test_an_answer_outside_the_choices_is_refused_at_its_question() -> None:
    form = RiskAssessmentForm({**ANSWERED, "vulnerable_people": "on", "insight": "maybe"})
    assert not form.is_valid()
    assert set(form.errors) == {"vulnerable_people", "insight"}


# The stored answer: a flag before, yes / no / not known yet now -----------------------------

BEFORE = [("incidents", "0007_search_document")]
AFTER = [("incidents", "0008_assessment_answers_not_known_yet")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_flag_into_an_answer_and_back(world: World) -> None:
    pks = {}
    for answer in ("no", "yes", "unknown"):
        pks[answer] = services.risk_assessment_record(
            incident=_investigated(world),
            actor=world.coordinator,
            inputs=replace(flow.RISKY, vulnerable_people=TriState(answer)),
        ).pk
    try:
        old = _migrate(BEFORE).get_model("incidents", "RiskAssessment").objects
        flags = {answer: old.get(pk=pk).vulnerable_people for answer, pk in pks.items()}
        assert flags == {"no": False, "yes": True, "unknown": True}, "not known counts as yes"
    finally:
        new = _migrate(AFTER).get_model("incidents", "RiskAssessment").objects
    answers_after = {answer: new.get(pk=pk).vulnerable_people for answer, pk in pks.items()}
    assert answers_after == {"no": "no", "yes": "yes", "unknown": "yes"}
