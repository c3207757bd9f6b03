"""The register's export reads its rows as plain values in one query, however many there are,
and turns the related rows (people, units, the controller, the diary series) into the same
text as their models do."""

import codecs
import csv
import io
from typing import Any

import pytest
from django.db import connection, models
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from breachdesk.incidents.export import incident_export_list, register_columns, register_csv
from breachdesk.incidents.export_rows import CHUNK_SIZE, SHOWN_FIELDS, _Shown
from breachdesk.incidents.forms.register import register_filter_form
from breachdesk.incidents.models import Incident, Investigation, RiskAssessment
from breachdesk.lib.csvfile import csv_chunks
from tests import flow
from tests.conftest import World, login
from tests.report_cases import bulk_register


def _related_fields() -> list[models.ForeignKey[Any, Any]]:
    return [
        field
        for model in (Incident, Investigation, RiskAssessment)
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.name != "incident"
    ]


def test_every_related_row_of_the_export_is_shown_from_fields_its_query_reads(
    world: World, django_assert_num_queries: Any
) -> None:
    """The text of a related row made from the fields the export's query reads of it is its
    model's str(), and takes no query: a __str__ that reads another field fails here (and
    would cost the export a query a row)."""
    flow.notified(world)
    checked = set()
    for field in _related_fields():
        model = field.related_model
        assert isinstance(model, type)
        assert model in SHOWN_FIELDS, f"{field} shows a {model.__name__}: name its fields"
        for instance in model._default_manager.all():
            shown = _Shown(field.name, model, start=0)
            row = [getattr(instance, shown_field.attname) for shown_field in shown.fields]
            with django_assert_num_queries(0):
                shown.learn(instance.pk, row, {})
            assert shown.texts[instance.pk] == str(instance)
            checked.add(model)
    assert len(checked) == 4


def _rows(client: Client) -> list[list[str]]:
    response: Any = client.get(reverse("incidents:register_export", args=["csv"]))
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_an_export_of_more_rows_than_a_chunk_takes_as_many_queries_as_one_of_a_few(
    client: Client, world: World
) -> None:
    login(client, world.dpo)
    units = [world.ifo, world.children, world.elderly]
    bulk_register(world, units, 3)
    _rows(client)  # the first export: its first audit event, the session saved
    with CaptureQueriesContext(connection) as few:
        assert len(_rows(client)) == 4
    bulk_register(world, units, CHUNK_SIZE + 100, first=3)
    with CaptureQueriesContext(connection) as many:
        rows = _rows(client)
    assert len(rows) == CHUNK_SIZE + 104
    assert len(many) == len(few), [query["sql"][:80] for query in many.captured_queries]
    # Newest report first, every row once.
    numbers = [row[rows[0].index("Diarienummer")] for row in rows[1:]]
    assert numbers[0] == f"T{CHUNK_SIZE + 102}"
    assert len(set(numbers)) == len(numbers)


def test_the_language_is_the_callers_while_each_chunk_is_made_and_not_between() -> None:
    seen = []

    def cells(row: int) -> list[str]:
        seen.append(translation.get_language())
        return [str(row)]

    with translation.override("en"):
        chunks = csv_chunks(lambda: ["x"], range(5), cells, rows_per_chunk=2)
    with translation.override("sv"):
        body = b"".join(chunks)
        assert translation.get_language() == "sv"
    assert body.decode("utf-8-sig").split() == ["x", "0", "1", "2", "3", "4"]
    assert seen == ["en"] * 5


def test_nothing_is_read_before_the_first_chunk_is_asked_for(world: World) -> None:
    flow.registered(world)
    filters = register_filter_form(user=world.dpo, data=QueryDict()).filters()
    incidents = incident_export_list(user=world.dpo, filters=filters)
    with translation.override("sv"), CaptureQueriesContext(connection) as queries:
        chunks = register_csv(incidents)
        assert len(queries) == 0
        first = next(chunks)
    assert len(queries) == 1
    assert first.decode("utf-8-sig").startswith(str(register_columns()[0].header))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_rows_are_read_before_the_answer_starts(client: Client, world: World, fmt: str) -> None:
    """The view makes the first chunk before answering, so that a failing query is an error
    page rather than a file cut short."""
    login(client, world.dpo)
    flow.registered(world)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("incidents:register_export", args=[fmt]))
    assert any('"incidents_incident"."reference"' in query["sql"] for query in queries)
