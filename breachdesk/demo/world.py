"""The demo's organisation and people, as world.toml describes them: the controllers with
their diary series, committees and meetings, the units, the people and their roles."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.utils import timezone

from breachdesk.accounts.models import Absence, User
from breachdesk.demo.specs import (
    ABSENCE,
    CONTROLLERS,
    MEMBERSHIPS,
    PERSONAS,
    TEXTS,
    ControllerSpec,
    Persona,
)
from breachdesk.orgs.models import Committee, Controller, DiarySeries, Meeting, Membership, Unit

PASSWORD = "demo"  # noqa: S105 (the published password of fictional demo accounts)


@dataclass(frozen=True)
class World:
    users: dict[str, User]  # by username
    controllers: dict[str, Controller]  # by key
    units: dict[tuple[str, str], Unit]  # by controller key and unit name


def world_exists() -> bool:
    return Controller.objects.filter(name=CONTROLLERS[0].name).exists()


def world_build() -> World:
    """The controllers, units, people, memberships and the one absence, on an empty database."""
    taken = User.objects.filter(username__in=[p.username for p in PERSONAS])
    if taken.exists():
        names = ", ".join(taken.values_list("username", flat=True))
        raise CommandError(f"These users already exist: {names}. Use an empty database.")
    users = _people()
    controllers: dict[str, Controller] = {}
    units: dict[tuple[str, str], Unit] = {}
    for spec in CONTROLLERS:
        controllers[spec.key] = controller = _controller(spec, users)
        for unit in spec.units:
            parent = units[spec.key, unit.parent] if unit.parent else None
            units[spec.key, unit.name] = Unit.objects.create(
                controller=controller, parent=parent, name=unit.name
            )
    for m in MEMBERSHIPS:
        Membership.objects.create(
            user=users[m.user],
            controller=controllers[m.controller],
            unit=units[m.controller, m.unit] if m.unit else None,
            role=m.role,
        )
    today = timezone.localdate()
    Absence.objects.create(
        user=users[ABSENCE.user],
        starts_on=today + timedelta(days=ABSENCE.from_day),
        ends_on=today + timedelta(days=ABSENCE.to_day),
        note=ABSENCE.note,
    )
    return World(users, controllers, units)


def email_of(persona: Persona) -> str:
    local = f"{persona.first_name}.{persona.last_name}".lower()
    return f"{local.translate(str.maketrans('åäöé', 'aaoe'))}@{persona.domain}"


def _people() -> dict[str, User]:
    password = make_password(PASSWORD)  # hashed once: the same as set_password("demo")
    users: dict[str, User] = {}
    for p in PERSONAS:
        user = User(
            username=p.username,
            first_name=p.first_name,
            last_name=p.last_name,
            title=p.title,
            email=email_of(p),
            password=password,
            is_staff=p.administrator,
            is_superuser=p.administrator,
        )
        user.full_clean()
        user.save()
        users[p.username] = user
    for p in PERSONAS:
        if p.manager:
            users[p.username].manager = users[p.manager]
            users[p.username].save(update_fields=["manager"])
    return users


def _controller(spec: ControllerSpec, users: dict[str, User]) -> Controller:
    dpo, contact = users[spec.dpo], users[spec.imy_contact]
    controller = Controller(
        name=spec.name,
        organisation_number=spec.organisation_number,
        dpo_name=dpo.get_full_name(),
        dpo_email=dpo.email,
        dpo_phone=spec.dpo_phone,
        imy_contact_name=contact.get_full_name(),
        imy_contact_email=contact.email,
        imy_contact_phone=spec.imy_contact_phone,
        address=spec.address,
    )
    controller.full_clean()
    controller.save()
    series = DiarySeries(
        controller=controller,
        name=TEXTS.diary_series,
        number_format=spec.number_format,
        is_default=True,
    )
    series.full_clean()
    series.save()
    committee = Committee.objects.create(controller=controller, name=spec.committee)
    Meeting.objects.bulk_create(Meeting(committee=committee, held_on=day) for day in spec.meetings)
    return controller
