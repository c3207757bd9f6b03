"""Errors on the field they are about; dates in a sensible range; the autumn's repeated hour
asked about, the spring's skipped hour explained."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breachdesk.documents import forms as document_forms
from breachdesk.incidents.forms import decisions, investigation, register, report
from breachdesk.incidents.forms.fields import LocalDateField, LocalDateTimeField
from breachdesk.incidents.models import Incident
from breachdesk.lib.deadlines import LATEST_MOMENT, STOCKHOLM, clock, imy_due_at
from breachdesk.lib.errors import DomainError, refusal_show
from breachdesk.trail import forms as trail_forms
from tests import flow
from tests.conftest import World, at, login


def _english(client: Client, world: World, user: Any) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return login(client, user)


# Errors tied to fields -------------------------------------------------------------------


def _decision_post(**overrides: str) -> dict[str, str]:
    data = {
        "imy_decision": "notify",
        "imy_decision_reason": "",
        "subjects_decision": "not_required",
        "subjects_exception": "",
        "subjects_reason": "Risken bedöms inte som hög.",
        "deviation_reason": "",
    }
    data.update(overrides)
    return data


def test_a_missing_reason_is_shown_on_its_field(client: Client, world: World) -> None:
    incident = flow.investigated(world)
    login(client, world.coordinator)
    url = reverse("incidents:imy_decision", args=[incident.code])
    response = client.post(url, _decision_post(subjects_reason="  "))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["subjects_reason"] == ["Skriv varför de berörda inte behöver informeras."]
    assert not form.non_field_errors()
    response = client.post(
        url, _decision_post(imy_decision="not_notify", subjects_decision="exception")
    )
    errors = response.context["form"].errors
    assert set(errors) == {
        "imy_decision_reason",
        "subjects_exception",
        "subjects_exception_reason",
    }
    # What was written stays.
    assert "Risken bedöms inte som hög." in response.content.decode()
    incident.refresh_from_db()
    assert incident.imy_decision == ""


def test_a_refusal_of_the_service_lands_on_its_field(client: Client, world: World) -> None:
    # The decision differs from the recommendation (notify): only the case knows that.
    incident = flow.investigated(world)
    login(client, world.coordinator)
    response = client.post(
        reverse("incidents:imy_decision", args=[incident.code]),
        _decision_post(imy_decision="not_notify", imy_decision_reason="Ingen risk."),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["deviation_reason"]
    assert "avviker från rekommendationen" in form.errors["deviation_reason"][0]


def test_a_late_notification_without_reasons_is_refused_on_the_reasons(
    client: Client, world: World
) -> None:
    discovered = timezone.now() - timedelta(days=6)
    incident = flow.assessed(
        world, discovered_at=discovered, occurred_at=discovered - timedelta(hours=1)
    )
    login(client, world.coordinator)
    made = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("incidents:notify", args=[incident.code]),
        {"made_at": made, "complete": "on", "content": "Anmält i e-tjänsten."},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["delay_reason"]
    assert made in response.content.decode()


def test_a_refusal_about_no_field_of_the_form_goes_above_it() -> None:
    class Small(forms.Form):
        note = forms.CharField(required=False)

    form = Small({"note": "x"})
    assert form.is_valid()
    refusal_show(form, DomainError("Något annat.", field="elsewhere"))
    assert form.non_field_errors() == ["Något annat."]
    form = Small({"note": "x"})
    assert form.is_valid()
    refusal_show(form, DomainError("Om anteckningen.", field="note"))
    assert form.errors["note"] == ["Om anteckningen."]


# Dates in a sensible range ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01T00:00", "Give a time from 2000-01-01 00:00 until now."),
        ("1999-12-31T23:59", "Give a time from 2000-01-01 00:00 until now."),
        ("9999-12-31T23:59", "The time cannot be in the future."),
    ],
)
@pytest.mark.parametrize("name", ["occurred_at", "discovered_at"])
def test_the_report_form_bounds_its_times(
    client: Client, world: World, name: str, typed: str, message: str
) -> None:
    _english(client, world, world.reporter)
    response = client.post(reverse("incidents:report"), flow.report_post(world, **{name: typed}))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[name] == [message]
    page = response.content.decode()
    assert typed in page  # what was typed is kept
    assert "Ett brev till en vårdnadshavare lades i fel kuvert." in page
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01", "Give a date from 2000-01-01 until today."),
        ("1999-12-31", "Give a date from 2000-01-01 until today."),
        ("9999-12-31", "The date cannot be in the future."),
    ],
)
def test_a_step_form_bounds_its_dates(
    client: Client, world: World, typed: str, message: str
) -> None:
    incident = flow.notified(world)
    _english(client, world, world.coordinator)
    response = client.post(
        reverse("incidents:imy_answer", args=[incident.code]),
        {
            "answered_on": typed,
            "outcome": "closed",
            "imy_case_number": "IMY-2026-77",
            "note": "IMY avslutade ärendet.",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["answered_on"] == [message]
    page = response.content.decode()
    assert typed in page and "IMY avslutade ärendet." in page and "IMY-2026-77" in page


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "1999-12-31T23:59", "9999-12-31T23:59"])
def test_a_step_form_bounds_its_times(client: Client, world: World, typed: str) -> None:
    incident = flow.assessed(world)
    login(client, world.coordinator)
    response = client.post(
        reverse("incidents:notify", args=[incident.code]),
        {"made_at": typed, "imy_case_number": "IMY-2026-88", "content": "Preliminär."},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["made_at"]
    page = response.content.decode()
    assert typed in page and "IMY-2026-88" in page


@pytest.mark.parametrize("typed", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_dates_that_may_lie_ahead_are_bounded_too(client: Client, world: World, typed: str) -> None:
    incident = flow.acknowledged(world)
    _english(client, world, world.coordinator)
    response = client.post(
        reverse("incidents:measure_new", args=[incident.code]),
        {"description": "Byt lösenord.", "due_on": typed, "done_on": ""},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["due_on"] == [
        "Give a date between 2000-01-01 and 2100-12-31."
    ]
    assert "Byt lösenord." in response.content.decode()


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_the_filters_refuse_dates_out_of_range_without_an_error_page(
    client: Client, world: World, typed: str
) -> None:
    login(client, world.dpo)
    for name, field in [("incidents:register", "discovered_to"), ("audit:events", "end")]:
        response = client.get(reverse(name), {field: typed})
        assert response.status_code in (200, 400), name
        assert field in response.context["form"].errors, name


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_the_incident_log_refuses_a_period_out_of_range(
    client: Client, world: World, typed: str
) -> None:
    login(client, world.dpo)
    response = client.post(
        reverse("documents:incident_log"),
        {"language": "en", "controller": str(world.social.pk), "start": "", "end": typed},
    )
    assert response.status_code == 400
    assert "end" in response.context["log_form"].errors


def test_every_date_and_time_of_the_case_forms_is_bounded() -> None:
    """No plain DateField or DateTimeField slips into the forms: each is one of ours."""
    modules = [decisions, investigation, register, report, trail_forms, document_forms]
    found = 0
    for module in modules:
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, forms.BaseForm):
                declared: dict[str, forms.Field] = getattr(item, "base_fields", {})
                for name, field in declared.items():
                    if isinstance(field, forms.DateTimeField):
                        assert isinstance(field, LocalDateTimeField), (item, name)
                        found += 1
                    elif isinstance(field, forms.DateField):
                        assert isinstance(field, LocalDateField), (item, name)
                        found += 1
    assert found >= 12


def test_no_moment_overflows_the_deadline_arithmetic() -> None:
    assert imy_due_at(datetime(9999, 12, 31, 23, 59, tzinfo=STOCKHOLM)) == LATEST_MOMENT
    early = imy_due_at(datetime(1, 1, 1, tzinfo=STOCKHOLM))
    assert early.year == 1
    state = clock(due_at=LATEST_MOMENT, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert not state.overdue and state.due_local.year == 9999


# The autumn's repeated hour and the spring's skipped one -----------------------------------


def test_a_time_of_the_repeated_hour_is_asked_about_and_kept(client: Client, world: World) -> None:
    _english(client, world, world.reporter)
    data = flow.report_post(world, occurred_at="2026-10-25T02:30", discovered_at="2026-10-26T09:00")
    response = client.post(reverse("incidents:report"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["occurred_at"] == ["02:30 on 25 October happened twice; which one?"]
    page = response.content.decode()
    assert 'value="2026-10-25T02:30"' in page
    assert 'name="occurred_at_fold"' in page
    assert "summer time (CEST, UTC+2)" in page and "winter time (CET, UTC+1)" in page
    assert not Incident.objects.exists()


@pytest.mark.parametrize(("fold", "utc"), [("0", "00:30"), ("1", "01:30")])
def test_the_chosen_one_of_the_repeated_hour_is_saved(
    client: Client, world: World, fold: str, utc: str
) -> None:
    login(client, world.reporter)
    data = flow.report_post(
        world,
        occurred_at="2026-10-25T02:30",
        occurred_at_fold=fold,
        discovered_at="2026-10-26T09:00",
    )
    response = client.post(reverse("incidents:report"), data)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.occurred_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == f"2026-10-25 {utc}"


def test_the_choice_stays_when_another_field_is_wrong(client: Client, world: World) -> None:
    _english(client, world, world.reporter)
    data = flow.report_post(
        world,
        occurred_at="2026-10-25T02:30",
        occurred_at_fold="1",
        discovered_at="2026-10-26T09:00",
        affected_count="",
    )
    response = client.post(reverse("incidents:report"), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["affected_count"]
    page = response.content.decode()
    assert 'value="1" checked' in page
    assert "02:30 in winter time (CET, UTC+1), an hour later" in page


def test_a_stored_time_of_the_repeated_hour_shows_which_one_it_is() -> None:
    stored = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, the second time
    form = investigation.InvestigationForm(initial={"ended_at": stored, "has_ended": True})
    html = str(form["ended_at"])
    assert 'name="ended_at_fold"' in html and 'value="1" checked' in html
    again = investigation.InvestigationForm(
        {"ended_at": "2026-10-25T02:30", "ended_at_fold": "1", "has_ended": "true"}
    )
    again.is_valid()
    assert "ended_at" not in again.errors
    assert again.cleaned_data["ended_at"] == stored


def test_a_time_of_the_skipped_spring_hour_is_explained(client: Client, world: World) -> None:
    _english(client, world, world.reporter)
    data = flow.report_post(world, occurred_at="2026-03-29T02:30", discovered_at="2026-03-30T09:00")
    response = client.post(reverse("incidents:report"), data)
    assert response.status_code == 400
    (message,) = response.context["form"].errors["occurred_at"]
    assert message.startswith("02:30 on 29 March never came")
    assert "03:30" in message
    assert 'name="occurred_at_fold"' not in response.content.decode()


def test_ordinary_times_need_no_choice() -> None:
    field = LocalDateTimeField(past=True)
    assert field.clean("2026-06-01T12:00") == at("2026-06-01 12:00")
    assert field.clean("2026-10-25T03:30") == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)
    assert LocalDateField().clean("2026-06-01") == date(2026, 6, 1)
