"""The register's shape at scale: the person's scope is resolved once into literal ids, so the
query over the incident table holds no subquery over memberships and reads by its indexes,
and the page reads the same number of queries however many cases there are."""

from collections.abc import Callable

from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breachdesk.accounts.models import User
from breachdesk.incidents.access import case_scope, incidents_visible_to
from breachdesk.incidents.forms.register import register_filter_form
from breachdesk.incidents.models import Incident
from breachdesk.incidents.selectors import RegisterFilters, incident_list
from breachdesk.orgs.models import Membership, Role
from breachdesk.orgs.scoping import Reach, reach
from tests.conftest import World, login

MakeIncident = Callable[..., Incident]


def _register_queries(client: Client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("incidents:register"))
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_register_query_holds_literal_ids_not_a_subquery(world: World) -> None:
    sql = str(incident_list(user=world.dpo, filters=RegisterFilters()).query)
    assert "orgs_membership" not in sql
    assert "EXISTS" not in sql.upper()
    assert "incidents_protectedreader" not in sql


def test_a_reach_is_the_controllers_wholly_covered_and_the_units_below_a_unit(
    world: World,
) -> None:
    # The DPO covers the social services controller as a whole.
    assert reach(user=world.dpo, roles=[Role.DPO]) == Reach(
        controllers=frozenset({world.social.pk})
    )
    # A coordinator of a unit with its sub-units covers the unit and the ones below it, and
    # no unit of another unit's tree.
    covered = reach(user=world.coordinator, roles=[Role.COORDINATOR])
    assert world.ifo.pk in covered.units and world.children.pk in covered.units
    assert world.elderly.pk not in covered.units
    assert covered.controllers == frozenset()
    # Without its sub-units, a membership covers its unit alone.
    Membership.objects.filter(user=world.coordinator, role=Role.COORDINATOR).update(
        include_subunits=False
    )
    alone = reach(user=world.coordinator, roles=[Role.COORDINATOR])
    assert world.ifo.pk in alone.units and world.children.pk not in alone.units
    # No role, no reach: the filter matches nothing.
    assert not reach(user=world.outsider, roles=[Role.DPO])
    assert not Incident.objects.filter(Reach().q()).exists()


def test_the_scope_is_the_same_as_the_rule_it_replaces(
    world: World, make_incident: MakeIncident
) -> None:
    """Each person's scope, through the literal predicate, against the rule spelled out."""
    social = [make_incident(unit=world.children), make_incident(unit=world.elderly)]
    school = [make_incident(reporter=world.school_registrar, unit=world.primary)]
    everything = {i.pk for i in social + school}
    expected = {
        "dpo": {i.pk for i in social},
        "coordinator": {social[0].pk},  # Individ- och familjeomsorgen and below
        "elderly_coordinator": {social[1].pk},
        "school_coordinator": {school[0].pk},
        "outsider": set(),
        "reporter": set(),  # reporters read their reports, not the register
    }
    for name, pks in expected.items():
        user = world.person(name)
        assert set(incidents_visible_to(user).values_list("pk", flat=True)) & everything == pks
        assert (
            set(Incident.objects.filter(case_scope(user)).values_list("pk", flat=True))
            & (everything)
            == pks
        ), name


def test_the_register_page_reads_as_many_queries_for_many_cases_as_for_one(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    make_incident()
    login(client, world.dpo)
    _register_queries(client)  # the first request after login writes the session
    one = _register_queries(client)
    for _ in range(30):
        make_incident()
    many = _register_queries(client)
    assert len(many) == len(one)
    # The page's ids (a UNION of the scope's arms, each limited to a page), its rows, and the
    # bounded count: no query per row.
    reads = [sql for sql in many if '"incidents_incident"' in sql]
    assert len(reads) == 3, reads
    assert "UNION" in reads[0] and "LIMIT 51" in reads[0]
    assert "COUNT" in reads[2].upper() and "LIMIT 1001" in reads[2]


def _walk(client: Client, query: dict[str, str]) -> list[int]:
    """Every case of the register, page after page along its Next links."""
    seen: list[int] = []
    response = client.get(reverse("incidents:register"), query)
    while True:
        seen += [incident.pk for incident, _clock in response.context["rows"]]
        following = response.context["page"].next
        if following is None:
            return seen
        response = client.get(reverse("incidents:register"), {**query, "after": str(following)})


def test_paging_arm_by_arm_gives_the_register_the_plain_query_gives(
    client: Client, world: World, make_incident: MakeIncident, settings: object
) -> None:
    """Arm by arm (the scope's controllers, units, own cases and protected cases, each along
    its index) the pages hold exactly the cases of the one filtered query, in its order,
    each once, also where two arms hold the same case."""
    settings.REGISTER_PAGE_SIZE = 3  # type: ignore[attr-defined]
    for unit in (world.children, world.ifo, world.elderly):
        for _ in range(3):
            make_incident(unit=unit)
    for _ in range(2):
        make_incident(reporter=world.school_registrar, unit=world.primary)
    protected = make_incident(unit=world.elderly, protected=True)
    # The coordinator is the case officer of a case of a unit they also cover: in two arms.
    assigned = make_incident(unit=world.children)
    Incident.objects.filter(pk=assigned.pk).update(assignee=world.coordinator)
    for name in ("dpo", "coordinator", "elderly_coordinator", "registrar", "manager"):
        user = world.person(name)
        login(client, user)
        for query in ({}, {"state": "reported"}, {"unit": str(world.children.pk)}):
            plain = list(
                incident_list(user=user, filters=_filters(user, query)).values_list("pk", flat=True)
            )
            walked = _walk(client, query)
            assert walked == plain, (name, query)
            assert len(set(walked)) == len(walked)
        visible = set(incidents_visible_to(user).values_list("pk", flat=True))
        assert (protected.pk in visible) == (name in ("dpo", "registrar")), name


def _filters(user: User, query: dict[str, str]) -> RegisterFilters:
    """The filters the register's form makes of `query` for `user` (a unit outside their
    scope is refused there, and filters nothing)."""
    data = QueryDict(mutable=True)
    data.update(query)
    return register_filter_form(user=user, data=data).filters()
