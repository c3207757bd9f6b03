"""The administrator sets up the organisation in the Django admin."""

import pytest
from django.test import Client
from django.urls import reverse

from breachdesk.accounts.models import User
from breachdesk.orgs.models import DiarySeries, Unit
from tests.conftest import World


@pytest.fixture
def admin_client_(client: Client, world: World) -> Client:
    superuser = User.objects.create_superuser("root", "root@testby.example", "x")
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "accounts_user",
        "orgs_controller",
        "orgs_unit",
        "orgs_membership",
        "orgs_diaryseries",
        "orgs_committee",
        "audit_auditevent",
        "alerts_alert",
    ],
)
def test_admin_lists_open(admin_client_: Client, model: str) -> None:
    assert admin_client_.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_admin_is_closed_to_staff_less_users(client: Client, world: World) -> None:
    client.force_login(world.administrator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_a_bad_number_format_is_explained_in_the_admin(admin_client_: Client, world: World) -> None:
    response = admin_client_.post(
        reverse("admin:orgs_diaryseries_add"),
        {"controller": world.social.pk, "name": "Ny", "number_format": "{YY}AFN"},
    )
    assert response.status_code == 200
    assert "{N} eller {CODE}" in response.content.decode()
    assert not DiarySeries.objects.filter(name="Ny").exists()


def test_a_unit_cannot_hang_under_another_controllers_unit(
    admin_client_: Client, world: World
) -> None:
    response = admin_client_.post(
        reverse("admin:orgs_unit_add"),
        {"controller": world.school.pk, "parent": world.ifo.pk, "name": "Fel"},
    )
    assert "samma personuppgiftsansvarige" in response.content.decode()
    assert not Unit.objects.filter(name="Fel").exists()


def test_audit_events_cannot_be_changed_in_the_admin(admin_client_: Client) -> None:
    assert admin_client_.get(reverse("admin:audit_auditevent_add")).status_code == 403
