"""The register's export as CSV and XLSX: columns, language, dates, filters, scope, safety."""

import codecs
import csv
import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from breachdesk.accounts.models import User
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident, Investigation, RiskAssessment
from breachdesk.incidents.services import incident_register
from tests import flow
from tests.conftest import World, at, login

MakeIncident = Callable[..., Incident]
Table = list[dict[str, Any]]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _get(client: Client, fmt: str, **filters: str) -> Any:
    return client.get(reverse("incidents:register_export", args=[fmt]), filters)


def _csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def _csv(client: Client, **filters: str) -> Table:
    header, *rows = _csv_rows(_get(client, "csv", **filters))
    return [dict(zip(header, row, strict=True)) for row in rows]


def _sheet(response: Any) -> Worksheet:
    assert response.status_code == 200
    # Streamed as it is written, like the CSV.
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    sheet = load_workbook(io.BytesIO(body)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _xlsx(client: Client, **filters: str) -> Table:
    rows = list(_sheet(_get(client, "xlsx", **filters)).iter_rows(values_only=True))
    header = [str(cell) for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _header(client: Client, fmt: str) -> list[str]:
    if fmt == "csv":
        return _csv_rows(_get(client, "csv"))[0]
    first = next(_sheet(_get(client, "xlsx")).iter_rows(values_only=True))
    return [str(cell) for cell in first]


def _expected_headers() -> list[str]:
    """Every concrete field of the incident and of its one-to-one rows, in the active language."""
    headers = [
        str(capfirst(field.verbose_name))
        for field in Incident._meta.concrete_fields
        if field.name not in {"id", "code"}
    ]
    for model in (Investigation, RiskAssessment):
        prefix = capfirst(model._meta.verbose_name)
        headers += [
            f"{prefix}: {field.verbose_name}"
            for field in model._meta.concrete_fields
            if field.name not in {"id", "incident"}
        ]
    return headers


def _sv(text: str) -> str:
    with translation.override("sv"):
        return translation.gettext(text)


def _english(user: User) -> User:
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_field_is_a_column_with_a_swedish_header(
    client: Client, world: World, fmt: str
) -> None:
    header = _header(login(client, world.dpo), fmt)
    with translation.override("sv"):
        expected = _expected_headers()
    assert header[: len(expected)] == expected
    assert len(header) == len(expected) + 4  # the IMY status, measures, open ones, submissions
    assert len(set(header)) == len(header), "two columns with the same header"
    assert {"Diarienummer", "Upptäcktes", "Utredning: orsak", "Riskbedömning: risknivå"} <= set(
        header
    )
    assert "Diary number" not in header


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_headers_are_in_english_for_an_english_user(client: Client, world: World, fmt: str) -> None:
    header = _header(login(client, _english(world.dpo)), fmt)
    with translation.override("en"):
        expected = _expected_headers()
    assert header[: len(expected)] == expected
    assert {
        "Diary number",
        "Discovered",
        "Investigation: cause",
        "Risk assessment: risk level",
    } <= (set(header))
    assert "Notification to IMY" in header


def test_no_field_of_the_incident_is_left_out(client: Client, world: World) -> None:
    header = set(_header(login(client, _english(world.dpo)), "csv"))
    with translation.override("en"):
        for field in Incident._meta.concrete_fields:
            if field.name not in {"id", "code"}:
                assert str(capfirst(field.verbose_name)) in header, field.name


def test_csv_times_are_iso_in_swedish_time_and_dates_iso(client: Client, world: World) -> None:
    with time_machine.travel(at("2026-03-27 15:00"), tick=False):
        flow.decided(
            world, occurred_at=at("2026-03-27 09:30"), discovered_at=at("2026-03-27 12:00")
        )
        response = _get(login(client, world.dpo), "csv")
        assert response["Content-Disposition"] == (
            'attachment; filename="breachdesk-register-2026-03-27.csv"'
        )
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        (row,) = _csv(client)
    assert row["Inträffade"] == "2026-03-27T09:30+01:00"
    assert row["Upptäcktes"] == "2026-03-27T12:00+01:00"
    # 72 hours later, across the change to summer time (README, "The 72-hour clock").
    assert row["Frist för anmälan till IMY"] == "2026-03-30T13:00+02:00"
    assert row["Beslutsdatum"] == "2026-03-27"
    assert row["Anmäld till IMY"] == "2026-03-27T14:55+01:00"


def test_xlsx_holds_real_dates_in_swedish_time(client: Client, world: World) -> None:
    # Half past midnight in Stockholm is still the day before in UTC.
    with time_machine.travel(at("2026-03-28 00:30"), tick=False):
        flow.decided(world, discovered_at=at("2026-03-27 12:00"))
        response = _get(login(client, world.dpo), "xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="breachdesk-register-2026-03-28.xlsx"'
    )
    sheet = _sheet(response)
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    # Excel has no time zones: the cells hold naive Swedish wall-clock times.
    assert cells["Upptäcktes"].value == datetime(2026, 3, 27, 12, 0)  # noqa: DTZ001
    assert cells["Upptäcktes"].number_format == "yyyy-mm-dd hh:mm"
    assert cells["Frist för anmälan till IMY"].value == datetime(2026, 3, 30, 13, 0)  # noqa: DTZ001
    assert cells["Beslutsdatum"].value == datetime(2026, 3, 28)  # noqa: DTZ001
    assert cells["Beslutsdatum"].number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_values_are_labels_in_the_users_language(client: Client, world: World, fmt: str) -> None:
    incident = flow.notified(world)
    for description, done_on in [("Rutin för e-post", timezone.localdate()), ("Utbildning", None)]:
        services.measure_record(
            incident=incident,
            actor=world.coordinator,
            description=description,
            responsible=None,
            due_on=None,
            done_on=done_on,
        )
    login(client, world.dpo)
    (row,) = _csv(client) if fmt == "csv" else _xlsx(client)
    assert row["Status"] == "anmäld till IMY"
    assert row["Var"] == "hos vår egen organisation"
    assert row["Persongrupper"] == "klienter inom socialtjänsten"
    assert row["Typer av personuppgifter"] == "namn; sociala förhållanden (socialtjänst, stöd)"
    assert row["Tiden för händelsen är ungefärlig"] == "Nej"
    assert row["Handläggare"] == "Cecilia Samordnarsson"
    assert row["Utredning: orsak"] == "felskickad e-post"
    assert row["Utredning: förlust av konfidentialitet"] == "Ja"
    assert row["Riskbedömning: risknivå"] == "risk"
    assert row["Riskbedömning: möjliga konsekvenser"] == "oro och lidande"
    assert (
        row["Riskbedömning: typer av personuppgifter"]
        == "namn; sociala förhållanden (socialtjänst, stöd)"
    )
    # Swedish Excel reads a decimal point as a date: the CSV writes a decimal comma.
    assert row["Riskbedömning: allvarlighet (SE)"] == ("2,25" if fmt == "csv" else 2.25)
    reasons = row["Riskbedömning: skäl"]
    assert reasons
    assert "code" not in reasons
    assert "{" not in reasons
    # Headers that may still wait for their Swedish translation are looked up through it.
    assert row[_sv("Notification to IMY")] == "Ja"
    assert row["Inlämningar till IMY"] in ("1", 1)
    assert row[_sv("Number of measures")] in ("2", 2)
    assert row[_sv("Open measures")] in ("1", 1)


def test_an_english_user_gets_english_values(client: Client, world: World) -> None:
    flow.investigated(world)
    (row,) = _csv(login(client, _english(world.dpo)))
    assert row["State"] == "acknowledged"
    assert row["Investigation: cause"] == "misaddressed e-mail"
    assert row["Investigation: loss of confidentiality"] == "Yes"
    assert row["Time of happening is approximate"] == "No"
    assert row["Notification to IMY"] == "Under investigation"
    assert (
        row["Risk assessment: types of personal data"]
        == "name; social circumstances (social services, support)"
    )
    assert row["Risk assessment: severity (SE)"] == "2.25"


def test_a_case_without_investigation_has_empty_investigation_columns(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    make_incident()
    (row,) = _csv(login(client, world.dpo))
    assert row["Utredning: orsak"] == ""
    assert row["Riskbedömning: risknivå"] == ""
    assert row[_sv("Number of measures")] == "0"


def _descriptions(table: Table) -> set[str]:
    return {str(row["Beskrivning"]) for row in table}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_registers_filters_apply(
    client: Client, world: World, make_incident: MakeIncident, fmt: str
) -> None:
    registered = make_incident(description="Brev i fel kuvert")
    incident_register(incident=registered, actor=world.registrar)
    make_incident(description="Dator stulen ur bil")
    make_incident(reporter=world.other_reporter, unit=world.elderly, description="Fax till fel")
    read = _csv if fmt == "csv" else _xlsx
    login(client, world.dpo)
    assert _descriptions(read(client)) == {
        "Brev i fel kuvert",
        "Dator stulen ur bil",
        "Fax till fel",
    }
    assert _descriptions(read(client, state="registered")) == {"Brev i fel kuvert"}
    assert _descriptions(read(client, unit=str(world.elderly.pk))) == {"Fax till fel"}
    assert _descriptions(read(client, unit=str(world.ifo.pk))) == {
        "Brev i fel kuvert",
        "Dator stulen ur bil",
    }
    assert _descriptions(read(client, q="kuvert")) == {"Brev i fel kuvert"}
    # The page number of the list does not limit the export.
    assert len(read(client, page="2")) == 3


def test_the_export_is_newest_report_first_like_the_register(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    for day, text in [("2026-01-10", "Först"), ("2026-02-10", "Sedan"), ("2026-03-10", "Sist")]:
        with time_machine.travel(at(f"{day} 10:00"), tick=False):
            make_incident(description=text)
    rows = _csv(login(client, world.dpo))
    assert [row["Beskrivning"] for row in rows] == ["Sist", "Sedan", "Först"]


def test_each_user_exports_only_what_they_may_read(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    make_incident(description="Barn och unga")
    make_incident(reporter=world.other_reporter, unit=world.elderly, description="Äldreomsorgen")
    make_incident(reporter=world.school_coordinator, unit=world.primary, description="Skolan")
    expected = {
        "dpo": {"Barn och unga", "Äldreomsorgen"},
        "registrar": {"Barn och unga", "Äldreomsorgen"},
        "coordinator": {"Barn och unga"},
        "elderly_coordinator": {"Äldreomsorgen"},
        "school_registrar": {"Skolan"},
        "reporter": set(),
        "outsider": set(),
        "administrator": set(),
    }
    for persona, descriptions in expected.items():
        client.force_login(world.person(persona))
        assert _descriptions(_csv(client)) == descriptions, persona
    client.force_login(world.school_registrar)
    assert _descriptions(_xlsx(client)) == {"Skolan"}
    # A filter naming the other controller's unit does not widen the scope.
    assert _descriptions(_csv(client, unit=str(world.elderly.pk))) == {"Skolan"}


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil.example","klicka")', "+46 8 123", "-1+1", "@SUM(A1)", "\t=1"]
)
def test_csv_neutralises_formulas(
    client: Client, world: World, make_incident: MakeIncident, text: str
) -> None:
    make_incident(description=text, reporter_title=text, data_types_other=text)
    rows = _csv_rows(_get(login(client, world.dpo), "csv"))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Beskrivning"] == f"'{text}"
    assert row["Anmälarens yrkestitel"] == f"'{text}"


def test_xlsx_writes_formulas_as_text(
    client: Client, world: World, make_incident: MakeIncident
) -> None:
    formula = '=HYPERLINK("http://evil.example","klicka")'
    make_incident(description=formula, reporter_title="=1+1", reporter_name="Rut\x0bAnmälarsson")
    sheet = _sheet(_get(login(client, world.dpo), "xlsx"))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert formula in [cell.value for cell in cells if cell.data_type == "s"]
    # A control character Excel refuses is dropped rather than breaking the file.
    assert "RutAnmälarsson" in [cell.value for cell in cells]


def test_the_query_count_does_not_grow_with_the_rows(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    login(client, world.dpo)
    # The first request after login writes the session; then it stays for a minute.
    assert client.get(reverse("incidents:register")).status_code == 200

    def export(fmt: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, fmt)
            if fmt == "csv":
                b"".join(response.streaming_content)
        return len(queries)

    first = flow.notified(world)
    services.measure_record(
        incident=first,
        actor=world.coordinator,
        description="Rutin",
        responsible=None,
        due_on=None,
        done_on=None,
    )
    few = {fmt: export(fmt) for fmt in ["csv", "xlsx"]}
    flow.decided(world)
    flow.investigated(world)
    flow.registered(world)
    flow.reported(world)
    for fmt in ["csv", "xlsx"]:
        assert export(fmt) == few[fmt], fmt
        # The session and the user; the person's memberships and the protected cases they are
        # named on (the scope, read once); the rows; and the audit event of the export: rows
        # per controller, then the chain's head locked, the event written and the head moved,
        # in their own transaction.
        with django_assert_max_num_queries(13) as queries:
            response = _get(client, fmt)
            if fmt == "csv":
                rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
                assert len(rows) == 6
        reads = [
            query["sql"]
            for query in queries.captured_queries
            if "incidents_incident" in query["sql"] and "protectedreader" not in query["sql"]
        ]
        assert len(reads) == 2, reads  # the rows, and their count per controller


def test_the_register_page_links_to_the_export_with_its_filters(
    client: Client, world: World
) -> None:
    page = login(client, world.dpo).get(
        reverse("incidents:register"), {"state": "registered", "q": "kuvert", "page": "1"}
    )
    html = page.content.decode()
    for fmt in ["csv", "xlsx"]:
        url = reverse("incidents:register_export", args=[fmt])
        assert f'href="{url}?state=registered&amp;q=kuvert"' in html


def test_unknown_format_post_and_anonymous_are_refused(client: Client, world: World) -> None:
    url = reverse("incidents:register_export", args=["csv"])
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    login(client, world.dpo)
    assert _get(client, "pdf").status_code == 404
    assert client.post(url).status_code == 405
    assert "no-store" in _get(client, "xlsx")["Cache-Control"]


def test_a_report_in_progress_stays_out_of_the_export_of_its_reporter(
    client: Client, world: World
) -> None:
    flow.reported(world, description="Min egen anmälan", discovered_at=timezone.now())
    assert _csv(login(client, world.reporter)) == []
    assert _csv(login(client, world.coordinator))[0]["Beskrivning"] == "Min egen anmälan"
