"""The privacy guard on the report form: it shows personal data in the free texts and offers to
replace it; it never stops the reporter from sending the report (docs/privacy-guard.md)."""

import re

from django.test import Client
from django.urls import reverse

from breachdesk.incidents.models import Incident
from tests import flow
from tests.conftest import World, login

NUMBER = "19121212-1212"  # Skatteverket's well-known test number
DIRTY = f"Eleven {NUMBER} fick ett brev som var adresserat till en annan elev."


def _post(world: World, **overrides: object) -> dict[str, object]:
    return flow.report_post(world, **{"description": DIRTY, "data_types_other": "", **overrides})


def _client(client: Client, world: World) -> Client:
    world.reporter.language = "en"
    world.reporter.save(update_fields=["language"])
    return login(client, world.reporter)


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert found is not None, f"no hidden {name}"
    return found.group(1)


def _mask_tokens(page: str) -> list[str]:
    return re.findall(r'name="mask" value="([^"]+)"', page)


def test_a_personnummer_shows_the_findings_and_keeps_everything_typed(
    client: Client, world: World
) -> None:
    data = _post(world)
    response = _client(client, world).post(reverse("incidents:report"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert not Incident.objects.exists()
    assert "Your report may contain personal data" in page
    assert 'href="#id_description"' in page
    assert "Personal data found in your report</legend>" in page
    assert "personnummer or samordningsnummer" in page
    assert f"Eleven <mark>{NUMBER}</mark> fick ett brev" in page
    assert "Replace with a neutral marker" in page
    assert re.search(r'name="mask" value="description:personnummer:7:20"[^>]*checked', page)
    assert "Replace the ticked and check again" in page and "Submit as it is" in page
    # Everything typed is still there: text, dates, ticks, radio and number.
    assert DIRTY in page
    assert str(data["occurred_at"]) in page and str(data["discovered_at"]) in page
    assert re.search(r'name="discovered_approximate"[^>]*checked', page)
    assert not re.search(r'name="occurred_approximate"[^>]*checked', page)
    assert re.search(r'value="guardians"[^>]*checked', page)
    assert re.search(r'value="social"[^>]*checked', page)
    assert re.search(r'name="affected_count" value="2"', page)


def test_replacing_masks_the_ticked_and_keeps_the_rest(client: Client, world: World) -> None:
    _client(client, world)
    other = "Mejla anna.andersson@example.se om du vet mer."
    data = _post(world, data_types_other=other)
    page = client.post(reverse("incidents:report"), data).content.decode()
    tokens = _mask_tokens(page)
    assert len(tokens) == 2
    personnummer = next(token for token in tokens if token.startswith("description:"))
    # Only the personnummer is ticked; the e-mail address stays and is shown again.
    response = client.post(
        reverse("incidents:report"),
        {**data, "guard": "mask", "mask": [personnummer], "confirmed": _hidden(page, "confirmed")},
    )
    assert response.status_code == 200
    assert not Incident.objects.exists()
    page = response.content.decode()
    masked = "Eleven [personnummer or samordningsnummer removed] fick ett brev"
    assert masked in page
    assert NUMBER not in page
    assert other in page
    start, end = other.index("anna"), other.index(" om")
    assert _mask_tokens(page) == [f"data_types_other:email:{start}:{end}"]
    assert re.search(r'name="discovered_approximate"[^>]*checked', page)
    assert re.search(r'value="children"[^>]*checked', page)
    assert str(data["occurred_at"]) in page


def test_replacing_everything_leaves_a_form_to_send(client: Client, world: World) -> None:
    _client(client, world)
    data = _post(world)
    page = client.post(reverse("incidents:report"), data).content.decode()
    response = client.post(
        reverse("incidents:report"), {**data, "guard": "mask", "mask": _mask_tokens(page)}
    )
    page = response.content.decode()
    assert "1 finding was replaced with a neutral marker." in page
    assert "Nothing more was found" in page
    assert "guard-findings" not in page
    assert not Incident.objects.exists()
    masked = response.context["form"].data["description"]
    client.post(reverse("incidents:report"), {**data, "description": masked})
    incident = Incident.objects.get()
    assert incident.description == masked
    assert NUMBER not in incident.description


def test_submit_as_it_is_sends_the_text_unchanged(client: Client, world: World) -> None:
    _client(client, world)
    data = _post(world)
    page = client.post(reverse("incidents:report"), data).content.decode()
    response = client.post(
        reverse("incidents:report"),
        {**data, "guard": "confirm", "confirmed": _hidden(page, "confirmed")},
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:receipt", args=[incident.code])
    assert incident.description == DIRTY
    assert incident.discovered_approximate is True


def test_a_clean_description_is_sent_at_once(client: Client, world: World) -> None:
    _client(client, world)
    data = _post(world, description="Ett brev till en vårdnadshavare lades i fel kuvert.")
    response = client.post(reverse("incidents:report"), data)
    assert response.status_code == 302
    assert Incident.objects.get().description == data["description"]


def test_changing_the_text_after_confirming_scans_again(client: Client, world: World) -> None:
    _client(client, world)
    data = _post(world)
    page = client.post(reverse("incidents:report"), data).content.decode()
    confirmed = _hidden(page, "confirmed")
    changed = f"{DIRTY} Ring 070-123 45 67."
    response = client.post(
        reverse("incidents:report"),
        {**data, "description": changed, "guard": "confirm", "confirmed": confirmed},
    )
    assert response.status_code == 200
    assert not Incident.objects.exists()
    page = response.content.decode()
    assert "phone number" in page
    assert _hidden(page, "confirmed") != confirmed


def test_a_confirmation_needs_the_button_as_well_as_the_hash(client: Client, world: World) -> None:
    _client(client, world)
    data = _post(world)
    page = client.post(reverse("incidents:report"), data).content.decode()
    response = client.post(
        reverse("incidents:report"), {**data, "confirmed": _hidden(page, "confirmed")}
    )
    assert response.status_code == 200
    assert not Incident.objects.exists()


def test_findings_and_validation_errors_are_shown_together(client: Client, world: World) -> None:
    _client(client, world)
    response = client.post(reverse("incidents:report"), _post(world, affected_count="x"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "affected_count" in response.context["form"].errors
    assert "guard-findings" in page
    # Even confirmed, an invalid form is not sent.
    response = client.post(
        reverse("incidents:report"),
        _post(world, affected_count="x", guard="confirm", confirmed=_hidden(page, "confirmed")),
    )
    assert response.status_code == 400
    assert not Incident.objects.exists()


def test_the_findings_page_is_in_swedish_by_default(client: Client, world: World) -> None:
    response = login(client, world.reporter).post(reverse("incidents:report"), _post(world))
    page = response.content.decode()
    # The Swedish catalogue for these strings is pending; the kind's label is already Swedish.
    assert "personnummer eller samordningsnummer" in page
    assert response.wsgi_request.LANGUAGE_CODE == "sv"
