"""No internal string on the interface: fields of the audit trail and the timeline by their
labels, diary series by an example number, counts with the right plural."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from breachdesk.audit.models import AuditEvent
from breachdesk.incidents import services
from breachdesk.incidents.field_labels import DETAIL_LABELS, field_label, model_field
from breachdesk.incidents.forms.registration import RegisterForm
from breachdesk.incidents.imy import subjects_text
from breachdesk.incidents.selectors import incident_timeline
from breachdesk.incidents.workflow import ACTIONS, Action, SubjectsDecision
from breachdesk.orgs.diary import example_number, series_shown, series_text_shown
from breachdesk.orgs.models import DiarySeries
from breachdesk.trail.selectors import audit_rows
from tests import flow
from tests.conftest import World, login

DOTTED = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z_]+\b")


def _keys(data: Any) -> set[str]:
    if not isinstance(data, dict):
        return set()
    found = set()
    for key, value in data.items():
        if key == "changes" and isinstance(value, dict):
            found |= set(value)
        else:
            found.add(key)
    return found


@pytest.fixture
def full_case(world: World) -> Any:
    """A case carried through its steps, with a contact, a measure and a supplement."""
    incident = flow.notified(world)
    services.contact_record(
        incident=incident,
        actor=world.coordinator,
        party="police",
        name="Polisen",
        contacted_on=timezone.localdate(),
        outcome="Anmälan gjord.",
    )
    flow.measure(world, incident, due_on=timezone.localdate() + timedelta(days=7))
    return services.incident_decide(
        incident=incident, actor=world.decision_maker, decided_on=timezone.localdate(), note=""
    )


def test_every_key_the_case_records_has_a_label_of_its_own(full_case: Any) -> None:
    keys = set().union(*(_keys(event.data) for event in AuditEvent.objects.all()))
    assert {"investigation.cause_detail", "note", "from", "to"} <= keys
    unlabelled = {key for key in keys if model_field(key) is None and key not in DETAIL_LABELS}
    assert not unlabelled


def test_labels_are_the_models_and_the_details_in_the_language() -> None:
    with translation.override("en"):
        assert field_label("investigation.cause_detail") == "What happened and why"
        assert field_label("state") == "State"
        assert field_label("filters") == "Filters"
        assert field_label("page") == "Page"
    with translation.override("sv"):
        assert field_label("filters") == "Filter"
        assert field_label("page") == "Sida"


@pytest.mark.parametrize(
    ("key", "label"),
    [("measure.colour_of_box", "Colour of box"), ("test_only_key", "Test only key"), ("", "–")],
)
def test_an_unknown_key_is_humanised_never_shown_as_stored(key: str, label: str) -> None:
    assert field_label(key) == label


def test_the_audit_trail_shows_no_dotted_names(
    client: Client, world: World, full_case: Any
) -> None:
    world.dpo.language = "en"
    world.dpo.save(update_fields=["language"])
    login(client, world.dpo)
    client.get(reverse("audit:events"), {"kind": "case.viewed"})  # records "filters, page"
    for name, args in [("audit:events", ()), ("audit:case", (full_case.code,))]:
        page = client.get(reverse(name, args=args)).content.decode()
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", page)
        assert not [cell for cell in cells if DOTTED.search(cell)], name
        assert "What happened and why" in page
    rows = list(audit_rows(AuditEvent.objects.filter(kind="audit.viewed")))
    with translation.override("en"):
        assert {"Filters", "Page"} <= {str(label) for row in rows for label in row.fields}


def test_the_timeline_names_changes_by_their_labels(world: World, full_case: Any) -> None:
    with translation.override("en"):
        changes = [str(c.field) for e in incident_timeline(incident=full_case) for c in e.changes]
        assert "What happened and why" in changes and "Diary series" in changes
        assert not [name for name in changes if "_" in name or DOTTED.search(name)]
        registration = next(
            change
            for entry in incident_timeline(incident=full_case)
            for change in entry.changes
            if str(change.field) == "Diary series"
        )
        year = timezone.localdate().strftime("%y")
        assert registration.new == f"AFN (numbers like {year}AFN1)"


# Diary series ----------------------------------------------------------------------------


def test_a_series_is_shown_by_an_example_number() -> None:
    day = date(2026, 3, 2)
    assert example_number("{YY}AFN{N}", on=day) == "26AFN1"
    assert example_number("{N:4}-1.1.2-{YYYY}", on=day) == "0001-1.1.2-2026"
    with translation.override("en"):
        assert series_shown("AFN", "{YY}AFN{N}", on=day) == "AFN (numbers like 26AFN1)"
        assert series_text_shown("AFN ({YY}AFN{N})", on=day) == "AFN (numbers like 26AFN1)"
        assert series_text_shown("Kansliet (Dnr)", on=day) == "Kansliet (Dnr)"
        assert series_shown("Trasig", "{Q}", on=day) == "Trasig"


def test_the_registrar_chooses_a_series_by_its_example(world: World) -> None:
    form = RegisterForm(
        series=DiarySeries.objects.all(),
        units=world.social.units.all(),
        people=world.social.units.none(),
    )
    with translation.override("en"):
        html = str(form["series"])
    year = timezone.localdate().strftime("%y")
    assert f"AFN (numbers like {year}AFN1)" in html
    assert "{YY}" not in html and "{CODE}" not in html


def test_the_admin_lists_a_series_with_its_example(world: World) -> None:
    admin = site._registry[DiarySeries]
    year = timezone.localdate().strftime("%y")
    assert "example" in admin.list_display
    assert admin.example(world.social_series) == f"{year}AFN1"  # type: ignore[attr-defined]


# Counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "text"), [(1, "1 person)"), (2, "2 people)")])
def test_a_count_of_people_has_its_plural(world: World, count: int, text: str) -> None:
    incident = flow.assessed(world)
    incident.subjects_decision = SubjectsDecision.INFORM
    incident.subjects_informed_at = timezone.now()
    incident.subjects_informed_how = "brev"
    incident.subjects_informed_count = count
    with translation.override("en"):
        assert subjects_text(incident).endswith(f"(brev, {text}.")


# Names: the register and the act of registering --------------------------------------------


@pytest.mark.parametrize(
    ("language", "name"), [("sv", "Incidentregister"), ("en", "Incident register")]
)
def test_the_register_is_called_the_incident_register(
    client: Client, world: World, language: str, name: str
) -> None:
    world.dpo.language = language
    world.dpo.save(update_fields=["language"])
    login(client, world.dpo)
    page = client.get(reverse("incidents:register")).content.decode()
    assert f"<title>{name} – Breachdesk</title>" in page
    assert re.search(rf"<h1[^>]*>{name}</h1>", page)
    with translation.override(language):
        act = str(ACTIONS[Action.REGISTER].label)
    assert act != name and act in ("Registrera", "Register")
