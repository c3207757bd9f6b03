"""The case page reads a constant, small number of queries, however far the case has come and
however many events its timeline holds."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breachdesk.accounts.models import User
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident
from tests import flow
from tests.conftest import World, login

# After a first request, which refreshes the session: the session and the person; their
# memberships (read once for the page); the protected cases they are named on; the incident
# with everything it names; the read's audit event (in a savepoint: its chain's head, the
# event, the head moved); the timeline; the case file (the investigation, contacts, measures,
# the assessment, the submissions to IMY); the unseen messages of the header; the documents;
# the registered documents (docs/case-file.md).
CASE_PAGE_QUERIES = 20


def _login(client: Client, user: User) -> None:
    """Log in, and make the first request: it writes the session, which then stays as it is
    for a minute (the idle timeout is refreshed at most once a minute)."""
    login(client, user)
    assert client.get(reverse("incidents:mine")).status_code == 200


def _queries(client: Client, incident: Incident) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("incidents:case", args=[incident.code]))
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _measures(world: World, incident: Incident, count: int) -> None:
    for number in range(count):
        services.measure_record(
            incident=incident,
            actor=world.coordinator,
            description=f"Åtgärd {number}",
            responsible=world.manager,
            due_on=None,
            done_on=None,
        )


def test_the_case_page_reads_the_same_few_queries_at_every_stage(
    client: Client, world: World
) -> None:
    _login(client, world.coordinator)
    fresh = flow.registered(world)
    counts = {"fresh": len(_queries(client, fresh))}
    decided = flow.decided(world)
    counts["decided"] = len(_queries(client, decided))
    _measures(world, decided, 1)
    counts["one measure"] = len(_queries(client, decided))
    _measures(world, decided, 12)
    counts["thirteen measures"] = len(_queries(client, decided))
    assert set(counts.values()) == {CASE_PAGE_QUERIES}, counts


def test_the_case_page_of_a_protected_case_reads_no_more(client: Client, world: World) -> None:
    _login(client, world.coordinator)
    ordinary = flow.acknowledged(world)
    protected = flow.acknowledged(world, protected=True)
    # Its named readers, and the decision-makers over its unit still to be named (their
    # memberships, then the people).
    assert len(_queries(client, protected)) == len(_queries(client, ordinary)) + 3


def test_the_queries_do_not_depend_on_the_size_of_the_register(
    client: Client, world: World
) -> None:
    _login(client, world.coordinator)
    incident = flow.acknowledged(world)
    before = len(_queries(client, incident))
    for _ in range(10):
        flow.acknowledged(world)
    assert len(_queries(client, incident)) == before
