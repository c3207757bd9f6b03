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
from breachdesk.incidents.forms.assessment import RiskAssessmentForm, group_name
from breachdesk.incidents.models import Incident, RiskAssessment, SubjectCategory
from breachdesk.incidents.risk.inputs import Availability, Exposure, TriState
from breachdesk.incidents.risk.scales import Recommendation
from tests import flow
from tests.conftest import World, login


def g(name: str, index: int = 0) -> str:
    """The name of a group's question on the form."""
    return group_name(index, name)


QUESTIONS = (
    g("vulnerable_people"),
    g("insight"),
    g("identification"),
    "exposure",
    "encryption",
    "integrity",
    "availability",
    "malicious",
)
SWEDISH_ERRORS = {
    g("vulnerable_people"): "Svara på om barn eller andra sårbara personer finns i gruppen.",
    g("insight"): "Svara på vad uppgifterna avslöjar om personerna.",
    g("identification"): "Svara på hur lätt personerna kan identifieras.",
    "exposure": "Svara på vem som kan ha fått uppgifterna.",
    "encryption": "Svara på om uppgifterna var krypterade.",
    "integrity": "Svara på om uppgifterna ändrades.",
    "availability": "Svara på om uppgifterna var otillgängliga.",
    "malicious": "Svara på om någon handlade avsiktligt.",
}
# A known answer to every question: the misaddressed e-mail of tests.flow, to a known recipient.
ANSWERED = {
    "group_count": "1",
    g("data_types"): ["name", "social"],
    g("vulnerable_people"): "no",
    g("people_count"): "1",
    g("insight"): "limited",
    g("identification"): "maximum",
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
    assert html.count(">vet inte</label>") == len(QUESTIONS) + 1  # the backup's, hidden
    # Only what the reporter stated starts filled in: the data types ticked, the count.
    assert sorted(_checked(html, g("data_types"), "checkbox")) == ["name", "social"]
    for name in ("consequences", "mitigations", "stopped", g("types_uncertain")):
        assert _checked(html, name, "checkbox") == [], name
    assert _checked(html, "backup") == []
    assert page.context["form"][g("people_count")].value() == incident.affected_count
    assert page.context["form"]["record_count"].value() is None


def test_vulnerable_people_is_a_yes_no_dont_know_question(client: Client, world: World) -> None:
    field = RiskAssessmentForm().fields[g("vulnerable_people")]
    assert [value for value, _label in field.choices] == ["yes", "no", "unknown"]  # type: ignore[attr-defined]
    html = login(client, world.coordinator).get(_url(_investigated(world))).content.decode()
    assert "Finns barn eller andra sårbara personer i gruppen?" in html
    assert [value for value, _checked in _boxes(html, g("vulnerable_people"))] == [
        "yes",
        "no",
        "unknown",
    ]
    assert _boxes(html, g("vulnerable_people"), "checkbox") == []


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
        g("data_types"): ["name", "health"],
        g("people_count"): "12",
        "record_count": "40",
        g("insight"): "extensive",
        "exposure": "unknown",
        "availability": "temporary",
        "unavailable_hours": "30",
        "backup": "yes",
        "consequences": ["distress", "reputation"],
        "mitigations": ["remote_wipe"],
    }
    response = login(client, world.coordinator).post(_url(incident), partial)
    assert response.status_code == 400
    assert set(_field_errors(response)) == {
        g("vulnerable_people"),
        g("identification"),
        "encryption",
        "integrity",
        "malicious",
    }
    html = response.content.decode()
    assert _checked(html, g("insight")) == ["extensive"]
    assert _checked(html, "exposure") == ["unknown"]
    assert _checked(html, "availability") == ["temporary"]
    assert _checked(html, "backup") == ["yes"]
    assert _checked(html, g("vulnerable_people")) == []
    assert sorted(_checked(html, g("data_types"), "checkbox")) == ["health", "name"]
    assert sorted(_checked(html, "consequences", "checkbox")) == ["distress", "reputation"]
    assert _checked(html, "mitigations", "checkbox") == ["remote_wipe"]
    form = response.context["form"]
    assert (form[g("people_count")].value(), form["record_count"].value()) == ("12", "40")
    assert form["unavailable_hours"].value() == "30"
    assert not RiskAssessment.objects.exists()


def test_an_unanswered_question_is_explained_in_english(client: Client, world: World) -> None:
    world.coordinator.language = "en"
    world.coordinator.save()
    incident = _investigated(world)
    data = {key: value for key, value in ANSWERED.items() if key != "malicious"}
    response = login(client, world.coordinator).post(_url(incident), data)
    assert response.status_code == 400
    assert _field_errors(response) == {"malicious": ["Answer whether anyone acted on purpose."]}
    assert ">Don&#x27;t know</label>" in response.content.decode()


def test_a_full_answer_gives_the_recommendation(client: Client, world: World) -> None:
    incident = _investigated(world)
    response = login(client, world.coordinator).post(_url(incident), ANSWERED)
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get(incident=incident)
    assert assessment.recommendation == Recommendation.NOTIFY  # as flow.RISKY
    assert assessment.vulnerable_people == "no"
    assert assessment.unknown == []
    assert (assessment.method_version, assessment.legacy) == ("2", False)
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
    assert {"exposure", "encryption", "integrity", "availability", "malicious"} <= set(
        assessment.unknown
    )
    assert assessment.vulnerable_people == "unknown"
    incident.refresh_from_db()
    assert incident.recommendation == assessment.recommendation
    expected = {g("vulnerable_people"), g("insight"), g("identification")}
    assert {f"group0_{name[6:]}" for name in assessment.unknown if name[:6] == "group."} >= (
        expected
    )
    case = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
    assert "Bedömningen är ofullständig" in case
    assert "Särskilt skyddsvärt" not in case, "only a yes calls out vulnerable people"


@pytest.mark.parametrize(
    ("question", "worst"),
    [
        (g("vulnerable_people"), "yes"),
        (g("insight"), "extensive"),
        (g("identification"), "maximum"),
        ("exposure", "wide"),
        ("encryption", "none"),
    ],
)
def test_dont_know_recommends_at_least_what_the_worst_answer_does(
    client: Client, world: World, question: str, worst: str
) -> None:
    strength = [str(choice) for choice in Recommendation]
    low = {**ANSWERED, g("data_types"): ["name"], g("insight"): "none"}
    low[g("identification")] = "limited"
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
    first = {**ANSWERED, g("vulnerable_people"): "unknown", g("insight"): "unknown"}
    assert client.post(_url(incident), first).status_code == 302
    html = client.get(_url(incident)).content.decode()
    for name in QUESTIONS:
        assert _checked(html, name) == [first[name]], name
    assert sorted(_checked(html, "consequences", "checkbox")) == ["distress"]
    changed = {**first, g("vulnerable_people"): "yes", g("insight"): "limited"}
    assert client.post(_url(incident), changed).status_code == 302
    assessment = RiskAssessment.objects.get(incident=incident)
    assert (assessment.vulnerable_people, assessment.insight) == ("yes", "limited")
    assert "group.vulnerable_people" not in assessment.unknown


def test_hours_and_backups_count_only_while_the_data_was_temporarily_unavailable() -> None:
    data = {**NOT_KNOWN, "availability": "permanent", "unavailable_hours": "5", "backup": "yes"}
    form = RiskAssessmentForm(data)
    assert form.is_valid(), form.errors
    inputs = form.inputs()
    assert (inputs.unavailable_hours, inputs.backup) == (None, TriState.UNKNOWN)
    form = RiskAssessmentForm({**data, "availability": "temporary"})
    assert form.is_valid(), form.errors
    assert (form.inputs().unavailable_hours, form.inputs().backup) == (5, TriState.YES)
    form = RiskAssessmentForm({**data, "availability": "temporary", "backup": ""})
    assert not form.is_valid()
    assert set(form.errors) == {"backup"}, "asked while the data was unavailable"


def test_an_answer_outside_the_choices_is_refused_at_its_question() -> None:
    form = RiskAssessmentForm({**ANSWERED, g("vulnerable_people"): "on", "exposure": "maybe"})
    assert not form.is_valid()
    assert set(form.errors) == {g("vulnerable_people"), "exposure"}


# Groups of people -------------------------------------------------------------------------


def test_adding_a_group_keeps_every_answer_and_asks_for_nothing_yet(
    client: Client, world: World
) -> None:
    incident = _investigated(world)
    typed = {**ANSWERED, g("label"): "Elever", "mitigations": ["recalled"], "add_group": "1"}
    response = login(client, world.coordinator).post(_url(incident), typed)
    assert response.status_code == 200
    assert not RiskAssessment.objects.exists()
    form = response.context["form"]
    assert form.errors == {} and form.group_total == 2
    html = response.content.decode()
    assert 'id="group1_label-heading"' in html
    assert _checked(html, g("insight")) == ["limited"]
    assert _checked(html, "mitigations", "checkbox") == ["recalled"]
    assert _checked(html, g("insight", 1)) == [], "the new group starts unanswered"
    assert form[g("label")].value() == "Elever"


def test_two_groups_are_saved_and_summed_up_for_everyone(client: Client, world: World) -> None:
    incident = _investigated(world)
    second = {
        g("label", 1): "Vårdnadshavare",
        g("people_count", 1): "40",
        g("data_types", 1): ["name", "contact", "personnummer"],
        g("vulnerable_people", 1): "no",
        g("insight", 1): "usual",
        g("identification", 1): "maximum",
    }
    data = {**ANSWERED, "group_count": "2", g("label"): "Klienter", **second}
    response = login(client, world.coordinator).post(_url(incident), data)
    assert response.status_code == 302, _field_errors(response)
    assessment = RiskAssessment.objects.get(incident=incident)
    assert [item["label"] for item in assessment.groups] == ["Klienter", "Vårdnadshavare"]
    assert assessment.people_count == 41
    assert assessment.data_types == ["contact", "name", "personnummer", "social"]
    reasons = " ".join(reason.text() for reason in assessment.reason_list())
    assert "Klienter" in reasons and "Vårdnadshavare" in reasons
    html = client.get(_url(incident)).content.decode()
    assert _checked(html, g("insight", 1)) == ["usual"], "the second group comes back"


def test_a_group_after_the_first_needs_a_name_and_can_be_removed(
    client: Client, world: World
) -> None:
    incident = _investigated(world)
    login(client, world.coordinator)
    data = {**ANSWERED, "group_count": "2"}
    response = client.post(_url(incident), data)
    assert response.status_code == 400
    assert g("label", 1) in _field_errors(response)
    assert g("label") in _field_errors(response), "two groups: the first needs a name too"
    response = client.post(_url(incident), {**data, g("remove", 1): "on"})
    assert response.status_code == 302, _field_errors(response)
    assert len(RiskAssessment.objects.get(incident=incident).groups) == 1


def test_the_reasons_show_the_computation_folded_away(client: Client, world: World) -> None:
    incident = _investigated(world)
    login(client, world.coordinator).post(_url(incident), ANSWERED)
    case = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
    reasons = re.search(r'<ol class="[^"]*reasons">(.*?)</ol>', case, re.S)
    assert reasons is not None
    assert reasons.group(1).startswith("<li>Anmäl till IMY")
    assert "SE =" not in reasons.group(1)
    assert "Så räknades det ut" in case and "SE = DPC × EI + CB" in case


# The stored answers across the migrations ---------------------------------------------------


def _leaves() -> list[tuple[str, str]]:
    """Every app's newest migration: where a test that went back must return."""
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


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
            inputs=flow.with_group(flow.RISKY, vulnerable_people=TriState(answer)),
        ).pk
    try:
        old = _migrate([("incidents", "0007_search_document")])
        flags = {
            answer: old.get_model("incidents", "RiskAssessment")
            .objects.get(pk=pk)
            .vulnerable_people
            for answer, pk in pks.items()
        }
        assert flags == {"no": False, "yes": True, "unknown": True}, "not known counts as yes"
    finally:
        new = _migrate(_leaves()).get_model("incidents", "RiskAssessment").objects
    answers_after = {answer: new.get(pk=pk).vulnerable_people for answer, pk in pks.items()}
    assert answers_after == {"no": "no", "yes": "yes", "unknown": "yes"}


@pytest.mark.django_db(transaction=True)
def test_method_1_assessments_keep_their_result_and_carry_their_answers(
    client: Client, world: World
) -> None:
    trusted = services.risk_assessment_record(
        incident=_investigated(world), actor=world.coordinator, inputs=flow.HARMLESS
    )
    outage = flow.acknowledged(world)
    services.investigation_record(
        incident=outage,
        actor=world.coordinator,
        facts=replace(flow.INVESTIGATION, confidentiality=False, availability=True),
    )
    restored = services.risk_assessment_record(
        incident=outage,
        actor=world.coordinator,
        inputs=replace(
            flow.RISKY,
            exposure=Exposure.NONE,
            availability=Availability.TEMPORARY,
            unavailable_hours=3,
            backup=TriState.YES,
        ),
    )
    try:
        method_1 = _migrate([("incidents", "0008_assessment_answers_not_known_yet")])
        old = method_1.get_model("incidents", "RiskAssessment").objects
        assert old.get(pk=trusted.pk).exposure == "trusted_deleted"
        assert old.get(pk=restored.pk).restored_from_backup is True
        legacy_reasons = [{"code": "band_level", "params": {"band": "low", "level": "none"}}]
        old.filter(pk=trusted.pk).update(reasons=legacy_reasons, score="0.75")
    finally:
        new = _migrate(_leaves()).get_model("incidents", "RiskAssessment").objects
    after = new.get(pk=trusted.pk)
    assert (after.method_version, after.exposure) == ("1", "known")
    assert after.mitigations == ["deletion_confirmed", "trusted_recipient"]
    assert (after.reasons, str(after.score)) == (legacy_reasons, "0.75"), "kept as assessed"
    assert new.get(pk=restored.pk).backup == "yes"
    # The case page shows method 1's result and reasons as they were, marked as such.
    incident = RiskAssessment.objects.get(pk=trusted.pk).incident
    case = login(client, world.coordinator).get(reverse("incidents:case", args=[incident.code]))
    html = case.content.decode()
    assert "<li>Allvarlighetsgraden låg innebär ingen risk.</li>" in html
    assert "metodens första version" in html
    # Reopened, it starts from its answers; what method 1 did not ask stays unanswered.
    form = client.get(_url(incident)).context["form"]
    assert form["exposure"].value() == "known"
    assert sorted(form["mitigations"].value()) == ["deletion_confirmed", "trusted_recipient"]


def test_the_controllers_own_guidance_is_linked_on_the_assessment_page(
    client: Client, world: World
) -> None:
    incident = _investigated(world)
    login(client, world.coordinator)
    assert "guidance" not in client.get(_url(incident)).content.decode()
    controller = incident.controller
    controller.assessment_guidance_url = "https://intranat.testby.example/pui-bedomning"
    controller.assessment_guidance_title = "Testby kommuns stöd för riskbedömning"
    controller.save()
    html = client.get(_url(incident)).content.decode()
    assert 'href="https://intranat.testby.example/pui-bedomning"' in html
    assert "Testby kommuns stöd för riskbedömning" in html
