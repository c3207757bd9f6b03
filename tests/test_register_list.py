"""The register: scope, filters, search, the clock, pagination."""

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breachdesk.incidents.models import Incident
from breachdesk.incidents.selectors import RegisterFilters, incident_list
from breachdesk.incidents.services import incident_acknowledge, incident_register
from breachdesk.incidents.workflow import State
from tests.conftest import World, at, login

MakeIncident = Callable[..., Incident]


def _numbers(incidents: object) -> set[str]:
    return {incident.display_number for incident in incidents}  # type: ignore[attr-defined]


def test_register_shows_only_what_the_user_may_see(
    world: World, make_incident: MakeIncident
) -> None:
    children = make_incident(description="Barn och unga")
    elderly = make_incident(reporter=world.other_reporter, unit=world.elderly)
    school = make_incident(reporter=world.school_coordinator, unit=world.primary)
    every = RegisterFilters()
    assert _numbers(incident_list(user=world.dpo, filters=every)) == _numbers([children, elderly])
    assert _numbers(incident_list(user=world.coordinator, filters=every)) == _numbers([children])
    assert _numbers(incident_list(user=world.elderly_coordinator, filters=every)) == _numbers(
        [elderly]
    )
    assert _numbers(incident_list(user=world.school_registrar, filters=every)) == _numbers([school])
    assert list(incident_list(user=world.reporter, filters=every)) == []
    assert list(incident_list(user=world.outsider, filters=every)) == []


def test_assignee_outside_the_unit_still_sees_the_case(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar, assignee=world.decision_maker)
    incident.refresh_from_db()
    incident.unit = world.elderly  # moved to a unit the decision-maker does not cover
    incident.save(update_fields=["unit"])
    assert incident in incident_list(user=world.decision_maker, filters=RegisterFilters())


def test_filters_by_unit_subtree_state_and_period(
    world: World, make_incident: MakeIncident
) -> None:
    old = make_incident(discovered_at=at("2026-01-10 08:00"), occurred_at=at("2026-01-09 08:00"))
    new = make_incident(discovered_at=at("2026-06-10 08:00"), occurred_at=at("2026-06-09 08:00"))
    other = make_incident(reporter=world.other_reporter, unit=world.elderly)
    incident_register(incident=new, actor=world.registrar)
    user = world.dpo
    by_unit = incident_list(user=user, filters=RegisterFilters(unit=world.ifo))
    assert _numbers(by_unit) == _numbers([old, new])  # ifo includes its sub-unit
    by_state = incident_list(user=user, filters=RegisterFilters(state=State.REGISTERED))
    assert list(by_state) == [new]
    by_period = incident_list(
        user=user,
        filters=RegisterFilters(discovered_from=date(2026, 1, 10), discovered_to=date(2026, 1, 10)),
    )
    assert list(by_period) == [old]
    assert other not in by_period


def test_overdue_means_the_72_hours_have_passed_without_an_imy_decision(
    world: World, make_incident: MakeIncident
) -> None:
    now = timezone.now()
    late = make_incident(
        discovered_at=now - timedelta(hours=80), occurred_at=now - timedelta(days=4)
    )
    make_incident(discovered_at=now - timedelta(hours=10))
    result = incident_list(user=world.dpo, filters=RegisterFilters(overdue=True), now=now)
    assert list(result) == [late]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kuvert", {"envelope"}),
        ("KUVERT", {"envelope"}),
        ("omsorgs", {"app"}),  # a prefix of a word
        ("fel kuvert", {"envelope"}),  # every word must match
        ("fel", {"envelope", "mail"}),
        ("ingenting", set()),
        ("\"'; DROP TABLE x; --", set()),
    ],
)
def test_free_text_search_over_description(
    world: World, make_incident: MakeIncident, query: str, expected: set[str]
) -> None:
    made = {
        "envelope": make_incident(description="Ett beslut lades i fel kuvert."),
        "app": make_incident(description="Omsorgsappen gick inte att använda."),
        "mail": make_incident(description="E-post skickades till fel mottagare."),
    }
    found = set(incident_list(user=world.dpo, filters=RegisterFilters(query=query)))
    assert found == {made[key] for key in expected}


def test_search_finds_a_diary_number_whole_or_in_part(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar, now=at("2026-02-03 10:00"))
    make_incident()
    assert incident.diary_number == "26AFN1"
    for query in ["26AFN1", "26afn1", "26AF"]:
        found = list(incident_list(user=world.dpo, filters=RegisterFilters(query=query)))
        assert found == [incident], query


def test_search_after_a_change_of_description_uses_the_new_text(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident(description="gammal text")
    Incident.objects.filter(pk=incident.pk).update(description="helt ny beskrivning")
    search = RegisterFilters(query="gammal")
    assert list(incident_list(user=world.dpo, filters=search)) == []
    search = RegisterFilters(query="beskrivning")
    assert list(incident_list(user=world.dpo, filters=search)) == [incident]


def test_register_page_rows_show_the_clock_in_stockholm_time(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    # Discovered on the Friday before summer time starts; looked at on the Monday morning.
    with time_machine.travel(at("2026-03-28 09:00"), tick=False):
        incident = make_incident(
            discovered_at=at("2026-03-27 12:00"), occurred_at=at("2026-03-27 08:00")
        )
    with time_machine.travel(at("2026-03-30 10:30"), tick=False):
        page = login(client, world.dpo).get(reverse("incidents:register")).content.decode()
        assert "2026-03-27 12:00" in page  # discovered, in Swedish time
        assert "2 tim 30 min kvar" in page  # due 13:00 CEST, 72 real hours after
        case = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
        assert "måndag 30 mars 2026 kl. 13.00" in case  # the deadline, in Swedish time
        assert "2 tim 30 min kvar" in case
    with time_machine.travel(at("2026-03-30 14:15"), tick=False):
        # Nearly four idle hours have ended the session: sign in again.
        page = login(client, world.dpo).get(reverse("incidents:register")).content.decode()
        assert "försenad med 1 tim 15 min" in page


def test_the_clock_stops_showing_once_the_case_leaves_the_running_states(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar)
    incident_acknowledge(incident=incident, actor=world.coordinator)
    from breachdesk.incidents.selectors import incident_clock

    assert incident_clock(incident=incident) is not None  # IMY not yet decided
    incident.state = State.ASSESSED
    assert incident_clock(incident=incident) is None


def _next_link(html: str) -> str | None:
    found = re.search(r'href="\?([^"]*)" rel="next"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _prev_link(html: str) -> str | None:
    found = re.search(r'href="\?([^"]*)" rel="prev"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_register_is_paginated_by_keyset_and_keeps_the_filters(
    client: Client, world: World, make_incident: MakeIncident, settings: object
) -> None:
    settings.REGISTER_PAGE_SIZE = 2  # type: ignore[attr-defined]
    made = [make_incident(description="kuvert") for _ in range(5)]
    make_incident(description="annat")
    newest_first = [incident.pk for incident in reversed(made)]
    login(client, world.dpo)
    url = reverse("incidents:register")
    first = client.get(url, {"q": "kuvert"})
    assert [i.pk for i, _clock in first.context["rows"]] == newest_first[:2]
    html = first.content.decode()
    assert "5 incidenter" in html
    assert _prev_link(html) is None
    following = _next_link(html)
    assert following is not None and following.startswith("q=kuvert&after=")
    second = client.get(f"{url}?{following}")
    assert [i.pk for i, _clock in second.context["rows"]] == newest_first[2:4]
    # A case reported meanwhile does not shift the pages after the first.
    make_incident(description="kuvert")
    last_link = _next_link(second.content.decode())
    assert last_link is not None
    last = client.get(f"{url}?{last_link}")
    assert [i.pk for i, _clock in last.context["rows"]] == newest_first[4:]
    assert _next_link(last.content.decode()) is None
    # Back from the last page: the page before it, as it was.
    back_link = _prev_link(last.content.decode())
    assert back_link is not None and back_link.startswith("q=kuvert&before=")
    back = client.get(f"{url}?{back_link}")
    assert [i.pk for i, _clock in back.context["rows"]] == newest_first[2:4]
    # Cursors that do not parse give the first page, not an error.
    for bad in ("x", "-1", "99999999999999999999999999-1", "1-x", "1" * 60):
        response = client.get(url, {"q": "kuvert", "after": bad})
        assert response.status_code == 200
        assert len(response.context["rows"]) == 2


def test_register_counts_up_to_a_bound_and_says_more_than_beyond(
    client: Client, world: World, make_incident: MakeIncident, settings: object
) -> None:
    settings.REGISTER_COUNT_BOUND = 3  # type: ignore[attr-defined]
    for _ in range(3):
        make_incident()
    login(client, world.dpo)
    url = reverse("incidents:register")
    assert "3 incidenter" in client.get(url).content.decode()
    make_incident()
    assert "Fler än 3 incidenter" in client.get(url).content.decode()


def test_bad_filter_input_is_explained_not_crashed(client: Client, world: World) -> None:
    login(client, world.dpo)
    response = client.get(
        reverse("incidents:register"),
        {"discovered_from": "2026-05-01", "discovered_to": "2026-04-01", "unit": "abc"},
    )
    assert response.status_code == 200
    assert "Periodens slut ligger före dess början." in response.content.decode()
